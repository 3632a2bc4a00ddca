"""Retention without Discord: which process keeps a timer, and what a reconcile decides."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from datetime import timedelta

from bot.services.retention import Retention
from bot.storage.bundle import Storage
from tests.support.server_data import fill_server
from tests.support.stores import GUILD, OTHER_GUILD, T0
from tests.support.tasks import live_task

THIRD = 333_333_333_333_333_333


def present(*guild_ids: int):  # type: ignore[no-untyped-def]
    async def servers() -> Collection[int]:
        return set(guild_ids)

    return servers


async def test_a_process_that_does_not_reconcile_keeps_no_timer_while_nothing_is_pending(
    storage: Storage,
) -> None:
    quiet = Retention(storage.servers, lambda: T0, timedelta(days=30), check_every=0.01)
    await quiet.load()
    quiet.start()
    assert live_task("retention") is None, "no departure pending: no timer at all"
    await quiet.server_left(GUILD)
    timer = live_task("retention")
    assert timer is not None
    await quiet.server_joined(GUILD)
    await asyncio.wait_for(timer, 5)  # "the last departure ended: the timer stops" at its next check
    assert live_task("retention") is None
    await quiet.stop()

    asking = Retention(storage.servers, lambda: T0, timedelta(days=30), servers=present(GUILD))
    await asking.load()
    asking.start()
    assert live_task("retention") is not None, "the process that asks Discord keeps asking"
    await asking.stop()
    assert live_task("retention") is None


async def test_reconcile_starts_and_ends_grace_periods_from_discords_list(storage: Storage) -> None:
    for guild in (GUILD, OTHER_GUILD):
        await fill_server(storage, guild, (7, 8), 9, T0)
    await storage.servers.record_departure(THIRD, T0)  # left before, no data here any more
    retention = Retention(storage.servers, lambda: T0, timedelta(days=30), servers=present(GUILD, THIRD))
    await retention.load()
    left, back = await retention.reconcile()
    assert (left, back) == ([OTHER_GUILD], [THIRD])
    assert [d.guild_id for d in await storage.servers.departures()] == [OTHER_GUILD]
    assert retention.is_member_of(GUILD) and not retention.is_member_of(OTHER_GUILD)
    assert await retention.reconcile() == ([], []), "a departure already noted is not noted twice"


async def data_of(storage: Storage, guild_id: int) -> dict[str, int]:
    """Rows per table of the server's own data (its departure record aside)."""
    counts = await storage.servers.counts(guild_id)
    del counts["guild_departures"]
    return counts


async def test_a_departure_recorded_after_discords_list_was_read_deletes_nothing_of_a_server_the_bot_is_in(
    storage: Storage,
) -> None:
    """Between two hourly reconciles another process (or an older version) records a departure of a
    server the bot is in, long enough ago to be due: the purge must ask whether the bot is still there."""
    for guild in (GUILD, OTHER_GUILD):
        await fill_server(storage, guild, (7, 8), 9, T0)
    grace = timedelta(days=30)
    retention = Retention(storage.servers, lambda: T0, grace, servers=present(GUILD, OTHER_GUILD))
    await retention.load()
    assert await retention.reconcile() == ([], [])
    kept = {guild: await data_of(storage, guild) for guild in (GUILD, OTHER_GUILD)}
    assert all(kept[GUILD].values()), "the server has a row in every table to lose"

    await storage.servers.record_departure(GUILD, T0 - grace * 2)
    assert await retention.purge_due() == []
    assert {guild: await data_of(storage, guild) for guild in (GUILD, OTHER_GUILD)} == kept
    assert await storage.servers.departures() == [], "the stale departure is dropped"


async def test_a_process_that_sees_the_server_in_its_cache_deletes_nothing_of_it(storage: Storage) -> None:
    """A process that does not reconcile (not shard 0) but has the server in its guild cache."""
    await fill_server(storage, GUILD, (7, 8), 9, T0)
    await fill_server(storage, OTHER_GUILD, (7, 8), 9, T0)
    grace = timedelta(days=30)
    retention = Retention(storage.servers, lambda: T0, grace, is_member_of=lambda guild: guild == GUILD)
    await retention.load()
    for guild in (GUILD, OTHER_GUILD):
        await storage.servers.record_departure(guild, T0 - grace * 2)
    kept = await data_of(storage, GUILD)

    purged = await retention.purge_due()
    assert [server.guild_id for server in purged] == [OTHER_GUILD], "the departed one is still deleted"
    assert await data_of(storage, GUILD) == kept
    assert set((await data_of(storage, OTHER_GUILD)).values()) == {0}
