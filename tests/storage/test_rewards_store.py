"""The role rewards store on both backends: one reward per role and a limit per server, each grant
claimed once (also by two callers at once), and the needs-attention mark set and cleared once."""

from __future__ import annotations

import asyncio

from bot.domain.rewards import RewardKind
from bot.storage.driver import Driver
from bot.storage.sql.rewards_store import SqlRewardStore
from tests.support.stores import ADMIN, GUILD, OTHER_GUILD

AT = 1_780_000_000


async def test_one_reward_per_role_within_the_servers_limit(db: Driver) -> None:
    store = SqlRewardStore(db)
    assert await store.add_reward(GUILD, 1, RewardKind.POINTS, 500, ADMIN, AT, 2)
    assert await store.add_reward(GUILD, 2, RewardKind.STREAK, 7, ADMIN, AT, 2)
    assert not await store.add_reward(GUILD, 3, RewardKind.STREAK, 3, ADMIN, AT, 2)  # full
    assert await store.add_reward(GUILD, 1, RewardKind.POINTS, 900, ADMIN, AT, 2)  # a change, not a third
    assert await store.add_reward(OTHER_GUILD, 3, RewardKind.STREAK, 3, ADMIN, AT, 2)  # another server's
    found = [(r.role_id, r.kind, r.threshold) for r in await store.rewards(GUILD)]
    assert found == [(1, RewardKind.POINTS, 900), (2, RewardKind.STREAK, 7)]
    assert await store.remove_reward(GUILD, 1) and not await store.remove_reward(GUILD, 1)


async def test_two_moderators_at_once_stay_within_the_limit(db: Driver) -> None:
    store = SqlRewardStore(db)
    added = await asyncio.gather(
        *(store.add_reward(GUILD, role, RewardKind.POINTS, 100, ADMIN, AT, 3) for role in range(1, 9))
    )
    assert sum(added) == 3 and len(await store.rewards(GUILD)) == 3


async def test_a_grant_is_claimed_once_and_can_be_released(db: Driver) -> None:
    store = SqlRewardStore(db)
    claims = await asyncio.gather(*(store.claim_grant(GUILD, 7, 1, AT) for _ in range(5)))
    assert sum(claims) == 1
    assert await store.granted(GUILD, 7) == {1} and await store.granted(GUILD, 8) == set()
    await store.release_grant(GUILD, 7, 1)  # Discord refused: tried again later
    assert await store.claim_grant(GUILD, 7, 1, AT)
    assert [(g.user_id, g.role_id) for g in await store.grants(GUILD)] == [(7, 1)]


async def test_the_attention_mark_changes_once_each_way(db: Driver) -> None:
    store = SqlRewardStore(db)
    await store.add_reward(GUILD, 1, RewardKind.POINTS, 500, ADMIN, AT, 25)
    assert await store.mark_attention(GUILD, 1, AT, True)
    assert not await store.mark_attention(GUILD, 1, AT + 1, True)  # logged once per episode
    assert [r.needs_attention for r in await store.rewards(GUILD)] == [True]
    assert await store.mark_attention(GUILD, 1, AT, False)
    assert not await store.mark_attention(GUILD, 1, AT, False)
    await store.mark_attention(GUILD, 1, AT, True)
    await store.add_reward(GUILD, 1, RewardKind.POINTS, 600, ADMIN, AT, 25)  # set up again: cleared
    assert [r.needs_attention for r in await store.rewards(GUILD)] == [False]
