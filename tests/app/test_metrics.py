"""/metrics and /healthz over loopback, with the real bot logged in to the fake Discord.

The bot is built and connected as `run_bot` does it (login → setup_hook → gateway), members
play through real interactions, and the test reads the endpoints with an HTTP client.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from prometheus_client.parser import text_string_to_metric_families

from bot.cli import EXIT_FAILED
from bot.cli.run import run_bot
from bot.client import BallerinaBot, create_bot
from bot.config import load_config
from fakes.fake_discord import FakeDiscord, serve
from tests.support.world import FAKE_TOKEN

GUILD, CHANNEL = 175928847299117063, 175928847299117100
STARTER, MEMBERS = 175928847299118000, [175928847299120000 + n for n in range(3)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest_asyncio.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with serve(monkeypatch) as fake:
        fake.add_guild(GUILD, CHANNEL)
        fake.heartbeat_interval_ms = 100  # so a heartbeat (and its latency) comes quickly
        yield fake


@contextlib.asynccontextmanager
async def logged_in(tmp_path: Path, **settings: str) -> AsyncIterator[BallerinaBot]:
    config = load_config(
        {"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}", **settings}
    )
    bot = create_bot(config)
    async with bot:
        await bot.login(FAKE_TOKEN)
        yield bot


async def get(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, await response.text()


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(
    found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float | None:
    return found.get((name, frozenset(labels.items())))


async def until(condition: Any, what: str) -> Any:
    for _ in range(250):
        result = await condition()
        if result:
            return result
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def test_health_and_metrics_follow_the_bot(tmp_path: Path, fake_discord: FakeDiscord) -> None:
    async with logged_in(tmp_path, SHARD_COUNT="1", METRICS_PORT=str(free_port())) as bot:
        assert bot.metrics is not None and bot.metrics.port is not None
        port = bot.metrics.port
        assert bot.metrics._runner is not None and bot.metrics._runner.addresses[0][0] == "127.0.0.1"

        # Logged in, database open, but no gateway yet: not healthy, and the body says why.
        status, body = await get(port, "/healthz")
        assert status == 503
        assert '"shards": {"0": "disconnected"}' in body and '"database": "ok"' in body

        connecting = asyncio.create_task(bot.connect(reconnect=True))
        try:
            await until(lambda: _healthy(port), "/healthz to say 200")

            # Play: a game, two answers, one repeated click, a stop the member may not do.
            started = await fake_discord.slash(GUILD, CHANNEL, STARTER, "trivia start", questions=2)
            assert not started.ephemeral
            question = await _question(fake_discord)
            for member in MEMBERS[:2]:
                assert (
                    await fake_discord.click(question, _custom_id(question, "A"), member)
                ).content.startswith("Locked in")
            again = await fake_discord.click(question, _custom_id(question, "B"), MEMBERS[0])
            assert again.content.startswith("You already locked in")
            refused = await fake_discord.slash(GUILD, CHANNEL, MEMBERS[2], "trivia stop")
            assert refused.ephemeral and refused.content.startswith("Only <@")

            async def scraped() -> dict[Any, float] | None:
                found = samples((await get(port, "/metrics"))[1])
                stored = value(found, "ballerina_answers_stored_total")
                latency = value(found, "ballerina_gateway_latency_seconds", shard="0")
                return found if stored == 2 and latency is not None else None

            found = await until(scraped, "both answers stored and a heartbeat answered")
            count = {
                (command, outcome): value(
                    found, "ballerina_interactions_total", command=command, outcome=outcome
                )
                for command, outcome in [
                    ("/trivia start", "ok"),
                    ("button trivia", "ok"),
                    ("button trivia", "refused"),
                    ("/trivia stop", "refused"),
                    ("/trivia stop", "ok"),
                ]
            }
            assert count == {
                ("/trivia start", "ok"): 1,
                ("button trivia", "ok"): 2,
                ("button trivia", "refused"): 1,
                ("/trivia stop", "refused"): 1,
                ("/trivia stop", "ok"): None,
            }
            assert value(found, "ballerina_interaction_seconds_count", kind="command") == 2
            assert value(found, "ballerina_interaction_seconds_count", kind="button") == 3
            assert value(found, "ballerina_shard_connected", shard="0") == 1
            assert value(found, "ballerina_answer_writer_queue") == 0
            assert (value(found, "ballerina_answer_writer_flush_seconds_count") or 0) >= 1
            assert value(found, "ballerina_database_errors_total", where="answer_writer") == 0

            # The gateway drops this shard (and is down for a while): unhealthy until it is back.
            fake_discord.gateway_down = True
            await fake_discord.connections[0].ws.close(code=4000)  # Discord's "reconnect"
            status, body = await until(lambda: _status_once(port, 503), "/healthz to say 503")
            assert '"0": "disconnected"' in body and '"database": "ok"' in body and bot.is_ready()

            # The database stops answering: unhealthy, and counted.
            await bot.storage.database.close()
            status, body = await get(port, "/healthz")
            assert status == 503 and '"database": "not answering"' in body
            errors = samples((await get(port, "/metrics"))[1])
            assert value(errors, "ballerina_database_errors_total", where="health_check") == 1
        finally:
            await bot.close()
            connecting.cancel()
            await asyncio.gather(connecting, return_exceptions=True)
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(port, "/healthz")  # closed with the bot


async def _healthy(port: int) -> bool:
    status, _ = await get(port, "/healthz")
    return status == 200


async def _status_once(port: int, wanted: int) -> tuple[int, str] | None:
    status, body = await get(port, "/healthz")
    return (status, body) if status == wanted else None


async def _question(fake: FakeDiscord) -> dict[str, Any]:
    for _ in range(250):
        found = [
            m
            for m in fake.messages_in(CHANNEL)
            if m["embeds"] and m["embeds"][0].get("title", "").startswith("Question")
        ]
        if found:
            return found[-1]
        await asyncio.sleep(0.02)
    raise AssertionError("no question was posted")


def _custom_id(message: dict[str, Any], label: str) -> str:
    return next(
        c["custom_id"] for row in message["components"] for c in row["components"] if c["label"] == label
    )


async def test_metrics_are_off_unless_asked_for(tmp_path: Path, fake_discord: FakeDiscord) -> None:
    async with logged_in(tmp_path) as bot:
        assert bot.metrics is None


async def test_a_metrics_port_in_use_stops_the_bot_with_one_line(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = load_config(
            {
                "DISCORD_TOKEN": FAKE_TOKEN,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
                "METRICS_PORT": str(port),
            }
        )
        assert await run_bot(config) == EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"ballerina-bot: METRICS_PORT {port} on 127.0.0.1 cannot be used (address already in use). "
        "Pick a free port, or leave METRICS_PORT empty to turn metrics off."
    ]


def test_a_bot_without_metrics_does_not_pay_for_their_imports() -> None:
    """prometheus_client and aiohttp.web add 30-50 ms to start-up: only METRICS_PORT loads them."""
    import subprocess
    import sys

    code = (
        "import sys, bot.client, bot.cli.run, cogs.trivia; "
        "print(sorted(m for m in ('prometheus_client', 'aiohttp.web') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
