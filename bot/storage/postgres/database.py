"""PostgreSQL through an asyncpg connection pool, as a ``bot.storage.driver.Driver``.

The stores' ``?`` placeholders become ``$n`` once per statement text (cached); asyncpg then
prepares each statement once per connection. Autocommit statements take any pooled
connection; a transaction holds one connection from ``BEGIN`` to ``COMMIT``/``ROLLBACK``.
Unlike SQLite's single connection, transactions run side by side, so stores that read
before they write take ``tx.lock(name)`` first.

No discord imports here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg

from bot.config import redacted_url
from bot.storage.driver import POSTGRESQL, Dialect, changed_rows, dollar_params
from bot.storage.postgres.listener import Listener
from bot.storage.postgres.schema import DEFAULT_MIGRATIONS_DIR, Connection, migrate
from bot.storage.sqlite.schema import DatabaseUnreachable, MigrationError, MigrationResult

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
            pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size, timeout=10)
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

    # -- the Driver protocol -------------------------------------------------------------

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return changed_rows(await self._pool.execute(dollar_params(sql), *params))

    async def execute_notifying(self, sql: str, params: Sequence[Any], channel: str, payload: str) -> int:
        async with self.transaction() as tx:
            changed = await tx.execute(sql, params)
            await tx.notify(channel, payload)
            return changed

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> asyncpg.Record | None:
        return await self._pool.fetchrow(dollar_params(sql), *params)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[asyncpg.Record]:
        return await self._pool.fetch(dollar_params(sql), *params)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresTransaction]:
        """``BEGIN`` … ``COMMIT`` on one pooled connection; ``ROLLBACK`` if the block raises."""
        async with self._pool.acquire() as conn, conn.transaction():
            tx = PostgresTransaction(conn)
            try:
                yield tx
            finally:
                tx._active = False

    @asynccontextmanager
    async def raw_transaction(self) -> AsyncIterator[Connection]:
        """One pooled asyncpg connection inside a transaction, for what stores never need (COPY)."""
        async with self._pool.acquire() as conn, conn.transaction():
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
