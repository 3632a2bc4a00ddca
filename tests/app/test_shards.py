"""One shard process among several: it syncs commands only if it runs shard 0, and after a
crash it closes only its own shards' games (another live process is playing the rest).

`run_bot` runs exactly as in production against the fake Discord on 127.0.0.1; the database
already holds two games a crash left 'running', one in a server on each shard of two.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.cli import EXIT_OK
from bot.cli.run import run_bot
from bot.config import load_config
from bot.storage.sql.trivia_store import SqlTriviaStore
from bot.storage.sqlite.database import Database
from bot.ui.trivia.presenter import RECOVERED_TEXT
from fakes.fake_discord import FakeDiscord, serve
from tests.support.db_queries import game_row
from tests.support.world import FAKE_TOKEN

GUILD = {0: 175928847299117063, 1: 175928847299117063 + (1 << 22)}  # shard 0 and shard 1 of 2
CHANNEL = {0: 175928847299117100, 1: 175928847299117200}
assert all((GUILD[s] >> 22) % 2 == s for s in GUILD)


@pytest_asyncio.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with serve(monkeypatch) as fake:
        for shard in GUILD:
            fake.add_guild(GUILD[shard], CHANNEL[shard])
        yield fake


async def crashed_games(db_path: Path) -> dict[int, int]:
    """A game left 'running' in each server (as a crash leaves them); shard -> game id."""
    db = await Database.open(db_path)
    store = SqlTriviaStore(db)
    games = {
        shard: await store.create_game(
            GUILD[shard], CHANNEL[shard], 7, "choice", "mixed", 5, datetime.now(UTC)
        )
        for shard in GUILD
    }
    await db.close()
    return games


async def statuses(db_path: Path, games: dict[int, int]) -> dict[int, str]:
    db = await Database.open(db_path)
    found = {shard: (await game_row(db, game)) for shard, game in games.items()}
    await db.close()
    return {shard: row.status.value for shard, row in found.items() if row is not None}


async def until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("shard", [0, 1])
async def test_a_shard_process_recovers_only_its_own_games_and_only_shard_0_syncs(
    tmp_path: Path, fake_discord: FakeDiscord, shard: int
) -> None:
    db = tmp_path / "bot.sqlite3"
    games = await crashed_games(db)
    other = 1 - shard
    config = load_config(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DATABASE_URL": f"sqlite:///{db}",
            "SHARD_COUNT": "2",
            "SHARD_IDS": str(shard),
        }
    )
    running = asyncio.create_task(run_bot(config))
    try:
        await fake_discord.wait_for_shard(shard)
        assert [i["shard"] for i in fake_discord.identifies] == [[shard, 2]], "this shard, and no other"
        await until(lambda: fake_discord.channel_posts(CHANNEL[shard]), "the interrupted game's notice")
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(running, timeout=10) == EXIT_OK
    finally:
        if not running.done():
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)

    [notice] = fake_discord.channel_posts(CHANNEL[shard])
    assert notice.body["content"] == RECOVERED_TEXT
    assert fake_discord.channel_posts(CHANNEL[other]) == [], "the other process's channel hears nothing"
    assert await statuses(db, games) == {shard: "interrupted", other: "running"}
    synced = [path for path, _ in fake_discord.synced]
    assert synced == (["/api/v10/applications/100000000000000001/commands"] if shard == 0 else [])


async def test_sync_from_the_command_line_syncs_whatever_shards_are_configured(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    """`ballerina-bot sync` next to running shard processes: it syncs, and recovers nothing."""
    db = tmp_path / "bot.sqlite3"
    games = await crashed_games(db)
    config = load_config(
        {"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{db}", "SHARD_COUNT": "2", "SHARD_IDS": "1"}
    )
    assert await run_bot(config, sync_only=True) == EXIT_OK
    assert len(fake_discord.synced) == 1
    assert await statuses(db, games) == {0: "running", 1: "running"}
