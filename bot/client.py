"""The bot: a commands.Bot built from settings, a database and content.

Following discord.py's examples/advanced_startup.py, dependencies are passed
in, extensions load in setup_hook, and commands are synced only when the
command set changed since the last successful sync (see command_sync).
"""

from __future__ import annotations

import logging
import pkgutil
import time
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands

import cogs
from bot import __version__
from bot.command_sync import command_payload, needs_sync, payload_hash, scope_key
from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.content import Content
from bot.domain.trivia import MonotonicClock
from bot.settings import Settings
from bot.storage import AnswerWriter, Database, MetaRepo, SettingsRepo, TriviaRepo
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
        settings: Settings,
        *,
        database: Database | None = None,
        content: Content | None = None,
        data_dir: Path = DEFAULT_DATA_DIR,
        clock: Any = None,
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
        self.settings = settings
        self._database = database
        self._content = content
        self.data_dir = data_dir
        self.clock = clock or MonotonicClock()
        self.force_sync = force_sync
        self.clear_guild_commands = clear_guild_commands
        # `ballerina-bot sync` logs in next to a running bot: it must not touch live state
        # (e.g. close "crashed" trivia games that the running bot is still playing).
        self.sync_only = sync_only
        self.sync_guild_id = sync_guild_id if sync_guild_id is not None else settings.dev_guild_id
        self.version = __version__
        self.started_at = time.monotonic()
        self.synced_commands = False  # whether the last setup_hook pushed commands to Discord

    # The services are set up in setup_hook; these accessors fail loudly if used earlier.
    @property
    def db(self) -> Database:
        assert self._database is not None, "database is opened in setup_hook"
        return self._database

    @property
    def content(self) -> Content:
        assert self._content is not None, "content is loaded in setup_hook"
        return self._content

    async def setup_hook(self) -> None:
        if self._database is None:
            self._database = await Database.open(self.settings.database_path)
        if self._content is None:
            self._content = load_content(self.data_dir)
        self.meta_repo = MetaRepo(self.db)
        self.settings_repo = SettingsRepo(self.db)
        self.trivia_repo = TriviaRepo(self.db)
        self.answer_writer = AnswerWriter(self.trivia_repo)
        self.answer_writer.start()
        for name in extension_names():
            await self.load_extension(name)
        await self.sync_commands_if_changed()

    async def sync_commands_if_changed(self) -> bool:
        guild_id = self.sync_guild_id
        if guild_id is not None and self.clear_guild_commands:
            # After development with DEV_GUILD_ID: remove the server's copies of the commands,
            # which would otherwise show twice there once they are global.
            self.tree.clear_commands(guild=discord.Object(guild_id))
            await self.tree.sync(guild=discord.Object(guild_id))
            await self.meta_repo.set(scope_key(guild_id), payload_hash([]))
            log.info("Removed this bot's slash commands from server %s.", guild_id)
            self.synced_commands = True
            return True
        if guild_id is not None:
            self.tree.copy_global_to(guild=discord.Object(guild_id))
        current = payload_hash(command_payload(self.tree, guild_id))
        key = scope_key(guild_id)
        if not self.force_sync and not needs_sync(current, await self.meta_repo.get(key)):
            log.info("Slash commands unchanged since the last sync; not syncing.")
            self.synced_commands = False
            return False
        where = f"server {guild_id}" if guild_id is not None else "all servers (global)"
        synced = await self.tree.sync(guild=discord.Object(guild_id) if guild_id is not None else None)
        await self.meta_repo.set(key, current)
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
        await super().close()
        await self.close_storage()

    async def close_storage(self) -> None:
        """Write pending answers and close the database (idempotent)."""
        writer = getattr(self, "answer_writer", None)
        if writer is not None:
            await writer.close()
        if self._database is not None:
            await self._database.close()


def create_bot(settings: Settings, **kwargs: Any) -> BallerinaBot:
    return BallerinaBot(settings, **kwargs)
