"""The real process lifecycle: log in, connect to the gateway, then stop cleanly on SIGTERM/SIGINT.

Discord's REST API and gateway are faked on 127.0.0.1 (aiohttp), so `run_bot` runs
exactly as in production: settings → login → setup_hook (database, content, cogs,
command sync) → gateway IDENTIFY → READY; then a real signal to this process must
close the gateway and the database cleanly.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio
import yarl
from aiohttp import WSMsgType, web

from bot.__main__ import EXIT_OK, run_bot
from bot.settings import load_settings
from tests.conftest import FAKE_TOKEN

APP_ID = "100000000000000001"
USER = {"id": APP_ID, "username": "ballerina-bot", "discriminator": "0", "avatar": None, "bot": True}


def json_response(data: object) -> web.Response:
    # discord.py parses a body as JSON only when the content type is exactly application/json.
    return web.Response(body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})


class FakeDiscord:
    """Just enough of Discord for a bot to log in, sync, connect and be READY."""

    def __init__(self) -> None:
        self.identify: dict[str, Any] | None = None
        self.ready = asyncio.Event()
        self.client_closed = asyncio.Event()
        self.synced: list[Any] = []

    async def me(self, request: web.Request) -> web.Response:
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

    async def commands(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.synced.append(payload)
        return json_response(
            [{**c, "id": str(900 + i), "application_id": APP_ID} for i, c in enumerate(payload)]
        )

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
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


@pytest_asyncio.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    app = web.Application()
    app.router.add_get("/api/v10/users/@me", fake.me)
    app.router.add_get("/api/v10/oauth2/applications/@me", fake.application)
    app.router.add_put("/api/v10/applications/{app}/commands", fake.commands)
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


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_runs_until_a_signal_then_closes_gateway_and_database(
    tmp_path: Path, fake_discord: FakeDiscord, signum: signal.Signals, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    db = tmp_path / "bot.sqlite3"
    settings = load_settings({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{db}"})
    running = asyncio.create_task(run_bot(settings))
    await asyncio.wait_for(fake_discord.ready.wait(), timeout=10)

    identify = fake_discord.identify
    assert identify is not None
    assert identify["token"] == FAKE_TOKEN
    assert identify["intents"] == discord.Intents(guilds=True).value, "no privileged intents on the wire"
    assert fake_discord.synced and {"cast", "trivia", "spoilers"} <= {
        c["name"] for c in fake_discord.synced[0]
    }
    assert db.exists()

    await asyncio.sleep(0.05)  # let the client dispatch READY
    os.kill(os.getpid(), signum)
    assert await asyncio.wait_for(running, timeout=10) == EXIT_OK
    await asyncio.wait_for(fake_discord.client_closed.wait(), timeout=5)
    wal = Path(f"{db}-wal")
    assert not wal.exists(), "the database was closed cleanly (WAL checkpointed and removed)"  # noqa: ASYNC240
    assert any("shutting down cleanly" in r.getMessage() for r in caplog.records)
    assert all(FAKE_TOKEN not in r.getMessage() for r in caplog.records)
