"""SIGTERM stops a shard process cleanly, inside systemd's stop timeout (TimeoutStopSec=30).

A real ``ballerina-bot run`` process (``fakes/shard_process.py``) against the fake Discord
plays a game; members answer; then SIGTERM, as ``systemctl stop`` or a deploy sends it:

* a ``/trivia start`` arriving while it stops is refused with a friendly line, and starts nothing;
* the running game is closed as interrupted, its channel told, every acknowledged answer stored;
* the process exits 0 well inside the stop timeout; started again, its channel is free.

The channel's "shutting down" message is answered slowly by the fake (``post_delay``), so the
stop takes long enough for the start to arrive during it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.domain.records import GameStatus
from bot.storage.sqlite import open_sqlite
from bot.ui.trivia.presenter import SHUTDOWN_TEXT
from fakes.fake_discord import FakeDiscord, running
from tests.process.fleet import STOP_TIMEOUT, Fleet, explained, until
from tests.support.db_queries import game_count, game_row
from tests.support.fake_messages import button, questions_in

GUILD = 175928847299117063
CHANNEL, OTHER_CHANNEL = 175928847299117100, 175928847299117101
STARTER = 175928847299118000
MEMBERS = [175928847299120000 + n for n in range(8)]
SLOW_MESSAGE = 1.5  # seconds the fake takes to answer a channel message while the bot stops
REFUSED = "The bot is restarting, so no new game can start right now. Try again in a minute."


async def test_sigterm_closes_games_keeps_answers_refuses_new_games_and_exits_in_time(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    async with running() as fake:
        fake.add_guild(GUILD, CHANNEL, OTHER_CHANNEL)
        fleet = Fleet(fake, f"sqlite:///{db}", tmp_path, shard_count=1)
        try:
            with explained(fleet):
                await fleet.start("bot", 0)
                await fake.wait_for_shard(0)
                started = await fake.slash(
                    GUILD, CHANNEL, STARTER, "trivia start", questions=5, spoilers="exclude"
                )
                assert not started.ephemeral, started.content
                [question] = await until(lambda: questions_in(fake, CHANNEL), "question 1")
                locked = []
                for n, member in enumerate(MEMBERS):
                    reply = await fake.click(question, button(question, "ABCD"[n % 4]), member)
                    assert reply.content.startswith("Locked in"), reply.content
                    locked.append(member)

                fake.post_delay = SLOW_MESSAGE
                [(code, seconds)] = (await stop_while_starting(fleet, fake)).values()
                assert code == 0 and seconds < STOP_TIMEOUT
                await closed_with_every_answer(db, set(locked))  # by the stop itself, not the restart

                fake.post_delay = 0
                await fleet.start("again", 0)
                await fake.wait_for_shard(0)
                fresh = await fake.slash(GUILD, CHANNEL, STARTER, "trivia start", questions=1)
                assert not fresh.ephemeral, "the stopped game does not block its channel"
                await fleet.terminate("again")
        finally:
            await fleet.kill_all()
    assert not [c for c in fake.calls if c.process == "again" and "interrupted" in str(c.body)]
    await closed_with_every_answer(db, set(locked), games=2)


async def closed_with_every_answer(db: Path, locked: set[int], games: int = 1) -> None:
    storage = await open_sqlite(db)
    try:
        assert await storage.trivia.running_games() == [], "every game is closed"
        first = await game_row(storage.database, 1)
        assert first is not None and first.status is GameStatus.INTERRUPTED
        assert await storage.trivia.game_players(1) == locked, "every Locked in is stored"
        assert await game_count(storage.database) == games, "a start refused while stopping creates no game"
    finally:
        await storage.close()


async def stop_while_starting(fleet: Fleet, fake: FakeDiscord) -> dict[str, tuple[int, float]]:
    """SIGTERM; once the game's channel is being told, a member tries to start a game elsewhere."""
    stopping = asyncio.ensure_future(fleet.terminate("bot"))
    told = await until(
        lambda: [c for c in fake.channel_posts(CHANNEL) if (c.body or {}).get("content") == SHUTDOWN_TEXT],
        "the channel told the bot is shutting down",
    )
    assert len(told) == 1
    refused = await fake.slash(GUILD, OTHER_CHANNEL, STARTER, "trivia start", questions=1)
    assert (refused.content, refused.ephemeral) == (REFUSED, True)
    return await stopping


async def test_sigterm_does_not_wait_for_a_discord_that_stops_answering(tmp_path: Path) -> None:
    """The channel's message is bounded (SHUTDOWN_TELL_WAIT): the stop never waits on Discord."""
    hanging = 12.0  # longer than the bound, shorter than the stop timeout
    db = tmp_path / "bot.sqlite3"
    async with running() as fake:
        fake.add_guild(GUILD, CHANNEL)
        fleet = Fleet(fake, f"sqlite:///{db}", tmp_path, shard_count=1)
        try:
            with explained(fleet):
                await fleet.start("bot", 0)
                await fake.wait_for_shard(0)
                await fake.slash(GUILD, CHANNEL, STARTER, "trivia start", questions=5, spoilers="exclude")
                [question] = await until(lambda: questions_in(fake, CHANNEL), "question 1")
                reply = await fake.click(question, button(question, "A"), MEMBERS[0])
                assert reply.content == "Locked in: A"
                fake.post_delay = hanging
                [(code, seconds)] = (await fleet.terminate("bot")).values()
                assert code == 0 and seconds < hanging, f"exited after {seconds:.1f} s"
                fake.post_delay = 0
        finally:
            await fleet.kill_all()
    await closed_with_every_answer(db, {MEMBERS[0]})
