"""Role rewards: a role for members who reach a threshold (all-time trivia points, or a daily streak).

Plain rules, no Discord: the kinds, the limits, and whether the bot may hand a role out (Discord's
rule: the bot needs Manage Roles, and the role must sit below the bot's highest role).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import N_, _

MAX_REWARDS = 25  # per server: one select's or one embed's worth, and plenty for tiers
MAX_POINTS = 100_000_000  # the CHECK in migration 0010
MAX_STREAK = 3650  # ten years of daily questions
MANAGE_ROLES = 1 << 28  # Discord's permission bit
ADMINISTRATOR = 1 << 3


class RewardKind(StrEnum):
    POINTS = "points"  # all-time trivia points in the server
    STREAK = "streak"  # the current daily-question streak, in days


KIND_LABELS = {
    RewardKind.POINTS: N_("all-time trivia points"),
    RewardKind.STREAK: N_("daily streak (days)"),
}


@dataclass(frozen=True, slots=True)
class RoleReward:
    guild_id: int
    role_id: int
    kind: RewardKind
    threshold: int
    created_by: int
    needs_attention: bool  # a grant failed since it was set up (see ``RewardStore.mark_attention``)


@dataclass(frozen=True, slots=True)
class RoleGrant:
    guild_id: int
    user_id: int
    role_id: int
    granted_at: int  # UTC seconds


@dataclass(frozen=True, slots=True)
class RoleSeen:
    """A role as Discord describes it (``GET /guilds/{id}/roles``)."""

    id: int
    position: int
    permissions: int
    managed: bool  # a bot's or an integration's own role: nobody can hand it out


def check_threshold(kind: RewardKind, threshold: int) -> str | None:
    """Why ``threshold`` cannot be used for ``kind`` (a translated sentence), or None."""
    top = MAX_POINTS if kind is RewardKind.POINTS else MAX_STREAK
    if 1 <= threshold <= top:
        return None
    return _("The threshold must be between 1 and {top}. Nothing was saved.").format(top=top)


def why_not_assignable(
    role_id: int, guild_id: int, roles: dict[int, RoleSeen], bot_role_ids: set[int]
) -> str | None:
    """Why the bot cannot give ``role_id`` to members (one sentence for the moderator), or None.

    ``roles`` are the server's roles; ``bot_role_ids`` the bot's own (its member's roles; @everyone,
    whose id is the server's, counts for everyone).
    """
    role = roles.get(role_id)
    if role is None:
        return _("That role no longer exists. Nothing was saved.")
    if role_id == guild_id or role.managed:
        return _("<@&{role}> belongs to everyone or to an integration; pick a role the server made.").format(
            role=role_id
        )
    mine = [roles[r] for r in bot_role_ids | {guild_id} if r in roles]
    allowed = 0
    for found in mine:
        allowed |= found.permissions
    if not allowed & (MANAGE_ROLES | ADMINISTRATOR):
        return _(
            "I need the **Manage Roles** permission to give <@&{role}>. Add it to my role in Server "
            "Settings → Roles, then try again. Nothing was saved."
        ).format(role=role_id)
    highest = max((r.position for r in mine), default=0)
    if role.position >= highest:
        return _(
            "<@&{role}> is above my highest role, so Discord will not let me give it. In Server Settings → "
            "Roles, move my role above <@&{role}>, then try again. Nothing was saved."
        ).format(role=role_id)
    return None


def earned(rewards: list[RoleReward], kind: RewardKind, value: int, granted: set[int]) -> list[RoleReward]:
    """The rewards of ``kind`` a member with ``value`` has reached and not been given yet."""
    return [r for r in rewards if r.kind is kind and value >= r.threshold and r.role_id not in granted]
