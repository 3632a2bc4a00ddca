"""Drive a discord.py bot with gateway payloads and catch what it sends: no token, no network.

This is the ONLY module in bench/ that touches discord.py's private names, so a
discord.py upgrade that moves them breaks one file (tests/bench/test_bench_smoke.py
notices). The private names used, and why:

* ``bot._connection`` (``ConnectionState``) and its ``parse_ready``,
  ``parse_guild_create`` and ``parse_interaction_create``: the functions the
  gateway calls for READY, GUILD_CREATE and INTERACTION_CREATE. Feeding them is
  exactly what a gateway event does after the websocket frame is decoded.
* ``ConnectionState.guild_ready_timeout``: how long READY waits for more
  GUILD_CREATEs (2 s by default); shortened so benchmarks do not idle.
* ``ConnectionState._view_store`` (``ViewStore._views``): to stop the views a
  sample left behind, so samples don't inherit each other's timers.
* ``discord.webhook.async_.async_context`` / ``AsyncWebhookAdapter.request``:
  the single seam every interaction response, edit and follow-up goes through.
  ``RecordingAdapter.request`` is "the HTTP layer": the moment a call reaches it
  is the moment the bot has handed its response over.
* ``HTTPClient.request`` (``bot.http``): the REST seam for everything else
  (login, application info, command sync, channel messages). Replaced per bot
  instance by ``FakeRest``, which answers the few routes a start-up needs and
  fails loudly on any other.
* ``discord.utils._from_json``: the JSON decoder discord.py's gateway uses
  (orjson when installed), so payload decoding costs what it costs in production.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.utils import _from_json
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from bench import payloads

FAKE_TOKEN = "bench-token-not-real.abcdef.never-sent-anywhere-at-all"

# Work that outlives an interaction on purpose (matched against a task's coroutine
# __qualname__ or its name). The harness neither waits for these nor follows the
# tasks they create: a view's timeout timer, READY's wait for guilds, a trivia
# game's session task (which then sleeps until the question closes).
LONG_LIVED = ("__timeout_task_impl", "_delay_ready", "TriviaSession._run", "trivia session")


# ============================================================================ the HTTP seam


@dataclass(slots=True)
class Call:
    """One request the bot handed to the HTTP layer, with the clocks read on arrival."""

    method: str
    path: str
    payload: dict[str, Any] | None
    token: str | None
    cpu: float  # time.process_time() on arrival (all threads of the process)
    wall: float  # time.perf_counter() on arrival


class RecordingAdapter(AsyncWebhookAdapter):
    """Stands in for Discord's interaction endpoints: records each call and answers it plausibly.

    The clocks are read first thing, before anything else is done with the call,
    so "arrival" is when the bot's own code handed the request over.
    """

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Call] = []  # kept only while capturing (Driver.capture), not while timing
        self.keep_calls = False
        self._waiters: dict[str, asyncio.Future[Call]] = {}
        self._messages: dict[str, dict[str, Any]] = {}  # token -> the original response message
        self._message_ids = iter(range(1_395_000_000_000_000_000, 1_400_000_000_000_000_000))

    def expect(self, token: str) -> asyncio.Future[Call]:
        """A future resolved with the first call made with this interaction token."""
        future: asyncio.Future[Call] = asyncio.get_running_loop().create_future()
        self._waiters[token] = future
        return future

    def forget(self, token: str) -> None:
        self._waiters.pop(token, None)
        self._messages.pop(token, None)

    async def request(
        self,
        route: Any,
        session: Any = None,
        *,
        payload: Any = None,
        multipart: Any = None,
        files: Any = None,
        **_: Any,
    ) -> Any:
        cpu = time.process_time()
        wall = time.perf_counter()
        if payload is None and multipart:
            payload = _from_json(multipart[0]["value"])  # payload_json part of a multipart body
        token = getattr(route, "webhook_token", None)
        call = Call(route.method, route.path, payload, token, cpu, wall)
        if self.keep_calls:
            self.calls.append(call)
        waiter = self._waiters.pop(token, None) if token is not None else None
        if waiter is not None and not waiter.done():
            waiter.set_result(call)
        return self._answer(route, call)

    def _answer(self, route: Any, call: Call) -> Any:
        path, token, body = call.path, call.token or "", call.payload or {}
        if path.endswith("/callback"):
            kind = body.get("type")
            data = body.get("data") or {}
            interaction = {
                "id": str(route.webhook_id),
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
            }
            if kind in (4, 5, 7):
                msg = payloads.message(data, message_id=next(self._message_ids))
                if kind == 7 and token in self._messages:
                    msg = {**self._messages[token], **{k: v for k, v in msg.items() if k in data}}
                self._messages[token] = msg
                interaction["response_message_id"] = msg["id"]
                return {"interaction": interaction, "resource": {"type": kind, "message": msg}}
            return {"interaction": interaction}
        if call.method == "GET" and path.endswith("/messages/@original"):
            return self._messages.get(token) or payloads.message({}, message_id=next(self._message_ids))
        if call.method == "PATCH":
            old = self._messages.get(token) or payloads.message({}, message_id=next(self._message_ids))
            msg = {
                **old,
                **{k: v for k, v in body.items() if k in ("content", "embeds", "components", "flags")},
            }
            if path.endswith("/messages/@original"):
                self._messages[token] = msg
            return msg
        if call.method == "POST":  # a follow-up message
            return payloads.message(body, message_id=next(self._message_ids))
        return None  # DELETE


_adapter: RecordingAdapter | None = None


def install_adapter() -> RecordingAdapter:
    """Route every interaction response in this context (and tasks created from it) to one adapter."""
    global _adapter
    if _adapter is None:
        _adapter = RecordingAdapter()
    async_context.set(_adapter)
    return _adapter


class FakeRest:
    """Replaces ``bot.http.request``: answers login, application info, command sync and channel posts."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.synced: list[dict[str, Any]] | None = None
        self.sent: list[dict[str, Any]] = []  # bodies of channel messages posted or edited
        self.messages: list[dict[str, Any]] = []  # the Message payloads returned for them
        self._ids = iter(range(1_385_000_000_000_000_000, 1_390_000_000_000_000_000))

    async def request(self, route: Any, *, files: Any = None, form: Any = None, **kwargs: Any) -> Any:
        method, path = route.method, route.path
        self.calls.append((method, path))
        body = kwargs.get("json")
        if body is None and form:
            body = _from_json(form[0]["value"])
        if (method, path) == ("GET", "/users/@me"):
            return {**payloads.BOT_USER, "verified": True, "mfa_enabled": False}
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return payloads.application()
        if (method, path) == ("GET", "/users/@me/guilds"):  # the hourly check for servers the bot left
            after = int((kwargs.get("params") or {}).get("after") or 0)
            return [] if after >= payloads.GUILD_ID else [payloads.partial_guild(payloads.GUILD_ID)]
        if method == "PUT" and path.startswith("/applications/") and path.endswith("/commands"):
            self.synced = payloads.synced_commands(body or [])
            return self.synced
        if method == "POST" and path == "/channels/{channel_id}/messages":
            self.sent.append(body or {})
            msg = payloads.message(body or {}, message_id=next(self._ids), channel_id=int(route.channel_id))
            self.messages.append(msg)
            return msg
        if method == "PATCH" and path == "/channels/{channel_id}/messages/{message_id}":
            self.sent.append(body or {})
            message_id = int(route.url.rstrip("/").rsplit("/", 1)[-1])
            msg = payloads.message(body or {}, message_id=message_id, channel_id=int(route.channel_id))
            self.messages.append(msg)
            return msg
        if method in ("DELETE", "PUT") and path.startswith("/channels/"):
            return None
        raise RuntimeError(f"bench FakeRest: no fake for {method} {path}; add one in bench/harness.py")


