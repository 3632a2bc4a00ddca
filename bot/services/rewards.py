"""Role rewards: moderators map a role to a threshold; members who reach it get the role, once.

Opt-in: nothing happens in a server until a moderator adds a reward. Configuring checks what
Discord will check when the role is given (Manage Roles, the role below the bot's highest role) and
refuses with one clear message, saving nothing. A grant that fails later (the role was moved, the
permission taken away) never becomes an error for the member: it is logged once per episode and the
reward is marked as needing attention (``/settings rewards list`` shows it) until a grant works.

Discord is reached by REST with the server's id (``discord.http.HTTPClient``): no gateway intent,
no member cache.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import discord

from bot.domain.clocks import WallClock
from bot.domain.errors import UserError
from bot.domain.rewards import (
    MAX_REWARDS,
    RewardKind,
    RoleReward,
    RoleSeen,
    check_threshold,
    earned,
    why_not_assignable,
)
from bot.i18n import _, ngettext
from bot.storage.protocols import RewardStore, ScoreStore

log = logging.getLogger(__name__)

REASON_GRANT = "Role reward (/settings rewards)"
REASON_TAKE_BACK = "Member's or server's bot data deleted"
# Servers whose rewards are kept in memory: every trivia click asks, and most servers have none.
# A server's interactions all reach the process that runs its shard, which is also where its
# rewards are changed (and the cache dropped), so the copy stays right.
_CACHED_SERVERS = 10_000


@dataclass(frozen=True, slots=True)
class RewardsView:
    rewards: list[RoleReward]
    granted: int  # roles given in the server so far


def _roles(payload: list[Any]) -> dict[int, RoleSeen]:
    return {
        int(r["id"]): RoleSeen(
            int(r["id"]), int(r["position"]), int(r["permissions"]), bool(r.get("managed"))
        )
        for r in payload
    }


class RoleRewards:
    def __init__(
        self, store: RewardStore, scores: ScoreStore, http: discord.http.HTTPClient, wall_clock: WallClock
    ) -> None:
        self._store = store
        self._scores = scores
        self._http = http
        self._now = wall_clock
        self._cache: OrderedDict[int, list[RoleReward]] = OrderedDict()
        self._loading: dict[int, asyncio.Future[list[RoleReward]]] = {}
        self._generation = 0  # bumped by every change, so a read that raced one is not cached

    async def _rewards(self, guild_id: int) -> list[RoleReward]:
        found = self._cache.get(guild_id)
        if found is not None:
            self._cache.move_to_end(guild_id)
            return found
        # One read per server however many clicks miss the cache at once (a burst at a game's
        # first question): the others wait for it instead of queueing reads of their own.
        loading = self._loading.get(guild_id)
        if loading is None:
            loading = asyncio.ensure_future(self._store.rewards(guild_id))
            self._loading[guild_id] = loading
            generation = self._generation
            try:
                found = await asyncio.shield(loading)
            finally:
                self._loading.pop(guild_id, None)
            if generation == self._generation:  # not changed while it was read
                self._cache[guild_id] = found
                while len(self._cache) > _CACHED_SERVERS:
                    self._cache.popitem(last=False)
            return found
        return list(await asyncio.shield(loading))

    def _changed(self, guild_id: int) -> None:
        self._cache.pop(guild_id, None)
        self._generation += 1

    def _at(self) -> int:
        return int(self._now().timestamp())

    # -- moderators -----------------------------------------------------------------------------

    async def add(
        self, guild_id: int, role_id: int, kind: RewardKind, threshold: int, actor_id: int, bot_id: int
    ) -> RoleReward:
        """Add (or change) a reward; ``UserError`` with one clear reason, and nothing saved, when refused."""
        refused = check_threshold(kind, threshold)
        if refused is not None:
            raise UserError(refused)
        try:
            roles = _roles(await self._http.get_roles(guild_id))
            me = await self._http.get_member(guild_id, bot_id)
        except discord.HTTPException as exc:
            log.warning("Could not read the roles of server %s: %s", guild_id, exc)
            raise UserError(_("Discord did not tell me the server's roles just now; try again.")) from None
        refused = why_not_assignable(role_id, guild_id, roles, {int(r) for r in me.get("roles", [])})
        if refused is not None:
            raise UserError(refused)
        added = await self._store.add_reward(
            guild_id, role_id, kind, threshold, actor_id, self._at(), MAX_REWARDS
        )
        self._changed(guild_id)
        if not added:
            raise UserError(
                ngettext(
                    "This server already has {n} role reward, the most it can have; remove one first. "
                    "Nothing was saved.",
                    "This server already has {n} role rewards, the most it can have; remove one first. "
                    "Nothing was saved.",
                    MAX_REWARDS,
                ).format(n=MAX_REWARDS)
            )
        found = next(r for r in await self._store.rewards(guild_id) if r.role_id == role_id)
        return found

    async def listed(self, guild_id: int) -> RewardsView:
        return RewardsView(await self._store.rewards(guild_id), len(await self._store.grants(guild_id)))

    async def remove(self, guild_id: int, role_id: int) -> None:
        """Stop giving the role (members who have it keep it; Discord is not asked)."""
        removed = await self._store.remove_reward(guild_id, role_id)
        self._changed(guild_id)
        if not removed:
            raise UserError(
                _("<@&{role}> is not a role reward here; `/settings rewards list` shows them.").format(
                    role=role_id
                )
            )

    # -- members --------------------------------------------------------------------------------

    async def after_points(self, guild_id: int, user_id: int, points: int) -> list[int]:
        """Give the points rewards a member's all-time points ``points`` reach; the roles given."""
        return await self._grant_reached(guild_id, user_id, RewardKind.POINTS, points)

    async def after_streak(self, guild_id: int, user_id: int, streak: int) -> list[int]:
        """Give the streak rewards a member's current daily streak reaches; the roles given."""
        return await self._grant_reached(guild_id, user_id, RewardKind.STREAK, streak)

    async def revealed_points(self, guild_id: int, user_id: int, unrevealed: int) -> list[int]:
        """Give points rewards for the member's stored total less ``unrevealed`` (an answer whose
        question is still open: counting it would tell the member whether they were right)."""
        stats = await self._scores.member_stats(guild_id, user_id)
        return await self.after_points(guild_id, user_id, stats.points - unrevealed)

    async def _grant_reached(self, guild_id: int, user_id: int, kind: RewardKind, value: int) -> list[int]:
        rewards = await self._rewards(guild_id)
        if not any(r.kind is kind for r in rewards):  # the common case: one indexed read, no more
            return []
        reached = earned(rewards, kind, value, await self._store.granted(guild_id, user_id))
        given: list[int] = []
        for reward in reached:
            if not await self._store.claim_grant(guild_id, user_id, reward.role_id, self._at()):
                continue  # given a moment ago by another click or process
            try:
                await self._http.add_role(guild_id, user_id, reward.role_id, reason=REASON_GRANT)
            except discord.HTTPException as exc:
                await self._store.release_grant(guild_id, user_id, reward.role_id)  # tried again later
                if await self._store.mark_attention(guild_id, reward.role_id, self._at(), True):
                    self._changed(guild_id)
                    log.warning(  # once per episode: until a grant of this reward works again
                        "Role reward %s of server %s could not be given (%s); marked as needing attention.",
                        reward.role_id,
                        guild_id,
                        exc,
                    )
                continue
            if reward.needs_attention:
                await self._store.mark_attention(guild_id, reward.role_id, self._at(), False)
                self._changed(guild_id)
            given.append(reward.role_id)
        return given

    # -- deleting data --------------------------------------------------------------------------

    async def take_back(self, guild_id: int, user_id: int | None = None) -> int:
        """Remove the roles the bot gave (one member's, or the whole server's) in Discord; the rows
        go with the member's or server's data. Failures are logged, not raised: the data is deleted
        anyway. Returns how many roles were removed."""
        if user_id is None:
            self._changed(guild_id)  # a reset deletes the rewards too
        removed = 0
        failed = 0
        for grant in await self._store.grants(guild_id, user_id):
            try:
                await self._http.remove_role(guild_id, grant.user_id, grant.role_id, reason=REASON_TAKE_BACK)
                removed += 1
            except discord.NotFound:  # the member left, or the role was deleted: nothing to take back
                pass
            except discord.HTTPException as exc:
                failed += 1
                if failed == 1:
                    log.warning("Could not take back role rewards in server %s: %s", guild_id, exc)
        return removed
