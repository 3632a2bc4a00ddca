"""Read a schema from SQLite and from PostgreSQL into the same plain shape, and probe its constraints.

``shape`` gives tables, columns (kind, NOT NULL, default, auto-numbered), primary keys,
unique keys, foreign keys and indexes, normalised so the two dialects compare equal when
they mean the same. CHECK constraints are compared by what they do: ``probe`` updates one
column of an existing row to a boundary value (taken from the CHECK texts of both
schemas) and records whether the database accepted it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

# SQLite's type names and PostgreSQL's that mean the same (SQLite's INTEGER is 64-bit).
KINDS = {"INTEGER": "integer", "TEXT": "text", "bigint": "integer", "text": "text"}
FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_CAST = re.compile(r"::[a-z ]+(\[\])?")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    not_null: bool
    default: str | None
    auto: bool  # numbered by the database when an insert leaves it out


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    unique: frozenset[tuple[str, ...]]
    foreign_keys: frozenset[tuple[tuple[str, ...], str, tuple[str, ...], str, str]]
    indexes: frozenset[tuple[str, tuple[str, ...], bool, str]]  # name, columns (+ " DESC"), unique, where


def normal_sql(text: str | None) -> str:
    """An expression without casts, brackets or case and spacing differences."""
    if not text:
        return ""
    text = _CAST.sub("", text)
    return " ".join(text.replace("(", " ").replace(")", " ").lower().split())


def _kind(declared: str) -> str:
    return KINDS.get(declared, f"unexpected type {declared}")


# -- SQLite ------------------------------------------------------------------------------


def sqlite_shape(path: Path) -> dict[str, Table]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
        ]
        return {table: _sqlite_table(conn, table) for table in tables}
    finally:
        conn.close()


def _sqlite_table(conn: sqlite3.Connection, table: str) -> Table:
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    primary_key = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
    without_rowid = "WITHOUT ROWID" in (
        conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0].upper()
    )
    # An INTEGER PRIMARY KEY is the rowid: numbered when an insert leaves it out. The stores
    # leave out only the ones named "id"; the others hold Discord ids (no number made up).
    rowid_alias = primary_key if len(primary_key) == 1 and not without_rowid else ()
    columns = tuple(
        Column(
            name=r[1],
            kind=_kind(r[2]),
            not_null=bool(r[3]) or r[1] in primary_key,
            default=normal_sql(r[4]) or None,
            auto=r[1] in rowid_alias and r[2] == "INTEGER" and r[1] == "id",
        )
        for r in info
    )
    unique: set[tuple[str, ...]] = set()
    indexes: set[tuple[str, tuple[str, ...], bool, str]] = set()
    for _, name, is_unique, origin, _partial in conn.execute(f"PRAGMA index_list({table})").fetchall():
        keys = [r for r in conn.execute(f"PRAGMA index_xinfo({name})").fetchall() if r[5]]
        cols = tuple(r[2] + (" DESC" if r[3] else "") for r in keys)
        if origin == "u":
            unique.add(cols)
        elif origin == "c":
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
            where = sql.split(" WHERE ", 1)[1] if " WHERE " in sql else ""
            indexes.add((name, cols, bool(is_unique), normal_sql(where)))
    by_id: dict[int, list[Any]] = {}
    for r in conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
        by_id.setdefault(r[0], []).append(r)
    foreign_keys = frozenset(
        (
            tuple(r[3] for r in rows),
            rows[0][2],
            tuple(r[4] for r in rows),
            rows[0][6],  # on delete
            rows[0][5],  # on update
        )
        for rows in by_id.values()
    )
    return Table(columns, primary_key, frozenset(unique), foreign_keys, frozenset(indexes))


def sqlite_check_texts(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return {
            name: sql
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
        }
    finally:
        conn.close()


# -- PostgreSQL ---------------------------------------------------------------------------

_KEY_COLUMNS = (
    "ARRAY(SELECT a.attname FROM unnest({keys}) WITH ORDINALITY k(n, i) "
    "JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.n ORDER BY k.i)::text[]"
)


async def postgres_shape(conn: asyncpg.Connection) -> dict[str, Table]:
    schema = await conn.fetchval("SELECT current_schema()")
    columns: dict[str, list[Column]] = {}
    for r in await conn.fetch(
        "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity "
        "FROM information_schema.columns WHERE table_schema = $1 AND table_name <> 'schema_migrations' "
        "ORDER BY table_name, ordinal_position",
        schema,
    ):
        columns.setdefault(r["table_name"], []).append(
            Column(
                name=r["column_name"],
                kind=_kind(r["data_type"]),
                not_null=r["is_nullable"] == "NO",
                default=normal_sql(r["column_default"]) or None,
                auto=r["is_identity"] == "YES",
            )
        )
    constraints = await conn.fetch(
        "SELECT c.conrelid::regclass::text AS tbl, c.contype::text AS contype, "
        + _KEY_COLUMNS.format(keys="c.conkey", rel="c.conrelid")
        + " AS cols, c.confrelid::regclass::text AS ref, "
        + _KEY_COLUMNS.format(keys="c.confkey", rel="c.confrelid")
        + " AS ref_cols, c.confdeltype::text AS confdeltype, c.confupdtype::text AS confupdtype "
        "FROM pg_constraint c WHERE c.connamespace = $1::regnamespace",
        schema,
    )
    indexes = await conn.fetch(
        "SELECT t.relname AS tbl, i.relname AS name, x.indisunique, "
        + _KEY_COLUMNS.format(keys="x.indkey::int2[]", rel="x.indrelid")
        + " AS cols, x.indoption::int2[] AS options, pg_get_expr(x.indpred, x.indrelid) AS pred "
        "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE t.relnamespace = $1::regnamespace AND t.relname <> 'schema_migrations' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        schema,
    )
    shapes: dict[str, Table] = {}
    for table, cols in columns.items():
        mine = [c for c in constraints if c["tbl"] == table]
        shapes[table] = Table(
            columns=tuple(cols),
            primary_key=next((tuple(c["cols"]) for c in mine if c["contype"] == "p"), ()),
            unique=frozenset(tuple(c["cols"]) for c in mine if c["contype"] == "u"),
            foreign_keys=frozenset(
                (
                    tuple(c["cols"]),
                    c["ref"],
                    tuple(c["ref_cols"]),
                    FK_ACTIONS[c["confdeltype"]],
                    FK_ACTIONS[c["confupdtype"]],
                )
                for c in mine
                if c["contype"] == "f"
            ),
            indexes=frozenset(
                (
                    i["name"],
                    tuple(
                        name + (" DESC" if option & 1 else "")
                        for name, option in zip(i["cols"], i["options"], strict=True)
                    ),
                    i["indisunique"],
                    normal_sql(i["pred"]),
                )
                for i in indexes
                if i["tbl"] == table
            ),
        )
    return shapes


async def postgres_check_texts(conn: asyncpg.Connection) -> dict[str, str]:
    texts: dict[str, str] = {}
    for r in await conn.fetch(
        "SELECT conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def FROM pg_constraint "
        "WHERE contype = 'c' AND connamespace = current_schema()::regnamespace"
    ):
        texts[r["tbl"]] = texts.get(r["tbl"], "") + " " + r["def"]
    return texts


# -- comparing ----------------------------------------------------------------------------


def differences(sqlite: dict[str, Table], postgres: dict[str, Table]) -> list[str]:
    found: list[str] = []
    for table in sorted(set(sqlite) | set(postgres)):
        if table not in postgres:
            found.append(f"{table}: only in SQLite")
            continue
        if table not in sqlite:
            found.append(f"{table}: only in PostgreSQL")
            continue
        a, b = sqlite[table], postgres[table]
        for field in ("columns", "primary_key", "unique", "foreign_keys", "indexes"):
            if getattr(a, field) != getattr(b, field):
                found.append(f"{table}.{field}: SQLite {getattr(a, field)} != PostgreSQL {getattr(b, field)}")
    return found


# -- probing CHECK (and NOT NULL, key) constraints by what they accept ---------------------

_INTEGER = re.compile(r"(?<![\w.'])-?\d+(?![\w.])")
_STRING = re.compile(r"'((?:[^']|'')*)'")


def candidates(kind: str, check_texts: Iterable[str]) -> list[Any]:
    """Boundary values for a column: around every number (or each string) in the CHECKs."""
    text = " ".join(check_texts)
    if kind == "integer":
        found = {int(n) + d for n in _INTEGER.findall(text) for d in (-1, 0, 1)}
        return [None, *sorted(found | {-1, 0, 1, 2**40})]
    strings = {s.replace("''", "'") for s in _STRING.findall(text)}
    return [None, *sorted(strings | {"", "zzz"})]


def literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


@dataclass(frozen=True)
class Probe:
    table: str
    key: tuple[tuple[str, Any], ...]  # the row's primary key
    column: str
    value: Any

    def sql(self) -> str:
        where = " AND ".join(f"{c} = {literal(v)}" for c, v in self.key)
        return f"UPDATE {self.table} SET {self.column} = {literal(self.value)} WHERE {where}"


def sqlite_accepts(path: Path, probes: list[Probe]) -> dict[Probe, bool]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        accepted: dict[Probe, bool] = {}
        for probe in probes:
            conn.execute("SAVEPOINT probe")
            try:
                conn.execute(probe.sql())
                accepted[probe] = True
            except sqlite3.IntegrityError:
                accepted[probe] = False
            conn.execute("ROLLBACK TO probe")
            conn.execute("RELEASE probe")
        conn.execute("ROLLBACK")
        return accepted
    finally:
        conn.close()


async def postgres_accepts(conn: asyncpg.Connection, probes: list[Probe]) -> dict[Probe, bool]:
    accepted: dict[Probe, bool] = {}
    await conn.execute("BEGIN")
    try:
        for probe in probes:
            try:
                await conn.execute(f"SAVEPOINT probe; {probe.sql()}; ROLLBACK TO SAVEPOINT probe")
                accepted[probe] = True
            except (asyncpg.IntegrityConstraintViolationError, asyncpg.DataError):
                await conn.execute("ROLLBACK TO SAVEPOINT probe")
                accepted[probe] = False
    finally:
        await conn.execute("ROLLBACK")
    return accepted