def fake_rest(bot: discord.Client) -> FakeRest:
    rest = FakeRest()
    bot.http.request = rest.request  # type: ignore[method-assign]
    return rest


# ============================================================================ the gateway seam


def feed_interaction_json(bot: discord.Client, text: str | bytes) -> None:
    """Decode a gateway JSON frame's ``d`` and dispatch it, as the websocket reader does."""
    bot._connection.parse_interaction_create(_from_json(text))


def feed_ready(bot: discord.Client, guild_ids: Iterable[int], *, guild_ready_timeout: float = 0.05) -> None:
    state = bot._connection
    state.guild_ready_timeout = guild_ready_timeout
    if isinstance(bot, discord.AutoShardedClient):  # what launch_shards sets before the gateway connects
        bot.shard_count = bot.shard_count or 1
        state.shard_count = bot.shard_count
        state.shard_ids = bot.shard_ids or [0]  # type: ignore[attr-defined]
    state.parse_ready(payloads.ready(list(guild_ids)))  # type: ignore[arg-type]


def feed_guild_create(bot: discord.Client, data: dict[str, Any]) -> None:
    """A GUILD_CREATE, as Discord sends it: only to a bot with the guilds intent."""
    if bot.intents.guilds:
        bot._connection.parse_guild_create(data)


