"""Retention without Discord: which process keeps a timer, and what a reconcile decides."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from datetime import timedelta

from bot.services.retention import Retention
from bot.storage.bundle import Storage
from tests.storage.conftest import GUILD, OTHER_GUILD, T0
from tests.support.server_data import fill_server
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
