"""Opening and checking the database's SQLite connections; abandoning them when the files are immutable."""

from __future__ import annotations

import ctypes
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.migrations import MigrationError

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


WRITE_BUSY_MS = 1000  # SQLite's busy handler waits in the connection's thread (database.WRITE_WAIT)
READ_BUSY_MS = 1000  # readers wait only while SQLite recovers a WAL (rare, short)

# Connections left open on purpose (see ``abandon``): referenced forever, so never finalized.
_ABANDONED: list[Any] = []


async def connect(path: Path, *, read_only: bool) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        conn.row_factory = aiosqlite.Row
        await conn.execute_fetchall(f"PRAGMA busy_timeout = {READ_BUSY_MS if read_only else WRITE_BUSY_MS}")
        # No memory-mapped I/O of the database file (SQLite's default here, said explicitly): a file
        # that shrinks or turns immutable under a mapping kills the process with SIGBUS.
        await conn.execute_fetchall("PRAGMA mmap_size = 0")
        await conn.execute_fetchall("PRAGMA foreign_keys = ON")
        if read_only:
            await conn.execute_fetchall("PRAGMA query_only = 1")
    except BaseException:
        await conn.close()
        raise
    return conn


def abandon(conn: aiosqlite.Connection) -> None:
    """Stop a connection's thread without closing its SQLite handle.

    Closing runs a checkpoint that writes the memory-mapped -shm file; when the files are
    immutable that write is a SIGBUS. The handle is kept referenced for the life of the process
    instead (aiosqlite's private ``_connection``: the only way to detach it).
    """
    raw = getattr(conn, "_connection", None)
    if raw is not None:
        _ABANDONED.append(raw)
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(raw))  # survives interpreter shutdown too
        conn._connection = None
    conn.stop()


async def check_integrity(conn: aiosqlite.Connection, path: Path) -> None:
    """Refuse a damaged file at start (``quick_check``: every page and b-tree, no index contents)."""
    rows = await conn.execute_fetchall("PRAGMA quick_check(5)")
    problems = [" ".join(str(r[0]).split()) for r in rows if str(r[0]) != "ok"]  # one line each
    if problems:
        raise MigrationError(
            f"The database {path} is damaged ({problems[0]}). Run `ballerina-bot check`, then restore "
            "the last backup (README: Upgrading → To restore)."
        )


async def fetchone_on(conn: aiosqlite.Connection, sql: str, params: Any) -> aiosqlite.Row | None:
    cursor = await conn.execute(sql, params)
    try:
        return await cursor.fetchone()
    finally:
        await cursor.close()
