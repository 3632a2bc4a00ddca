"""The databases: explicit transactions, writers taking turns, clean cancellation (SQLite)."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from bot.storage.driver import Driver, changed_rows, dollar_params
from bot.storage.sql.meta_store import SqlMetaStore
from bot.storage.sqlite.database import Database


async def test_transaction_rolls_back_on_error_and_serializes(db: Driver) -> None:
    async def fails() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO bot_meta (key, value) VALUES ('a', '1')")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        await fails()
    assert await db.fetchone("SELECT * FROM bot_meta") is None

    async def bump(n: int) -> None:
        async with db.transaction() as tx:
            await tx.lock("n")  # PostgreSQL runs transactions side by side: read-then-write locks
            row = await tx.fetchone("SELECT value FROM bot_meta WHERE key = 'n'")
            value = int(row["value"]) if row else 0
            await asyncio.sleep(0)  # give other tasks every chance to interleave
            await tx.execute(
                "INSERT INTO bot_meta (key, value) VALUES ('n', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(value + 1),),
            )

    await asyncio.gather(*(bump(i) for i in range(50)))
    row = await db.fetchone("SELECT value FROM bot_meta WHERE key = 'n'")
    assert row is not None and row[0] == "50"


async def test_helpers_inside_a_transaction_raise_instead_of_deadlocking(sqlite_db: Database) -> None:
    async with sqlite_db.transaction():
        with pytest.raises(RuntimeError, match="transaction object"):
            await sqlite_db.fetchone("SELECT 1")


async def test_meta_store(db: Driver) -> None:
    meta = SqlMetaStore(db)
    assert await meta.get("tree_hash") is None
    await meta.set("tree_hash", "abc")
    await meta.set("tree_hash", "def")
    assert await meta.get("tree_hash") == "def"


async def test_a_transaction_cancelled_while_it_begins_leaves_the_connection_usable(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "cancel.sqlite3")
    try:
        for _ in range(20):  # land the cancel at different points, BEGIN included

            async def body() -> None:
                async with db.transaction():
                    await asyncio.sleep(10)

            task = asyncio.create_task(body())
            for _ in range(random.randrange(4)):
                await asyncio.sleep(0)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            async with db.transaction() as tx:  # would fail "within a transaction" if one leaked
                await tx.execute("INSERT OR REPLACE INTO bot_meta (key, value) VALUES ('k', 'v')")
        row = await db.fetchone("SELECT value FROM bot_meta WHERE key = 'k'")
        assert row is not None and row[0] == "v"
    finally:
        await db.close()


def test_placeholders_become_numbered_outside_quotes_and_comments() -> None:
    sql = "SELECT '?', \"a?\", ? -- why?\n, /* ? */ ?, 'it''s ?', ?::bigint[]"
    assert dollar_params(sql) == "SELECT '?', \"a?\", $1 -- why?\n, /* ? */ $2, 'it''s ?', $3::bigint[]"
    assert changed_rows("INSERT 0 3") == 3
    assert changed_rows("DELETE 12") == 12
    assert changed_rows("CREATE TABLE") == 0
