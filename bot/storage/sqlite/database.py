"""Two aiosqlite connections (one writes, one reads), transactions, storage faults, migrations at open.

Writes go through one ``asyncio.Lock``: a transaction holds it from ``BEGIN IMMEDIATE`` to
``COMMIT``/``ROLLBACK``, so concurrent tasks never interleave statements inside someone else's
transaction. Inside ``async with db.transaction() as tx`` use ``tx``'s methods, not ``db``'s (the
lock is not re-entrant; calling ``db.execute`` there raises instead of hanging).

Reads (``fetchone``/``fetchall``) use a second, read-only connection with its own lock: in WAL
mode they see every committed write and never wait for a write, ours or another program's.

A write waits at most ``WRITE_WAIT`` seconds in all (for our lock, then for SQLite's) and otherwise
fails with ``StorageBusy``, so an interaction is answered well inside Discord's 3 s. SQLite errors
that mean the storage is at fault (locked, read-only, full, gone, immutable, corrupt) become a
``StorageFault`` for the member and one log line per episode (``self.health``); the next
operation that succeeds ends the episode, so the bot recovers by itself once the fault clears.

No discord imports here.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.storage.driver import SQLITE, Dialect
from bot.storage.health import (
    WRITE_ONLY_FAULTS,
    FaultKind,
    StorageBusy,
    StorageHealth,
    fault_error,
)
from bot.storage.migrations import MigrationError, MigrationResult
from bot.storage.sqlite.connections import WRITE_BUSY_MS, abandon, check_integrity, connect, fetchone_on
from bot.storage.sqlite.connections import require_sqlite_features as require_sqlite_features
from bot.storage.sqlite.faults import FileWatch, classify, file_identity
from bot.storage.sqlite.schema import DEFAULT_MIGRATIONS_DIR, latest_version, migrate, user_version

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]


T = TypeVar("T")

WRITE_WAIT = 1.0  # seconds a write may wait for each lock (ours, then SQLite's) before "busy"
# Faults a successful commit ends (corruption stays until the file is repaired and the bot restarted),
# and those a read that passed the file check ends.
_ENDED_BY_A_COMMIT = WRITE_ONLY_FAULTS | {
    FaultKind.IO_ERROR,
    FaultKind.GONE,
    FaultKind.IMMUTABLE,
    FaultKind.STUCK,
}
_ENDED_BY_A_READ = frozenset({FaultKind.GONE, FaultKind.IMMUTABLE})


class Database:
    """Owns the bot's SQLite connections. Create with ``await Database.open(path)``.

    Implements ``bot.storage.driver.Driver`` for the shared stores.
    """

    dialect: Dialect = SQLITE

    def __init__(
        self, conn: aiosqlite.Connection, path: Path, reader: aiosqlite.Connection | None = None
    ) -> None:
        self._conn = conn
        self._reader = reader  # None for ":memory:" (a second connection would see another database)
        self._path = path
        self._lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._closed = False
        self._watch = FileWatch(path) if reader is not None else None
        self.health = StorageHealth(str(path))
        self.migration: MigrationResult | None = None  # what ``open`` did to the schema

    @property
    def path(self) -> Path:
        return self._path

    @property
    def closed(self) -> bool:
        return self._closed

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        migrations_dir: Path = DEFAULT_MIGRATIONS_DIR,
        backup: bool = True,
    ) -> Database:
        """Open (creating if needed) the database at ``path`` and bring its schema up to date.

        Raises ``MigrationError`` when a migration fails, the database is newer than this code,
        or the file is damaged (``PRAGMA quick_check``).
        """
        require_sqlite_features()
        path = Path(path)
        in_memory = str(path) == ":memory:"
        try:
            if not in_memory:
                path.parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise MigrationError(
                f"Could not open the database {path}: {exc}. Check that its folder exists and that "
                "this user may write there."
            ) from None
        reader: aiosqlite.Connection | None = None
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute_fetchall("PRAGMA busy_timeout = 5000")  # at start, another process may finish
            await check_integrity(conn, path)  # before anything writes to the file (even its header)
            await conn.execute_fetchall("PRAGMA journal_mode = WAL")
            await conn.execute_fetchall("PRAGMA synchronous = NORMAL")
            # Off while migrating, so a migration may rebuild a table (SQLite's documented
            # procedure); ``migrate`` runs ``PRAGMA foreign_key_check`` before each commit.
            await conn.execute_fetchall("PRAGMA foreign_keys = OFF")
            result = await migrate(
                conn, None if in_memory else path, migrations_dir=migrations_dir, backup=backup
            )
            await conn.execute_fetchall("PRAGMA foreign_keys = ON")
            await conn.execute_fetchall(f"PRAGMA busy_timeout = {WRITE_BUSY_MS}")
            await conn.execute_fetchall("PRAGMA mmap_size = 0")
            if not in_memory:
                reader = await connect(path, read_only=True)
        except sqlite3.DatabaseError as exc:  # e.g. "file is not a database"
            await conn.close()
            raise MigrationError(
                f"Could not open the database {path}: {exc}. Is it a SQLite file made by this bot?"
            ) from exc
        except BaseException:
            await conn.close()
            raise
        db = cls(conn, path, reader)
        db.migration = result
        return db

    async def close(self) -> None:
        """Wait for any running transaction, checkpoint the WAL and close. Safe to call twice."""
        if self._closed:
            return
        async with self._lock, self._read_lock:
            if self._closed:
                return
            self._closed = True
            connections = [c for c in (self._reader, self._conn) if c is not None]
            if self._watch is not None and self._watch.problem() is FaultKind.IMMUTABLE:
                log.warning("Leaving %s without a checkpoint: its files are immutable.", self._path)
                for conn in connections:
                    abandon(conn)
                return
            try:
                await self._conn.execute_fetchall("PRAGMA optimize")
                await self._conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                log.warning("could not checkpoint %s before closing", self._path, exc_info=True)
            finally:
                for conn in connections:
                    await conn.close()

    # -- health -------------------------------------------------------------------------

    def _failed(self, kind: FaultKind, detail: str) -> None:
        self.health.failed(kind, detail)

    async def _run(self, operation: Awaitable[T], *, reading: bool = False) -> T:
        """Await one SQLite call; an error that is the storage's fault becomes a ``StorageFault``."""
        try:
            return await operation
        except sqlite3.Error as exc:
            kind = classify(exc)
            if kind is None:
                raise
            self._failed(kind, str(exc))
            raise fault_error(kind, reading=reading) from exc

    def _check_files(self, *, reading: bool = False) -> None:
        """Refuse before touching SQLite when its files are gone or immutable (see ``FileWatch``)."""
        if self._watch is None:
            return
        problem = self._watch.problem()
        if problem is not None:
            self._failed(problem, f"{self._path} (checked before use)")
            raise fault_error(problem, reading=reading)

    async def _reopen_if_restored(self) -> None:
        """After GONE: once a file is back at the path, reopen both connections onto it."""
        fault = self.health.fault
        if fault is None or fault.kind is not FaultKind.GONE or not self._path.exists():
            return
        async with self._read_lock:
            old = [c for c in (self._reader, self._conn) if c is not None]
            assert self._watch is not None
            if self._watch.identity == file_identity(str(self._path)):  # only the -wal was replaced: the old
                await self._close_stale(old)  # connections' shared-memory index must not serve new ones
                old = []
            try:
                conn = await connect(self._path, read_only=False)
                version = await user_version(conn)
                if version != latest_version():
                    await conn.close()
                    log.warning(
                        "The file back at %s has schema v%s, not v%s: restart the bot to use it.",
                        self._path,
                        version,
                        latest_version(),
                    )
                    return
                reader = await connect(self._path, read_only=True)
            except (OSError, sqlite3.Error) as exc:
                log.warning("Could not reopen %s yet: %s", self._path, exc)
                return
            self._conn, self._reader = conn, reader
            self._watch.renew()
            await self._close_stale(old)
            log.info("Reopened %s.", self._path)

    async def _close_stale(self, connections: list[aiosqlite.Connection]) -> None:
        for stale in connections:
            try:
                await stale.close()
            except sqlite3.Error:
                log.debug("closing a connection to the deleted file", exc_info=True)

    async def check_health(self) -> bool:
        """For a health endpoint: look again (files, and a write when writes were failing); healthy?"""
        if not (self._closed or self._lock.locked()) and self._conn.in_transaction:
            self._failed(FaultKind.STUCK, f"{self._path}: the write connection is inside a transaction")
            return False  # shown as it is; the next write (or probe) rolls it back
        fault = self.health.fault
        if fault is None:
            return True
        try:
            if fault.kind in (FaultKind.GONE, FaultKind.IMMUTABLE):
                async with self._writing():
                    self._check_files()
                self.health.recovered()
            elif fault.kind in _ENDED_BY_A_COMMIT:
                async with self.transaction() as tx:
                    await tx.execute(
                        "INSERT INTO bot_meta (key, value) VALUES ('storage_probe', datetime('now')) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                    )
        except StorageBusy:
            pass
        except Exception as exc:
            log.debug("storage health probe: %s", exc)
        return self.health.healthy

    # -- transactions ---------------------------------------------------------------

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[float]:
        """Hold the write lock, waiting at most ``WRITE_WAIT`` for it; yields the seconds waited."""
        self._check_not_owner()
        started = time.perf_counter()
        try:
            async with asyncio.timeout(WRITE_WAIT):
                await self._lock.acquire()
        except TimeoutError:
            raise StorageBusy() from None
        try:
            self._check_open()
            await self._reopen_if_restored()
            yield time.perf_counter() - started
        finally:
            self._lock.release()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; ``ROLLBACK`` if the block raises (or is cancelled)."""
        async with self._writing() as waited:
            self._check_files()
            self._owner = asyncio.current_task()
            tx = Transaction(self)
            try:
                await self._leave_stray_transaction()
                try:
                    # Inside the guard: a cancel that lands while BEGIN runs in aiosqlite's
                    # thread must still roll back, or the connection stays inside a transaction.
                    await self._begin(waited)
                    yield tx
                    await self._run(self._conn.execute_fetchall("COMMIT"))
                except BaseException:
                    await self._rollback_quietly()
                    raise
            finally:
                tx._active = False
                self._owner = None
            fault = self.health.fault
            if fault is not None and fault.kind in _ENDED_BY_A_COMMIT:
                self.health.recovered()

    async def _begin(self, waited: float) -> None:
        """BEGIN IMMEDIATE, waiting for SQLite's lock only what is left of ``WRITE_WAIT`` (one budget
        for both waits: the answer writer's retries then stay inside Discord's 3 s)."""
        if waited < 0.01:  # the usual case: no extra statement
            await self._run(self._conn.execute_fetchall("BEGIN IMMEDIATE"))
            return
        left = max(int((WRITE_WAIT - waited) * 1000), 0)
        await self._conn.execute_fetchall(f"PRAGMA busy_timeout = {min(left, WRITE_BUSY_MS)}")
        try:
            await self._run(self._conn.execute_fetchall("BEGIN IMMEDIATE"))
        finally:  # queued behind BEGIN even if this task is cancelled
            await self._conn.execute_fetchall(f"PRAGMA busy_timeout = {WRITE_BUSY_MS}")

    async def _leave_stray_transaction(self) -> None:
        """Roll back a transaction nobody owns (we hold the lock), so no later COMMIT carries its work.

        Every path out of ``transaction`` queues a ROLLBACK behind the statement it interrupted, so
        this should never find one; if it does, that work was never acknowledged and is dropped.
        """
        if self._conn.in_transaction:
            self._failed(FaultKind.STUCK, f"{self._path}: the write connection was left inside a transaction")
            await self._rollback_quietly()

    async def _rollback_quietly(self) -> None:
        try:
            await self._conn.execute_fetchall("ROLLBACK")
        except sqlite3.Error as exc:  # e.g. the COMMIT went through before a cancel, or BEGIN failed
            log.debug("rollback: %s", exc)

    # -- autocommit helpers -----------------------------------------------------------

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one writing statement in its own transaction; returns the number of rows changed."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def execute_notifying(self, sql: str, params: Params, channel: str, payload: str) -> int:
        """One writing statement: no other process shares a SQLite file (see ``Transaction.notify``)."""
        return await self.execute(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._reading() as conn:
            return await self._run(fetchone_on(conn, sql, params), reading=True)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._reading() as conn:
            return list(await self._run(conn.execute_fetchall(sql, params), reading=True))

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[aiosqlite.Connection]:
        self._check_not_owner()
        if self._reader is None:  # ":memory:": one connection for everything
            async with self._writing():
                yield self._conn
            return
        fault = self.health.fault
        if fault is not None and fault.kind is FaultKind.GONE:
            async with self._writing():
                pass  # reopens the file if it is back
        async with self._read_lock:
            self._check_open()
            self._check_files(reading=True)
            fault = self.health.fault
            if fault is not None and fault.kind in _ENDED_BY_A_READ:
                self.health.recovered()
            assert self._reader is not None
            yield self._reader

    def _check_not_owner(self) -> None:
        if self._owner is not None and self._owner is asyncio.current_task():
            raise RuntimeError("already inside db.transaction(): use the transaction object's methods")

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"database {self._path} is closed")

    # -- raw access (caller holds the write lock) ---------------------------------------

    async def _execute(self, sql: str, params: Params) -> tuple[int, int | None]:
        cursor = await self._run(self._conn.execute(sql, params))
        try:
            return cursor.rowcount, cursor.lastrowid
        finally:
            await cursor.close()

    async def _executemany(self, sql: str, rows: Iterable[Params]) -> int:
        cursor = await self._run(self._conn.executemany(sql, rows))
        try:
            return cursor.rowcount
        finally:
            await cursor.close()

    async def _fetchone(self, sql: str, params: Params) -> aiosqlite.Row | None:
        return await self._run(fetchone_on(self._conn, sql, params))

    async def _fetchall(self, sql: str, params: Params) -> list[aiosqlite.Row]:
        return list(await self._run(self._conn.execute_fetchall(sql, params)))


class Transaction:
    """The statements of one ``db.transaction()`` block. Only valid inside that block."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._active = True

    def _check(self) -> None:
        if not self._active:
            raise RuntimeError("this transaction has ended")

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows changed."""
        self._check()
        rowcount, _ = await self._db._execute(sql, params)
        return rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        self._check()
        await self._db._executemany(sql, rows)

    async def lock(self, name: str) -> None:
        """Nothing to do: this transaction already holds the only writing connection (``BEGIN IMMEDIATE``)."""
        self._check()

    async def notify(self, channel: str, payload: str) -> None:
        """Nothing to do: one process owns a SQLite file, and its stores share one cache."""
        self._check()

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        self._check()
        return await self._db._fetchone(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        self._check()
        return await self._db._fetchall(sql, params)
