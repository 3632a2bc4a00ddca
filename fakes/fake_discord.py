"""Just enough of Discord's REST API and gateway, on 127.0.0.1, for the bot to log in and run.

Used by the CLI and lifecycle tests, which run `run_bot` exactly as production does
(discord.py's base URL and gateway address are pointed here, nothing else is faked), and by
the multi-process test, which starts real `ballerina-bot run` processes against it
(``fakes/shard_process.py``). What it does, as Discord does:

* login (``/users/@me``), application info, ``/gateway/bot`` (the recommended shard count);
* the session start limit: ``/gateway/bot`` reports ``session_start_limit`` (``max_concurrency``
  and the starts remaining, both settable), and an IDENTIFY less than 5 s after the last one
  accepted in its bucket (``shard_id % max_concurrency``) gets op 9 Invalid Session, as Discord
  answers it (``refused_identifies``);
* a gateway: HELLO, heartbeats, IDENTIFY → READY for the shard named in IDENTIFY. Each
  server's interactions go to the connection of its shard, ``(guild_id >> 22) % shard_count``;
  a server whose shard nobody runs gets nothing (``interact`` raises);
* the REST calls a game makes: channel messages (post, edit), interaction responses and
  ``@original``, command sync. Every REST call is recorded with the name of the process that
  made it: each process gets its own REST port (``endpoint(name)``), so nothing in the bot
  has to identify itself.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest
import yarl
from aiohttp import WSMsgType, web

APP_ID = "100000000000000001"
USER = {"id": APP_ID, "username": "ballerina-bot", "discriminator": "0", "avatar": None, "bot": True}
TIMESTAMP = "2025-06-06T18:00:00.000000+00:00"
# What a member may do in an ordinary text channel, and what the bot may (Discord computes both).
MEMBER_PERMISSIONS = str(
    discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        attach_files=True,
        add_reactions=True,
        read_message_history=True,
        use_application_commands=True,
    ).value
)
BOT_PERMISSIONS = str(discord.Permissions.all_channel().value)
OPTION_TYPES = {str: 3, int: 4, bool: 5}


def json_response(data: object, status: int = 200) -> web.Response:
    # discord.py parses a body as JSON only when the content type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's routing rule, written out here so the fake does not borrow the bot's."""
    return (guild_id >> 22) % shard_count


@dataclass
class Call:
    """One REST request, with the process that made it."""

    process: str
    method: str
    path: str
    body: Any


@dataclass
class Connection:
    """One gateway session: a shard of one process."""

    ws: web.WebSocketResponse
    process: str
    shard: tuple[int, int]  # (shard id, shard count) from IDENTIFY
    intents: int
    sequence: int = 1

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.sequence += 1
        await self.ws.send_str(json.dumps({"op": 0, "t": event, "s": self.sequence, "d": data}))


@dataclass
class Response:
    """What the bot answered to one interaction (its callback), and what it sent after."""

    interaction_id: str
    process: str
    body: dict[str, Any]
    message: dict[str, Any] | None = None
    at: float = field(default_factory=time.perf_counter)  # when it arrived here

    @property
    def content(self) -> str:
        return str((self.body.get("data") or {}).get("content") or "")

    @property
    def ephemeral(self) -> bool:
        return bool(((self.body.get("data") or {}).get("flags") or 0) & 64)


@dataclass
class FakeGuild:
    id: int
    channels: set[int] = field(default_factory=set)


