"""Members' reports of mistakes in the film's content."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.domain.records import ContentReport
from bot.storage.driver import Driver
from bot.storage.sql.settings_store import ts


class SqlReportStore:
    def __init__(self, db: Driver) -> None:
        self._db = db

    async def add_report(
        self, guild_id: int | None, user_id: int, item_kind: str, item_id: str, text: str, at: datetime
    ) -> int:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO content_reports (guild_id, user_id, item_kind, item_id, text, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (guild_id, user_id, item_kind, item_id, text, ts(at)),
            )
        assert row is not None
        return int(row[0])

    async def reports(self, guild_id: int | None = None, limit: int = 50) -> list[ContentReport]:
        where, params = ("WHERE guild_id = ?", (guild_id,)) if guild_id is not None else ("", ())
        rows = await self._db.fetchall(
            f"SELECT * FROM content_reports {where} ORDER BY id DESC LIMIT ?", (*params, max(0, limit))
        )
        return [report_from_row(r) for r in rows]


def report_from_row(r: Any) -> ContentReport:
    return ContentReport(
        r["id"],
        r["guild_id"],
        r["user_id"],
        r["item_kind"],
        r["item_id"],
        r["text"],
        datetime.fromtimestamp(r["created_at"], UTC),
    )
