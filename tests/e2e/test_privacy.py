"""/privacy show|export|leaderboard|delete: a member sees, takes, hides and deletes their own data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import simcord

from tests.support.db_queries import every_row, rows_of, without
from tests.support.locales import Locales
from tests.support.server_data import fill_server
from tests.support.trivia_driver import Trivia
from tests.support.world import World

SECOND_GUILD = 333_333_333_333_333_333


async def play_one_question(
    world: World,
    trivia: Trivia,
    right: Sequence[simcord.MemberActor],
    wrong: Sequence[simcord.MemberActor] = (),
) -> None:
    await trivia.start(questions=1, spoilers="exclude")
    shown = trivia.question()
    for member in right:
        await trivia.click(member, shown.right)
    for member in wrong:
        await trivia.click(member, shown.wrong)
    await trivia.close()
    await world.storage.answers.flush()


async def attached_json(result: simcord.InteractionResult) -> tuple[str, dict[str, Any]]:
    """The one file of a deferred ephemeral reply (the first followup replaces "thinking…"), parsed."""
    assert result.ephemeral and result.response is not None and not result.followups
    message = result.response
    [attachment] = message.attachments
    return attachment.filename, json.loads(await attachment.read())


async def test_privacy_shows_and_forgets_a_members_data(world: World, trivia: Trivia) -> None:
    await world.member.slash(world.general, "seen", seen="yes")
    await play_one_question(world, trivia, [world.member])

    shown = await world.member.slash(world.general, "privacy show")
    assert shown.ephemeral
    fields = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert fields["Seen the film (/seen)"] == "yes"
    assert fields["Trivia"] == "1 answer kept, 150 points, 1 game played"
    assert fields["Leaderboards"] == "shown"

    done = await world.member.click(shown.response, label="Delete my data in this server")
    assert done.response.content.startswith("Done")
    repo = world.storage.trivia
    assert not await world.storage.settings.has_seen(world.guild.id, world.member.id)
    assert (await repo.member_stats(world.guild.id, world.member.id)).points == 0
    board = await world.other.slash(world.general, "trivia leaderboard")
    assert f"<@{world.member.id}>" not in (board.response.embeds[0].description or "")


async def test_delete_asks_first_and_keep_changes_nothing(world: World, trivia: Trivia) -> None:
    await play_one_question(world, trivia, [world.member])
    before = await every_row(world.db)
    asked = await world.member.slash(world.general, "privacy delete")
    assert asked.ephemeral and asked.response.embeds[0].title == "Delete your data in this server?"
    kept = await world.member.click(asked.response, label="Keep my data")
    assert kept.response.content == "Nothing was deleted."
    assert await every_row(world.db) == before


async def test_delete_removes_exactly_that_members_rows_in_that_server(world: World, trivia: Trivia) -> None:
    """Two servers, two members: only the member's rows in the server they asked in go."""
    member, other, guild = world.member, world.other, world.guild.id
    await member.slash(world.general, "seen", seen="yes")
    await other.slash(world.general, "seen", seen="yes")
    await member.slash(world.general, "privacy leaderboard", hidden=True)
    await play_one_question(world, trivia, [member], [other])
    await fill_server(world.storage, SECOND_GUILD, (member.id, other.id), world.mod.id, world.env.now())
    before = await every_row(world.db)
    mine = {
        table: await rows_of(world.db, table, "guild_id = ? AND user_id = ?", (guild, member.id))
        for table in ("member_seen", "hidden_players", "member_stats", "trivia_answers")
    }
    assert all(mine.values()), "the member should have a row in each of these tables first"

    asked = await member.slash(world.general, "privacy delete")
    await member.click(asked.response, label="Delete my data in this server")

    assert await every_row(world.db) == without(before, mine)


async def test_export_is_what_is_stored_row_for_row(world: World, trivia: Trivia) -> None:
    member, guild = world.member, world.guild.id
    await member.slash(world.general, "seen", seen="yes")
    await play_one_question(world, trivia, [member], [world.other])
    await play_one_question(world, trivia, [], [member])
    await member.slash(world.general, "privacy leaderboard", hidden=True)
    await fill_server(world.storage, SECOND_GUILD, (member.id, world.other.id), world.mod.id, world.env.now())

    name, doc = await attached_json(await member.slash(world.general, "privacy export"))

    assert name.startswith(f"ballerina-{guild}-member-{member.id}-") and name.endswith(".json")
    assert (doc["format"], doc["version"]) == ("ballerina-bot member data", 1)
    assert (doc["server_id"], doc["member_id"]) == (str(guild), str(member.id))
    stored = await world.db.fetchall(
        "SELECT game_id, question_no, question_id, correct, points, answered_at_ms FROM trivia_answers "
        "WHERE guild_id = ? AND user_id = ? ORDER BY game_id, question_no",
        (guild, member.id),
    )
    exported = [
        (a["game_id"], a["question_no"], a["question_id"], int(a["correct"]), a["points"], a["answered_at"])
        for a in doc["answers"]
    ]
    assert len(exported) == len(stored) == 2
    for got, row in zip(exported, stored, strict=True):
        assert got[:5] == tuple(row)[:5]
        assert got[5] == iso_ms(row["answered_at_ms"])
    totals = await world.db.fetchone(
        "SELECT points, correct, answered, games_played, games_won, best_streak FROM member_stats "
        "WHERE guild_id = ? AND user_id = ?",
        (guild, member.id),
    )
    assert doc["totals"] == dict(totals)
    seen_at = (await world.db.fetchone("SELECT seen_at FROM member_seen WHERE guild_id = ?", (guild,)))[0]
    assert doc["seen_film"]["marked"] is True and doc["seen_film"]["at"] == iso_s(seen_at)
    assert doc["leaderboards"]["hidden"] is True
    assert [g["id"] for g in doc["games"]] == [1, 2]
    assert [g["started_by_you"] for g in doc["games"]] == [True, True]
    assert doc["questions_written"] == [] and doc["settings_changes"] == []


