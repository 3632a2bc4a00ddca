"""/server export|reset: a server's owners take all its data, or reset it; nobody else can."""

from __future__ import annotations

import json
from typing import Any

import pytest
import simcord

from bot.services.data_export import SNOWFLAKE_COLUMNS
from bot.storage.protocols import SERVER_TABLES
from tests.support.db_queries import every_row, rows_of, without
from tests.support.locales import Locales
from tests.support.server_data import fill_server
from tests.support.trivia_driver import Trivia
from tests.support.world import World

SECOND_GUILD = 333_333_333_333_333_333
NEEDS_MANAGE_SERVER = "You need the Manage Server permission to do that."


async def attached_json(result: simcord.InteractionResult) -> tuple[str, dict[str, Any]]:
    assert result.ephemeral and result.response is not None and not result.followups
    [attachment] = result.response.attachments
    return attachment.filename, json.loads(await attachment.read())


async def play(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=1, spoilers="exclude")
    shown = trivia.question()
    await trivia.click(world.member, shown.right)
    await trivia.click(world.other, shown.wrong)
    await trivia.close()
    await world.storage.answers.flush()


async def daily_question_answered(world: World) -> None:
    """A daily question posted in #general and answered by a member (schedule, history, answer, streak)."""
    await world.mod.slash(world.general, "daily setup", channel=world.general, time="09:00", timezone="UTC")
    await world.mod.slash(world.general, "daily now")
    [posted] = [m for m in world.general.history() if m.embeds and "Daily" in (m.embeds[0].title or "")]
    await world.member.click(posted, label="A")


async def a_busy_server(world: World, trivia: Trivia) -> None:
    """Something in every table of the test server, and of a second server with the same members."""
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    await world.mod.slash(world.general, "spoilers channel", channel=world.spoiler_channel, allowed=True)
    await world.member.slash(world.general, "seen", seen="yes")
    await world.other.slash(world.general, "privacy leaderboard", hidden=True)
    await trivia.add_custom()
    await play(world, trivia)
    regular = world.guild.create_role("Daily regular")  # given with the daily answer below
    await world.mod.slash(world.general, "settings rewards add", role=regular, kind="streak", threshold=1)
    await daily_question_answered(world)
    await world.storage.reports.add_report(
        world.guild.id, world.member.id, "other", "", "A typo", world.env.now()
    )
    await world.storage.servers.record_departure(world.guild.id, world.env.now())  # a stale one, say
    await world.mod.slash(
        world.general, "trivia schedule add", when="2026-12-31 20:00", channel=world.general
    )
    await fill_server(
        world.storage, SECOND_GUILD, (world.member.id, world.other.id), world.mod.id, world.env.now()
    )


@pytest.mark.parametrize("command", ["server export", "server reset"])
async def test_members_without_manage_server_cannot_export_or_reset(
    world: World, trivia: Trivia, command: str
) -> None:
    await a_busy_server(world, trivia)
    before = await every_row(world.db)
    # Discord hides and refuses the group (default_member_permissions)…
    assert not any(c.startswith("server") for c in world.member.available_commands(world.general))
    assert any(c.startswith("server") for c in world.mod.available_commands(world.general))
    with pytest.raises(simcord.SetupError, match="default-member-permissions"):
        await world.member.slash(world.general, command)
    # …and when a server grants /server to everyone in Integrations, the bot still refuses.
    root = world.env.backend.find_command("server", world.guild.id)
    assert root is not None
    world.guild.set_command_permissions(int(root["id"]), {world.member: True})
    refused = await world.member.slash(world.general, command)
    assert refused.ephemeral and refused.response.content == NEEDS_MANAGE_SERVER
    assert refused.response.attachments == [] and not refused.followups
    assert await every_row(world.db) == before


async def test_export_holds_every_row_of_the_server_as_stored(world: World, trivia: Trivia) -> None:
    await a_busy_server(world, trivia)
    name, doc = await attached_json(await world.mod.slash(world.general, "server export"))

    assert name.startswith(f"ballerina-server-{world.guild.id}-") and name.endswith(".json")
    assert (doc["format"], doc["version"], doc["server_id"]) == (
        "ballerina-bot server data",
        1,
        str(world.guild.id),
    )
    assert list(doc["tables"]) == list(SERVER_TABLES)
    for table in SERVER_TABLES:
        stored = await rows_of(world.db, table, "guild_id = ?", (world.guild.id,))
        exported = [
            tuple(int(v) if c in SNOWFLAKE_COLUMNS and v is not None else v for c, v in row.items())
            for row in doc["tables"][table]
        ]
        assert len(exported) == len(set(exported)) and set(exported) == stored, table
        assert stored, f"{table} should have a row to compare"
        for row in doc["tables"][table]:
            assert all(isinstance(row[c], str) for c in SNOWFLAKE_COLUMNS & row.keys() if row[c] is not None)
    assert str(SECOND_GUILD) not in json.dumps(doc)


