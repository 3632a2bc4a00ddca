"""The real process lifecycle: log in, connect to the gateway, then stop cleanly on SIGTERM/SIGINT.

Discord's REST API and gateway are faked on 127.0.0.1 (aiohttp), so `run_bot` runs
exactly as in production: settings → login → setup_hook (database, content, cogs,
command sync) → gateway IDENTIFY → READY; then a real signal to this process must
close the gateway and the database cleanly.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.cli import EXIT_OK
from bot.cli.run import run_bot
from bot.config import load_config
from fakes.fake_discord import FakeDiscord, serve
from tests.support.world import FAKE_TOKEN


@pytest_asyncio.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with serve(monkeypatch) as fake:
        yield fake


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_runs_until_a_signal_then_closes_gateway_and_database(
    tmp_path: Path, fake_discord: FakeDiscord, signum: signal.Signals, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    db = tmp_path / "bot.sqlite3"
    config = load_config({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{db}"})
    running = asyncio.create_task(run_bot(config))
    try:
        await asyncio.wait_for(fake_discord.ready.wait(), timeout=10)

        identify = fake_discord.identify
        assert identify is not None
        assert identify["token"] == FAKE_TOKEN
        assert identify["intents"] == 0, "no intents at all: interactions need none"
        assert identify["shard"] == [0, 1], "one process runs every shard Discord recommends"
        [(path, commands)] = fake_discord.synced
        assert path.endswith("/commands") and {"cast", "trivia", "spoilers"} <= {c["name"] for c in commands}
        assert db.exists()

        await asyncio.sleep(0.05)  # let the client dispatch READY
        os.kill(os.getpid(), signum)
        assert await asyncio.wait_for(running, timeout=10) == EXIT_OK
    finally:
        if not running.done():  # a failed assertion must not leave a bot reconnecting for minutes
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
    await asyncio.wait_for(fake_discord.client_closed.wait(), timeout=5)
    wal = Path(f"{db}-wal")
    assert not wal.exists(), "the database was closed cleanly (WAL checkpointed and removed)"  # noqa: ASYNC240
    assert any("shutting down cleanly" in r.getMessage() for r in caplog.records)
    assert all(FAKE_TOKEN not in r.getMessage() for r in caplog.records)
    # discord.py warns that the guilds intent is off; for this bot that is the design, not news.
    assert not [r for r in caplog.records if "Guilds intent" in r.getMessage()]
    assert any(
        "Ready as ballerina-bot" in r.getMessage() and "all 1 shard" in r.getMessage() for r in caplog.records
    )
