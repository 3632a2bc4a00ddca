"""Four shard processes started together, twice, keep to Discord's identify limit as one fleet.

Discord allows ``max_concurrency`` IDENTIFYs per 5 s, one per bucket ``shard_id %
max_concurrency``, and answers an excess one with op 9 (Invalid Session); the fake Discord
(``fakes/fake_discord.py``) enforces that. Four ``ballerina-bot run`` processes
(``SHARD_COUNT=4``, one shard each) share one database and start at the same moment; then
all four are stopped with SIGTERM and started again at once, as a deploy does. No IDENTIFY
may be refused, each process counts its identifies in ``/metrics``, and each stops cleanly.

Fails when the processes do not take turns (mutation: ``before_identify_hook`` returning at
once, or keyed by anything but the bucket): the fake refuses IDENTIFYs in both rounds.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from bot.config import database, load_config
from bot.storage.backend import open_storage
from fakes.fake_discord import running
from tests.process.fleet import STOP_TIMEOUT, Fleet, explained, until

SHARDS = 4
MAX_CONCURRENCY = 2  # buckets {0, 2} and {1, 3}: two turns each


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def fleet_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fleet.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))  # a schema of this test's own


@pytest_asyncio.fixture
async def fleet_database(fleet_database_url: str) -> AsyncIterator[str]:
    url = fleet_database_url
    storage = await open_storage(database(load_config({"DATABASE_URL": url}, require_token=False)))
    await storage.close()  # created and migrated once, before the processes start together
    yield url


async def identifies_counted(port: int) -> dict[str, float]:
    """``ballerina_gateway_sessions_total`` by kind, from a process's /metrics."""
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as r:
        text = await r.text()
    counts: dict[str, float] = {}
    for m in re.finditer(r'^ballerina_gateway_sessions_total\{kind="(\w+)",shard="\d+"\} (\S+)$', text, re.M):
        counts[m.group(1)] = counts.get(m.group(1), 0) + float(m.group(2))
    return counts


async def test_shard_processes_started_and_restarted_together_never_exceed_the_identify_limit(
    fleet_database: str, tmp_path: Path
) -> None:
    async with running() as fake:
        fake.max_concurrency = MAX_CONCURRENCY
        fleet = Fleet(fake, fleet_database, tmp_path, SHARDS)
        try:
            with explained(fleet):
                for round_ in ("start", "restart"):
                    names = [f"{round_}-{shard}" for shard in range(SHARDS)]
                    for shard, name in enumerate(names):
                        await fleet.start(name, shard)
                    await until(lambda: len(fake.connections) == SHARDS, f"all shards READY ({round_})")
                    refused = [i["shard"] for i in fake.refused_identifies]
                    assert refused == [], f"{len(refused)} IDENTIFYs refused at the {round_}: {refused[:8]}"
                    for name in names:
                        counted = await until_metrics(fleet.metrics_port[name])
                        assert counted == {"identify": 1.0}, name
                    stopped = await fleet.terminate(*names)
                    assert all(code == 0 for code, _ in stopped.values()), json.dumps(stopped)
                    assert max(seconds for _, seconds in stopped.values()) < STOP_TIMEOUT
                    await until(lambda: not fake.connections, "every gateway connection closed")
        finally:
            await fleet.kill_all()
    assert len(fake.identifies) == 2 * SHARDS and fake.refused_identifies == []
    for bucket in range(MAX_CONCURRENCY):
        times = sorted(t for t, shard in fake.identified_at if shard % MAX_CONCURRENCY == bucket)
        assert all(b - a >= fake.identify_window for a, b in itertools.pairwise(times))


async def until_metrics(port: int) -> dict[str, float]:
    async def scrape() -> dict[str, float]:
        try:
            return await identifies_counted(port)
        except aiohttp.ClientError:
            return {}

    for _ in range(100):
        counted = await scrape()
        if counted:
            return counted
        await asyncio.sleep(0.1)
    raise AssertionError(f"no identify counted on :{port}")


async def test_the_fake_discord_refuses_an_identify_inside_its_buckets_window() -> None:
    """What makes the test above able to fail: processes that do not take turns are refused."""

    async def identify(url: str, shard: int) -> int:
        async with aiohttp.ClientSession() as session, session.ws_connect(f"{url}/gateway") as ws:
            await ws.receive_json()  # HELLO
            await ws.send_json({"op": 2, "d": {"token": "t", "intents": 0, "shard": [shard, SHARDS]}})
            return int((await ws.receive_json())["op"])  # 0: READY, 9: Invalid Session

    async with running() as fake:
        fake.max_concurrency = MAX_CONCURRENCY
        assert await identify(fake.url, 0) == 0
        assert await identify(fake.url, 1) == 0, "another bucket"
        assert await identify(fake.url, 2) == 9, "bucket 0 again within 5 s"
        fake.identified_at = [(t - fake.identify_window, s) for t, s in fake.identified_at]  # 5 s later
        assert await identify(fake.url, 2) == 0
        fake.session_starts_remaining = 0
        fake.identified_at.clear()
        assert await identify(fake.url, 3) == 9, "no session starts left"
    assert [i["shard"][0] for i in fake.refused_identifies] == [2, 3]
