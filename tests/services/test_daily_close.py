"""The daily question's optional close time, with an injected clock over a real SQLite file: the
answer is revealed at the close time once (restarts, two processes, downtime), and the next
question then carries no second reveal."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.content import Content
from bot.domain.daily import BadDailyInput
from bot.services.daily import DailyClosed
from bot.storage.bundle import Storage
from bot.storage.sql import sql_storage
from bot.storage.sqlite.database import Database
from tests.support.daily import Channel, SetClock, daily_service

GUILD, CHANNEL = 4_000_000_000_000_000, 55
PRAGUE = ZoneInfo("Europe/Prague")
DAY = date(2026, 6, 6)


def local(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=PRAGUE).astimezone(UTC)


async def tick(daily: object, channel: Channel) -> int:
    return await daily.tick(channel, channel.reveal)  # type: ignore[attr-defined, no-any-return]


async def test_the_answer_is_revealed_at_the_close_time_once_and_not_again_with_the_next_question(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(local(DAY, 8, 0))
    daily = daily_service(storage, content, wall)
    result = await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague", "21:00")
    assert result.schedule.close_minute == 21 * 60
    channel = Channel(wall)
    wall.at = local(DAY, 9, 0)
    assert await tick(daily, channel) == 1
    post = channel.posts[-1][1]
    assert post.closes_at == local(DAY, 21, 0)
    right = post.asked.correct_letter
    assert right is not None
    wall.at = local(DAY, 12, 0)
    await daily.answer(GUILD, post.day, 7, right)
    wall.at = local(DAY, 20, 59, 59)
    await tick(daily, channel)
    assert channel.closes == []
    wall.at = local(DAY, 21, 0)
    await tick(daily, channel)
    [(at, close)] = channel.closes
    assert at == local(DAY, 21, 0) and close.reveal.day == "2026-06-06" and close.reveal.first_right == [7]
    assert close.reply_to == 1001  # under the question's message
    await tick(daily, channel)
    await tick(daily_service(storage, content, wall), channel)  # a restart at the close minute
    assert len(channel.closes) == 1
    with pytest.raises(DailyClosed):  # closed: no more answers
        await daily.answer(GUILD, post.day, 8, right)
    wall.at = local(DAY + timedelta(days=1), 9, 0)
    assert await tick(daily, channel) == 1
    assert channel.posts[-1][1].reveal is None  # revealed already, at its close time
    assert len(channel.closes) == 1


async def test_a_close_time_before_the_post_time_closes_the_next_morning(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(local(DAY, 19, 0))
    daily = daily_service(storage, content, wall)
    await daily.setup(GUILD, CHANNEL, "20:00", "Europe/Prague", "08:00")
    channel = Channel(wall)
    wall.at = local(DAY, 20, 0)
    await tick(daily, channel)
    assert channel.posts[-1][1].closes_at == local(DAY + timedelta(days=1), 8, 0)
    wall.at = local(DAY, 23, 59)
    await tick(daily, channel)
    assert channel.closes == []
    wall.at = local(DAY + timedelta(days=1), 8, 0, 10)
    await tick(daily, channel)
    assert [c.reveal.day for _, c in channel.closes] == ["2026-06-06"]


async def test_downtime_through_the_close_and_the_next_post_reveals_once_then_posts(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(local(DAY, 8, 0))
    daily = daily_service(storage, content, wall)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague", "21:00")
    channel = Channel(wall)
    wall.at = local(DAY, 9, 0)
    await tick(daily, channel)
    wall.at = local(DAY + timedelta(days=1), 10, 0)  # down from 09:00 to 10:00 the next day
    restarted = daily_service(storage, content, wall)
    assert await tick(restarted, channel) == 1
    assert [c.reveal.day for _, c in channel.closes] == ["2026-06-06"]
    assert channel.posts[-1][1].reveal is None and channel.days == ["2026-06-06", "2026-06-07"]


async def test_a_close_time_set_while_a_question_is_open_applies_to_it(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(local(DAY, 8, 0))
    daily = daily_service(storage, content, wall)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    channel = Channel(wall)
    wall.at = local(DAY, 9, 0)
    await tick(daily, channel)
    assert channel.posts[-1][1].closes_at is None
    wall.at = local(DAY, 10, 0)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague", "18:00")
    await daily.pause(GUILD, True)  # paused: no more posts, but the open question still closes
    wall.at = local(DAY, 18, 0)
    await tick(daily, channel)
    assert [c.reveal.day for _, c in channel.closes] == ["2026-06-06"]


async def test_removing_the_close_time_reveals_with_the_next_question_again(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(local(DAY, 8, 0))
    daily = daily_service(storage, content, wall)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague", "21:00")
    channel = Channel(wall)
    wall.at = local(DAY, 9, 0)
    await tick(daily, channel)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    wall.at = local(DAY, 21, 0)
    await tick(daily, channel)
    assert channel.closes == []
    wall.at = local(DAY + timedelta(days=1), 9, 0)
    await tick(daily, channel)
    reveal = channel.posts[-1][1].reveal
    assert reveal is not None and reveal.day == "2026-06-06"


async def test_a_close_time_equal_to_the_post_time_is_refused_and_changes_nothing(
    storage: Storage, content: Content
) -> None:
    daily = daily_service(storage, content, SetClock(local(DAY, 8, 0)))
    with pytest.raises(BadDailyInput, match="must differ"):
        await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague", "09:00")
    with pytest.raises(BadDailyInput, match="HH:MM"):
        await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague", "9pm")
    assert await daily.schedule(GUILD) is None


async def test_paused_with_a_question_still_to_close_keeps_the_scheduler_running(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(local(DAY, 8, 0))
    daily = daily_service(storage, content, wall)
    channel = Channel(wall)
    await daily.start(channel, channel.reveal)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague", "21:00")
    wall.at = local(DAY, 9, 0)
    await tick(daily, channel)
    await daily.pause(GUILD, True)
    assert daily.running  # the open question closes at 21:00 even while paused
    wall.at = local(DAY, 21, 0)
    await tick(daily, channel)
    await daily.pause(GUILD, True)
    assert not daily.running  # nothing left to post or close
    await daily.stop()


async def test_two_processes_at_the_close_time_reveal_once(tmp_path: Path, content: Content) -> None:
    first = sql_storage(await Database.open(tmp_path / "shared.db"))
    second = sql_storage(await Database.open(tmp_path / "shared.db"))
    try:
        wall = SetClock(local(DAY, 8, 0))
        a, b = daily_service(first, content, wall), daily_service(second, content, wall)
        await a.setup(GUILD, CHANNEL, "09:00", "Europe/Prague", "21:00")
        channel = Channel(wall)
        wall.at = local(DAY, 9, 0)
        await tick(a, channel)
        wall.at = local(DAY, 21, 0)
        await asyncio.gather(tick(a, channel), tick(b, channel))
        assert len(channel.closes) == 1
    finally:
        await first.close()
        await second.close()
