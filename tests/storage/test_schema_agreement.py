"""SQLite's and PostgreSQL's migrations build the same schema, version by version.

Same number = same change: after each migration the two schemas have the same tables,
columns (kinds, NOT NULL, defaults, auto-numbered ids), primary, unique and foreign keys
and indexes; at the latest version their CHECK constraints accept and refuse the same
values (probed on rows written by the stores). The sabotage tests prove each part can fail.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from bot.storage.postgres.database import PostgresDatabase
from bot.storage.postgres.schema import DEFAULT_MIGRATIONS_DIR as PG_MIGRATIONS
from bot.storage.sqlite.database import Database
from bot.storage.sqlite.schema import DEFAULT_MIGRATIONS_DIR as SQLITE_MIGRATIONS
from bot.storage.sqlite.schema import discover, latest_version
from tests.storage.populate import populate
from tests.storage.schema_shapes import (
    Probe,
    candidates,
    differences,
    postgres_accepts,
    postgres_check_texts,
    postgres_shape,
    sqlite_accepts,
    sqlite_check_texts,
    sqlite_shape,
)
from tests.support.postgres import SchemaPool, with_search_path

pytestmark = pytest.mark.postgresql


@asynccontextmanager
async def postgres_at(
    pool: SchemaPool, migrations_dir: Path, *, populated: bool = False
) -> AsyncIterator[asyncpg.Connection]:
    """A fresh schema migrated with ``migrations_dir`` (and maybe populated); a connection to it."""
    name = await pool.fresh()
    url = with_search_path(pool.url, name)
    try:
        db = await PostgresDatabase.open(url, migrations_dir=migrations_dir)
        try:
            if populated:
                await populate(db)
        finally:
            await db.close()
        conn = await asyncpg.connect(url)
        try:
            yield conn
        finally:
            await conn.close()
    finally:
        await pool.drop([name])


async def sqlite_at(path: Path, migrations_dir: Path, *, populated: bool = False) -> Path:
    db = await Database.open(path, migrations_dir=migrations_dir, backup=False)
    try:
        if populated:
            await populate(db)
    finally:
        await db.close()
    return path


def first(migrations_dir: Path, count: int, into: Path) -> Path:
    """A copy of the first ``count`` migrations of a directory."""
    into.mkdir(parents=True)
    for migration in discover(migrations_dir)[:count]:
        shutil.copy(migration.path, into)
    return into


async def structure_differences(
    tmp_path: Path, pool: SchemaPool, sqlite_dir: Path, pg_dir: Path
) -> list[str]:
    """Differences in structure after each migration number (up to the first that differs)."""
    sqlite_versions = [(m.version, m.path.name) for m in discover(sqlite_dir)]
    pg_versions = [(m.version, m.path.name) for m in discover(pg_dir)]
    if sqlite_versions != pg_versions:
        return [f"migrations differ: SQLite {sqlite_versions} != PostgreSQL {pg_versions}"]
    for version, _ in sqlite_versions:
        step = tmp_path / f"v{version}"
        path = await sqlite_at(step / "bot.sqlite3", first(sqlite_dir, version, step / "sqlite"))
        async with postgres_at(pool, first(pg_dir, version, step / "postgres")) as conn:
            found = differences(sqlite_shape(path), await postgres_shape(conn))
        if found:
            return [f"after {version:04d}: {d}" for d in found]
    return []


async def constraint_differences(
    tmp_path: Path, pool: SchemaPool, sqlite_dir: Path, pg_dir: Path
) -> list[str]:
    """Values one dialect accepts and the other refuses, probed on the first and last row of each table."""
    path = await sqlite_at(tmp_path / "probe.sqlite3", sqlite_dir, populated=True)
    async with postgres_at(pool, pg_dir, populated=True) as conn:
        shapes = sqlite_shape(path)
        texts = sqlite_check_texts(path)
        pg_texts = await postgres_check_texts(conn)
        probes: list[Probe] = []
        for table, shape in sorted(shapes.items()):
            keys = ", ".join(shape.primary_key)
            rows = await conn.fetch(f"SELECT {keys} FROM {table} ORDER BY {keys}")
            assert rows, f"no row in {table} to probe (populate fills every table)"
            for row in {rows[0], rows[-1]}:
                key = tuple(zip(shape.primary_key, row, strict=True))
                for column in shape.columns:
                    for value in candidates(column.kind, [texts[table], pg_texts.get(table, "")]):
                        probes.append(Probe(table, key, column.name, value))
        in_sqlite = sqlite_accepts(path, probes)
        in_postgres = await postgres_accepts(conn, probes)
    assert len(probes) > 300  # every table, column and boundary
    return [
        f"{p.table}.{p.column} = {p.value!r}: SQLite {'accepts' if in_sqlite[p] else 'refuses'}, "
        f"PostgreSQL {'accepts' if in_postgres[p] else 'refuses'}"
        for p in probes
        if in_sqlite[p] != in_postgres[p]
    ]


async def test_every_migration_builds_the_same_schema_in_both_dialects(
    tmp_path: Path, postgres_schemas: SchemaPool
) -> None:
    assert await structure_differences(tmp_path, postgres_schemas, SQLITE_MIGRATIONS, PG_MIGRATIONS) == []


async def test_both_dialects_accept_and_refuse_the_same_values(
    tmp_path: Path, postgres_schemas: SchemaPool
) -> None:
    assert await constraint_differences(tmp_path, postgres_schemas, SQLITE_MIGRATIONS, PG_MIGRATIONS) == []


# -- the comparison can fail -------------------------------------------------------------


async def test_a_migration_without_its_postgresql_twin_is_found(
    tmp_path: Path, postgres_schemas: SchemaPool
) -> None:
    sqlite_dir = tmp_path / "sqlite"
    shutil.copytree(SQLITE_MIGRATIONS, sqlite_dir)
    extra = f"{latest_version(SQLITE_MIGRATIONS) + 1:04d}_more.sql"
    (sqlite_dir / extra).write_text("CREATE TABLE more (id INTEGER PRIMARY KEY) STRICT;")
    found = await structure_differences(tmp_path, postgres_schemas, sqlite_dir, PG_MIGRATIONS)
    assert len(found) == 1 and "migrations differ" in found[0] and extra in found[0]


# Each edit of PostgreSQL's 0001, and the difference it must show (all made at once: one schema).
STRUCTURE_EDITS = [
    ("    points         BIGINT NOT NULL,", "    points         INTEGER NOT NULL,", "trivia_answers.columns"),
    (
        "    embargo_until         BIGINT,",
        "    embargo_until         BIGINT NOT NULL,",
        "guild_settings.columns",
    ),
    (
        "    points       BIGINT NOT NULL DEFAULT 0,",
        "    points       BIGINT NOT NULL DEFAULT 1,",
        "member_stats.columns",
    ),
    (
        "    id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,",
        "    id             BIGSERIAL PRIMARY KEY,",  # numbered, but by a default, not an identity
        "trivia_games.columns",
    ),
    (
        "PRIMARY KEY (game_id, question_no, user_id)",
        "PRIMARY KEY (game_id, user_id, question_no)",
        "trivia_answers.primary_key",
    ),
    (
        "REFERENCES trivia_games (id) ON DELETE CASCADE",
        "REFERENCES trivia_games (id)",
        "trivia_answers.foreign_keys",
    ),
    (
        "(guild_id, points DESC, correct DESC, user_id)",
        "(guild_id, points DESC, correct, user_id)",
        "member_stats.indexes",
    ),
    ("ON trivia_games (id) WHERE status = 'running'", "ON trivia_games (id)", "trivia_games.indexes"),
    (
        "CREATE INDEX trivia_answers_by_member",
        "CREATE UNIQUE INDEX trivia_answers_by_member",
        "trivia_answers.indexes",
    ),
    ("CREATE INDEX audit_log_by_guild ON audit_log (guild_id, id DESC);", "", "audit_log.indexes"),
    ("CREATE TABLE bot_meta (", "CREATE TABLE bot_metadata (", "bot_meta: only in SQLite"),
]

CHECK_EDITS = [
    (
        "CHECK (trivia_points BETWEEN 1 AND 1000)",
        "CHECK (trivia_points BETWEEN 1 AND 100)",
        "trivia_points = 101",
    ),
    (
        "CHECK (spoiler IN ('none', 'minor', 'major'))",
        "CHECK (spoiler IN ('minor', 'major'))",
        "spoiler = 'none'",
    ),
    ("CHECK (length(answer) > 0)", "", "answer = ''"),
    ("    CHECK ((status = 'running') = (ended_at IS NULL))\n", "    CHECK (true)\n", "ended_at = None"),
    ("    value TEXT NOT NULL", "    value TEXT", "value = None"),
]


def sabotaged(into: Path, edits: list[tuple[str, str, str]]) -> Path:
    shutil.copytree(PG_MIGRATIONS, into)
    initial = into / "0001_initial.sql"
    text = initial.read_text()
    for old, new, _ in edits:
        assert text.count(old) == 1, f"{old!r} should be in 0001 once"
        text = text.replace(old, new)
    initial.write_text(text)
    return into


async def test_every_structural_difference_is_found(tmp_path: Path, postgres_schemas: SchemaPool) -> None:
    pg_dir = sabotaged(tmp_path / "pg", STRUCTURE_EDITS)
    found = await structure_differences(tmp_path, postgres_schemas, SQLITE_MIGRATIONS, pg_dir)
    for _, _, expected in STRUCTURE_EDITS:
        assert any(line.startswith(f"after 0001: {expected}") for line in found), (expected, found)
    assert len(found) == len(STRUCTURE_EDITS) + 1  # nothing else; the renamed table shows on both sides


async def test_every_check_that_means_something_else_is_found(
    tmp_path: Path, postgres_schemas: SchemaPool
) -> None:
    pg_dir = sabotaged(tmp_path / "pg", CHECK_EDITS)
    found = await constraint_differences(tmp_path, postgres_schemas, SQLITE_MIGRATIONS, pg_dir)
    for _, _, expected in CHECK_EDITS:
        assert any(expected in line for line in found), (expected, found)
