"""The daily question's scheduler at 10,000 servers: the cost of one tick, and memory.

``python -m bench.daily [--servers 10000] [--ticks 200] [--postgres URL]``

A fresh database (SQLite file, or PostgreSQL when ``--postgres`` names one) holds ``servers``
schedules in 24 time zones with their times spread over the day; the real ``DailyQuestions`` service
(the production stores, content and question pool; a poster that only counts) then runs:

* ``idle tick``: a tick at a moment no server is due (the usual case: one indexed query);
* ``due tick``: a tick at which ``due`` servers are due (each claimed, drawn and "posted");
* ``baseline``: ``SELECT 1`` on the same database, measured in the same run: the floor of any query.

Medians over ``ticks`` samples; the idle tick is also run on a database of 100 servers (the same
run) so the ratio shows whether the cost grows with the number of servers. Memory is the Python
heap (tracemalloc) before and after ``ticks`` idle ticks, and after the day's posts (every server
posts once; the service keeps at most 1,024 open questions for judging clicks).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.stats import median, ratio, us
from bot.content.loader import load_content
from bot.domain.clocks import MonotonicClock
from bot.domain.daily import due_at
from bot.domain.question_families import generate_questions
from bot.services.audiences import Audiences
from bot.services.daily import DailyPost, DailyQuestions
from bot.services.trivia_questions import TriviaQuestions
from bot.storage.backend import open_storage
from bot.storage.bundle import Storage

ZONES = (
    "UTC", "Europe/London", "Europe/Prague", "Europe/Helsinki", "Europe/Moscow", "Asia/Dubai",
    "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo",
    "Australia/Sydney", "Pacific/Auckland", "Pacific/Apia", "Pacific/Honolulu", "America/Anchorage",
    "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
    "America/Sao_Paulo", "Atlantic/Azores", "Africa/Lagos",
)  # fmt: skip
DAY = date(2026, 6, 6)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


async def fill(storage: Storage, servers: int, rng: random.Random) -> list[int]:
    """``servers`` schedules, due times spread over the day; their due instants (UTC seconds)."""
    dues = []
    for n in range(servers):
        zone, minute = rng.choice(ZONES), rng.randrange(24 * 60)
        due = int(due_at(DAY, minute, ZoneInfo(zone)).timestamp())
        await storage.daily.set_schedule(1_000_000 + n, 10 + n, minute, zone, due)
        dues.append(due)
    return sorted(dues)


async def measure(target: str | Path, servers: int, ticks: int) -> dict[str, Any]:
    rng = random.Random(6)
    storage = await open_storage(target)
    content = load_content()
    try:
        dues = await fill(storage, servers, rng)
        clock = Clock(datetime.fromtimestamp(dues[0] - 60, UTC))  # before every server's time
        questions = TriviaQuestions(content, generate_questions(content), storage.trivia, clock)
        daily = DailyQuestions(
            storage.daily,
            storage.members,
            questions,
            Audiences(storage.settings, clock),
            clock=MonotonicClock(),
            wall_clock=clock,
            rng=rng,
        )
        posted = 0

        async def poster(post: DailyPost) -> int:
            nonlocal posted
            posted += 1
            return posted

        db = storage.database
        baseline, idle = [], []
        for _ in range(ticks):
            t0 = time.perf_counter()
            await db.fetchone("SELECT 1")
            baseline.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            assert await daily.tick(poster) == 0
            idle.append(time.perf_counter() - t0)
        tracemalloc.start()
        await daily.tick(poster)
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(ticks):
            await daily.tick(poster)
        after_idle = tracemalloc.get_traced_memory()[0]
        # The day in 30-second ticks, fast-forwarded: every server gets its one post.
        due_ticks: list[tuple[int, float]] = []
        at = clock.at
        end = datetime.fromtimestamp(dues[-1] + 60, UTC)
        while at < end:
            at += timedelta(seconds=30)
            clock.at = at
            t0 = time.perf_counter()
            n = await daily.tick(poster)
            if n:
                due_ticks.append((n, time.perf_counter() - t0))
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        per_post = [seconds / n for n, seconds in due_ticks]
        return {
            "servers": servers,
            "baseline_us": us(median(baseline)),
            "idle_tick_us": us(median(idle)),
            "idle_vs_baseline": round(ratio(median(idle), median(baseline)), 2),
            "posted": posted,
            "due_ticks": len(due_ticks),
            "per_post_us": us(median(per_post)) if per_post else None,
            "max_posts_in_a_tick": max((n for n, _ in due_ticks), default=0),
            "slowest_tick_ms": round(max((t for _, t in due_ticks), default=0.0) * 1000, 1),
            "heap_before_kib": round(before / 1024, 1),
            "heap_after_idle_ticks_kib": round(after_idle / 1024, 1),
            "heap_after_the_days_posts_kib": round(after / 1024, 1),
        }
    finally:
        await storage.close()


async def run(servers: int, ticks: int, postgres: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        small_target: str | Path = postgres or Path(tmp) / "small.db"
        big_target: str | Path = postgres or Path(tmp) / "big.db"
        if postgres:  # one database: the small run first, then emptied for the big one
            small = await measure(small_target, 100, ticks)
            await empty(postgres)
        else:
            small = await measure(small_target, 100, ticks)
        big = await measure(big_target, servers, ticks)
    return {
        "small": small,
        "big": big,
        "idle_tick_big_vs_small": round(ratio(big["idle_tick_us"], small["idle_tick_us"]), 2),
    }


async def empty(url: str) -> None:
    storage = await open_storage(url)
    try:
        for table in ("daily_schedules", "daily_answers", "daily_streaks", "daily_asked"):
            await storage.database.execute(f"DELETE FROM {table}")
    finally:
        await storage.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--ticks", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on instead of a SQLite file")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(run(args.servers, args.ticks, args.postgres)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
