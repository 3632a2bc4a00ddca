"""The stores, written once in SQL that SQLite and PostgreSQL both run (see ``bot.storage.driver``)."""

from __future__ import annotations

from bot.storage.answer_writer import AnswerWriter
from bot.storage.bundle import Storage
from bot.storage.cache import SettingsCache
from bot.storage.driver import Driver
from bot.storage.health import StorageHealth
from bot.storage.sql.daily_store import SqlDailyStore
from bot.storage.sql.members_store import SqlMemberDataStore
from bot.storage.sql.meta_store import SqlMetaStore
from bot.storage.sql.nights_store import SqlNightStore
from bot.storage.sql.reports_store import SqlReportStore
from bot.storage.sql.rewards_store import SqlRewardStore
from bot.storage.sql.server_store import SqlServerDataStore
from bot.storage.sql.settings_store import SqlSettingsStore
from bot.storage.sql.trivia_store import SqlTriviaStore


def sql_storage(db: Driver, cache: SettingsCache | None = None) -> Storage:
    """Every store over one open database, sharing one settings cache."""
    cache = cache or SettingsCache()
    trivia = SqlTriviaStore(db)
    return Storage(
        settings=SqlSettingsStore(db, cache),
        members=SqlMemberDataStore(db, cache),
        trivia=trivia,
        meta=SqlMetaStore(db),
        reports=SqlReportStore(db),
        nights=SqlNightStore(db),
        answers=AnswerWriter(trivia),
        database=db,
        servers=SqlServerDataStore(db, cache),
        daily=SqlDailyStore(db),
        rewards=SqlRewardStore(db),
        # The backend's record of storage faults, when it keeps one (SQLite does).
        health=getattr(db, "health", None) or StorageHealth(f"{db.dialect.name} database"),
    )
