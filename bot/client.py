"""The bot: a commands.Bot built from its configuration, storage and content.

Following discord.py's examples/advanced_startup.py, dependencies are passed in (or opened
in setup_hook), the services are built once there and handed to each cog, and commands
are synced only when the command set changed since the last successful sync.
"""

from __future__ import annotations

import contextvars
import logging
import pkgutil
import random
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

import cogs
from bot import __version__
from bot.command_sync import command_payload, needs_sync, payload_hash, scope_key
from bot.config import Config, database
from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.clocks import GameClock, MonotonicClock, WallClock, utc_now
from bot.domain.content import Content
from bot.i18n import for_discord_locale, set_language
from bot.i18n.guild_locales import remember
from bot.identify import IdentifyGate, SessionStartLimit, shortage
from bot.services import Services, build_services
from bot.sharding import ShardPlan
from bot.storage.backend import open_storage
from bot.storage.bundle import Storage
from bot.storage.sql.identify_turns import SqlIdentifyTurns
from bot.tree import BotTree
from bot.ui.item_buttons import ITEM_BUTTON_TYPES, ItemButtons
from bot.ui.translator import CatalogueTranslator
from bot.ui.trivia.buttons import AnswerButtons
from bot.ui.trivia.presenter import GameStage

if TYPE_CHECKING:
    from bot.metrics_server import Metrics

log = logging.getLogger(__name__)


