"""The daily question's store on both databases: the claim that makes each day's post happen once,
the due query, answers and streaks, and a member's deletion."""

from __future__ import annotations

import asyncio

import pytest

from bot.domain.daily import DailyAnswer, Streak, extend
from bot.storage.driver import Driver
from bot.storage.sql.daily_store import SqlDailyStore
from bot.storage.sql.members_store import SqlMemberDataStore
from tests.support.stores import GUILD, OTHER_GUILD, open_driver

DUE = 1_780_000_000


async def claim(store: SqlDailyStore, day: str, *, active_only: bool = True, guild: int = GUILD) -> bool:
    return await store.claim(
        guild, day, DUE + 86_400, f"q-{day}", DUE, reset_history=False, active_only=active_only
    )


async def test_a_day_is_claimed_once_and_the_next_day_again(db: Driver) -> None:
    store = SqlDailyStore(db)
    await store.set_schedule(GUILD, 10, 540, "Europe/Prague", DUE)
    assert await claim(store, "2026-06-06")
    assert not await claim(store, "2026-06-06")
    assert not await claim(store, "2026-06-05")  # an earlier date (a zone moved back) never
    assert await claim(store, "2026-06-07")
    row = await store.schedule(GUILD)
    assert row is not None and (row.last_posted_day, row.previous_day) == ("2026-06-07", "2026-06-06")
    assert row.next_due_at == DUE + 86_400 and row.question_id == "q-2026-06-07"


async def test_a_paused_schedule_is_not_claimed_by_the_scheduler_but_is_by_daily_now(db: Driver) -> None:
    store = SqlDailyStore(db)
    await store.set_schedule(GUILD, 10, 540, "Europe/Prague", DUE)
    await store.set_paused(GUILD, True, DUE)
    assert await store.due(DUE, 10) == []
    assert not await claim(store, "2026-06-06")
    assert await claim(store, "2026-06-06", active_only=False)


async def test_the_due_query_returns_only_active_due_schedules_of_present_servers_earliest_first(
    db: Driver,
) -> None:
    store = SqlDailyStore(db)
    for guild, due in ((1, DUE + 5), (2, DUE - 5), (3, DUE + 60), (4, DUE)):
        await store.set_schedule(guild, 10, 540, "UTC", due)
    await store.set_paused(4, True, DUE)
    await store.set_schedule(5, 10, 540, "UTC", DUE - 10)
    await db.execute("INSERT INTO guild_departures (guild_id, left_at) VALUES (5, 0)")  # the bot left it
    assert [row.guild_id for row in await store.due(DUE + 5, 10)] == [2, 1]
    assert [row.guild_id for row in await store.due(DUE + 5, 1)] == [2]


async def test_the_due_query_is_a_range_read_of_its_index(db: Driver) -> None:
    sql = (
        "SELECT guild_id FROM daily_schedules s WHERE paused = 0 AND next_due_at <= ? "
        "AND NOT EXISTS (SELECT 1 FROM guild_departures d WHERE d.guild_id = s.guild_id) "
        "ORDER BY next_due_at LIMIT ?"
    )
    if db.dialect.name == "sqlite":
        plan = " / ".join(row[3] for row in await db.fetchall(f"EXPLAIN QUERY PLAN {sql}", (DUE, 10)))
        assert "daily_schedules_due" in plan and "TEMP B-TREE" not in plan, plan
        return
    async with db.transaction() as tx:
        await tx.execute("SET LOCAL enable_seqscan = off")
        plan = " / ".join(row[0] for row in await tx.fetchall(f"EXPLAIN {sql}", (DUE, 10)))
    assert "daily_schedules_due" in plan and "Sort" not in plan, plan


async def test_two_connections_racing_for_the_same_day_post_it_once(database_url: str) -> None:
    """Two store instances on separate connections (two shard processes) claim each day at once."""
    first, second = await open_driver(database_url), await open_driver(database_url)
    try:
        a, b = SqlDailyStore(first), SqlDailyStore(second)
        await a.set_schedule(GUILD, 10, 540, "Europe/Prague", DUE)
        for n in range(1, 21):
            day = f"2026-07-{n:02d}"
            won = await asyncio.gather(claim(a, day), claim(b, day), claim(b, day), claim(a, day))
            assert sorted(won) == [False, False, False, True], day
        row = await first.fetchone("SELECT COUNT(*) FROM daily_asked WHERE guild_id = ?", (GUILD,))
        assert row is not None and row[0] == 20
    finally:
        await first.close()
        await second.close()


async def test_a_member_answers_a_day_once_and_only_while_it_is_open(db: Driver) -> None:
    store = SqlDailyStore(db)
    await store.set_schedule(GUILD, 10, 540, "Europe/Prague", DUE)
    await claim(store, "2026-06-06")
    answer = DailyAnswer(7, True, DUE * 1000)
    assert await store.answer(GUILD, "2026-06-06", answer, extend) == Streak(1, 1, "2026-06-06")
    assert await store.answer(GUILD, "2026-06-06", DailyAnswer(7, False, DUE * 1000 + 1), extend) is None
    await claim(store, "2026-06-07")
    with pytest.raises(LookupError):
        await store.answer(GUILD, "2026-06-06", DailyAnswer(8, True, DUE * 1000), extend)
    assert await store.answer(GUILD, "2026-06-07", answer, extend) == Streak(2, 2, "2026-06-07")
    assert [a.user_id for a in await store.first_right(GUILD, "2026-06-06", 5)] == [7]


async def test_deleting_a_member_removes_their_daily_answers_and_streak_only(
    db: Driver, members: SqlMemberDataStore
) -> None:
    store = SqlDailyStore(db)
    for guild in (GUILD, OTHER_GUILD):
        await store.set_schedule(guild, 10, 540, "Europe/Prague", DUE)
        await claim(store, "2026-06-06", guild=guild)
        for user in (7, 8):
            await store.answer(guild, "2026-06-06", DailyAnswer(user, True, DUE * 1000), extend)
    await members.forget_member(GUILD, 7)
    left = await db.fetchall("SELECT guild_id, user_id FROM daily_answers ORDER BY guild_id, user_id")
    assert [tuple(r) for r in left] == [(GUILD, 8), (OTHER_GUILD, 7), (OTHER_GUILD, 8)]
    assert await store.streak(GUILD, 7) == Streak()
    assert (await store.streak(OTHER_GUILD, 7)).current == 1


async def test_a_members_records_hold_their_daily_answers_and_streak(
    db: Driver, members: SqlMemberDataStore
) -> None:
    store = SqlDailyStore(db)
    await store.set_schedule(GUILD, 10, 540, "Europe/Prague", DUE)
    for day in ("2026-06-06", "2026-06-07"):
        await claim(store, day)
        await store.answer(GUILD, day, DailyAnswer(7, day.endswith("7"), DUE * 1000), extend)
        await store.answer(GUILD, day, DailyAnswer(8, True, DUE * 1000), extend)
    records = await members.member_records(GUILD, 7)
    assert [(day, a.user_id, a.correct) for day, a in records.daily_answers] == [
        ("2026-06-06", 7, False),
        ("2026-06-07", 7, True),
    ]
    assert records.daily_streak == Streak(2, 2, "2026-06-07")
    assert (await members.member_records(GUILD, 9)).daily_streak is None
