"""The SQLite backend (the embedded default): one file, WAL mode, numbered migrations."""

from __future__ import annotations

from pathlib import Path

from bot.storage.answer_writer import AnswerWriter
from bot.storage.bundle import Storage
from bot.storage.cache import SettingsCache
from bot.storage.sqlite.database import Database
from bot.storage.sqlite.members_store import SqliteMemberDataStore
from bot.storage.sqlite.meta_store import SqliteMetaStore
from bot.storage.sqlite.settings_store import SqliteSettingsStore
from bot.storage.sqlite.trivia_store import SqliteTriviaStore


def sqlite_storage(db: Database) -> Storage:
    """Every store over one open database, sharing one settings cache."""
    cache = SettingsCache()
    trivia = SqliteTriviaStore(db)
    return Storage(
        settings=SqliteSettingsStore(db, cache),
        members=SqliteMemberDataStore(db, cache),
        trivia=trivia,
        meta=SqliteMetaStore(db),
        answers=AnswerWriter(trivia),
        database=db,
        health=db.health,
    )


async def open_sqlite(path: str | Path) -> Storage:
    """Open (creating and migrating as needed) the database file and build its stores."""
    return sqlite_storage(await Database.open(path))
