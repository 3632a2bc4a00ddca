"""A loopback fake of Discord that can also send interactions, and records every reply the bot makes.

Enough for a real bot process to log in, receive a server, start a trivia game through a real
``/trivia start`` and answer clicks: REST (login, command sync, interaction callbacks, channel
messages) and the gateway (HELLO, READY, GUILD_CREATE, INTERACTION_CREATE dispatches).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import WSMsgType, web

from bench import payloads


def json_response(data: object, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


class GatewayFake:
    def __init__(self) -> None:
        self.ws: web.WebSocketResponse | None = None
        self.ready = asyncio.Event()
        self.sequence = 1
        self.replies: dict[str, dict[str, Any]] = {}  # interaction id -> the callback body
        self.reply_times: dict[str, float] = {}
        self.channel_messages: list[dict[str, Any]] = []
        self.new_message = asyncio.Event()
        self._ids = iter(range(1_395_000_000_000_000_000, 1_396_000_000_000_000_000))
        self._originals: dict[str, dict[str, Any]] = {}
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", self.me)
        app.router.add_get("/api/v10/oauth2/applications/@me", self.application)
        app.router.add_put("/api/v10/applications/{app}/commands", self.sync)
        app.router.add_post("/api/v10/interactions/{id}/{token}/callback", self.callback)
        app.router.add_get("/api/v10/webhooks/{app}/{token}/messages/@original", self.original)
        app.router.add_post("/api/v10/channels/{channel}/messages", self.post_message)
        app.router.add_patch("/api/v10/channels/{channel}/messages/{message}", self.edit_message)
        app.router.add_get("/gateway", self.gateway)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    # -- REST
    async def me(self, request: web.Request) -> web.Response:
        return json_response({**payloads.BOT_USER, "verified": True, "mfa_enabled": False})

    async def application(self, request: web.Request) -> web.Response:
        return json_response(payloads.application())

    async def sync(self, request: web.Request) -> web.Response:
        return json_response(payloads.synced_commands(await request.json()))

    async def callback(self, request: web.Request) -> web.Response:
        body = await request.json()
        interaction_id, token = request.match_info["id"], request.match_info["token"]
        self.replies[interaction_id] = body
        self.reply_times[interaction_id] = time.monotonic()
        data = body.get("data") or {}
        msg = payloads.message(data, message_id=next(self._ids))
        self._originals[token] = msg
        return json_response(
            {
                "interaction": {"id": interaction_id, "type": 2, "response_message_id": msg["id"]},
                "resource": {"type": body.get("type"), "message": msg},
            }
        )

    async def original(self, request: web.Request) -> web.Response:
        return json_response(self._originals.get(request.match_info["token"]) or {})

    async def post_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        msg = payloads.message(
            body, message_id=next(self._ids), channel_id=int(request.match_info["channel"])
        )
        self.channel_messages.append(msg)
        self.new_message.set()
        return json_response(msg)

    async def edit_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        msg = payloads.message(
            body, message_id=int(request.match_info["message"]), channel_id=int(request.match_info["channel"])
        )
        return json_response(msg)

    # -- gateway
    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                break
            frame = json.loads(message.data)
            if frame["op"] == 1:  # heartbeat
                await ws.send_str(json.dumps({"op": 11}))
            elif frame["op"] == 2:  # IDENTIFY
                self.ws = ws
                await self.dispatch("READY", payloads.ready([payloads.GUILD_ID]))
                await self.dispatch("GUILD_CREATE", payloads.bench_guild())
                self.ready.set()
        return ws

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self.ws is not None
        self.sequence += 1
        await self.ws.send_str(json.dumps({"op": 0, "t": event, "s": self.sequence, "d": data}))

    async def interact(self, text: str) -> None:
        await self.dispatch("INTERACTION_CREATE", json.loads(text))
