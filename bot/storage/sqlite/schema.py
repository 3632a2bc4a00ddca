"""Numbered SQL migrations, applied in order, each in its own transaction.

Migrations are files ``NNNN_name.sql`` (``0001_initial.sql``, ``0002_…``) in the
migrations directory, numbered from 1 without gaps. The applied version is
``PRAGMA user_version``. Before upgrading an existing database a copy is written
next to it with SQLite's backup API: ``<name>.v<old version>-<UTC timestamp>.bak``.

A migration runs as ``BEGIN IMMEDIATE; <its statements one by one>; PRAGMA
user_version = N; COMMIT`` with foreign keys off (so it may rebuild tables) and a
``PRAGMA foreign_key_check`` before the commit. If anything fails it is rolled back:
the database stays exactly as it was before that migration and ``MigrationError``
says which file failed, the SQLite error and where the backup is.

No discord imports here.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.storage import migrations
from bot.storage.migrations import (
    Migration,
    MigrationError,
    MigrationResult,
    code_of,
)

log = logging.getLogger(__name__)

DEFAULT_MIGRATIONS_DIR = Path(__file__).with_name("migrations")

_TRANSACTION_CONTROL = re.compile(r"^(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


def discover(migrations_dir: Path = DEFAULT_MIGRATIONS_DIR) -> list[Migration]:
    """SQLite's migrations, in order (see ``bot.storage.migrations.discover``)."""
    return migrations.discover(migrations_dir)


def latest_version(migrations_dir: Path = DEFAULT_MIGRATIONS_DIR) -> int:
    migrations = discover(migrations_dir)
    return migrations[-1].version if migrations else 0


def pending(current_version: int, migrations_dir: Path = DEFAULT_MIGRATIONS_DIR) -> list[Migration]:
    """The migrations a database at ``current_version`` still needs, in order."""
    return [m for m in discover(migrations_dir) if m.version > current_version]


def backup_name(db_path: Path, version: int, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate = db_path.with_name(f"{db_path.name}.v{version}-{stamp}.bak")
    counter = 2
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.name}.v{version}-{stamp}-{counter}.bak")
        counter += 1
    return candidate


async def user_version(conn: aiosqlite.Connection) -> int:
    rows = list(await conn.execute_fetchall("PRAGMA user_version"))
    return int(rows[0][0]) if rows else 0


async def write_backup(conn: aiosqlite.Connection, db_path: Path, version: int) -> Path:
    """Copy the database with SQLite's online backup API; returns the copy's path."""
    target_path = backup_name(db_path, version)
    target = sqlite3.connect(target_path, check_same_thread=False)
    try:
        await conn.backup(target)
    except BaseException:
        target.close()
        target_path.unlink(missing_ok=True)
        raise
    target.close()
    return target_path


async def migrate(
    conn: aiosqlite.Connection,
    db_path: Path | None,
    *,
    migrations_dir: Path = DEFAULT_MIGRATIONS_DIR,
    backup: bool = True,
) -> MigrationResult:
    """Apply every pending migration to ``conn`` (opened with ``isolation_level=None``).

    ``db_path`` is where backups go (None for an in-memory database: no backup).
    """
    migrations = discover(migrations_dir)
    latest = migrations[-1].version if migrations else 0
    current = await user_version(conn)
    where = db_path or "the database"
    if current > latest:
        raise MigrationError(
            f"{where} is at schema version {current}, but this version of the bot only knows "
            f"up to version {latest}. Upgrade the bot to a newer release (or restore a backup "
            f"made before the upgrade) — the database was not changed."
        )
    todo = [m for m in migrations if m.version > current]
    if not todo:
        return MigrationResult(current, current, (), None)

    backup_path: Path | None = None
    if backup and current > 0 and db_path is not None:
        try:
            backup_path = await write_backup(conn, db_path, current)
        except (sqlite3.Error, OSError) as exc:
            raise MigrationError(
                f"Could not write a backup of {db_path} before upgrading it ({type(exc).__name__}: {exc}). "
                f"The database was not changed; free some disk space or check the folder's permissions."
            ) from exc
        log.info("backed up %s (schema version %d) to %s before migrating", db_path, current, backup_path)

    applied: list[str] = []
    for migration in todo:
        await _apply(conn, migration, backup_path)
        applied.append(migration.path.name)
        log.info("applied migration %s", migration.path.name)
    return MigrationResult(current, todo[-1].version, tuple(applied), backup_path)


async def _apply(conn: aiosqlite.Connection, migration: Migration, backup_path: Path | None) -> None:
    def failure(reason: str) -> MigrationError:
        backup_note = (
            f"A backup made before the upgrade is at {backup_path}."
            if backup_path
            else "No backup was made (new database or backups disabled)."
        )
        return MigrationError(
            f"Migration {migration.path.name} failed: {reason}. It was rolled back, so the database "
            f"is still at schema version {migration.version - 1}. {backup_note}",
            migration=migration.path,
            backup_path=backup_path,
        )

    try:
        statements = migration.statements()
    except OSError as exc:
        raise failure(f"could not read the file ({exc})") from exc
    for statement in statements:
        if _TRANSACTION_CONTROL.match(code_of(statement)):
            raise failure("migration files must not contain BEGIN/COMMIT/ROLLBACK (each runs in its own)")

    try:
        await conn.execute_fetchall("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise failure(f"could not start a transaction: {type(exc).__name__}: {exc}") from exc
    try:
        for number, statement in enumerate(statements, start=1):
            try:
                await conn.execute_fetchall(statement)
            except sqlite3.Error as exc:
                first_line = code_of(statement).splitlines()[0][:80]
                raise failure(f"statement {number} ({first_line!r}): {type(exc).__name__}: {exc}") from exc
        violations = list(await conn.execute_fetchall("PRAGMA foreign_key_check"))
        if violations:
            violation = violations[0]
            raise failure(f"it leaves a foreign key broken in table {violation[0]} (rowid {violation[1]})")
        await conn.execute_fetchall(f"PRAGMA user_version = {int(migration.version)}")
        await conn.execute_fetchall("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(sqlite3.OperationalError):
            await conn.execute_fetchall("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise failure(f"{type(exc).__name__}: {exc}") from exc
        raise
