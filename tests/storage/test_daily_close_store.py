"""The daily question's close on both databases: each day's answer is revealed once, at its close
time or with the next question (whichever claims it first), also by two connections at once."""

from __future__ import annotations

import asyncio

import pytest

from bot.domain.daily import DailyAnswer, extend
from bot.storage.driver import Driver
from bot.storage.sql.daily_store import SqlDailyStore
from tests.support.stores import GUILD, open_driver

DUE = 1_780_000_000
CLOSES = DUE + 12 * 3600


async def post(store: SqlDailyStore, day: str, close_due_at: int | None = CLOSES) -> bool:
    return await store.claim(
        GUILD,
        day,
        DUE + 86_400,
        f"q-{day}",
        DUE,
        reset_history=False,
        active_only=True,
        close_due_at=close_due_at,
    )


async def test_a_close_is_due_once_and_revealed_once(db: Driver) -> None:
    store = SqlDailyStore(db)
    await store.set_schedule(GUILD, 10, 540, "UTC", DUE, 21 * 60)
    assert await post(store, "2026-06-06")
    assert await store.due_closes(CLOSES - 1, 10) == []
    [due] = await store.due_closes(CLOSES, 10)
    assert (due.last_posted_day, due.close_minute, due.closed_day) == ("2026-06-06", 21 * 60, "")
    assert await store.has_active()
    assert await store.claim_close(GUILD, "2026-06-06")
    assert not await store.claim_close(GUILD, "2026-06-06")
    assert await store.due_closes(CLOSES + 3600, 10) == []
    assert not await store.claim_reveal(GUILD, "2026-06-06")  # the next post reveals nothing again
    with pytest.raises(LookupError):  # closed: no more answers
        await store.answer(GUILD, "2026-06-06", DailyAnswer(7, True, DUE * 1000), extend)


async def test_without_a_close_the_next_post_reveals_once(db: Driver) -> None:
    store = SqlDailyStore(db)
    await store.set_schedule(GUILD, 10, 540, "UTC", DUE)
    assert await post(store, "2026-06-06", None)
    assert await store.due_closes(DUE + 10 * 86_400, 10) == []
    assert await post(store, "2026-06-07", None)
    assert await store.claim_reveal(GUILD, "2026-06-06")
    assert not await store.claim_reveal(GUILD, "2026-06-06")
    assert not await store.claim_close(GUILD, "2026-06-06")  # not the open question any more


async def test_two_connections_at_the_close_time_reveal_once(database_url: str) -> None:
    first, second = await open_driver(database_url), await open_driver(database_url)
    try:
        a, b = SqlDailyStore(first), SqlDailyStore(second)
        await a.set_schedule(GUILD, 10, 540, "UTC", DUE, 21 * 60)
        for n in range(1, 11):
            day = f"2026-07-{n:02d}"
            assert await post(a, day)
            won = await asyncio.gather(
                a.claim_close(GUILD, day), b.claim_close(GUILD, day), b.claim_reveal(GUILD, day)
            )
            assert sorted(won) == [False, False, True], day
    finally:
        await first.close()
        await second.close()