async def test_a_moderators_export_names_their_questions_and_changes(world: World) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    _, doc = await attached_json(await world.mod.slash(world.general, "privacy export"))
    assert [(c["setting"], c["old"], c["new"]) for c in doc["settings_changes"]] == [
        ("spoiler_mode", "tag", "hide")
    ]
    assert doc["answers"] == [] and doc["totals"]["answered"] == 0 and doc["seen_film"]["marked"] is False


async def test_a_hidden_member_plays_on_but_is_named_next_to_no_public_score(
    world: World, trivia: Trivia
) -> None:
    member, other, general = world.member, world.other, world.general
    hid = await member.slash(general, "privacy leaderboard", hidden=True)
    assert hid.ephemeral and hid.response.content.startswith("Done: you're off")
    again = await member.slash(general, "privacy leaderboard", hidden=True)
    assert "already hidden" in again.response.content

    await trivia.start(questions=1, spoilers="exclude")
    shown = trivia.question()
    await trivia.click(member, shown.right)
    await trivia.click(other, shown.right)
    await trivia.close()
    reveal, end = trivia.recent_embeds(2)
    got_it = reveal.fields[0].value
    assert f"<@{member.id}>" not in got_it and "a hidden player +" in got_it and f"<@{other.id}> +" in got_it
    assert f"<@{member.id}>" not in (end.description or "")
    assert "🥇 1. a hidden player" in (end.description or "")  # the member answered first: more points

    board = (await other.slash(general, "trivia leaderboard")).response.embeds[0]
    assert (board.description or "").splitlines()[0].startswith(f"1. <@{other.id}>")  # renumbered
    assert f"<@{member.id}>" not in (board.description or "") and "1 player" in (board.footer.text or "")
    refused = await other.slash(general, "trivia stats", member=member)
    assert refused.ephemeral and refused.response.content == "That member keeps their trivia stats private."
    own = (await member.slash(general, "trivia stats")).response.embeds[0]
    fields = {f.name: f.value for f in own.fields}
    assert fields["Rank"] == "hidden (#1 of 2 if shown)" and fields["Points"] == "150"
    privacy = (await member.slash(general, "privacy show")).response.embeds[0]
    assert {f.name: f.value for f in privacy.fields}["Leaderboards"].startswith("hidden")

    back = await member.slash(general, "privacy leaderboard", hidden=False)
    assert back.response.content.startswith("Done: you're shown")
    board = (await other.slash(general, "trivia leaderboard")).response.embeds[0]
    assert (board.description or "").splitlines()[0].startswith(f"1. <@{member.id}>")


async def test_a_german_members_privacy_is_in_german_and_their_file_keeps_its_english_keys(
    world: World, trivia: Trivia, locales: Locales
) -> None:
    await world.member.slash(world.general, "seen", seen="yes")
    await play_one_question(world, trivia, [world.member])
    locales.member(world.member, "de")  # private replies: the member's language
    locales.server("fr")

    shown = await world.member.slash(world.general, "privacy show")
    embed = shown.response.embeds[0]
    assert shown.ephemeral and embed.title == "Deine Daten auf diesem Server"
    assert {f.name: f.value for f in embed.fields} == {
        "Film gesehen (/seen)": "ja",
        "Quiz": "1 Antwort gespeichert, 150 Punkte, 1 Spiel gespielt",
        "Bestenlisten": "sichtbar",
    }
    assert (embed.footer.text or "").startswith("Der Bot speichert IDs, nie den Text von Nachrichten.")

    exported = await world.member.slash(world.general, "privacy export")
    assert (exported.response.content or "").startswith(
        "Alles, was der Bot auf diesem Server über dich speichert (1 Quizantwort und mehr)."
    )
    _, doc = await attached_json(exported)
    assert doc["seen_film"]["marked"] is True and doc["totals"]["answered"] == 1  # data: never translated

    hidden = await world.member.slash(world.general, "privacy leaderboard", hidden=True)
    assert hidden.response.content.startswith("Erledigt: Du tauchst nicht mehr in den öffentlichen")
    done = await world.member.click(shown.response, label="Meine Daten auf diesem Server löschen")
    assert done.response.content.startswith("Erledigt: Deine „Gesehen“-Markierung")
    assert not await world.storage.settings.has_seen(world.guild.id, world.member.id)


def iso_ms(unix_ms: int) -> str:
    return datetime.fromtimestamp(unix_ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def iso_s(unix: int) -> str:
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
