"""Turns to IDENTIFY, taken from the database every shard process shares (bot/identify.py)."""

from __future__ import annotations

import asyncio
import itertools

from bot.identify import IDENTIFY_SPACING, IDENTIFY_WINDOW
from bot.storage.driver import Driver
from bot.storage.sql.identify_turns import SqlIdentifyTurns
from tests.support.stores import open_driver

# The turns below are taken within well under this many seconds of each other.
SLACK = 1.0


async def test_a_bucket_gives_one_turn_per_window_and_other_buckets_do_not_wait(db: Driver) -> None:
    turns = SqlIdentifyTurns(db)
    assert await turns.take(0, 2, IDENTIFY_SPACING) == 0.0
    assert await turns.take(1, 2, IDENTIFY_SPACING) == 0.0, "another bucket has a turn of its own"
    second = await turns.take(0, 2, IDENTIFY_SPACING)
    third = await turns.take(0, 2, IDENTIFY_SPACING)
    assert IDENTIFY_WINDOW < second <= IDENTIFY_SPACING
    assert IDENTIFY_SPACING + IDENTIFY_WINDOW < third <= 2 * IDENTIFY_SPACING
    assert await turns.take(0, 4, IDENTIFY_SPACING) == 0.0, "a new max_concurrency starts new buckets"


async def test_processes_taking_turns_at_once_never_share_one(db: Driver, database_url: str) -> None:
    other = await open_driver(database_url)  # a second process's connection to the same database
    try:
        ours, theirs = SqlIdentifyTurns(db), SqlIdentifyTurns(other)
        waits = sorted(await asyncio.gather(*(t.take(3, 1, IDENTIFY_SPACING) for t in [ours, theirs] * 4)))
    finally:
        await other.close()
    assert waits[0] == 0.0
    gaps = [b - a for a, b in itertools.pairwise(waits)]
    assert all(IDENTIFY_SPACING - SLACK < gap <= IDENTIFY_SPACING + 1e-6 for gap in gaps), waits
