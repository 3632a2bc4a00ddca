"""``ballerina-bot preview``: the real bot in a local browser, without a token or a network.

The bot comes from the production factory (``create_bot``: the same cogs, command tree,
spoiler rules, trivia and SQLite database) and runs against SimCord, an in-process fake of
Discord (https://pypi.org/project/simcord/, MIT, the ``preview`` extra). SimCord's preview
page shows #general of a demo server: a person picks who they are, types slash commands with
their autocomplete, clicks buttons and fills in forms, and the bot's real callbacks answer.

Everything the preview needs lives in this module; the cogs do not know it exists. Even the
demo server's spoiler channel is set the way a moderator would set it, with
``/spoilers channel``. The bot is reached through two names only, ``create_bot`` and
``load_config``; SimCord (pinned) through its public API plus the two private hooks marked
below.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord

from bot.client import create_bot
from bot.config import load_config

if TYPE_CHECKING:
    import simcord
    from discord.ext import commands

log = logging.getLogger(__name__)

INSTALL_HINT = 'the preview needs its optional extra: run  pip install -e ".[preview]"  and try again.'
# SimCord and what its preview page needs (the modules simcord[preview] installs).
REQUIRED_MODULES = ("simcord", "aiohttp", "markdown_it", "linkify_it", "regex", "PIL", "av")

BOT_NAME = "Ballerina Bot"
GUILD_NAME = "Ballerina Fans"
CHANNELS = {
    "general": "Talk about Ballerina (2025)",
    "spoilers": "Spoilers shown plainly",
    "trivia": "Trivia games",
}
# (username, display name); the members come first, so the page opens as one of them.
MEMBERS = (("ana", "Ana"), ("ben", "Ben"), ("cleo", "Cleo (client in French)"))
MODERATOR = ("nadia", "Nadia (moderator)")
SECOND_MODERATOR = ("jonas", "Jonas (moderator, client in German)")
# Discord sends each interaction with its member's client language; SimCord's all say en-US.
CLIENT_LOCALES = {"cleo": "fr", "jonas": "de"}
GUIDE_AUTHOR = "Preview guide"
GUIDE = """\
**Welcome to the ballerina-bot preview.** This is the real bot, answering on a pretend Discord \
server that exists on your computer only. You are **Ana**, a member; *Viewing as* (top left) \
switches to Ben, Cleo, **Nadia**, the moderator, or Jonas.

Try these first (type `/` in the message box below; options autocomplete):
1. `/cast winston`: who plays him. Plot details come hidden ||like this||, as this server's \
spoiler rules say; click one to read it.
2. `/trivia start`: click A, B, C or D before the question closes (20 s). The answer, the \
points and the next question follow.
3. As Nadia, `/spoilers panel`: change the spoiler rules with buttons and menus, then ask \
`/cast winston` again. Members do not even see the moderators' commands.
4. As Nadia, `/daily now`: today's daily question appears in #trivia; answer it as Ana, then \
`/daily streak`. It is set up for 09:00 UTC, so it also comes by itself each day.
5. `/help`: every command. Replies marked *Only you can see this* go to the viewer alone.
6. #trivia: Nadia has scheduled a trivia night (`/trivia schedule add`); its announcement is there.
7. View as **Cleo**, whose Discord is in French, or **Jonas**, a moderator whose Discord is in \
German: their private replies are in their language; what the channel reads follows the server's \
language (`/settings language`)."""

TICK = 0.25  # seconds between two moves of the clock (and republications of the page)


class PreviewError(Exception):
    """The preview cannot start; the message says why."""


def missing_modules() -> list[str]:
    return [name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None]


def import_simcord() -> Any:
    """SimCord, the optional extra: imported only once a preview is asked for."""
    # Importing it builds a throwaway discord.py client without intents, whose warning about
    # the guilds intent does not concern this bot (which has it).
    state_log = logging.getLogger("discord.state")
    level = state_log.level
    state_log.setLevel(logging.ERROR)
    try:
        import simcord
    finally:
        state_log.setLevel(level)
    return simcord


def wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class PreviewWorld:
    """The demo server: #general, #spoilers and #trivia, three members and a moderator."""

    env: simcord.Env
    bot: commands.AutoShardedBot
    guild: simcord.GuildHandle
    general: simcord.ChannelHandle
    spoilers: simcord.ChannelHandle
    trivia: simcord.ChannelHandle
    members: tuple[simcord.MemberActor, ...]
    moderator: simcord.MemberActor
    second_moderator: simcord.MemberActor

    @property
    def viewers(self) -> tuple[simcord.MemberActor, ...]:
        return (*self.members, self.moderator, self.second_moderator)


