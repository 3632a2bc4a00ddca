"""One "shard process" of the daily question, for the two-process test: ``python -m
tests.support.daily_process DATABASE_URL GUILD DAYS``. It ticks at each of ``DAYS`` days' due time
(09:00 Prague from 1 July 2026) and prints how many questions it posted."""

from __future__ import annotations

import asyncio
import sys
from datetime import date, timedelta

from bot.content.loader import load_content
from bot.domain.daily import due_at, zone
from bot.storage.backend import open_storage
from tests.support.daily import Channel, SetClock, daily_service

FIRST = date(2026, 7, 1)


async def run(url: str, guild_id: int, days: int) -> int:
    storage = await open_storage(url)
    try:
        clock = SetClock(due_at(FIRST, 540, zone("Europe/Prague")))
        daily = daily_service(storage, load_content(), clock)
        channel = Channel(clock)
        for n in range(days):
            clock.at = due_at(FIRST + timedelta(days=n), 540, zone("Europe/Prague"))
            for _ in range(3):  # a few ticks in the due minute, as after a restart
                await daily.tick(channel)
        return len(channel.posts)
    finally:
        await storage.close()


if __name__ == "__main__":
    print(asyncio.run(run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
