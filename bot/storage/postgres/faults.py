"""PostgreSQL's errors as storage faults (``bot.storage.health``), in an operator's words.

``classify`` maps an error to a fault by its SQLSTATE (or, for a connection that is gone, by its
type); anything else (a constraint, a bug) is not the storage's fault and is raised as it is.
"""

from __future__ import annotations

import asyncio

import asyncpg

from bot.storage.health import STUCK_ADVICE, Advice, FaultKind

_BY_SQLSTATE = {
    "55P03": FaultKind.LOCKED,  # lock_not_available: lock_timeout passed (see database.LOCK_TIMEOUT_MS)
    "57014": FaultKind.LOCKED,  # query_canceled: statement_timeout passed (database.STATEMENT_TIMEOUT_MS)
    "25006": FaultKind.READ_ONLY,  # read_only_sql_transaction: a standby, or default_transaction_read_only
    "53100": FaultKind.DISK_FULL,
    "53300": FaultKind.UNREACHABLE,  # too_many_connections
    "57P01": FaultKind.UNREACHABLE,  # admin_shutdown: the server is stopping, or our backend was ended
    "57P02": FaultKind.UNREACHABLE,  # crash_shutdown
    "57P03": FaultKind.UNREACHABLE,  # cannot_connect_now: starting up or in recovery
    "58030": FaultKind.IO_ERROR,
    "XX001": FaultKind.CORRUPT,  # data_corrupted
    "XX002": FaultKind.CORRUPT,  # index_corrupted
}


def classify(exc: BaseException) -> FaultKind | None:
    """The fault an error means, or None when it is not the storage's fault."""
    if isinstance(exc, asyncpg.PostgresConnectionError):  # class 08: the connection failed or is gone
        return FaultKind.UNREACHABLE
    if isinstance(exc, asyncpg.PostgresError):
        return _BY_SQLSTATE.get(exc.sqlstate or "")
    if isinstance(exc, asyncpg.InterfaceError) and "connection is closed" in str(exc):
        return FaultKind.UNREACHABLE
    # Before OSError, which TimeoutError is a kind of: no pooled connection was free in time.
    if isinstance(exc, asyncio.TimeoutError):
        return FaultKind.LOCKED
    if isinstance(exc, OSError):  # refused, reset, no route: the server or the network is down
        return FaultKind.UNREACHABLE
    return None


ADVICE: Advice = {
    FaultKind.LOCKED: (
        "the database did not answer in time: a lock the bot needs is held elsewhere, every pooled "
        "connection is in use, or the server is slow (a statement ran past statement_timeout)",
        "look for a long transaction in pg_stat_activity (a migration, a manual session) and end it; "
        "the bot retries by itself",
    ),
    FaultKind.READ_ONLY: (
        "the PostgreSQL server only allows reads (a standby, or default_transaction_read_only)",
        "point DATABASE_URL at the primary server, or turn default_transaction_read_only off",
    ),
    FaultKind.DISK_FULL: ("the PostgreSQL server's disk is full", "free some space on the database server"),
    FaultKind.GONE: ("the database was dropped", "restore it from a backup (pg_restore)"),
    FaultKind.IMMUTABLE: ("the database cannot be written", "check the server's log"),
    FaultKind.CORRUPT: (
        "PostgreSQL reports damaged data or indexes",
        "see the server's log; REINDEX, or restore from a backup",
    ),
    FaultKind.IO_ERROR: ("the PostgreSQL server reported an I/O error", "check its disk and its log"),
    FaultKind.UNREACHABLE: (
        "the PostgreSQL server cannot be reached, or closed the bot's connections",
        "check that it runs and that this machine can reach it (DATABASE_URL's host and port); "
        "the bot reconnects by itself",
    ),
    FaultKind.STUCK: STUCK_ADVICE,
}
