"""PostgreSQL through an asyncpg connection pool, as a ``bot.storage.driver.Driver``.

The stores' ``?`` placeholders become ``$n`` once per statement text (cached); asyncpg then
prepares each statement once per connection. Autocommit statements take any pooled
connection; a transaction holds one connection from ``BEGIN`` to ``COMMIT``/``ROLLBACK``.
Unlike SQLite's single connection, transactions run side by side, so stores that read
before they write take ``tx.lock(name)`` first.

Errors that are the server's fault (unreachable, locked past ``lock_timeout``, read-only, disk
full: ``faults.py``) become a ``StorageFault`` for the member and one log line per episode
(``self.health``), as for SQLite; asyncpg's pool reconnects by itself once the server is back.

No discord imports here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg

from bot.storage.driver import POSTGRESQL, Dialect, changed_rows, dollar_params
from bot.storage.health import WRITE_ONLY_FAULTS, StorageHealth, fault_error
from bot.storage.migrations import MigrationError, MigrationResult
from bot.storage.postgres.errors import DatabaseUnreachable
from bot.storage.postgres.faults import ADVICE, classify
from bot.storage.postgres.listener import Listener
from bot.storage.postgres.schema import DEFAULT_MIGRATIONS_DIR, Connection, migrate
from bot.storage.urls import redacted_url

log = logging.getLogger(__name__)

# Deadlines, so an interaction is answered inside Discord's 3 s: a statement waits at most this long
# for a lock another session holds (server side), and for a free pooled connection (client side).
# Past them the member is told the database is busy. The limit is per lock wait: a write queued
# behind another waiter on the same row may wait twice. Migrations wait as long as they need.
LOCK_TIMEOUT_MS = 800
ACQUIRE_WAIT = 1.0
# And a statement (a slow or overloaded server) runs at most this long: with the wait for a pooled
# connection, inside the 3 s. Migrations, whole-server deletes and copies lift it for their own
# transaction (SET LOCAL statement_timeout = 0): they may need longer and answer no interaction.
STATEMENT_TIMEOUT_MS = 1800
APPLICATION_NAME = "ballerina-bot"  # how the bot's sessions show in pg_stat_activity

# Connection failures that mean "cannot reach or log in to the server", not a bug.
CONNECT_ERRORS = (OSError, asyncio.TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)
# Of those, the ones a person must fix (wrong user or password, no such database); the
# others (refused, timed out, the server starting up) may pass by themselves.
NEEDS_A_PERSON = (asyncpg.InvalidAuthorizationSpecificationError, asyncpg.InvalidCatalogNameError)


def connect_error(message: str, exc: BaseException) -> MigrationError:
    """``MigrationError`` for what a person must fix, ``DatabaseUnreachable`` for what may pass."""
    if isinstance(exc, NEEDS_A_PERSON):
        return MigrationError(message)
    return DatabaseUnreachable(message)


class PostgresDatabase:
    """A pool of connections to one database (and schema): ``await PostgresDatabase.open(url)``."""

    dialect: Dialect = POSTGRESQL

    def __init__(self, pool: asyncpg.Pool, url: str, schema: str) -> None:
        self._pool = pool
        self._url = url
        self.schema = schema
        self.migration: MigrationResult | None = None  # what ``open`` did to the schema
        self._listeners: list[Listener] = []
        self._closed = False
        self.health = StorageHealth(f"PostgreSQL at {redacted_url(url)}", advice=ADVICE)

    @property
    def listeners(self) -> tuple[Listener, ...]:
        return tuple(self._listeners)

    @property
    def url(self) -> str:
        """Where this database is, without the password."""
        return redacted_url(self._url)

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        migrations_dir: Path = DEFAULT_MIGRATIONS_DIR,
    ) -> PostgresDatabase:
        """Connect and bring the schema up to date; ``MigrationError`` names what went wrong."""
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=min_size,
                max_size=max_size,
                timeout=10,
                server_settings={
                    "lock_timeout": str(LOCK_TIMEOUT_MS),
                    "statement_timeout": str(STATEMENT_TIMEOUT_MS),
                    "application_name": APPLICATION_NAME,
                },
            )
        except CONNECT_ERRORS as exc:
            raise connect_error(
                f"Could not connect to PostgreSQL at {redacted_url(url)}: {type(exc).__name__}: {exc}. "
                "Check DATABASE_URL, that the server runs and that this user may log in.",
                exc,
            ) from None
        try:
            async with pool.acquire() as conn:
                result = await migrate(conn, migrations_dir=migrations_dir)
                schema = str(await conn.fetchval("SELECT current_schema()"))
        except BaseException:
            await pool.close()
            raise
        db = cls(pool, url, schema)
        db.migration = result
        return db

    async def listen(
        self,
        channel: str,
        on_message: Callable[[str], None],
        *,
        on_lost: Callable[[], None],
        on_restored: Callable[[], None],
    ) -> Listener:
        """LISTEN on a dedicated connection (reconnecting after a loss) until ``close``."""
        listener = Listener(self._url, channel, on_message, on_lost=on_lost, on_restored=on_restored)
        try:
            await listener.start()
        except CONNECT_ERRORS as exc:
            raise connect_error(
                f"Could not LISTEN on PostgreSQL at {self.url}: {type(exc).__name__}: {exc}.", exc
            ) from None
        self._listeners.append(listener)
        return listener

    async def close(self) -> None:
        """Stop listening and close every connection (waits for running transactions). Safe twice."""
        if self._closed:
            return
        self._closed = True
        for listener in self._listeners:
            await listener.close()
        await self._pool.close()

    # -- faults ---------------------------------------------------------------------------

    @asynccontextmanager
    async def _guard(self, *, write: bool) -> AsyncIterator[None]:
        """An error that is the storage's fault becomes a ``StorageFault``; a success ends one."""
        try:
            yield
        except Exception as exc:
            kind = classify(exc)
            if kind is None:
                raise
            self.health.failed(kind, f"{type(exc).__name__}: {exc}")
            raise fault_error(kind, reading=not write) from exc
        fault = self.health.fault
        if fault is not None and (write or fault.kind not in WRITE_ONLY_FAULTS):
            self.health.recovered()

    @asynccontextmanager
    async def _connection(self, *, write: bool) -> AsyncIterator[Connection]:
        async with self._guard(write=write), self._pool.acquire(timeout=ACQUIRE_WAIT) as conn:
            yield conn

    async def check_health(self) -> bool:
        """For a health endpoint: while faulted, try again (a write when writes failed); healthy?"""
        fault = self.health.fault
        if fault is None:
            return True
        try:
            if fault.kind in WRITE_ONLY_FAULTS:
                await self.execute(
                    "INSERT INTO bot_meta (key, value) VALUES ('storage_probe', now()::text) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                )
            else:
                await self.fetchone("SELECT 1")
        except Exception as exc:
            log.debug("storage health probe: %s", exc)
        return self.health.healthy

    # -- the Driver protocol -------------------------------------------------------------

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._connection(write=True) as conn:
            return changed_rows(await conn.execute(dollar_params(sql), *params))

    async def execute_notifying(self, sql: str, params: Sequence[Any], channel: str, payload: str) -> int:
        async with self.transaction() as tx:
            changed = await tx.execute(sql, params)
            await tx.notify(channel, payload)
            return changed

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> asyncpg.Record | None:
        async with self._connection(write=False) as conn:
            return await conn.fetchrow(dollar_params(sql), *params)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[asyncpg.Record]:
        async with self._connection(write=False) as conn:
            return await conn.fetch(dollar_params(sql), *params)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresTransaction]:
        """``BEGIN`` … ``COMMIT`` on one pooled connection; ``ROLLBACK`` if the block raises."""
        async with self._connection(write=True) as conn, conn.transaction():
            tx = PostgresTransaction(conn)
            try:
                yield tx
            finally:
                tx._active = False

    @asynccontextmanager
    async def raw_transaction(self) -> AsyncIterator[Connection]:
        """One pooled asyncpg connection inside a transaction, for what stores never need (COPY)."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SET LOCAL statement_timeout = 0")  # a bulk copy takes what it takes
            yield conn


class PostgresTransaction:
    """The statements of one ``db.transaction()`` block. Only valid inside that block."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._active = True

    def _check(self) -> None:
        if not self._active:
            raise RuntimeError("this transaction has ended")

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._check()
        return changed_rows(await self._conn.execute(dollar_params(sql), *params))

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> asyncpg.Record | None:
        self._check()
        return await self._conn.fetchrow(dollar_params(sql), *params)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[asyncpg.Record]:
        self._check()
        return await self._conn.fetch(dollar_params(sql), *params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._check()
        await self._conn.executemany(dollar_params(sql), rows)

    async def lock(self, name: str) -> None:
        self._check()
        await self._conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", name)

    async def notify(self, channel: str, payload: str) -> None:
        self._check()
        await self._conn.execute("SELECT pg_notify($1, $2)", channel, payload)