class SimulatedClock:
    """The trivia clock on SimCord's clock, which ``RealTime`` keeps on the wall clock.

    A plain ``asyncio.sleep`` would also end on time (SimCord lets a bot's timer fire after
    its real delay), but SimCord then waits for any such timer under 5 s (the pause after a
    reveal) before it republishes the page, so the reveal would only show with the next
    question. Declared as an external wait, the sleep is parked instead, and ends when
    ``RealTime`` moves the clock past it.
    """

    def __init__(self) -> None:
        self.env: simcord.Env | None = None

    def now(self) -> float:
        assert self.env is not None, "the clock is attached to SimCord before the bot starts"
        return self.env.now().timestamp()

    def wall(self) -> datetime:
        """The wall clock on the same time (what SimCord's messages and timestamps say)."""
        assert self.env is not None
        return self.env.now()

    async def sleep(self, seconds: float) -> None:
        assert self.env is not None
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        await self.env.external_wait(asyncio.sleep(seconds), reason="trivia clock")


def build_bot(database: Path, clock: SimulatedClock) -> commands.AutoShardedBot:
    """The production bot on a database of its own; no token, SimCord never asks for one."""
    config = load_config({"DATABASE_URL": f"sqlite:///{database}"}, require_token=False)
    # SimCord is a new, empty Discord at every start: push the commands every time, even
    # though the database remembers having synced them.
    return create_bot(config, force_sync=True, clock=clock)


def build_world(env: simcord.Env, bot: commands.AutoShardedBot) -> PreviewWorld:
    """Create the server before anything else, in the same order every time.

    SimCord's ids come from its clock, which starts on the same date at every run: the
    server, channels and people get the same ids, so what the database remembers about
    them (spoiler rules, scores) still applies at the next start.
    """
    env.backend.edit_bot_profile(BOT_NAME)  # SimCord calls its bot "TestBot"
    guild = env.create_guild(GUILD_NAME)
    general, spoilers, trivia = (
        guild.create_text_channel(name, topic=topic) for name, topic in CHANNELS.items()
    )
    mods = guild.create_role(
        "Moderators", permissions=discord.Permissions(manage_guild=True, manage_messages=True)
    )
    members = tuple(guild.add_member(env.create_user(name, global_name=shown)) for name, shown in MEMBERS)
    name, shown = MODERATOR
    moderator = guild.add_member(env.create_user(name, global_name=shown), roles=[mods])
    name, shown = SECOND_MODERATOR
    second = guild.add_member(env.create_user(name, global_name=shown), roles=[mods])
    speak_client_languages(
        bot,
        {
            m.id: CLIENT_LOCALES[u]
            for m, (u, _) in zip((*members, second), (*MEMBERS, SECOND_MODERATOR), strict=True)
            if u in CLIENT_LOCALES
        },
    )
    return PreviewWorld(env, bot, guild, general, spoilers, trivia, members, moderator, second)


def speak_client_languages(bot: commands.AutoShardedBot, locales: dict[int, str]) -> None:
    """Give these people's interactions their client's locale, as Discord would."""
    parsers = bot._connection.parsers
    parse = parsers["INTERACTION_CREATE"]

    def with_locale(data: dict[str, Any]) -> None:
        user = (data.get("member") or {}).get("user") or data.get("user") or {}
        locale = locales.get(int(user.get("id") or 0))
        if locale is not None:
            data["locale"] = locale
        parse(data)

    parsers["INTERACTION_CREATE"] = with_locale


async def prepare(world: PreviewWorld) -> None:
    """Set the server up the way its moderator would, through the bot: #spoilers becomes a
    spoiler channel, and a daily question goes to #trivia. Then post the guided start in #general."""
    result = await world.moderator.slash(
        world.spoilers, "spoilers channel", channel=world.spoilers, allowed=True
    )
    if not result.acknowledged:
        raise PreviewError("the bot did not answer /spoilers channel while setting up the demo server")
    # A trivia night tomorrow at 20:00 UTC, scheduled by the moderator: #trivia shows its
    # announcement and the server its event. (SimCord is a new Discord at every start, so each run
    # schedules its own; an older night's event is unknown there and that night is dropped.)
    tomorrow = (world.env.now() + timedelta(days=1)).strftime("%Y-%m-%d")
    scheduled = await world.moderator.slash(
        world.trivia, "trivia schedule add", when=f"{tomorrow} 20:00", channel=world.trivia, questions=10
    )
    if not scheduled.acknowledged:
        raise PreviewError("the bot did not answer /trivia schedule add while setting up the demo server")
    daily = await world.moderator.slash(
        world.trivia, "daily setup", channel=world.trivia, time="09:00", timezone="UTC"
    )
    if not daily.acknowledged:
        raise PreviewError("the bot did not answer /daily setup while setting up the demo server")
    guide = world.guild.create_webhook(world.general, GUIDE_AUTHOR)
    await guide.send(GUIDE)