class FakeDiscord:
    def __init__(self) -> None:
        self.reject_token = False  # answer the login with 401, as for a reset token
        self.recommended_shards = 1  # what /gateway/bot recommends
        self.heartbeat_interval_ms = 45_000
        self.gateway_down = False  # refuse gateway connections (503), as during an outage
        self.post_delay = 0.0  # seconds a channel message takes to be answered (recorded at once)
        self.synced: list[tuple[str, list[dict[str, Any]]]] = []  # (path, commands) per bulk overwrite
        self.identifies: list[dict[str, Any]] = []  # accepted (answered with READY)
        # Discord's session start limit: max_concurrency IDENTIFYs per 5 s, one per bucket.
        self.max_concurrency = 1
        self.identify_window = 5.0
        self.session_starts_total = 1000
        self.session_starts_remaining = 1000
        self.refused_identifies: list[dict[str, Any]] = []  # answered with op 9
        self.identified_at: list[tuple[float, int]] = []  # (time.monotonic(), shard id), accepted ones
        self.ready = asyncio.Event()  # set by the first READY
        self.client_closed = asyncio.Event()
        self.calls: list[Call] = []
        self.connections: dict[int, Connection] = {}  # shard id -> its live session
        self.guilds: dict[int, FakeGuild] = {}
        self.messages: dict[str, dict[str, Any]] = {}  # message id -> Message
        self.responses: dict[str, Response] = {}  # interaction id -> the bot's callback
        self._tokens: dict[str, str] = {}  # interaction token -> interaction id
        self._channel_of: dict[str, int] = {}  # interaction id -> its channel
        self._answered: dict[str, asyncio.Future[Response]] = {}
        self._ids = itertools.count(1_400_000_000_000_000_000)
        self._ports: dict[int, str] = {}  # local port -> process name
        self._shard_up: dict[int, asyncio.Event] = {}
        self.runner: web.AppRunner | None = None
        self.url = ""  # the default endpoint (process "bot")

    # -- who is who ----------------------------------------------------------------------------

    def _process(self, request: web.Request) -> str:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        return self._ports.get(sockname[1] if sockname else 0, "?")

    async def endpoint(self, process: str) -> str:
        """A base URL (REST under /api/v10, gateway at /gateway) whose calls are recorded as ``process``."""
        assert self.runner is not None
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ports[port] = process
        return f"http://127.0.0.1:{port}"

    def shard_event(self, shard_id: int) -> asyncio.Event:
        return self._shard_up.setdefault(shard_id, asyncio.Event())

    async def wait_for_shard(self, shard_id: int) -> Connection:
        """Wait (up to 30 s) until a process has identified for ``shard_id`` (and got its READY).

        Processes started together take turns to identify, 5.5 s apart per bucket (bot/identify.py).
        """
        await asyncio.wait_for(self.shard_event(shard_id).wait(), 30)
        return self.connections[shard_id]

    @property
    def identify(self) -> dict[str, Any] | None:
        return self.identifies[-1] if self.identifies else None

    def sent_by(self, process: str, method: str = "POST", path_part: str = "/messages") -> list[Call]:
        return [c for c in self.calls if c.process == process and c.method == method and path_part in c.path]

    def messages_in(self, channel_id: int) -> list[dict[str, Any]]:
        """The channel's messages as they are now (edits applied), oldest first."""
        return [m for m in self.messages.values() if m["channel_id"] == str(channel_id)]

    def channel_posts(self, channel_id: int) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == "POST" and c.path == f"/api/v10/channels/{channel_id}/messages"
        ]

    # -- REST --------------------------------------------------------------------------------------

    async def _record(self, request: web.Request) -> Any:
        body = await request.json() if request.can_read_body else None
        self.calls.append(Call(self._process(request), request.method, request.path, body))
        return body

    async def me(self, request: web.Request) -> web.Response:
        await self._record(request)
        if self.reject_token:
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        return json_response(USER)

    async def application(self, request: web.Request) -> web.Response:
        await self._record(request)
        return json_response(
            {
                "id": APP_ID,
                "name": "ballerina-bot",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "owner": USER,
                "flags": 0,
            }
        )

    async def gateway_bot(self, request: web.Request) -> web.Response:
        await self._record(request)
        gateway = str(request.url.with_path("/gateway").with_query(None)).replace("http", "ws", 1)
        limit = {
            "total": self.session_starts_total,
            "remaining": self.session_starts_remaining,
            "reset_after": 3_600_000,
            "max_concurrency": self.max_concurrency,
        }
        return json_response(
            {"url": gateway, "shards": self.recommended_shards, "session_start_limit": limit}
        )

    async def bulk_overwrite(self, request: web.Request) -> web.Response:
        payload = await self._record(request)
        self.synced.append((request.path, payload))
        return json_response(
            [
                {**c, "id": str(900 + i), "application_id": APP_ID, "version": "1"}
                for i, c in enumerate(payload)
            ]
        )

    def _message(
        self, data: dict[str, Any], channel_id: int, message_id: str | None = None
    ) -> dict[str, Any]:
        guild = next((g.id for g in self.guilds.values() if channel_id in g.channels), None)
        msg: dict[str, Any] = {
            "id": message_id or str(next(self._ids)),
            "channel_id": str(channel_id),
            "type": 0,
            "content": data.get("content") or "",
            "author": USER,
            "embeds": data.get("embeds") or [],
            "components": data.get("components") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "flags": data.get("flags") or 0,
            "application_id": APP_ID,
        }
        if guild is not None:
            msg["guild_id"] = str(guild)
        self.messages[msg["id"]] = msg
        return msg

    async def post_message(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        if self.post_delay:
            await asyncio.sleep(self.post_delay)
        return json_response(self._message(body or {}, int(request.match_info["channel"])))

    async def edit_message(self, request: web.Request) -> web.Response:
        body = await self._record(request) or {}
        old = self.messages.get(request.match_info["message"])
        if old is None:
            return json_response({"message": "Unknown Message", "code": 10008}, status=404)
        old.update({k: v for k, v in body.items() if k in ("content", "embeds", "components", "flags")})
        return json_response(old)

    async def callback(self, request: web.Request) -> web.Response:
        body = await self._record(request) or {}
        interaction_id = request.match_info["interaction"]
        response = Response(interaction_id, self._process(request), body)
        kind = body.get("type")
        result: dict[str, Any] = {"interaction": {"id": interaction_id, "type": 2}}
        channel = int(self._channel_of.get(interaction_id, 0))
        if kind in (4, 5):  # a message (or "thinking…") answers the interaction
            response.message = self._message(body.get("data") or {}, channel)
            result["resource"] = {"type": kind, "message": response.message}
        self.responses[interaction_id] = response
        waiter = self._answered.pop(interaction_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(response)
        return json_response(result)

    async def original(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        interaction_id = self._tokens.get(request.match_info["token"], "")
        response = self.responses.get(interaction_id)
        if response is None or response.message is None:
            return json_response({"message": "Unknown Message", "code": 10008}, status=404)
        if body:
            response.message.update(
                {k: v for k, v in body.items() if k in ("content", "embeds", "components")}
            )
        return json_response(response.message)

    async def followup(self, request: web.Request) -> web.Response:
        body = await self._record(request) or {}
        interaction_id = self._tokens.get(request.match_info["token"], "")
        return json_response(self._message(body, int(self._channel_of.get(interaction_id, 0))))

    # -- gateway -------------------------------------------------------------------------------

    async def gateway(self, request: web.Request) -> web.StreamResponse:
        if self.gateway_down:
            return json_response({"message": "gateway unavailable"}, status=503)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        process = self._process(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}))
        connection: Connection | None = None
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                break
            frame = json.loads(message.data)
            if frame["op"] == 1:  # HEARTBEAT
                await ws.send_str(json.dumps({"op": 11}))
            elif frame["op"] == 2:  # IDENTIFY
                identify = frame["d"]
                shard_id, count = identify.get("shard") or [0, 1]
                if not self._may_identify(shard_id):
                    self.refused_identifies.append(identify)
                    await ws.send_str(json.dumps({"op": 9, "d": False}))  # Invalid Session, not resumable
                    continue
                self.identifies.append(identify)
                connection = Connection(ws, process, (shard_id, count), identify.get("intents", 0))
                ready = {
                    "v": 10,
                    "user": USER,
                    "guilds": [
                        {"id": str(g), "unavailable": True}
                        for g in self.guilds
                        if shard_of(g, count) == shard_id
                    ],
                    "session_id": f"fake-session-{process}-{shard_id}",
                    "resume_gateway_url": str(request.url.with_path("/gateway")),
                    "shard": [shard_id, count],
                    "application": {"id": APP_ID, "flags": 0},
                }
                await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": 1, "d": ready}))
                self.connections[shard_id] = connection
                self.shard_event(shard_id).set()
                self.ready.set()
        if connection is not None and self.connections.get(connection.shard[0]) is connection:
            del self.connections[connection.shard[0]]
            self._shard_up.pop(connection.shard[0], None)
        self.client_closed.set()
        return ws

    def _may_identify(self, shard_id: int) -> bool:
        """Discord's rule: one IDENTIFY per bucket per window; each accepted one costs a start."""
        bucket = shard_id % self.max_concurrency
        now = time.monotonic()
        last = max((t for t, s in self.identified_at if s % self.max_concurrency == bucket), default=None)
        if (last is not None and now - last < self.identify_window) or self.session_starts_remaining <= 0:
            return False
        self.identified_at.append((now, shard_id))
        self.session_starts_remaining -= 1
        return True

    # -- servers and interactions ----------------------------------------------------------------

    def add_guild(self, guild_id: int, *channel_ids: int) -> FakeGuild:
        guild = self.guilds.setdefault(guild_id, FakeGuild(guild_id))
        guild.channels.update(channel_ids)
        return guild

    def _interaction(
        self, kind: int, guild_id: int, channel_id: int, user_id: int, data: dict[str, Any]
    ) -> dict[str, Any]:
        interaction_id = str(next(self._ids))
        token = f"fake-token-{interaction_id}"
        self._tokens[token] = interaction_id
        self._channel_of[interaction_id] = channel_id
        return {
            "id": interaction_id,
            "application_id": APP_ID,
            "type": kind,
            "token": token,
            "version": 1,
            "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel": {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(guild_id),
                "name": f"channel-{channel_id}",
                "position": 0,
                "permission_overwrites": [],
                "parent_id": None,
                "nsfw": False,
                "flags": 0,
                "permissions": MEMBER_PERMISSIONS,
            },
            "member": {
                "user": {
                    "id": str(user_id),
                    "username": f"fan{user_id % 10_000}",
                    "discriminator": "0",
                    "global_name": None,
                    "avatar": None,
                },
                "roles": [],
                "nick": None,
                "avatar": None,
                "joined_at": TIMESTAMP,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": MEMBER_PERMISSIONS,
            },
            "app_permissions": BOT_PERMISSIONS,
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
            "attachment_size_limit": 10_485_760,
            "data": data,
        }

    async def interact(self, payload: dict[str, Any]) -> Response:
        """Deliver an INTERACTION_CREATE on its server's shard; wait (up to 10 s) for the callback."""
        return await asyncio.wait_for(await self.deliver(payload), 10)

    async def deliver(self, payload: dict[str, Any]) -> asyncio.Future[Response]:
        """Send an INTERACTION_CREATE on its server's shard; the future is the bot's callback."""
        guild_id = int(payload["guild_id"])
        live = list(self.connections.values())
        if not live:
            raise LookupError("no bot process is connected")
        count = live[0].shard[1]
        shard = shard_of(guild_id, count)
        connection = self.connections.get(shard)
        if connection is None:
            raise LookupError(f"nobody runs shard {shard}, where server {guild_id}'s interactions go")
        waiter: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        self._answered[payload["id"]] = waiter
        await connection.dispatch("INTERACTION_CREATE", payload)
        return waiter

    async def slash(
        self, guild_id: int, channel_id: int, user_id: int, command: str, **options: Any
    ) -> Response:
        """``/trivia start questions:2`` is ``slash(g, c, u, "trivia start", questions=2)``."""
        name, *subs = command.split()
        opts = [{"name": k, "type": OPTION_TYPES[type(v)], "value": v} for k, v in options.items()]
        for sub in reversed(subs):
            opts = [{"name": sub, "type": 1, "options": opts}]
        data = {"id": str(900 + sum(map(ord, name))), "name": name, "type": 1, "options": opts}
        return await self.interact(self._interaction(2, guild_id, channel_id, user_id, data))

    def click_payload(self, message: dict[str, Any], custom_id: str, user_id: int) -> dict[str, Any]:
        guild_id, channel_id = int(message["guild_id"]), int(message["channel_id"])
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._interaction(3, guild_id, channel_id, user_id, data)
        payload["message"] = message
        return payload

    async def click(self, message: dict[str, Any], custom_id: str, user_id: int) -> Response:
        return await self.interact(self.click_payload(message, custom_id, user_id))


@asynccontextmanager
async def running() -> AsyncIterator[FakeDiscord]:
    """The fake on 127.0.0.1 with a first endpoint (process "bot") at ``fake.url``."""
    fake = FakeDiscord()
    app = web.Application()
    app.router.add_get("/api/v10/users/@me", fake.me)
    app.router.add_get("/api/v10/oauth2/applications/@me", fake.application)
    app.router.add_get("/api/v10/gateway/bot", fake.gateway_bot)
    app.router.add_put("/api/v10/applications/{app}/commands", fake.bulk_overwrite)
    app.router.add_put("/api/v10/applications/{app}/guilds/{guild}/commands", fake.bulk_overwrite)
    app.router.add_post("/api/v10/channels/{channel}/messages", fake.post_message)
    app.router.add_patch("/api/v10/channels/{channel}/messages/{message}", fake.edit_message)
    app.router.add_post("/api/v10/interactions/{interaction}/{token}/callback", fake.callback)
    app.router.add_get("/api/v10/webhooks/{app}/{token}/messages/@original", fake.original)
    app.router.add_patch("/api/v10/webhooks/{app}/{token}/messages/@original", fake.original)
    app.router.add_post("/api/v10/webhooks/{app}/{token}", fake.followup)
    app.router.add_get("/gateway", fake.gateway)
    runner = web.AppRunner(app)
    await runner.setup()
    fake.runner = runner
    fake.url = await fake.endpoint("bot")
    try:
        yield fake
    finally:
        await runner.cleanup()


def point_discord_py_at(url: str, monkeypatch: pytest.MonkeyPatch | None = None) -> None:
    """Send this process's discord.py to ``url`` (REST, interaction webhooks and the gateway)."""
    gateway = yarl.URL(url.replace("http", "ws", 1) + "/gateway")
    if monkeypatch is None:  # a bot process started for a test: for its whole life
        discord.http.Route.BASE = f"{url}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
        return
    monkeypatch.setattr(discord.http.Route, "BASE", f"{url}/api/v10")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", gateway)


@asynccontextmanager
async def serve(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """The fake, with this process's discord.py pointed at it (for `run_bot` in the test's own loop)."""
    async with running() as fake:
        point_discord_py_at(fake.url, monkeypatch)
        yield fake
