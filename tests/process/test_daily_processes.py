"""Two real processes on one PostgreSQL database tick the same server's daily question: each day is
posted once in all."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage.backend import open_storage

ROOT = Path(__file__).resolve().parents[2]
GUILD, DAYS = 7_000_000_000_000_000, 15


@pytest.mark.postgresql
async def test_two_processes_post_each_day_once(postgres_url: str) -> None:
    storage = await open_storage(postgres_url)
    try:
        due = int(datetime(2026, 7, 1, 7, 0, tzinfo=UTC).timestamp())  # 09:00 in Prague
        await storage.daily.set_schedule(GUILD, 55, 540, "Europe/Prague", due)
    finally:
        await storage.close()
    command = [sys.executable, "-m", "tests.support.daily_process", postgres_url, str(GUILD), str(DAYS)]
    processes = [
        await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(2)
    ]
    posted = []
    for process in processes:
        out, err = await asyncio.wait_for(process.communicate(), timeout=120)
        assert process.returncode == 0, err.decode()
        posted.append(int(out.decode().strip().splitlines()[-1]))
    assert sum(posted) == DAYS, posted  # each day once, whichever process won it
    storage = await open_storage(postgres_url)
    try:
        row = await storage.daily.schedule(GUILD)
        assert row is not None and row.last_posted_day == f"2026-07-{DAYS:02d}"
    finally:
        await storage.close()
