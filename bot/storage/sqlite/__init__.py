"""The SQLite backend (the embedded default): one file, WAL mode, numbered migrations."""

from __future__ import annotations

from pathlib import Path

from bot.storage.bundle import Storage
from bot.storage.sql import sql_storage
from bot.storage.sqlite.database import Database


async def open_sqlite(path: str | Path) -> Storage:
    """Open (creating and migrating as needed) the database file and build its stores."""
    return sql_storage(await Database.open(path))
