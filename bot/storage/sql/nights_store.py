"""Trivia nights: the schedule, claimed with one conditional UPDATE so a night starts once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.domain.trivia.nights import NightStatus, TriviaNight
from bot.storage.driver import Driver
from bot.storage.sql.settings_store import ts


class SqlNightStore:
    def __init__(self, db: Driver) -> None:
        self._db = db

    async def add_night(
        self,
        guild_id: int,
        channel_id: int,
        rules_channel_id: int,
        event_id: int,
        starts_at: datetime,
        questions: int | None,
        difficulty: str,
        created_by: int,
        at: datetime,
    ) -> int:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO trivia_nights (guild_id, channel_id, rules_channel_id, event_id, starts_at, "
                "questions, difficulty, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (
                    guild_id,
                    channel_id,
                    rules_channel_id,
                    event_id,
                    ts(starts_at),
                    questions,
                    difficulty,
                    created_by,
                    ts(at),
                ),
            )
        assert row is not None
        return int(row[0])

    async def scheduled(self, guild_id: int) -> list[TriviaNight]:
        rows = await self._db.fetchall(
            "SELECT * FROM trivia_nights WHERE guild_id = ? AND status = 'scheduled' ORDER BY starts_at, id",
            (guild_id,),
        )
        return [night_from_row(r) for r in rows]

    async def night(self, guild_id: int, night_id: int) -> TriviaNight | None:
        row = await self._db.fetchone(
            "SELECT * FROM trivia_nights WHERE guild_id = ? AND id = ?", (guild_id, night_id)
        )
        return night_from_row(row) if row is not None else None

    async def due(self, now: datetime, limit: int) -> list[TriviaNight]:
        # One indexed query for every server (trivia_nights_due), whatever their number.
        rows = await self._db.fetchall(
            "SELECT * FROM trivia_nights WHERE status = 'scheduled' AND starts_at <= ? "
            "ORDER BY starts_at, id LIMIT ?",
            (ts(now), limit),
        )
        return [night_from_row(r) for r in rows]

    async def upcoming(self, after: datetime, limit: int) -> list[TriviaNight]:
        """Scheduled nights of every server starting after ``after``, soonest first (trivia_nights_due)."""
        rows = await self._db.fetchall(
            "SELECT * FROM trivia_nights WHERE status = 'scheduled' AND starts_at > ? "
            "ORDER BY starts_at, id LIMIT ?",
            (ts(after), limit),
        )
        return [night_from_row(r) for r in rows]

    async def next_start(self, after: datetime) -> datetime | None:
        row = await self._db.fetchone(
            "SELECT MIN(starts_at) FROM trivia_nights WHERE status = 'scheduled' AND starts_at >= ?",
            (ts(after),),
        )
        return datetime.fromtimestamp(row[0], UTC) if row is not None and row[0] is not None else None

    async def move(self, night_id: int, old: datetime, new: datetime) -> bool:
        changed = await self._db.execute(
            "UPDATE trivia_nights SET starts_at = ? WHERE id = ? AND status = 'scheduled' AND starts_at = ?",
            (ts(new), night_id, ts(old)),
        )
        return changed == 1

    async def settle(self, night_id: int, starts_at: datetime, status: NightStatus) -> bool:
        """Move a scheduled night to ``status`` if it is still scheduled at ``starts_at``: the claim.

        One conditional UPDATE, so of two processes (or a process and its restarted self) that both
        saw the night due, exactly one changes the row and acts on it.
        """
        changed = await self._db.execute(
            "UPDATE trivia_nights SET status = ? WHERE id = ? AND status = 'scheduled' AND starts_at = ?",
            (status.value, night_id, ts(starts_at)),
        )
        return changed == 1


def night_from_row(r: Any) -> TriviaNight:
    return TriviaNight(
        id=r["id"],
        guild_id=r["guild_id"],
        channel_id=r["channel_id"],
        rules_channel_id=r["rules_channel_id"],
        event_id=r["event_id"],
        starts_at=datetime.fromtimestamp(r["starts_at"], UTC),
        questions=r["questions"],
        difficulty=r["difficulty"],
        created_by=r["created_by"],
        status=NightStatus(r["status"]),
    )
