"""Storage faults on a real SQLite file: a clear error, one log line per episode, reads go on, recovery.

Each fault is produced the way SQLite meets it: another connection holding the write lock,
``PRAGMA query_only`` (SQLite's own "attempt to write a readonly database", as for a read-only
file), ``PRAGMA max_page_count`` (SQLite's "database or disk is full", as for a full disk), the
files deleted under the open connections, and ``chattr +i`` (in a child process: a SIGBUS there
must not take pytest down).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.storage.health import FaultKind, StorageBusy, StorageFault, StorageUnavailable
from bot.storage.sqlite.database import WRITE_WAIT, Database
from tests.support.sqlite_files import delete_database_files

INSERT = (
    "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


pytestmark = pytest.mark.usefixtures("info_logs")


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    """These faults are made on the SQLite file itself, so these tests run on SQLite only."""
    return sqlite_db


def fault_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("Storage fault")]


async def test_a_write_lock_held_elsewhere_is_busy_within_the_budget_and_reads_go_on(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    await db.execute(INSERT, ("k", "before"))
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        writes = [asyncio.create_task(db.execute(INSERT, ("k", f"w{i}"))) for i in range(3)]
        read = await db.fetchone("SELECT value FROM bot_meta WHERE key = 'k'")
        read_took = loop.time() - started
        assert read is not None and read[0] == "before"
        assert read_took < 0.3, "a read must not wait for a blocked write"
        results = await asyncio.gather(*writes, return_exceptions=True)
        took = loop.time() - started
        assert all(isinstance(r, StorageBusy) for r in results), results
        assert took < WRITE_WAIT + 0.5, (
            "every waiting write gives up within the budget, not one after another"
        )
        assert db.health.fault is not None and db.health.fault.kind is FaultKind.LOCKED
        assert len(fault_lines(caplog)) == 1, "one log line per episode, not per write"
        assert "another program holds the database's write lock" in fault_lines(caplog)[0]
    finally:
        other.execute("ROLLBACK")
        other.close()
    await db.execute(INSERT, ("k", "after"))
    assert db.health.healthy
    assert any("Storage recovered" in r.getMessage() for r in caplog.records)
    row = await db.fetchone("SELECT value FROM bot_meta WHERE key = 'k'")
    assert row is not None and row[0] == "after"


async def test_read_only_then_writable_again(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    await db._conn.execute_fetchall("PRAGMA query_only = 1")
    for _ in range(3):
        with pytest.raises(StorageUnavailable):
            await db.execute(INSERT, ("k", "v"))
    assert db.health.state()["fault"] == "read_only"
    assert "chmod" in db.health.state()["fix"]
    assert len(fault_lines(caplog)) == 1
    assert await db.fetchone("SELECT COUNT(*) FROM bot_meta") is not None  # reads still work
    await db._conn.execute_fetchall("PRAGMA query_only = 0")
    await db.execute(INSERT, ("k", "v"))
    assert db.health.state() == {"storage_healthy": True}


async def test_disk_full_then_room_again(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    row = await db.fetchone("PRAGMA page_count")
    assert row is not None
    await db._conn.execute_fetchall(f"PRAGMA max_page_count = {row[0]}")
    raised: list[StorageFault] = []
    for i in range(200):
        try:
            await db.execute(INSERT, (f"k{i}", "x" * 4000))
        except StorageUnavailable as exc:
            raised.append(exc)
            break
    assert raised and raised[0].kind is FaultKind.DISK_FULL
    assert "free some space" in fault_lines(caplog)[0]
    await db._conn.execute_fetchall("PRAGMA max_page_count = 1000000")
    assert await db.check_health()  # the health probe's own write succeeds: the episode ends
    await db.execute(INSERT, ("more", "x" * 4000))


async def test_a_deleted_file_is_refused_then_reopened_when_restored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "bot.sqlite3"
    db = await Database.open(path)
    try:
        await db.execute(INSERT, ("k", "kept"))
        backup = tmp_path / "copy.bak"
        with sqlite3.connect(path) as src, sqlite3.connect(backup) as dst:
            src.backup(dst)
        delete_database_files(path)
        with pytest.raises(StorageUnavailable) as raised:
            await db.execute(INSERT, ("k", "lost"))  # SQLite alone would write into the deleted file
        assert raised.value.kind is FaultKind.GONE
        with pytest.raises(StorageFault):
            await db.fetchone("SELECT 1")
        assert len(fault_lines(caplog)) == 1 and "deleted or replaced" in fault_lines(caplog)[0]
        shutil.copy(backup, path)
        await db.execute(INSERT, ("k2", "after"))
        assert db.health.healthy
        rows = await db.fetchall("SELECT key, value FROM bot_meta ORDER BY key")
        assert [tuple(r) for r in rows] == [("k", "kept"), ("k2", "after")]
    finally:
        await db.close()


CHILD = r"""
import asyncio, subprocess, sys
from bot.storage.health import StorageFault
from bot.storage.sqlite.database import Database

async def main(path):
    db = await Database.open(path)
    await db.execute("INSERT INTO bot_meta (key, value) VALUES ('a', '1')")
    files = [path, path + "-wal", path + "-shm"]
    subprocess.run(["chattr", "+i", *files], check=True)
    try:
        for statement in ("read", "write"):
            try:
                if statement == "read":
                    await db.fetchone("SELECT * FROM bot_meta")
                else:
                    await db.execute("INSERT INTO bot_meta (key, value) VALUES ('b', '2')")
                print(statement, "went through")
            except StorageFault as exc:
                said = exc.message
                print(statement, "refused", exc.kind.value, "can't read" in said, "save" in said)
        print("state", db.health.state()["fault"])
    finally:
        subprocess.run(["chattr", "-i", *files], check=True)
    await db.execute("INSERT INTO bot_meta (key, value) VALUES ('c', '3')")
    print("state", db.health.state())
    subprocess.run(["chattr", "+i", *files], check=True)  # and closing must not touch the files either
    try:
        await db.close()
    finally:
        subprocess.run(["chattr", "-i", *files], check=True)
    print("closed")

asyncio.run(main(sys.argv[1]))
"""


def test_immutable_files_are_refused_instead_of_a_sigbus(tmp_path: Path) -> None:
    """Without the file check (mutation: ``FileWatch.problem`` returns None) the child dies of SIGBUS.

    Exit -7 at the read: SQLite writes its memory-mapped -shm file, whatever ``mmap_size`` says.
    """
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "bot.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    assert result.stdout.splitlines() == [
        "read refused immutable True False",  # says it cannot read, not that nothing was saved
        "write refused immutable False True",
        "state immutable",
        "state {'storage_healthy': True}",
        "closed",
    ]
    assert "chattr -i" in result.stderr  # the one log line names the fix
    assert time.monotonic() - started < 30


def test_fault_log_lines_go_through_logging(caplog: pytest.LogCaptureFixture) -> None:
    from bot.storage.health import StorageHealth

    health = StorageHealth("x.db", clock=iter([0.0, 5.0, 5.0]).__next__)
    with caplog.at_level(logging.INFO):
        health.failed(FaultKind.DISK_FULL, "database or disk is full")
        health.failed(FaultKind.DISK_FULL, "database or disk is full")
        health.recovered()
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert "after 5.0 s (disk_full, 2 failed operations)" in messages[1]