async def open_world(database: Path, *, wall: Callable[[], datetime] = wall_clock) -> PreviewWorld:
    """Start the bot inside SimCord, on the wall clock's date, and set up the demo server."""
    simcord = import_simcord()
    clock = SimulatedClock()
    bot = build_bot(database, clock)
    # One shard: the preview is one pretend server (in production Discord says how many).
    env = clock.env = simcord.Env(bot, shard_count=1)
    world = build_world(env, bot)
    # SimCord's clock starts on 1 January 2026: the demo server's ids come from that moment, so they
    # are the same at every run (and so are its rules and scores in the preview's database). Then
    # the clock is set to today, before the bot starts: dates the bot compares with (a spoiler
    # embargo, "last 7 days") mean what they say, and no timer has to fire its way through the
    # months between. (A private of SimCord's, pinned like the others in this module.)
    env.backend.clock.elapsed += max(0.0, (wall() - env.now()).total_seconds())
    await env.start()
    try:
        await prepare(world)
    except BaseException:
        await close_world(world)
        raise
    return world


async def close_world(world: PreviewWorld) -> None:
    """Stop the bot the way production does (games in progress are told and recorded, pending
    answers written, the database closed), then take SimCord down."""
    try:
        await world.bot.close()
    finally:
        await world.env.shutdown()


class RealTime:
    """Runs SimCord's clock in real time, for a person at the page.

    SimCord's clock is virtual: it moves when asked to. A person expects real time: a
    question open for 20 s closes after 20 s, an answer after 7 s counts as 7 s, message
    times are now. So every tick moves the clock to the wall clock (firing what is due: a
    question closing, the next one), and, because the page shows a published snapshot,
    republishes the page when the bot did something on its own. The page's actions take the
    same lock and move the clock first: a click happens at its real time and never overlaps
    a tick, as SimCord refuses two operations at once.
    """

    def __init__(self, env: simcord.Env, wall: Callable[[], datetime] = wall_clock) -> None:
        self.env = env
        self.wall = wall
        self.lock = asyncio.Lock()
        self._published = len(env.http_requests)

    async def catch_up(self) -> None:
        behind = (self.wall() - self.env.now()).total_seconds()
        if behind > 0:
            await self.env.advance_time(behind)

    def bot_acted(self) -> bool:
        """Whether the bot called Discord since the page was last published."""
        return len(self.env.http_requests) != self._published

    def published(self) -> None:
        self._published = len(self.env.http_requests)

    def guard(self, action: Callable[..., Awaitable[Any]], before: Callable[[], None]) -> Callable[..., Any]:
        async def guarded(*args: Any, **kwargs: Any) -> Any:
            async with self.lock:
                try:
                    await self.catch_up()
                except Exception:  # the action still runs, at the time the clock got to
                    log.exception("Preview: moving the clock before a page action failed")
                before()
                try:
                    return await action(*args, **kwargs)
                finally:
                    self.published()  # every action republishes the page

        return guarded

    async def tick(self, preview: simcord.Preview) -> None:
        async with self.lock:
            await self.catch_up()
            if self.bot_acted():
                await preview.refresh()
                self.published()

    async def run(self, preview: simcord.Preview) -> None:
        while True:
            await asyncio.sleep(TICK)
            try:
                await self.tick(preview)
            except Exception:  # one slow or failing step must not stop the clock
                log.exception("Preview: moving the clock failed")


@asynccontextmanager
async def show(world: PreviewWorld, clock: RealTime, port: int = 0) -> AsyncIterator[simcord.Preview]:
    """Serve the page for #general on 127.0.0.1, in real time, for the demo server's people.

    While it runs, code outside the page that drives SimCord must hold ``clock.lock``.
    """
    simcord = import_simcord()
    try:
        preview = world.env.preview(world.general, viewers=world.viewers, layout="channel", port=port)
        await preview.__aenter__()
    except simcord.SetupError as exc:
        raise PreviewError(f"the preview page could not start ({exc}); try another --port, or none.") from exc
    try:
        # Private hooks (simcord is pinned to 3.2.1): the page server runs every page action
        # through Preview._action, which the lock must cover; an action publishes the page at
        # its "presentation time", which only refresh() moves, so relative times ("closes in
        # 20 seconds") would be counted from the last refresh without this.
        guarded = clock.guard(preview._action, preview._advance_presentation_time)
        preview._action = guarded  # type: ignore[method-assign]
        ticker = asyncio.create_task(clock.run(preview))
        try:
            yield preview
        finally:
            async with clock.lock:  # lets an action in progress finish
                ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
    finally:
        await preview.close()


async def serve(database: Path, port: int, *, announce: Callable[[str], None] = print) -> None:
    """Run the preview until Ctrl-C (or SIGTERM, or "End preview session" on the page)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        with contextlib.suppress(NotImplementedError):  # Windows has no add_signal_handler
            loop.add_signal_handler(sig, stop.set)
    try:
        world = await open_world(database)
        try:
            async with show(world, RealTime(world.env), port) as preview:
                announce(
                    f"ballerina-bot preview: open {preview.url} in your browser "
                    f"(on this computer only; database {database}). Ctrl-C stops it."
                )
                ended = asyncio.create_task(preview.wait_closed())
                stopping = asyncio.create_task(stop.wait())
                await asyncio.wait({ended, stopping}, return_when=asyncio.FIRST_COMPLETED)
                ended.cancel()
                stopping.cancel()
        finally:
            await close_world(world)
    finally:
        for sig in signals:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