def extension_names() -> list[str]:
    """Every module in cogs/ is an extension."""
    return sorted(f"cogs.{m.name}" for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_"))


# The bot never joins voice: silence discord.py's start-up warnings about voice libraries.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def bot_intents() -> discord.Intents:
    # Slash commands and components arrive without any intent, carrying the channel, member and
    # permissions they need. Without `guilds` Discord sends no server or channel events, so
    # discord.py keeps no copy of every server's channels (most of a bot's memory at scale);
    # a trivia game whose channel is gone notices when its next message fails (ui/trivia/presenter).
    return discord.Intents.none()


class _NoGuildsIntentWarning(logging.Filter):
    """discord.py warns at start-up that the guilds intent is off; here that is the design."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Guilds intent seems to be disabled")


logging.getLogger("discord.state").addFilter(_NoGuildsIntentWarning())


def in_members_language(parse: Callable[[Any], None]) -> Callable[[Any], None]:
    """Handle each interaction in its member's language (a private reply's; a public one switches).

    discord.py schedules the interaction's handlers (command, view, form) inside ``parse``; run in a
    copied context with the language set, every one of them starts in the member's language.
    """

    def in_language(data: Any) -> None:
        guild_id = data.get("guild_id")
        remember(int(guild_id) if guild_id else None, data.get("guild_locale"))
        set_language(for_discord_locale(data.get("locale")))
        parse(data)

    def parse_interaction(data: Any) -> None:
        contextvars.copy_context().run(in_language, data)

    return parse_interaction


class BallerinaBot(commands.AutoShardedBot):
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
        # Without SHARD_COUNT: one process, as many shards as Discord recommends (GET /gateway/bot).
        self.shard_plan = ShardPlan(config.shard_count, config.shard_ids)
        super().__init__(
            command_prefix=commands.when_mentioned,  # no prefix commands; slash only
            help_command=None,
            intents=bot_intents(),
            tree_cls=BotTree,
            allowed_mentions=discord.AllowedMentions.none(),
            activity=discord.CustomActivity(name="Ask me about Ballerina: /help"),
            shard_count=config.shard_count,
            shard_ids=list(config.shard_ids) if config.shard_ids is not None else None,  # type: ignore[arg-type]  # None is discord.py's default
            # Caches the bot never reads (it has no member or message intents anyway).
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            max_messages=None,
            # READY is followed by no GUILD_CREATEs without the guilds intent: don't wait for them.
            guild_ready_timeout=0,
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
        self.metrics: Metrics | None = None  # with METRICS_PORT: /metrics and /healthz
        self.identify_gate: IdentifyGate | None = None  # turns to IDENTIFY, shared by every process
        self.session_start_limit: SessionStartLimit | None = None  # from GET /gateway/bot
        self._connection.parsers["INTERACTION_CREATE"] = in_members_language(
            self._connection.parsers["INTERACTION_CREATE"]
        )

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

    async def prepare_local(self) -> None:
        """Open the database and load the content: both known good before the bot reaches Discord."""
        if self._storage is None:
            self._storage = await open_storage(database(self.config))
        if self._content is None:
            self._content = load_content(self.data_dir)
        if self.identify_gate is None:
            self.identify_gate = IdentifyGate(SqlIdentifyTurns(self._storage.database))

    async def setup_hook(self) -> None:
        await self.prepare_local()
        storage = self.storage
        self._services = build_services(
            storage,
            self.content,
            self.http,
            clock=self.clock,
            wall_clock=self.wall_clock,
            rng=self.rng,
            purge_after=timedelta(days=self.config.purge_after_days),
            is_member_of=lambda guild_id: self.get_guild(guild_id) is not None,
            # No guilds intent, so no event says the bot left a server: one process asks Discord.
            servers=self.current_servers if self.shard_plan.owns_shard(0) else None,
            bot_version=self.version,
            owns_guild=self.owns_guild,
        )
        storage.answers.start()
        # "Sources" and "Report a mistake" sit under answers of several cogs: one set, routed here.
        services = self._services
        self.item_buttons = ItemButtons(
            self.content, services.audiences, services.reports, services.cooldowns
        )
        self.add_dynamic_items(*ITEM_BUTTON_TYPES)
        self.answer_buttons = AnswerButtons(services.trivia_games)  # the trivia cog registers them
        self.game_stage = GameStage(
            games=services.trivia_games,
            audiences=services.audiences,
            content=self.content,
            buttons=self.answer_buttons,
            item_buttons=self.item_buttons,
            clock=self.clock,
            privacy=services.privacy,
        )
        if self.config.metrics_port is not None and not self.sync_only:
            from bot.metrics_server import Metrics  # only then: its imports cost start-up time

            self.metrics = Metrics(self)
            storage.answers.on_batch = self.metrics.batch_written
            await self.metrics.serve(self.config.metrics_host, self.config.metrics_port)
        if isinstance(self.tree, BotTree):
            self.tree.cooldowns = self._services.cooldowns
            self.tree.audiences = self._services.audiences
        translator = CatalogueTranslator()
        await self.tree.set_translator(translator)
        for name in extension_names():
            await self.load_extension(name)
        translator.paths = frozenset(command.qualified_name for command in self.tree.walk_commands())
        if self.shard_plan.owns_shard(0) or self.sync_only:
            await self.sync_commands_if_changed()
        else:  # several processes share the commands: the one that runs shard 0 syncs them
            log.info("Not syncing slash commands: the process that runs shard 0 does.")

    async def current_servers(self) -> set[int]:
        """Every server the bot is in now, from Discord's REST API (200 a request)."""
        return {guild.id async for guild in self.fetch_guilds(limit=None)}

    def owns_guild(self, guild_id: int) -> bool:
        """Whether this process runs the shard the server's events and interactions arrive on."""
        return self.shard_plan.owns_guild(guild_id)

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
        current = payload_hash(await command_payload(self.tree, guild_id))
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

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        # Every interaction passes here as it arrives (its handler is scheduled, not yet run),
        # and every slash command again when it completed: the two ends metrics time.
        metrics = self.metrics
        if metrics is not None:
            if event_name == "interaction":
                metrics.received(args[0])
            elif event_name == "app_command_completion":
                metrics.finished(args[0], "ok")
        super().dispatch(event_name, *args, **kwargs)

    async def check_session_starts(self) -> str | None:
        """Read ``session_start_limit`` (logged in); the line to refuse to start with, if too few remain."""
        shards, _url, data = await self.http.get_bot_gateway()
        limit = self.session_start_limit = SessionStartLimit.from_gateway(dict(data))
        if self.identify_gate is not None:
            self.identify_gate.max_concurrency = limit.max_concurrency
        if self.metrics is not None:
            self.metrics.session_start_limit(limit)
        needed = len(self.shard_ids) if self.shard_ids is not None else self.shard_count or shards
        return shortage(limit, needed)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # Instead of discord.py's 5 s pause between this process's shards: a turn shared by all
        # the processes on this database (bot/identify.py), for the first IDENTIFY too.
        del initial  # discord.py's name for "first IDENTIFY": every one takes its turn here
        shard = shard_id or 0
        waited = await self.identify_gate.wait_turn(shard) if self.identify_gate is not None else 0.0
        if self.metrics is not None:
            self.metrics.identified(shard, waited)

    async def on_shard_resumed(self, shard_id: int) -> None:
        if self.metrics is not None:
            self.metrics.resumed(shard_id)

    async def on_ready(self) -> None:
        assert self.user is not None
        # Without the guilds intent the bot does not learn its servers, so no count here.
        plan = self.shard_plan
        shards = (
            f"all {self.shard_count} shard(s) Discord recommends" if plan.count is None else plan.describe()
        )
        log.info("Ready as %s (id %s), running %s.", self.user, self.user.id, shards)

    async def close(self) -> None:
        # Cogs unload first (trivia tells running games), then pending answers are
        # written and the database closed, so nothing is half-written.
        for name in list(self.extensions):
            try:
                await self.unload_extension(name)
            except Exception:
                log.exception("Error while unloading %s", name)
        await super().close()
        if self.metrics is not None:
            await self.metrics.close()
        await self.close_storage()

    async def close_storage(self) -> None:
        """Finish background settings work, write pending answers and close the database (idempotent)."""
        if self._services is not None:
            await self._services.settings.wait_for_background()
        if self._storage is not None:
            await self._storage.close()


def create_bot(config: Config, **kwargs: Any) -> BallerinaBot:
    return BallerinaBot(config, **kwargs)
