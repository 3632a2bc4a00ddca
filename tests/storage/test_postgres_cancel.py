"""PostgreSQL: a transaction cut short by a deadline or a cancel leaves no pooled connection inside it.

asyncpg rolls back when the ``transaction()`` block raises, and its pool resets (or, mid-query,
terminates) a connection on release; these tests hold the bot to that: the next write commits,
and an outside session sees it at once and never the cancelled work.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.storage.postgres.database import PostgresDatabase

UPSERT = (
    "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


@pytest.fixture
def db(postgres_db: PostgresDatabase) -> PostgresDatabase:
    """These tests are about PostgreSQL itself."""
    return postgres_db


async def outside(url: str, key: str) -> str | None:
    conn = await asyncpg.connect(url)
    try:
        value = await conn.fetchval("SELECT value FROM bot_meta WHERE key = $1", key)
        return None if value is None else str(value)
    finally:
        await conn.close()


async def test_a_transaction_past_its_deadline_leaves_nothing_behind(
    db: PostgresDatabase, postgres_url: str
) -> None:
    async def slow_write() -> None:
        async with db.transaction() as tx:
            await tx.execute(UPSERT, ("mode", "cancelled"))
            await tx.execute("SELECT pg_sleep(5)")

    for _ in range(3):  # more than once: each pooled connection it used must come back clean
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.3):
                await slow_write()
    await db.execute(UPSERT, ("points", "333"))
    assert await outside(postgres_url, "points") == "333"
    assert await outside(postgres_url, "mode") is None
