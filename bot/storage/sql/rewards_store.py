"""Role rewards and the roles given to members (SQL both backends run).

A grant is recorded before Discord is asked (``claim_grant``: an INSERT that only one caller can
make for a member and role), so two clicks at once, or two processes, give a role once.
"""

from __future__ import annotations

from bot.domain.rewards import RewardKind, RoleGrant, RoleReward
from bot.storage.driver import Driver, Row


def _reward(row: Row) -> RoleReward:
    return RoleReward(
        guild_id=row["guild_id"],
        role_id=row["role_id"],
        kind=RewardKind(row["kind"]),
        threshold=row["threshold"],
        created_by=row["created_by"],
        needs_attention=row["needs_attention"] is not None,
    )


class SqlRewardStore:
    def __init__(self, db: Driver) -> None:
        self._db = db

    async def rewards(self, guild_id: int) -> list[RoleReward]:
        rows = await self._db.fetchall(
            "SELECT * FROM role_rewards WHERE guild_id = ? ORDER BY kind, threshold, role_id", (guild_id,)
        )
        return [_reward(r) for r in rows]

    async def add_reward(
        self,
        guild_id: int,
        role_id: int,
        kind: RewardKind,
        threshold: int,
        actor_id: int,
        at: int,
        limit: int,
    ) -> bool:
        async with self._db.transaction() as tx:
            await tx.lock(f"role_rewards:{guild_id}")  # two moderators at once stay within the limit
            row = await tx.fetchone(
                "SELECT COUNT(*), SUM(CASE WHEN role_id = ? THEN 1 ELSE 0 END) FROM role_rewards "
                "WHERE guild_id = ?",
                (role_id, guild_id),
            )
            count, this_role = (row[0], row[1] or 0) if row is not None else (0, 0)
            if count >= limit and not this_role:
                return False
            # Set up again (a new threshold, or after fixing the role): the attention mark goes.
            await tx.execute(
                "INSERT INTO role_rewards (guild_id, role_id, kind, threshold, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, role_id) DO UPDATE SET "
                "kind = excluded.kind, threshold = excluded.threshold, created_by = excluded.created_by, "
                "created_at = excluded.created_at, needs_attention = NULL",
                (guild_id, role_id, kind.value, threshold, actor_id, at),
            )
            return True

    async def remove_reward(self, guild_id: int, role_id: int) -> bool:
        changed = await self._db.execute(
            "DELETE FROM role_rewards WHERE guild_id = ? AND role_id = ?", (guild_id, role_id)
        )
        return changed > 0

    async def granted(self, guild_id: int, user_id: int) -> set[int]:
        rows = await self._db.fetchall(
            "SELECT role_id FROM role_grants WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return {r[0] for r in rows}

    async def claim_grant(self, guild_id: int, user_id: int, role_id: int, at: int) -> bool:
        changed = await self._db.execute(
            "INSERT INTO role_grants (guild_id, user_id, role_id, granted_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, user_id, role_id) DO NOTHING",
            (guild_id, user_id, role_id, at),
        )
        return changed == 1

    async def release_grant(self, guild_id: int, user_id: int, role_id: int) -> None:
        await self._db.execute(
            "DELETE FROM role_grants WHERE guild_id = ? AND user_id = ? AND role_id = ?",
            (guild_id, user_id, role_id),
        )

    async def mark_attention(self, guild_id: int, role_id: int, at: int, failing: bool) -> bool:
        if failing:
            sql = "UPDATE role_rewards SET needs_attention = ? WHERE guild_id = ? AND role_id = ? "
            sql += "AND needs_attention IS NULL"
            params: tuple[int, ...] = (at, guild_id, role_id)
        else:
            sql = "UPDATE role_rewards SET needs_attention = NULL WHERE guild_id = ? AND role_id = ? "
            sql += "AND needs_attention IS NOT NULL"
            params = (guild_id, role_id)
        return await self._db.execute(sql, params) > 0

    async def grants(self, guild_id: int, user_id: int | None = None) -> list[RoleGrant]:
        if user_id is None:
            rows = await self._db.fetchall(
                "SELECT * FROM role_grants WHERE guild_id = ? ORDER BY user_id, role_id", (guild_id,)
            )
        else:
            rows = await self._db.fetchall(
                "SELECT * FROM role_grants WHERE guild_id = ? AND user_id = ? ORDER BY role_id",
                (guild_id, user_id),
            )
        return [RoleGrant(r["guild_id"], r["user_id"], r["role_id"], r["granted_at"]) for r in rows]
