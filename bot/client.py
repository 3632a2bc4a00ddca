"""The bot: a commands.Bot built from its configuration, storage and content.

Following discord.py's examples/advanced_startup.py, dependencies are passed in (or opened
in setup_hook), the services are built once there and handed to each cog, and commands
are synced only when the command set changed since the last successful sync.
"""

from __future__ import annotations

import logging
import pkgutil
import random
import time
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands

import cogs
from bot import __version__
from bot.command_sync import command_payload, needs_sync, payload_hash, scope_key
from bot.config import Config
from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.clocks import GameClock, MonotonicClock, WallClock, utc_now
from bot.domain.content import Content
from bot.services import Services, build_services
from bot.storage.bundle import Storage
from bot.storage.sqlite import open_sqlite
from bot.tree import BotTree

log = logging.getLogger(__name__)


def extension_names() -> list[str]:
    """Every module in cogs/ is an extension."""
    return sorted(f"cogs.{m.name}" for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_"))


# The bot never joins voice: silence discord.py's start-up warnings about voice libraries.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def bot_intents() -> discord.Intents:
    # Slash commands and components arrive without any intent; `guilds` keeps the
    # channel cache (to notice a deleted trivia channel). No privileged intents.
    intents = discord.Intents.none()
    intents.guilds = True
    return intents


class BallerinaBot(commands.Bot):
    def __init__(
        self,
        config: Config,
        *,
        storage: Storage | None = None,
        content: Content | None = None,
        data_dir: Path = DEFAULT_DATA_DIR,
        clock: GameClock | None = None,
        wall_clock: WallClock = utc_now,
        rng: random.Random | None = None,
        force_sync: bool = False,
        sync_guild_id: int | None = None,
        clear_guild_commands: bool = False,
        sync_only: bool = False,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,  # no prefix commands; slash only
            help_command=None,
            intents=bot_intents(),
            tree_cls=BotTree,
            allowed_mentions=discord.AllowedMentions.none(),
            activity=discord.CustomActivity(name="Ask me about Ballerina: /help"),
        )
        self.config = config
        self._storage = storage
        self._content = content
        self._services: Services | None = None
        self.data_dir = data_dir
        self.clock: GameClock = clock or MonotonicClock()
        self.wall_clock = wall_clock
        self.rng = rng or random.Random()
        self.force_sync = force_sync
        self.clear_guild_commands = clear_guild_commands
        # `ballerina-bot sync` logs in next to a running bot: it must not touch live state
        # (e.g. close "crashed" trivia games that the running bot is still playing).
        self.sync_only = sync_only
        self.sync_guild_id = sync_guild_id if sync_guild_id is not None else config.dev_guild_id
        self.version = __version__
        self.started_at = time.monotonic()
        self.synced_commands = False  # whether the last setup_hook pushed commands to Discord

    # Set up in setup_hook; these accessors fail loudly if used earlier.
    @property
    def storage(self) -> Storage:
        assert self._storage is not None, "storage is opened in setup_hook"
        return self._storage

    @property
    def content(self) -> Content:
        assert self._content is not None, "content is loaded in setup_hook"
        return self._content

    @property
    def services(self) -> Services:
        assert self._services is not None, "services are built in setup_hook"
        return self._services

    async def setup_hook(self) -> None:
        if self._storage is None:
            self._storage = await open_sqlite(self.config.database_path)
        if self._content is None:
            self._content = load_content(self.data_dir)
        self._services = build_services(
            self._storage,
            self._content,
            self.http,
            clock=self.clock,
            wall_clock=self.wall_clock,
            rng=self.rng,
        )
        self._storage.answers.start()
        if isinstance(self.tree, BotTree):
            self.tree.cooldowns = self._services.cooldowns
        for name in extension_names():
            await self.load_extension(name)
        await self.sync_commands_if_changed()

    async def sync_commands_if_changed(self) -> bool:
        meta = self.storage.meta
        guild_id = self.sync_guild_id
        if guild_id is not None and self.clear_guild_commands:
            # After development with DEV_GUILD_ID: remove the server's copies of the commands,
            # which would otherwise show twice there once they are global.
            self.tree.clear_commands(guild=discord.Object(guild_id))
            await self.tree.sync(guild=discord.Object(guild_id))
            await meta.set(scope_key(guild_id), payload_hash([]))
            log.info("Removed this bot's slash commands from server %s.", guild_id)
            self.synced_commands = True
            return True
        if guild_id is not None:
            self.tree.copy_global_to(guild=discord.Object(guild_id))
        current = payload_hash(command_payload(self.tree, guild_id))
        key = scope_key(guild_id)
        if not self.force_sync and not needs_sync(current, await meta.get(key)):
            log.info("Slash commands unchanged since the last sync; not syncing.")
            self.synced_commands = False
            return False
        where = f"server {guild_id}" if guild_id is not None else "all servers (global)"
        synced = await self.tree.sync(guild=discord.Object(guild_id) if guild_id is not None else None)
        await meta.set(key, current)
        log.info("Synced %d slash commands to %s.", len(synced), where)
        self.synced_commands = True
        return True

    async def on_ready(self) -> None:
        assert self.user is not None
        log.info("Ready as %s (id %s) in %d servers.", self.user, self.user.id, len(self.guilds))

    async def close(self) -> None:
        # Cogs unload first (trivia tells running games), then pending answers are
        # written and the database closed, so nothing is half-written.
        for name in list(self.extensions):
            try:
                await self.unload_extension(name)
            except Exception:
                log.exception("Error while unloading %s", name)
        if self._services is not None:
            await self._services.settings.wait_for_background()
        await super().close()
        await self.close_storage()

    async def close_storage(self) -> None:
        """Write pending answers and close the database (idempotent)."""
        if self._storage is not None:
            await self._storage.close()


def create_bot(config: Config, **kwargs: Any) -> BallerinaBot:
    return BallerinaBot(config, **kwargs)
