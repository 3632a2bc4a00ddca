"""The two bots every interaction benchmark drives, side by side in one event loop.

* the real bot: ``create_bot(config)`` exactly as production builds it, with a
  real SQLite file in a temporary directory, logged in against a fake REST layer
  (so ``setup_hook`` loads content, migrates, loads every cog and syncs commands);
* the bare bot (bench/bare_bot.py): discord.py alone, answering from a book of
  responses captured from the real bot.

Both receive the same READY and GUILD_CREATE, and the same interaction payloads.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import harness, payloads
from bench.bare_bot import PING, BareBot, CannedBook
from bot.client import BallerinaBot, create_bot
from bot.config import load_config
from bot.domain.content import Content

SEEN_MEMBERS = range(0, 10)  # members 0-9 have marked the film as seen
USERS = 50  # interactions rotate over this many members


@dataclass
class World:
    real: BallerinaBot
    bare: BareBot
    book: CannedBook
    driver: harness.Driver
    tmp: Path
    real_rest: harness.FakeRest
    bare_rest: harness.FakeRest

    async def capture_for_bare(
        self, payload: dict[str, Any], *, view_timeout: float | None = 180.0
    ) -> list[harness.Call]:
        """Run ``payload`` through the real bot once and teach the bare bot the same answer."""
        calls = await self.driver.capture(self.real, payload)
        self.book.add(payload, calls, view_timeout=view_timeout)
        return calls

    def stop_views(self) -> None:
        harness.stop_views(self.real)
        harness.stop_views(self.bare)


QUIET_LEVELS = {"discord": logging.ERROR, "bot": logging.WARNING, "cogs": logging.WARNING}


def quiet_logs() -> dict[str, int]:
    """Quieten the bots' loggers; returns the previous levels so they can be restored.

    The bot logs each sync and ready at INFO; discord.py warns about things a fake gateway can't do.
    """
    previous = {}
    for name, level in QUIET_LEVELS.items():
        logger = logging.getLogger(name)
        previous[name] = logger.level
        logger.setLevel(level)
    return previous


async def configure_server(bot: BallerinaBot) -> None:
    """A configured server, like a real one: tag mode, a spoiler channel, some members have seen the film."""
    settings, audiences = bot.services.settings, bot.services.audiences
    await settings.change(payloads.GUILD_ID, payloads.OWNER_ID, spoiler_mode="tag", spoiler_threshold="minor")
    # The benchmark replays hundreds of commands per member in a second: cooldowns off (their check
    # still runs on every command), and starting games is not limited per channel.
    await settings.change(
        payloads.GUILD_ID, payloads.OWNER_ID, cooldown_lookups=0, cooldown_trivia=0, cooldown_reports=0
    )
    await settings.set_spoiler_channel(
        payloads.GUILD_ID, payloads.OWNER_ID, payloads.SPOILER_CHANNEL_ID, True
    )
    for n in SEEN_MEMBERS:
        await audiences.set_seen(payloads.GUILD_ID, payloads.member_id(n), True)


@asynccontextmanager
async def world(
    *, tmp: Path | None = None, content: Content | None = None, bare_extra: Any = None
) -> AsyncIterator[World]:
    """Both bots started and ready in one server; ``content`` skips reloading data/ (tests pass theirs)."""
    levels = quiet_logs()
    own_tmp = tmp is None
    folder = Path(tempfile.mkdtemp(prefix="ballerina-bench-")) if tmp is None else tmp
    config = load_config(
        {"DISCORD_TOKEN": harness.FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{folder / 'bot.sqlite3'}"}
    )
    driver = harness.Driver()
    real = create_bot(config, content=content) if content is not None else create_bot(config)
    book = CannedBook()
    bare = BareBot(book, extra=bare_extra, commands_from=real.tree)
    try:
        real_rest = await harness.start(real, guilds=[payloads.bench_guild()])
        payloads.learn_commands([*harness.command_schemas(real.tree), PING])
        await configure_server(real)
        bare_rest = await harness.start(bare, guilds=[payloads.bench_guild()])
        yield World(real, bare, book, driver, folder, real_rest, bare_rest)
    finally:
        await harness.stop(bare)
        await harness.stop(real)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        if own_tmp:
            shutil.rmtree(folder, ignore_errors=True)
