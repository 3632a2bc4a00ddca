"""Names and rows the store and service tests share: guild ids, a fixed time, a stored answer.

The fixtures that open the stores (``db``, ``settings``, ``trivia``...) live in
``tests/storage/conftest.py``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.config import parse_database_url
from bot.domain.records import AnswerRow
from bot.domain.settings import SettingChange, normalise
from bot.storage.driver import Driver
from bot.storage.postgres.database import PostgresDatabase
from bot.storage.sql.settings_store import SqlSettingsStore
from bot.storage.sqlite.database import Database

GUILD = 111_111_111_111_111_111
OTHER_GUILD = 222_222_222_222_222_222
ADMIN = 900
T0 = datetime(2025, 6, 6, 12, 0, tzinfo=UTC)


INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)


async def open_driver(database_url: str) -> Driver:
    """The database a DATABASE_URL names, opened and migrated, without the stores."""
    target = parse_database_url(database_url)
    if isinstance(target, Path):
        return await Database.open(target)
    return await PostgresDatabase.open(target.reveal())


async def update(
    store: SqlSettingsStore, guild: int = GUILD, actor: int = ADMIN, at: datetime = T0, **values: Any
) -> list[SettingChange]:
    """Change settings as the service does: values normalised by the domain first."""
    return await store.update(guild, actor, {k: normalise(k, v) for k, v in values.items()}, at)


async def audit_rows(db: Driver) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM audit_log")
    assert row is not None
    return int(row[0])


def answer(
    game: int,
    question_no: int,
    user: int,
    *,
    correct: bool = True,
    points: int = 100,
    streak: int = 1,
    at_ms: int | None = None,
    guild: int = GUILD,
) -> AnswerRow:
    return AnswerRow(
        game_id=game,
        guild_id=guild,
        question_no=question_no,
        question_id=f"q{question_no}",
        user_id=user,
        correct=correct,
        points=points if correct else 0,
        streak=streak if correct else 0,
        answered_at_ms=at_ms if at_ms is not None else int(T0.timestamp() * 1000) + question_no,
    )


# A write every backend runs (the PostgreSQL fault tests use it to meet a lock or a full disk).
UPSERT = (
    "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def fault_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The storage-fault lines logged (one per fault episode, never one per write)."""
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("Storage fault")]