async def test_reset_asks_with_counts_and_deletes_exactly_that_servers_play(
    world: World, trivia: Trivia
) -> None:
    await a_busy_server(world, trivia)
    before = await every_row(world.db)

    asked = await world.mod.slash(world.general, "server reset")
    assert asked.ephemeral
    embed = asked.response.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert embed.title == "Reset this server's data?"
    assert "1 trivia game and their 2 answers" in fields["Deleted"]
    assert (
        "the /seen marks of 1 member" in fields["Deleted"] and "the scores of 2 players" in fields["Deleted"]
    )
    assert "1 server question" in fields["Kept"] and "the choice of 1 member to stay off" in fields["Kept"]
    assert "1 trivia night (the schedule" in fields["Deleted"]
    cancelled = await world.mod.click(asked.response, label="Cancel")
    assert cancelled.response.content == "Cancelled: nothing was deleted."
    assert await every_row(world.db) == before

    asked = await world.mod.slash(world.general, "server reset")
    done = await world.mod.click(asked.response, label="Delete this server's data")
    assert done.response.content.startswith("Done. Deleted:")

    guild = (world.guild.id,)
    # What a reset deletes, picked from the snapshot by each table's guild_id column.
    gone = {
        table: {row for row in before[table] if row[column] == world.guild.id}
        for table, column in (
            ("trivia_answers", 4),
            ("trivia_games", 1),
            ("trivia_asked", 0),
            ("member_stats", 0),
            ("guild_stats", 0),
            ("member_seen", 0),
            ("spoiler_channels", 0),
            ("guild_settings", 0),
            ("trivia_nights", 1),
            ("daily_schedules", 0),
            ("daily_answers", 0),
            ("daily_streaks", 0),
            ("daily_asked", 0),
            ("role_rewards", 0),
            ("role_grants", 0),
        )
    }
    after = await every_row(world.db)
    new_audit = after["audit_log"] - before["audit_log"]
    assert [row[4] for row in new_audit] == ["server_reset"]
    assert after == {**without(before, gone), "audit_log": before["audit_log"] | new_audit}
    assert await rows_of(world.db, "custom_questions", "guild_id = ?", guild)  # kept by default
    history = (await world.mod.slash(world.general, "spoilers history")).response.embeds[0].description
    assert "**Server data reset**: deleted the server's settings" in history
    assert "server questions kept" in history


async def test_reset_can_take_the_servers_questions_too(world: World, trivia: Trivia) -> None:
    await trivia.add_custom()
    asked = await world.mod.slash(world.general, "server reset", questions="delete")
    assert "1 server question" in {f.name: f.value for f in asked.response.embeds[0].fields}["Deleted"]
    await world.mod.click(asked.response, label="Delete this server's data")
    assert await world.storage.trivia.questions(world.guild.id) == []


async def test_reset_waits_for_a_running_game(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=2, spoilers="exclude")
    before = await every_row(world.db)
    refused = await world.mod.slash(world.general, "server reset")
    assert (
        refused.ephemeral and f"A trivia game is running in <#{world.general.id}>" in refused.response.content
    )
    assert await every_row(world.db) == before


async def test_a_game_started_after_the_reset_was_asked_for_stops_the_confirm(
    world: World, trivia: Trivia
) -> None:
    """The question was asked with no game running; by the time the moderator confirms, one runs."""
    await play(world, trivia)
    asked = await world.mod.slash(world.general, "server reset")
    assert asked.response.embeds[0].title == "Reset this server's data?"
    await trivia.start(questions=2, spoilers="exclude")
    before = await every_row(world.db)

    refused = await world.mod.click(asked.response, label="Delete this server's data")
    assert refused.ephemeral
    assert f"A trivia game is running in <#{world.general.id}>" in refused.response.content
    assert await every_row(world.db) == before
    shown = trivia.question()
    assert await trivia.click(world.member, shown.right) == f"Locked in: {shown.right}", "the game plays on"


async def test_reset_turns_the_automod_guard_off_first(world: World) -> None:
    await world.mod.slash(world.general, "spoilers automod", enabled="on")
    rules = world.bot.http.get_auto_moderation_rules  # the bot keeps no server cache: ask Discord
    assert len(await rules(world.guild.id)) == 1
    asked = await world.mod.slash(world.general, "server reset")
    assert "the AutoMod spoiler rule" in {f.name: f.value for f in asked.response.embeds[0].fields}["Deleted"]
    await world.mod.click(asked.response, label="Delete this server's data")
    assert await rules(world.guild.id) == []
    assert (await world.storage.settings.get(world.guild.id)).automod_rule_id is None


async def test_a_moderator_who_lost_manage_server_cannot_confirm(world: World, trivia: Trivia) -> None:
    await play(world, trivia)
    asked = await world.mod.slash(world.general, "server reset")
    world.env.backend.remove_member_role(world.guild.id, world.mod.id, world.guild.roles["Mods"].id)
    before = await every_row(world.db)
    refused = await world.mod.click(asked.response, label="Delete this server's data")
    assert refused.ephemeral and refused.response.content == NEEDS_MANAGE_SERVER
    assert await every_row(world.db) == before


async def test_an_italian_moderator_resets_in_italian(world: World, trivia: Trivia, locales: Locales) -> None:
    await play(world, trivia)
    locales.member(world.mod, "it")
    asked = await world.mod.slash(world.general, "server reset")
    embed = asked.response.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert embed.title == "Azzerare i dati di questo server?"
    assert "• 1 partita a quiz, con 2 risposte" in fields["Verrà eliminato"]
    assert "i punteggi di 2 giocatori" in fields["Verrà eliminato"]
    done = await world.mod.click(asked.response, label="Elimina i dati di questo server")
    assert done.response.content.startswith("Fatto. Elementi eliminati: le impostazioni del server")
    assert done.response.content.endswith("L'azzeramento è registrato in `/spoilers history`.")
    history = await world.storage.settings.history(world.guild.id, 15)
    [entry] = [e for e in history if e.setting == "server_reset"]
    assert entry.new == "reset, questions kept"  # the record is data: the same in every language
