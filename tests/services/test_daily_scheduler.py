"""The daily question's scheduler with an injected clock over a real SQLite file: the local time
across DST, restarts, crashes and downtime, answers, reveals and streaks."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.content import Content
from bot.domain.daily import due_at
from bot.services.daily import TICK_SECONDS, AlreadyAnsweredToday, AlreadyPosted, DailyClosed, DailyQuestions
from bot.storage.bundle import Storage
from bot.storage.sql import sql_storage
from bot.storage.sqlite.database import Database
from tests.support.daily import Channel, SetClock, daily_service
from tests.support.virtual_clock import VirtualClock

GUILD, CHANNEL = 4_000_000_000_000_000, 55
PRAGUE = ZoneInfo("Europe/Prague")


class FollowingClock(SetClock):
    """The wall clock moving with the virtual game clock the scheduler sleeps on."""

    def __init__(self, start: datetime, game_clock: VirtualClock) -> None:
        super().__init__(start)
        self.start, self.game_clock = start, game_clock

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.game_clock.now())


def local(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=PRAGUE).astimezone(UTC)


async def run_ticks(daily: DailyQuestions, game_clock: VirtualClock, count: int) -> None:
    """Let the real scheduler loop run ``count`` more rounds, one virtual tick apart."""
    for _ in range(count):
        daily.ticked.clear()
        await game_clock.advance(TICK_SECONDS)
        # Its database work runs on a thread, past the clock's settling: wait for the round to end.
        await asyncio.wait_for(daily.ticked.wait(), timeout=10)


async def test_posts_at_nine_local_every_day_across_the_change_to_summer_time(
    storage: Storage, content: Content
) -> None:
    """The real scheduler loop on virtual time, for ten minutes around 09:00 local on 28 and 29 March
    2026 (summer time begins in between): each post comes in the tick that reaches 09:00."""
    game_clock = VirtualClock()
    wall = FollowingClock(local(date(2026, 3, 28), 8, 55), game_clock)
    daily = daily_service(storage, content, wall, game_clock=game_clock)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    channel = Channel(wall)
    await daily.start(channel)
    await run_ticks(daily, game_clock, 20)
    # The night passes (no post is due in it): the wall clock reads 08:55 summer time next.
    wall.start = local(date(2026, 3, 29), 8, 55) - timedelta(seconds=game_clock.now())
    await run_ticks(daily, game_clock, 20)
    await daily.stop()
    assert channel.days == ["2026-03-28", "2026-03-29"]
    for at, post in channel.posts:  # each within one tick of 09:00 local, summer time or not
        due = due_at(date.fromisoformat(post.day), 9 * 60, PRAGUE)
        assert timedelta(0) <= at - due < timedelta(seconds=TICK_SECONDS)
    assert channel.posts[1][0] - channel.posts[0][0] < timedelta(hours=23, seconds=TICK_SECONDS)


async def test_a_restart_at_the_due_minute_posts_once(storage: Storage, content: Content) -> None:
    wall = SetClock(local(date(2026, 6, 6), 8, 59, 59))
    first = daily_service(storage, content, wall)
    await first.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    channel = Channel(wall)
    assert await first.tick(channel) == 0
    wall.at = local(date(2026, 6, 6), 9, 0, 0)
    assert await first.tick(channel) == 1
    restarted = daily_service(storage, content, wall)  # a new process, the same minute
    wall.at = local(date(2026, 6, 6), 9, 0, 30)
    assert await restarted.tick(channel) == 0
    with pytest.raises(AlreadyPosted):
        await restarted.post_now(GUILD, channel)
    assert channel.days == ["2026-06-06"]


async def test_a_crash_right_after_posting_does_not_post_again(storage: Storage, content: Content) -> None:
    wall = SetClock(local(date(2026, 6, 6), 8, 59))
    crashed = daily_service(storage, content, wall)
    await crashed.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    wall.at = local(date(2026, 6, 6), 9, 0, 5)
    channel = Channel(wall, fail_after_sending=True)
    assert await crashed.tick(channel) == 0  # the send "failed" after Discord took it (logged)
    channel.fail_after_sending = False
    assert await daily_service(storage, content, wall).tick(channel) == 0
    assert channel.days == ["2026-06-06"]


async def test_downtime_through_the_due_time_posts_once_late_or_not_at_all_once_the_day_is_over(
    storage: Storage, content: Content
) -> None:
    day = date(2026, 6, 6)
    wall = SetClock(local(day, 8, 0))
    daily = daily_service(storage, content, wall)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    channel = Channel(wall)
    wall.at = local(day, 15, 0)  # down from 08:00 to 15:00: today's is posted late, once
    assert await daily.tick(channel) == 1
    assert await daily.tick(channel) == 0
    wall.at = local(day + timedelta(days=2), 8, 0)  # down through all of the 7th: no backlog
    assert await daily.tick(channel) == 0
    assert await daily.tick(channel) == 0
    wall.at = local(day + timedelta(days=2), 9, 0)
    assert await daily.tick(channel) == 1
    wall.at = local(day + timedelta(days=4), 23, 59)  # down through the 9th's time: still the 10th's
    assert await daily.tick(channel) == 1
    assert channel.days == ["2026-06-06", "2026-06-08", "2026-06-10"]


async def test_a_move_to_a_zone_a_day_behind_never_posts_a_date_twice(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(datetime(2026, 6, 5, 20, 0, tzinfo=UTC))  # 6 June, 09:00 on Kiritimati (+14)
    daily = daily_service(storage, content, wall)
    await daily.setup(GUILD, CHANNEL, "09:00", "Pacific/Kiritimati")
    wall.at = datetime(2026, 6, 5, 19, 0, tzinfo=UTC)
    await daily.setup(GUILD, CHANNEL, "09:00", "Pacific/Kiritimati")
    channel = Channel(wall)
    wall.at = datetime(2026, 6, 5, 19, 0, 1, tzinfo=UTC)
    await daily.post_now(GUILD, channel)
    assert channel.days == ["2026-06-06"]
    await daily.setup(GUILD, CHANNEL, "09:00", "Pacific/Pago_Pago")  # -11: it is 5 June there
    for hours in range(0, 74):  # to 8 June 21:00 UTC, past 09:00 on the 8th in Pago Pago
        wall.at = datetime(2026, 6, 5, 19, 0, 1, tzinfo=UTC) + timedelta(hours=hours)
        await daily.tick(channel)
    assert channel.days == ["2026-06-06", "2026-06-07", "2026-06-08"]


async def test_another_shards_server_is_left_to_its_process(storage: Storage, content: Content) -> None:
    wall = SetClock(local(date(2026, 6, 6), 8, 0))
    others = daily_service(storage, content, wall, owns_guild=lambda guild_id: False)
    await others.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    wall.at = local(date(2026, 6, 6), 9, 0)
    channel = Channel(wall)
    assert await others.tick(channel) == 0
    assert await daily_service(storage, content, wall).tick(channel) == 1


async def test_answers_either_side_of_midnight_make_a_streak_and_the_next_post_reveals(
    storage: Storage, content: Content
) -> None:
    day = date(2026, 3, 28)  # the night the clocks go forward
    wall = SetClock(local(day, 0, 0) - timedelta(minutes=1))
    daily = daily_service(storage, content, wall)
    await daily.setup(GUILD, CHANNEL, "00:00", "Europe/Prague")
    channel = Channel(wall)
    wall.at = local(day, 0, 0)
    assert await daily.tick(channel) == 1
    first = channel.posts[-1][1]
    right = first.asked.correct_letter
    assert right is not None
    wall.at = local(day, 23, 59, 59)
    assert (await daily.answer(GUILD, first.day, 7, right)).current == 1
    wrong = next(letter for letter in "ABCD" if letter != right)
    wall.at = local(day, 23, 59, 59) + timedelta(milliseconds=1)
    await daily.answer(GUILD, first.day, 8, wrong)
    with pytest.raises(AlreadyAnsweredToday):
        await daily.answer(GUILD, first.day, 7, wrong)
    wall.at = local(day + timedelta(days=1), 0, 0)
    assert await daily.tick(channel) == 1
    second = channel.posts[-1][1]
    assert second.reveal is not None and second.reveal.first_right == [7] and second.reveal.answers == 2
    with pytest.raises(DailyClosed):  # yesterday's buttons are closed now
        await daily.answer(GUILD, first.day, 9, right)
    wall.at = local(day + timedelta(days=1), 0, 0, 1)
    streak = await daily.answer(GUILD, second.day, 7, "A")
    assert (streak.current, streak.best) == (2, 2)
    assert (await daily.streak(GUILD, 8)).current == 1  # alive: today's may still be answered
    board = await daily.streak_board(GUILD)
    assert [(r.user_id, r.streak.current) for r in board] == [(7, 2), (8, 1)]
    wall.at = local(day + timedelta(days=2), 0, 0)
    await daily.tick(channel)
    assert (await daily.streak(GUILD, 8)).current == 0  # let a question pass: the streak is gone
    assert (await daily.streak(GUILD, 8)).best == 1


async def test_no_question_repeats_until_every_allowed_one_was_asked(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(local(date(2026, 1, 1), 8, 0))
    daily = daily_service(storage, content, wall)
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    channel = Channel(wall)
    for n in range(60):
        wall.at = local(date(2026, 1, 1) + timedelta(days=n), 9, 0)
        assert await daily.tick(channel) == 1
    asked = [post.asked.question.id for _, post in channel.posts]
    assert len(set(asked)) == len(asked)


async def test_two_processes_ticking_at_once_post_once(tmp_path: Path, content: Content) -> None:
    """Two processes on one SQLite file, each with its own connection, claim the same due post."""
    first = sql_storage(await Database.open(tmp_path / "shared.db"))
    second = sql_storage(await Database.open(tmp_path / "shared.db"))
    try:
        wall = SetClock(local(date(2026, 6, 6), 8, 0))
        a, b = daily_service(first, content, wall), daily_service(second, content, wall)
        await a.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
        wall.at = local(date(2026, 6, 6), 9, 0)
        channel = Channel(wall)
        assert sum(await asyncio.gather(a.tick(channel), b.tick(channel))) == 1
        assert channel.days == ["2026-06-06"]
    finally:
        await first.close()
        await second.close()


async def test_the_scheduler_runs_only_while_some_server_has_an_active_daily_question(
    storage: Storage, content: Content
) -> None:
    wall = SetClock(local(date(2026, 6, 6), 8, 0))
    daily = daily_service(storage, content, wall)
    channel = Channel(wall)
    await daily.start(channel)
    assert not daily.running  # no daily question anywhere: no task, no timer
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    assert daily.running
    await daily.pause(GUILD, True)
    assert not daily.running
    await daily.pause(GUILD, False)
    assert daily.running
    await daily.turn_off(GUILD)
    assert not daily.running
    await daily.setup(GUILD, CHANNEL, "09:00", "Europe/Prague")
    restarted = daily_service(storage, content, wall)
    await restarted.start(channel)  # a restart finds the schedule in the database
    assert restarted.running
    await daily.stop()
    await restarted.stop()
