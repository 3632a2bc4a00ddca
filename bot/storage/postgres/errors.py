"""PostgreSQL's own errors, importable without asyncpg (a SQLite bot catches them too)."""

from __future__ import annotations

from bot.storage.migrations import MigrationError


class DatabaseUnreachable(MigrationError):
    """The database server cannot be reached or refused the login: perhaps only for now."""
