"""Copy a SQLite database into PostgreSQL (``ballerina-bot migrate-db``): every table, ids kept.

Tables go parents first (foreign keys), each in batches; a batch is one PostgreSQL
transaction: ``COPY`` into a temporary table, then ``INSERT … ON CONFLICT DO NOTHING``, so a
row already copied (by a run that stopped half way) is skipped and re-running is safe. A
row whose key is taken by a *different* row means the target is not a copy of this source:
the batch is rolled back and ``CopyConflict`` says where. Identity sequences are moved past
the highest id (SQLite's AUTOINCREMENT high-water mark included, so numbers are never
reused), and the row counts of every table are compared at the end.

No discord imports here.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.storage.driver import changed_rows
from bot.storage.postgres.database import PostgresDatabase
from bot.storage.postgres.schema import latest_version as postgres_latest
from bot.storage.sqlite.schema import latest_version as sqlite_latest


class CopyError(RuntimeError):
    """The copy cannot go on; the message says why and what to do."""


class CopyConflict(CopyError):
    """The target holds different rows under the same keys: it is not a copy of this source."""


@dataclass(frozen=True, slots=True)
class TableCopy:
    table: str
    source_rows: int
    target_rows: int  # after the copy
    new_rows: int  # written by this run

    @property
    def matches(self) -> bool:
        return self.source_rows == self.target_rows


Progress = Callable[[str, int], None]  # (table, rows just copied)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def source_tables(conn: sqlite3.Connection) -> list[str]:
    """The bot's tables, each after the tables its foreign keys point to."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
        )
    ]
    parents = {
        name: {r[2] for r in conn.execute(f"PRAGMA foreign_key_list({_quote(name)})")} - {name}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:
            raise CopyError(
                f"the tables' foreign keys go round in a circle: {sorted(set(names) - set(ordered))}"
            )
        ordered += ready
    return ordered


def open_source(path: Path) -> sqlite3.Connection:
    """The SQLite file, read only (as_uri escapes characters a plain file: URI would misread)."""
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def count_rows(conn: sqlite3.Connection, tables: list[str]) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {_quote(t)}").fetchone()[0] for t in tables}


async def copy_sqlite_to_postgres(
    source_path: Path,
    target: PostgresDatabase,
    *,
    batch_rows: int = 5000,
    progress: Progress | None = None,
) -> list[TableCopy]:
    """Copy every table of the (up-to-date) SQLite file into ``target``; the counts of each table."""
    with contextlib.closing(open_source(source_path)) as source:
        version = source.execute("PRAGMA user_version").fetchone()[0]
        if version != sqlite_latest() or sqlite_latest() != postgres_latest():
            raise CopyError(
                f"the SQLite database is at schema v{version}; this bot copies v{sqlite_latest()} into "
                f"PostgreSQL v{postgres_latest()}. Start this version of the bot once on SQLite first."
            )
        tables = source_tables(source)
        rows = await target.fetchall("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        missing = set(tables) - {r[0] for r in rows}
        if missing:
            raise CopyError(f"PostgreSQL has no table {', '.join(sorted(missing))}; is it this bot's schema?")
        new: dict[str, int] = {}
        for table in tables:
            new[table] = await _copy_table(source, target, table, batch_rows, progress)
        await _advance_identities(source, target)
        source_counts = count_rows(source, tables)
    target_counts: dict[str, int] = {}
    for table in tables:
        row = await target.fetchone(f"SELECT COUNT(*) FROM {_quote(table)}")
        target_counts[table] = int(row[0]) if row else 0
    return [TableCopy(t, source_counts[t], target_counts[t], new[t]) for t in tables]


async def _copy_table(
    source: sqlite3.Connection,
    target: PostgresDatabase,
    table: str,
    batch_rows: int,
    progress: Progress | None,
) -> int:
    info = source.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    columns = [r[1] for r in info]
    key = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])] or columns
    cols = ", ".join(map(_quote, columns))
    same_key = " AND ".join(f"t.{_quote(c)} = c.{_quote(c)}" for c in key)
    same_row = (
        f"ROW({', '.join('t.' + _quote(c) for c in columns)}) "
        f"IS NOT DISTINCT FROM ROW({', '.join('c.' + _quote(c) for c in columns)})"
    )
    cursor = source.execute(f"SELECT {cols} FROM {_quote(table)} ORDER BY {', '.join(map(_quote, key))}")
    written = 0
    while batch := cursor.fetchmany(batch_rows):
        async with target.raw_transaction() as conn:
            await conn.execute(f"CREATE TEMP TABLE bb_copy (LIKE {_quote(table)}) ON COMMIT DROP")
            await conn.copy_records_to_table("bb_copy", records=batch, columns=columns)
            status = await conn.execute(
                f"INSERT INTO {_quote(table)} ({cols}) SELECT {cols} FROM bb_copy ON CONFLICT DO NOTHING"
            )
            clash: Any = await conn.fetchrow(
                f"SELECT {', '.join('c.' + _quote(c) for c in key)} FROM bb_copy c "
                f"WHERE NOT EXISTS (SELECT 1 FROM {_quote(table)} t WHERE {same_key} AND {same_row}) LIMIT 1"
            )
            if clash is not None:
                where = ", ".join(f"{c}={v!r}" for c, v in zip(key, clash, strict=True))
                raise CopyConflict(
                    f"PostgreSQL already holds a different row in {table} under the same key ({where}): "
                    "it is not a copy of this SQLite database. Point --to at an empty database (or schema), "
                    "or empty this one. Tables before this one were copied; this batch was not."
                )
            written += changed_rows(status)
        if progress is not None:
            progress(table, len(batch))
    return written


async def _advance_identities(source: sqlite3.Connection, target: PostgresDatabase) -> None:
    """Move each identity past the highest id, and past SQLite's AUTOINCREMENT high-water mark."""
    high_water: dict[str, int] = {}
    with contextlib.suppress(sqlite3.OperationalError):  # no AUTOINCREMENT table: no sqlite_sequence
        high_water = dict(source.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    identities = await target.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_identity = 'YES'"
    )
    for table, column in identities:
        async with target.raw_transaction() as conn:
            highest = await conn.fetchval(f"SELECT COALESCE(MAX({_quote(column)}), 0) FROM {_quote(table)}")
            needed = max(int(highest), int(high_water.get(table, 0)))
            if needed == 0:
                continue
            sequence = await conn.fetchval("SELECT pg_get_serial_sequence($1, $2)", _quote(table), column)
            current = await conn.fetchval(
                f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}"
            )
            await conn.execute("SELECT setval($1::regclass, $2)", sequence, max(needed, int(current)))
