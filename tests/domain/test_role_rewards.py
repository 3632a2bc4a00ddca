"""Role rewards' rules: whether the bot may hand a role out (Discord's checks, said in one sentence),
which thresholds are allowed, and which rewards a member has reached."""

from __future__ import annotations

import pytest

from bot.domain.rewards import (
    ADMINISTRATOR,
    MANAGE_ROLES,
    MAX_STREAK,
    RewardKind,
    RoleReward,
    RoleSeen,
    check_threshold,
    earned,
    why_not_assignable,
)

GUILD, BOT_ROLE, REWARD, OTHER = 1, 50, 20, 30


def roles(bot_permissions: int = MANAGE_ROLES, reward_position: int = 2) -> dict[int, RoleSeen]:
    return {
        GUILD: RoleSeen(GUILD, 0, 0, False),  # @everyone
        REWARD: RoleSeen(REWARD, reward_position, 0, False),
        BOT_ROLE: RoleSeen(BOT_ROLE, 5, bot_permissions, True),
        OTHER: RoleSeen(OTHER, 3, 0, True),
    }


@pytest.mark.parametrize(
    ("found", "role", "expected"),
    [
        (roles(), REWARD, None),
        (roles(ADMINISTRATOR), REWARD, None),
        (roles(0), REWARD, "**Manage Roles**"),
        (roles(reward_position=5), REWARD, "move my role above"),  # level with the bot's: not below
        (roles(reward_position=9), REWARD, "move my role above"),
        (roles(), OTHER, "integration"),
        (roles(), GUILD, "everyone"),
        (roles(), 99, "no longer exists"),
    ],
    ids=["below", "admin", "no manage roles", "level", "above", "managed", "everyone", "gone"],
)
def test_whether_the_bot_may_give_a_role(found: dict[int, RoleSeen], role: int, expected: str | None) -> None:
    why = why_not_assignable(role, GUILD, found, {BOT_ROLE})
    if expected is None:
        assert why is None
    else:
        assert why is not None and expected in why


def test_thresholds_are_bounded_by_kind() -> None:
    assert check_threshold(RewardKind.STREAK, MAX_STREAK) is None
    assert check_threshold(RewardKind.STREAK, MAX_STREAK + 1) is not None
    assert check_threshold(RewardKind.POINTS, MAX_STREAK + 1) is None
    assert check_threshold(RewardKind.POINTS, 0) is not None


def test_a_member_reaches_each_reward_of_the_kind_once() -> None:
    rewards = [
        RoleReward(GUILD, 1, RewardKind.POINTS, 100, 9, False),
        RoleReward(GUILD, 2, RewardKind.POINTS, 500, 9, False),
        RoleReward(GUILD, 3, RewardKind.STREAK, 3, 9, False),
    ]
    assert [r.role_id for r in earned(rewards, RewardKind.POINTS, 500, set())] == [1, 2]
    assert [r.role_id for r in earned(rewards, RewardKind.POINTS, 500, {1})] == [2]
    assert earned(rewards, RewardKind.POINTS, 99, set()) == []
    assert [r.role_id for r in earned(rewards, RewardKind.STREAK, 3, set())] == [3]
