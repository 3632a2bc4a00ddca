"""What the stores need from a database: statements, transactions, and where the dialects differ.

The stores (``bot.storage.sql``) are written once, in the SQL that SQLite and PostgreSQL
run alike: ``?`` placeholders, ``ON CONFLICT … DO NOTHING``/``DO UPDATE`` with
table-qualified columns, ``RETURNING``, ``CASE`` instead of scalar ``max``. Each backend's
driver runs that SQL (PostgreSQL's turns ``?`` into ``$n`` once per statement text), and
``Dialect`` names the few things that truly differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol


class Row(Protocol):
    """A result row: by column name or position (``sqlite3.Row`` and ``asyncpg.Record`` both are)."""

    def __getitem__(self, key: Any, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    # PostgreSQL takes a whole batch as one array per column (``unnest``), one statement
    # and one prepared plan whatever the batch size; SQLite takes multi-row VALUES.
    arrays: bool


SQLITE = Dialect("sqlite", arrays=False)
POSTGRESQL = Dialect("postgresql", arrays=True)


class Statements(Protocol):
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Row]: ...


class Transaction(Statements, Protocol):
    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    async def lock(self, name: str) -> None:
        """Hold ``name`` until the transaction ends, so writers of one thing take turns.

        SQLite's transactions already take turns (one connection, ``BEGIN IMMEDIATE``);
        PostgreSQL's run side by side on a pool, so read-then-write steps lock first.
        """
        ...

    async def notify(self, channel: str, payload: str) -> None:
        """Tell other processes on the same database, once this transaction commits."""
        ...


class Driver(Statements, Protocol):
    """One open database: autocommit statements, and ``transaction()`` for several at once.

    Its ``fetchone``/``fetchall`` only read (SQLite runs them on a read-only connection): a
    write that returns rows (``INSERT … RETURNING``) goes through ``transaction()``.
    """

    @property
    def dialect(self) -> Dialect: ...

    def transaction(self) -> AbstractAsyncContextManager[Transaction]: ...

    async def execute_notifying(self, sql: str, params: Sequence[Any], channel: str, payload: str) -> int:
        """One write that other processes hear about once it commits (``Transaction.notify``).

        SQLite has no other process to tell and runs it as one autocommit statement.
        """
        ...

    async def close(self) -> None: ...


@lru_cache(maxsize=4096)
def dollar_params(sql: str) -> str:
    """``?`` placeholders → PostgreSQL's ``$1, $2, …``, outside quotes and comments; cached per text."""
    out: list[str] = []
    number = 0
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "'\"":
            end = sql.find(char, i + 1)
            end = n if end == -1 else end + 1  # a doubled quote is two quoted runs back to back
            out.append(sql[i:end])
            i = end
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end == -1 else end
            out.append(sql[i:end])
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end == -1 else end + 2
            out.append(sql[i:end])
            i = end
        elif char == "?":
            number += 1
            out.append(f"${number}")
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def changed_rows(status: str) -> int:
    """Rows changed, from PostgreSQL's command tag (``INSERT 0 3``, ``DELETE 2``, ``CREATE TABLE``)."""
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else 0