def stop_views(bot: discord.Client, keep: Callable[[discord.ui.View], bool] = lambda v: False) -> int:
    """Stop the (non-persistent) views the bot is listening to, except those ``keep`` accepts."""
    store = bot._connection._view_store
    views = {
        id(item.view): item.view
        for items in list(store._views.values())
        for item in items.values()
        if item.view is not None
    }
    stopped = 0
    for view in views.values():
        if view.is_persistent() or keep(view):  # type: ignore[arg-type]
            continue
        view.stop()
        stopped += 1
    return stopped


# ============================================================================ the command seam

Answer = Callable[..., Coroutine[Any, Any, None]]  # (interaction, **options)
Suggest = Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]


def command_mirror(
    command: app_commands.Command[Any, ..., Any] | app_commands.Group,
    answer: Answer,
    suggest: Suggest,
    only: Iterable[str] | None = None,
) -> app_commands.Command[Any, ..., Any] | app_commands.Group:
    """The same command as Discord sees it (name, options, types, defaults, choices, ranges,
    autocomplete, permissions), bound to nothing, calling ``answer`` (and ``suggest`` for
    autocomplete) instead of the real cog. A group keeps the subcommands named in ``only``.

    Private discord.py names (``_copy_with``, ``_params``, ``_callback``): no public API copies a
    command's parameters, and a copy is what keeps the bare bot in step with every option change.
    """
    if isinstance(command, app_commands.Group):
        group = app_commands.Group(
            name=command.name,
            description=command.description,
            guild_only=command.guild_only,
            allowed_contexts=command.allowed_contexts,
            allowed_installs=command.allowed_installs,
            nsfw=command.nsfw,
            default_permissions=command.default_permissions,
        )
        for child in command.commands:
            if only is None or child.name in set(only):
                group.add_command(command_mirror(child, answer, suggest))
        return group
    copy = command._copy_with(parent=None, binding=None, set_on_binding=False)
    copy._callback = answer
    copy.checks = []
    copy.on_error = None
    copy._params = {
        name: dataclasses.replace(param, autocomplete=suggest if param.autocomplete else None)
        for name, param in command._params.items()
    }
    return copy


def command_schemas(tree: app_commands.CommandTree[Any]) -> list[dict[str, Any]]:
    """Every top-level command of a tree as Discord is told about it (for ``payloads.learn_commands``)."""
    return [command.to_dict(tree) for command in tree.get_commands()]


# ============================================================================ running a bot


async def start(bot: discord.Client, *, guilds: list[dict[str, Any]] | None = None) -> FakeRest:
    """Enter the bot, log in against FakeRest (runs setup_hook), then READY + GUILD_CREATEs."""
    rest = fake_rest(bot)
    await bot.__aenter__()
    await bot.login(FAKE_TOKEN)
    if guilds is not None:
        feed_ready(bot, [int(g["id"]) for g in guilds])
        for g in guilds:
            feed_guild_create(bot, g)
        await asyncio.wait_for(bot.wait_until_ready(), 10)
    return rest


async def stop(bot: discord.Client) -> None:
    await bot.close()


def _long_lived(task: asyncio.Task[Any]) -> bool:
    name = task.get_name()
    qualname = getattr(task.get_coro(), "__qualname__", "") or ""
    return any(marker in name or marker in qualname for marker in LONG_LIVED)


