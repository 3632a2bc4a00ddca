"""Just enough of Discord's REST API and gateway, on 127.0.0.1, for the bot to log in and run.

Used by the CLI and lifecycle tests, which run `run_bot` exactly as production does:
discord.py's base URL and gateway address are pointed here, nothing else is faked.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import discord
import pytest
import yarl
from aiohttp import WSMsgType, web

APP_ID = "100000000000000001"
USER = {"id": APP_ID, "username": "ballerina-bot", "discriminator": "0", "avatar": None, "bot": True}


def json_response(data: object, status: int = 200) -> web.Response:
    # discord.py parses a body as JSON only when the content type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


class FakeDiscord:
    def __init__(self) -> None:
        self.reject_token = False  # answer the login with 401, as for a reset token
        self.synced: list[tuple[str, list[dict[str, Any]]]] = []  # (path, commands) per bulk overwrite
        self.identify: dict[str, Any] | None = None
        self.ready = asyncio.Event()
        self.client_closed = asyncio.Event()

    async def me(self, request: web.Request) -> web.Response:
        if self.reject_token:
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        return json_response(USER)

    async def application(self, request: web.Request) -> web.Response:
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

    async def bulk_overwrite(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.synced.append((request.path, payload))
        return json_response(
            [
                {**c, "id": str(900 + i), "application_id": APP_ID, "version": "1"}
                for i, c in enumerate(payload)
            ]
        )

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))  # HELLO
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                break
            frame = json.loads(message.data)
            if frame["op"] == 2:  # IDENTIFY
                self.identify = frame["d"]
                ready = {
                    "v": 10,
                    "user": USER,
                    "guilds": [],
                    "session_id": "fake-session",
                    "resume_gateway_url": str(request.url.with_path("/gateway")),
                    "application": {"id": APP_ID, "flags": 0},
                }
                await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": 1, "d": ready}))
                self.ready.set()
        self.client_closed.set()
        return ws


@asynccontextmanager
async def serve(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    app = web.Application()
    app.router.add_get("/api/v10/users/@me", fake.me)
    app.router.add_get("/api/v10/oauth2/applications/@me", fake.application)
    app.router.add_put("/api/v10/applications/{app}/commands", fake.bulk_overwrite)
    app.router.add_put("/api/v10/applications/{app}/guilds/{guild}/commands", fake.bulk_overwrite)
    app.router.add_get("/gateway", fake.gateway)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    )
    try:
        yield fake
    finally:
        await runner.cleanup()
