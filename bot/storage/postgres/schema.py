"""Numbered migrations for PostgreSQL, in step with SQLite's (same number = same change).

Files ``NNNN_name.sql`` in ``migrations/`` (found and checked by the same ``discover`` as
SQLite's). Each is applied in its own transaction that first takes a transaction-level
advisory lock (``pg_advisory_xact_lock``) keyed on the schema, then reads the version: so
when several processes start at once, one migrates and the others wait, see the new version
and apply nothing. The version lives in the table ``schema_migrations`` (one row per
migration applied), the twin of SQLite's ``PRAGMA user_version``. A failing migration rolls
back whole: the database stays at the version before it.

No discord imports here.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.storage.migrations import (
    Migration,
    MigrationError,
    MigrationResult,
    discover,
    split_statements,
)

log = logging.getLogger(__name__)

DEFAULT_MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "schema_migrations"
# Keyed on the schema: bots in different schemas of one database do not wait for each other.
MIGRATION_LOCK_KEY = "hashtextextended('ballerina-bot migrations ' || $1, 0)"
Connection = asyncpg.Connection | PoolConnectionProxy  # a connection of its own, or one from a pool
_TRANSACTION_CONTROL = re.compile(
    r"^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|START\s+TRANSACTION)\b", re.IGNORECASE
)
_COMMENT_LINES = re.compile(r"^\s*--.*$", re.MULTILINE)


def latest_version(migrations_dir: Path = DEFAULT_MIGRATIONS_DIR) -> int:
    migrations = discover(migrations_dir)
    return migrations[-1].version if migrations else 0


async def schema_version(conn: Connection) -> int:
    """The version of the schema on ``search_path`` (0 for an empty one)."""
    exists = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", VERSION_TABLE)
    if not exists:
        return 0
    return int(await conn.fetchval(f"SELECT COALESCE(max(version), 0) FROM {VERSION_TABLE}"))


async def migrate(conn: Connection, *, migrations_dir: Path = DEFAULT_MIGRATIONS_DIR) -> MigrationResult:
    """Apply every pending migration; safe to run from several processes at once."""
    migrations = discover(migrations_dir)
    latest = migrations[-1].version if migrations else 0
    schema = await conn.fetchval("SELECT current_schema()")
    if schema is None:
        path = await conn.fetchval("SHOW search_path")
        raise MigrationError(
            f"No schema to create the bot's tables in: search_path is {path!r} and none of it exists. "
            "Create the schema (CREATE SCHEMA name) or fix the search_path in DATABASE_URL."
        )
    applied: list[str] = []
    first: int | None = None
    while True:
        async with conn.transaction():
            # Migrations may wait for locks as long as they need (the bot's sessions give up after 1 s).
            await conn.execute("SET LOCAL lock_timeout = 0")
            await conn.execute("SET LOCAL statement_timeout = 0")
            await conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})", schema)
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            current = await schema_version(conn)
            if first is None:
                first = current
            if current > latest:
                raise MigrationError(
                    f"The PostgreSQL schema {schema!r} is at version {current}, but this version of the bot "
                    f"only knows up to version {latest}. Upgrade the bot to a newer release — the database "
                    "was not changed."
                )
            todo = next((m for m in migrations if m.version == current + 1), None)
            if todo is None:
                break
            await _apply(conn, todo)
        applied.append(todo.path.name)
        log.info("applied migration %s to PostgreSQL schema %s", todo.path.name, schema)
    return MigrationResult(first, current, tuple(applied), None)


async def _apply(conn: Connection, migration: Migration) -> None:
    def failure(reason: str) -> MigrationError:
        return MigrationError(
            f"Migration {migration.path.name} (PostgreSQL) failed: {reason}. It was rolled back, so the "
            f"database is still at schema version {migration.version - 1}.",
            migration=migration.path,
        )

    try:
        script = migration.path.read_text(encoding="utf-8")
    except OSError as exc:
        raise failure(f"could not read the file ({exc})") from exc
    for statement in split_statements(script):
        if _TRANSACTION_CONTROL.match(_COMMENT_LINES.sub("", statement)):
            raise failure("migration files must not contain BEGIN/COMMIT/ROLLBACK (each runs in its own)")
    try:
        await conn.execute(script)  # no parameters: the whole file in one round trip
    except asyncpg.PostgresError as exc:
        raise failure(f"{type(exc).__name__}: {exc}") from exc
    await conn.execute(
        f"INSERT INTO {VERSION_TABLE} (version, name) VALUES ($1, $2)", migration.version, migration.path.name
    )
