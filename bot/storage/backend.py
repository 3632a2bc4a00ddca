"""``open_storage``: the one place that picks the backend DATABASE_URL names."""

from __future__ import annotations

from pathlib import Path

from bot.storage.bundle import Storage


async def open_storage(database: str | Path) -> Storage:
    """Open (creating and migrating as needed) a PostgreSQL URL or a SQLite file, and build its stores."""
    if isinstance(database, str):
        # Imported here: a SQLite bot never loads asyncpg.
        from bot.storage.postgres import open_postgres

        return await open_postgres(database)
    from bot.storage.sqlite import open_sqlite

    return await open_sqlite(database)