class Tracker:
    """The tasks an interaction started: created by the feeding code or, transitively, by those tasks."""

    def __init__(self, creators: set[asyncio.Task[Any] | None]) -> None:
        self.creators = creators
        self.tasks: list[asyncio.Task[Any]] = []

    def note(self, task: asyncio.Task[Any], coro: Any, creator: asyncio.Task[Any] | None) -> None:
        if creator not in self.creators:
            return
        qualname = getattr(coro, "__qualname__", "") or ""
        if any(marker in qualname for marker in LONG_LIVED):
            return
        self.creators.add(task)
        self.tasks.append(task)


@dataclass(slots=True)
class Timing:
    ack_cpu: float  # payload in -> first response request reaches the HTTP layer (process CPU)
    ack_wall: float
    total_cpu: float  # payload in -> every task the interaction started has finished
    total_wall: float
    call: Call


class Driver:
    """Feeds interactions to bots and times them against the recording adapter.

    A task factory notes the tasks each interaction starts (directly or through the
    tasks it started), so the driver waits for exactly that work: O(1) per task,
    where ``asyncio.all_tasks()`` would cost O(live tasks) per interaction.
    """

    def __init__(self, adapter: RecordingAdapter | None = None, *, timeout: float = 10.0) -> None:
        self.adapter = adapter or install_adapter()
        self.timeout = timeout
        self._tracker: Tracker | None = None
        self._factory_loop: asyncio.AbstractEventLoop | None = None

    def _install_factory(self) -> None:
        loop = asyncio.get_running_loop()
        if self._factory_loop is loop:
            return
        previous = loop.get_task_factory()

        def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
            made = previous(loop, coro, **kwargs) if previous else asyncio.Task(coro, loop=loop, **kwargs)
            assert isinstance(made, asyncio.Task)  # a task factory makes tasks (typeshed says Future)
            task: asyncio.Task[Any] = made
            tracker = self._tracker
            if tracker is not None:
                tracker.note(task, coro, asyncio.current_task(loop))
            return task

        loop.set_task_factory(factory)
        self._factory_loop = loop

    def track(self, *, from_callbacks: bool = False) -> Tracker:
        """Start noting the tasks fed interactions create (``from_callbacks``: fed from loop callbacks)."""
        self._install_factory()
        creators: set[asyncio.Task[Any] | None] = {asyncio.current_task()}
        if from_callbacks:
            creators.add(None)
        self._tracker = Tracker(creators)
        return self._tracker

    def untrack(self) -> None:
        self._tracker = None

    async def interact(self, bot: discord.Client, text: str | bytes, token: str) -> Timing:
        """One interaction, start to finish: returns when all the work it started is done."""
        waiter = self.adapter.expect(token)
        tracker = self.track()
        c0 = time.process_time()
        w0 = time.perf_counter()
        try:
            bot._connection.parse_interaction_create(_from_json(text))
            try:
                call = await asyncio.wait_for(waiter, self.timeout)
            except TimeoutError:
                raise RuntimeError(f"no response within {self.timeout} s to {str(text)[:300]}") from None
            await self.settle(tracker)
        finally:
            self.untrack()
        c2 = time.process_time()
        w2 = time.perf_counter()
        self.adapter.forget(token)
        return Timing(call.cpu - c0, call.wall - w0, c2 - c0, w2 - w0, call)

    async def settle(self, tracker: Tracker) -> None:
        """Wait for the tracked tasks, including those they create while we wait."""
        seen = 0
        while seen < len(tracker.tasks):
            batch = [t for t in tracker.tasks[seen:] if not t.done()]
            seen = len(tracker.tasks)
            if batch:
                _, pending = await asyncio.wait(batch, timeout=self.timeout)
                if pending:
                    names = ", ".join(f"{t.get_name()} ({t.get_coro()!r})" for t in pending)
                    raise RuntimeError(f"interaction work still running after {self.timeout} s: {names}")

    async def capture(self, bot: discord.Client, data: dict[str, Any]) -> list[Call]:
        """Every HTTP call one interaction causes (for building the bare bot's canned answers)."""
        import json

        adapter = self.adapter
        adapter.calls.clear()
        adapter.keep_calls = True
        try:
            await self.interact(bot, json.dumps(data), data["token"])
            for _ in range(5):
                await asyncio.sleep(0)
        finally:
            adapter.keep_calls = False
        calls = [c for c in adapter.calls if c.token == data["token"]]
        adapter.calls.clear()
        return calls
