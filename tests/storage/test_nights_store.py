"""The trivia nights store: due nights in one query, and a claim that only one caller wins."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.domain.trivia.nights import NightStatus
from bot.storage.driver import Driver
from bot.storage.sql.nights_store import SqlNightStore
from tests.support.stores import ADMIN, GUILD, OTHER_GUILD, T0, open_driver


async def add(store: SqlNightStore, guild: int = GUILD, hours: int = 1) -> int:
    return await store.add_night(
        guild, 10, 10, 500 + hours, T0 + timedelta(hours=hours), 5, "easy", ADMIN, T0
    )


async def test_due_nights_are_those_scheduled_at_or_before_now_across_servers(db: Driver) -> None:
    store = SqlNightStore(db)
    first, later, elsewhere = (
        await add(store, hours=1),
        await add(store, hours=3),
        await add(store, OTHER_GUILD, 2),
    )
    assert [n.id for n in await store.due(T0 + timedelta(hours=2), 50)] == [first, elsewhere]
    assert [n.id for n in await store.due(T0 + timedelta(hours=1), 50)] == [first]
    assert await store.settle(first, T0 + timedelta(hours=1), NightStatus.STARTED)
    assert [n.id for n in await store.due(T0 + timedelta(hours=5), 50)] == [elsewhere, later]
    assert [n.id for n in await store.scheduled(GUILD)] == [later]


async def test_a_night_is_claimed_once_and_not_at_a_time_it_moved_from(db: Driver) -> None:
    store = SqlNightStore(db)
    night = await add(store)
    at = T0 + timedelta(hours=1)
    assert await store.move(night, at, at + timedelta(hours=1))
    assert not await store.settle(night, at, NightStatus.STARTED)  # it moved: a stale claim loses
    assert await store.settle(night, at + timedelta(hours=1), NightStatus.STARTED)
    assert not await store.settle(night, at + timedelta(hours=1), NightStatus.STARTED)
    assert not await store.settle(night, at + timedelta(hours=1), NightStatus.CANCELLED)
    stored = await store.night(GUILD, night)
    assert stored is not None and stored.status is NightStatus.STARTED
    assert await store.night(OTHER_GUILD, night) is None  # another server's number


async def test_two_processes_claiming_the_same_night_at_once_start_it_once(
    db: Driver, database_url: str
) -> None:
    at = T0 + timedelta(hours=1)
    others = [await open_driver(database_url) for _ in range(3)]  # each its own connection(s), like a process
    try:
        stores = [SqlNightStore(d) for d in (db, *others)]
        for _ in range(5):
            night = await add(stores[0])
            wins = await asyncio.gather(*(s.settle(night, at, NightStatus.STARTED) for s in stores))
            assert wins.count(True) == 1, wins
        rows = await db.fetchall("SELECT DISTINCT status FROM trivia_nights")
        assert [tuple(r) for r in rows] == [("started",)]
    finally:
        for d in others:
            await d.close()
