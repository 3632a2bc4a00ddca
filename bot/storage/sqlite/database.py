"""One aiosqlite connection, explicit transactions, and the migrations run at open.

Every statement goes through one ``asyncio.Lock``: a transaction holds it from
``BEGIN IMMEDIATE`` to ``COMMIT``/``ROLLBACK``, and the autocommit helpers take it
for their single statement. So concurrent tasks never interleave statements inside
someone else's transaction, and a read never sees another task's uncommitted writes.
Inside ``async with db.transaction() as tx`` use ``tx``'s methods, not ``db``'s
(the lock is not re-entrant; calling ``db.execute`` there raises instead of hanging).

No discord imports here.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.driver import SQLITE, Dialect
from bot.storage.sqlite.schema import DEFAULT_MIGRATIONS_DIR, MigrationError, MigrationResult, migrate

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]


# STRICT tables (3.37) and RETURNING (3.35) are used by the schema and the answer writer.
MIN_SQLITE = (3, 37, 0)


def require_sqlite_features(version: tuple[int, int, int] = sqlite3.sqlite_version_info) -> None:
    if version < MIN_SQLITE:
        have = ".".join(map(str, version))
        need = ".".join(map(str, MIN_SQLITE))
        raise MigrationError(
            f"This Python's SQLite is {have}; the bot needs {need} or newer (STRICT tables). "
            "Use a Python 3.11+ build with a newer SQLite "
            "(python.org installers, Debian 12, Ubuntu 22.04 or later)."
        )


class Database:
    """Owns the bot's single SQLite connection. Create with ``await Database.open(path)``.

    Implements ``bot.storage.driver.Driver`` for the shared stores.
    """

    dialect: Dialect = SQLITE

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._closed = False
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

        Raises ``MigrationError`` when a migration fails or the database is newer than this code.
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
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute_fetchall("PRAGMA busy_timeout = 5000")
            await conn.execute_fetchall("PRAGMA journal_mode = WAL")
            await conn.execute_fetchall("PRAGMA synchronous = NORMAL")
            # Off while migrating, so a migration may rebuild a table (SQLite's documented
            # procedure); ``migrate`` runs ``PRAGMA foreign_key_check`` before each commit.
            await conn.execute_fetchall("PRAGMA foreign_keys = OFF")
            result = await migrate(
                conn, None if in_memory else path, migrations_dir=migrations_dir, backup=backup
            )
            await conn.execute_fetchall("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:  # e.g. "file is not a database"
            await conn.close()
            raise MigrationError(
                f"Could not open the database {path}: {exc}. Is it a SQLite file made by this bot?"
            ) from exc
        except BaseException:
            await conn.close()
            raise
        db = cls(conn, path)
        db.migration = result
        return db

    async def close(self) -> None:
        """Wait for any running transaction, checkpoint the WAL and close. Safe to call twice."""
        if self._closed:
            return
        async with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                await self._conn.execute_fetchall("PRAGMA optimize")
                await self._conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                log.warning("could not checkpoint %s before closing", self._path, exc_info=True)
            finally:
                await self._conn.close()

    # -- transactions ---------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; ``ROLLBACK`` if the block raises (or is cancelled)."""
        self._check_not_owner()
        async with self._lock:
            self._check_open()
            self._owner = asyncio.current_task()
            tx = Transaction(self)
            try:
                try:
                    # Inside the guard: a cancel that lands while BEGIN runs in aiosqlite's
                    # thread must still roll back, or the connection stays inside a transaction.
                    await self._execute("BEGIN IMMEDIATE", ())
                    yield tx
                    await self._execute("COMMIT", ())
                except BaseException:
                    await self._rollback_quietly()
                    raise
            finally:
                tx._active = False
                self._owner = None

    async def _rollback_quietly(self) -> None:
        try:
            await self._conn.execute_fetchall("ROLLBACK")
        except sqlite3.OperationalError as exc:  # e.g. the COMMIT went through before a cancel
            log.debug("rollback: %s", exc)

    # -- autocommit helpers (one statement each, serialized with transactions) ------------

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement in autocommit mode; returns the number of rows changed."""
        async with self._locked():
            rowcount, _ = await self._execute(sql, params)
            return rowcount

    async def execute_notifying(self, sql: str, params: Params, channel: str, payload: str) -> int:
        """One autocommit statement: no other process shares a SQLite file (see ``Transaction.notify``)."""
        return await self.execute(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._locked():
            return await self._fetchone(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._locked():
            return await self._fetchall(sql, params)

    @asynccontextmanager
    async def _locked(self) -> AsyncIterator[None]:
        self._check_not_owner()
        async with self._lock:
            self._check_open()
            yield

    def _check_not_owner(self) -> None:
        if self._owner is not None and self._owner is asyncio.current_task():
            raise RuntimeError("already inside db.transaction(): use the transaction object's methods")

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"database {self._path} is closed")

    # -- raw access (caller holds the lock) ---------------------------------------------

    async def _execute(self, sql: str, params: Params) -> tuple[int, int | None]:
        cursor = await self._conn.execute(sql, params)
        try:
            return cursor.rowcount, cursor.lastrowid
        finally:
            await cursor.close()

    async def _executemany(self, sql: str, rows: Iterable[Params]) -> int:
        cursor = await self._conn.executemany(sql, rows)
        try:
            return cursor.rowcount
        finally:
            await cursor.close()

    async def _fetchone(self, sql: str, params: Params) -> aiosqlite.Row | None:
        cursor = await self._conn.execute(sql, params)
        try:
            return await cursor.fetchone()
        finally:
            await cursor.close()

    async def _fetchall(self, sql: str, params: Params) -> list[aiosqlite.Row]:
        return list(await self._conn.execute_fetchall(sql, params))


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
        """Nothing to do: this transaction already holds the only connection (``BEGIN IMMEDIATE``)."""
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
