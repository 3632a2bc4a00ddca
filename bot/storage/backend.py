"""``open_storage``: the one place that picks the backend DATABASE_URL names."""

from __future__ import annotations

from bot.config import Config
from bot.storage.bundle import Storage


async def open_storage(config: Config) -> Storage:
    """Open (creating and migrating as needed) the configured database and build its stores."""
    if config.postgres_url is not None:
        # Imported here: a SQLite bot never loads asyncpg.
        from bot.storage.postgres import open_postgres

        return await open_postgres(config.postgres_url.reveal())
    from bot.storage.sqlite import open_sqlite

    assert config.database_path is not None
    return await open_sqlite(config.database_path)
