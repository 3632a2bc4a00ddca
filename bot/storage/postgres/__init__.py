"""The PostgreSQL backend (for several processes sharing one database): asyncpg, numbered migrations.

The stores are SQLite's (``bot.storage.sql``) over a PostgreSQL driver; this package adds the
connection pool, the migrations and the LISTEN connection that keeps every process's settings
cache in step with writes made by the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.storage.bundle import Storage
from bot.storage.cache import SETTINGS_CHANNEL, SettingsCache
from bot.storage.sql import sql_storage

if TYPE_CHECKING:  # imported when used: ``errors`` is imported by SQLite bots, without asyncpg
    from bot.storage.postgres.database import PostgresDatabase


async def postgres_storage(db: PostgresDatabase) -> Storage:
    """Every store over one open database; their cache follows other processes' writes."""
    cache = SettingsCache()
    await db.listen(SETTINGS_CHANNEL, cache.apply, on_lost=cache.suspend, on_restored=cache.resume)
    return sql_storage(db, cache)


async def open_postgres(url: str) -> Storage:
    """Connect (migrating as needed) and build the stores."""
    from bot.storage.postgres.database import PostgresDatabase

    db = await PostgresDatabase.open(url)
    try:
        return await postgres_storage(db)
    except BaseException:
        await db.close()
        raise
