"""Shard processes for the fleet tests: production's ``ballerina-bot run`` per shard, on one database."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fakes.fake_discord import FakeDiscord
from tests.support.world import FAKE_TOKEN

ROOT = Path(__file__).resolve().parents[2]
STOP_TIMEOUT = 30.0  # deploy/ballerina-bot.service: TimeoutStopSec=30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Fleet:
    """Bot processes against the fake Discord; every one still running is killed at the end."""

    def __init__(self, fake: FakeDiscord, database_url: str, logs: Path, shard_count: int) -> None:
        self.fake, self.database_url, self.logs, self.shard_count = fake, database_url, logs, shard_count
        self.procs: dict[str, asyncio.subprocess.Process] = {}
        self.metrics_port: dict[str, int] = {}

    async def start(self, name: str, shard: int, **env: str) -> asyncio.subprocess.Process:
        url = await self.fake.endpoint(name)  # its own port: the fake knows who sent what
        self.metrics_port[name] = free_port()
        environ = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DATABASE_URL": self.database_url,
            "SHARD_COUNT": str(self.shard_count),
            "SHARD_IDS": str(shard),
            "LOG_LEVEL": "INFO",
            "METRICS_PORT": str(self.metrics_port[name]),
            **env,
        }
        with (self.logs / f"{name}.log").open("wb") as log:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "fakes.shard_process",
                url,
                env=environ,
                cwd=self.logs,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.procs[name] = proc
        return proc

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    async def terminate(self, *names: str) -> dict[str, tuple[int, float]]:
        """SIGTERM the processes at once; each one's exit code and seconds to exit."""
        started = time.monotonic()
        for name in names:
            self.procs[name].send_signal(signal.SIGTERM)

        async def one(name: str) -> tuple[int, float]:
            code = await asyncio.wait_for(self.procs[name].wait(), STOP_TIMEOUT)
            return code, time.monotonic() - started

        results = await asyncio.gather(*(one(name) for name in names))
        return dict(zip(names, results, strict=True))

    async def kill_all(self) -> None:
        for proc in self.procs.values():
            if proc.returncode is None:
                proc.kill()
            await asyncio.wait_for(proc.wait(), 10)


@contextmanager
def explained(fleet: Fleet) -> Iterator[None]:
    """On failure, show what the bot processes logged."""
    try:
        yield
    except BaseException as exc:
        for name in fleet.procs:
            exc.add_note(f"--- {name} ---\n{fleet.log(name)[-3000:]}")
        raise


async def until(condition: Callable[[], Any], what: str, within: float = 60) -> Any:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
