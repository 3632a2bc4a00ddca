"""Durable or refused, never in between: writes after another program's lock, stray transactions, waits.

"Another program" is a real second process (``tests/support/sqlite_lock.py``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from contextlib import suppress
from pathlib import Path

import pytest

from bot.storage.health import FaultKind, StorageBusy, StorageUnavailable
from bot.storage.sqlite.database import Database
from bot.storage.sqlite.faults import classify
from tests.support.sqlite_lock import lock_held_by_another_program

UPSERT = (
    "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def outside_value(path: Path, key: str) -> str | None:
    """What another program reading the file sees right now."""
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM bot_meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


async def test_writes_after_another_programs_lock_are_visible_to_an_outside_reader_at_once(
    sqlite_db: Database,
) -> None:
    """Fails when the file check opens and closes the database files (closing a descriptor drops
    this process's SQLite locks: the other program's close then deletes the -wal the bot commits into)."""
    db = sqlite_db
    await db.execute(UPSERT, ("points", "111"))
    with lock_held_by_another_program(db.path), pytest.raises(StorageBusy):
        await db.execute(UPSERT, ("points", "222"))
    for value in ("333", "444"):
        await db.execute(UPSERT, ("points", value))
        assert outside_value(db.path, "points") == value
    assert db.path.with_name(db.path.name + "-wal").stat().st_size > 0, "the -wal the bot writes is on disk"


async def test_a_write_cancelled_during_a_lock_leaves_nothing_for_a_later_commit(sqlite_db: Database) -> None:
    db = sqlite_db
    await db.execute(UPSERT, ("mode", "tag"))
    with lock_held_by_another_program(db.path):
        cancelled = asyncio.create_task(db.execute(UPSERT, ("mode", "cancelled")))
        await asyncio.sleep(0.2)  # inside BEGIN IMMEDIATE, in the connection's thread
        cancelled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cancelled
    await db.execute(UPSERT, ("other", "x"))
    assert outside_value(db.path, "mode") == "tag"
    assert outside_value(db.path, "other") == "x"
    assert not db._conn.in_transaction


async def test_a_connection_left_inside_a_transaction_is_rolled_back_before_its_next_use(
    sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Fails without the check before BEGIN ("cannot start a transaction within a transaction"),
    or if the stray work were committed along with the next write."""
    db = sqlite_db
    await db.execute(UPSERT, ("mode", "tag"))
    # What an interrupted operation would leave behind: work inside a transaction nobody owns.
    await db._conn.execute("BEGIN IMMEDIATE")
    await db._conn.execute(UPSERT, ("mode", "never acknowledged"))
    assert await db.check_health() is False
    assert db.health.state()["fault"] == FaultKind.STUCK.value
    with caplog.at_level(logging.WARNING):
        await db.execute(UPSERT, ("points", "333"))
    assert outside_value(db.path, "points") == "333"
    assert outside_value(db.path, "mode") == "tag"
    assert db.health.healthy, "the commit after the rollback ends the episode"
    assert [r for r in caplog.records if "stuck_transaction" in r.getMessage()]


async def test_a_write_waits_for_another_task_of_the_bot_only_about_a_second(sqlite_db: Database) -> None:
    """Fails when the in-process write wait (``WRITE_WAIT``) is raised to 10 s: the second write then
    outlasts the first transaction (held ≤ 4 s) and succeeds instead of answering "busy"."""
    db = sqlite_db
    finished = asyncio.Event()
    holding = asyncio.Event()

    async def long_transaction() -> None:
        async with db.transaction() as tx:
            await tx.execute(UPSERT, ("slow", "1"))
            holding.set()
            with suppress(TimeoutError):
                await asyncio.wait_for(finished.wait(), 4)

    holder = asyncio.create_task(long_transaction())
    await holding.wait()
    try:
        with pytest.raises(StorageBusy):
            await db.execute(UPSERT, ("fast", "1"))
    finally:
        finished.set()
        await holder
    assert outside_value(db.path, "fast") is None
    await db.execute(UPSERT, ("fast", "2"))
    assert outside_value(db.path, "fast") == "2"


def _error(code: int) -> sqlite3.Error:
    exc = sqlite3.OperationalError(f"extended result code {code}")
    exc.sqlite_errorcode = code
    return exc


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (778, FaultKind.IO_ERROR),  # SQLITE_IOERR_WRITE
        (3338, FaultKind.IO_ERROR),  # SQLITE_IOERR_FSYNC
        (517, FaultKind.LOCKED),  # SQLITE_BUSY_SNAPSHOT
        (261, FaultKind.LOCKED),  # SQLITE_BUSY_RECOVERY
        (1032, FaultKind.READ_ONLY),  # SQLITE_READONLY_DBMOVED
        (264, FaultKind.READ_ONLY),  # SQLITE_READONLY_RECOVERY
    ],
)
def test_extended_result_codes_are_classified_by_their_primary_code(code: int, kind: FaultKind) -> None:
    assert classify(_error(code)) is kind


def test_errors_that_are_not_the_storages_fault_are_not_classified() -> None:
    assert classify(_error(2067)) is None  # SQLITE_CONSTRAINT_UNIQUE: a bug or bad input, raised as is
    assert classify(_error(1)) is None


async def test_a_wal_deleted_under_the_bot_is_reported_and_the_bot_moves_to_the_new_files(
    sqlite_db: Database,
) -> None:
    """What another program's close did when the bot had dropped its locks: the -wal and -shm
    unlinked under the open connections. Refused once (``gone``, so health shows it), then the
    connections are reopened and what is acknowledged from then on is visible outside at once."""
    db = sqlite_db
    await db.execute(UPSERT, ("points", "111"))
    for suffix in ("-wal", "-shm"):
        os.unlink(f"{db.path}{suffix}")
    with pytest.raises(StorageUnavailable):
        await db.execute(UPSERT, ("points", "222"))
    assert db.health.state()["fault"] == FaultKind.GONE.value
    await db.execute(UPSERT, ("points", "333"))
    assert outside_value(db.path, "points") == "333"
    assert db.health.healthy
    row = await db.fetchone("SELECT value FROM bot_meta WHERE key = 'points'")
    assert row is not None and row[0] == "333"
