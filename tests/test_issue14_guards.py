"""Four guards a hand mutation used to slip past (issue 14, item 9); each docstring names its mutation."""

from __future__ import annotations

import asyncio

import msgspec

from bot.command_sync import command_payload
from bot.domain.content import CastMember, Content, Quote, SpoilerLevel, SpoilerNote
from bot.domain.search import Index
from bot.domain.spoilers import Audience, Mode, Redactor, SpoilerRules
from bot.domain.trivia.game import TriviaMode
from bot.services.running_game import GamePlan, GamePresenter, GameRequest
from bot.ui.lookup_render import cast_embed, quote_embed
from tests.conftest import World
from tests.e2e.spoiler_scan import leaks, spoiler_texts
from tests.support.db_queries import game_row
from tests.support.recorder import Recorder

SECRET = "Nadia Kaz"  # a short spoiler-level character name (shorter than the old 24-character probe)


def content_with_a_secret_character(content: Content) -> Content:
    secret = CastMember(
        id="cast-secret",
        actor="Jane Example",
        character=SECRET,
        description="An actor in the film.",
        spoiler=SpoilerLevel.MAJOR,
        spoiler_note=SpoilerNote(level=SpoilerLevel.MAJOR, text="Her role is revealed late."),
        sources=content.cast[0].sources,
    )
    line = Quote(
        id="quote-secret",
        speaker=SECRET,
        speaker_is="a character",
        text="Everything ends tonight.",
        kind="dialogue",
        spoiler=SpoilerLevel.MAJOR,
        sources=content.quotes[0].sources,
    )
    return msgspec.structs.replace(content, cast=(*content.cast, secret), quotes=(*content.quotes, line))


def test_a_spoiler_level_name_never_reaches_an_embed_title(content: Content) -> None:
    """Mutation caught: ``cast_title`` (or ``quote_embed``'s title) ignoring the entry's spoiler level."""
    content = content_with_a_secret_character(content)
    probes = spoiler_texts(content)
    assert SECRET in probes, "the scan looks for short spoiler texts too"
    secret, line = content.cast[-1], content.quotes[-1]
    for mode in (Mode.TAG, Mode.HIDE):
        redactor = Redactor(SpoilerRules(mode=mode), Audience(channel_id=1))
        embeds = [
            cast_embed(secret, content, redactor),
            quote_embed(line, content, redactor, allow_profanity=False),
        ]
        for embed in embeds:
            assert SECRET not in (embed.title or "")
        assert leaks([e.to_dict() for e in embeds], probes) == []
    assert leaks([{"title": f"Jane Example as {SECRET}"}], probes), "the scan catches a short name in a title"


def test_the_settings_group_is_for_moderators(world: World) -> None:
    """Mutation caught: dropping ``default_permissions(manage_guild=True)`` from the /settings group."""
    by_name = {c["name"]: c for c in command_payload(world.bot.tree, None)}
    assert int(by_name["settings"]["default_member_permissions"]) == 1 << 5  # Manage Server


def test_search_ranks_a_full_name_over_an_alias_over_a_job_word() -> None:
    """Mutation caught: equal ``KEY_BONUS`` for every kind of key (ties would go by list order)."""
    items = ["by job", "by alias", "by name"]  # the wrong order first: only the bonus can fix it
    keys = {
        "by job": [("Marlow", "job")],
        "by alias": [("Marlow", "alias")],
        "by name": [("Marlow", "primary")],
    }
    index = Index(items, lambda item: keys[item])
    assert [m.item for m in index.search("marlow")] == ["by name", "by alias", "by job"]
    assert [m.item for m in index.search("marlowe")] == ["by name", "by alias", "by job"]  # fuzzy too


async def test_final_standings_wait_for_every_pending_batch(world: World) -> None:
    """Mutation caught: ``AnswerWriter.flush`` waiting only for the batch being written.

    With batches of 2 and 12 answers in flight when the game is stopped, later batches would
    still be pending when the end is recorded: players would miss their game in the stats.
    """
    games = world.services.trivia_games
    world.storage.answers._max_batch = 2
    request = GameRequest(
        guild_id=world.guild.id,
        channel_id=world.general.id,
        rules_channel_id=world.general.id,
        starter_id=world.member.id,
        count=1,
        difficulty="mixed",
        include_spoilers=False,
        mode=TriviaMode.CHOICE,
    )
    presenter = Recorder()

    async def post(plan: GamePlan) -> tuple[GamePresenter, str]:
        return presenter, "https://discord.com/channels/1/2/3"

    running = await games.start(request, post)
    for _ in range(100):
        if running.session.game.is_open:
            break
        await asyncio.sleep(0)
    players = [10_000 + n for n in range(12)]
    clicks = [
        asyncio.create_task(games.answer(running.game_id, world.general.id, user, 1, "A")) for user in players
    ]
    await asyncio.sleep(0)  # every click is queued, none written yet
    assert world.storage.answers.pending == 12
    await running.session.stop(by=world.member.id)
    await asyncio.gather(*clicks)
    assert presenter.ending is not None and len(presenter.ending.standings) == 12
    for _ in range(200):
        row = await game_row(world.storage.database, running.game_id)
        if row is not None and row.status.value != "running":
            break
        await asyncio.sleep(0.01)
    played = [
        (await world.storage.trivia.member_stats(world.guild.id, user)).games_played for user in players
    ]
    assert played == [1] * 12
