"""What both backends' numbered migrations share: the files, the errors, the statement splitter.

Migrations are files ``NNNN_name.sql`` numbered from 1 without gaps, one folder per dialect
(``sqlite/migrations``, ``postgres/migrations``); each backend's ``schema`` module applies them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

_FILE_NAME = re.compile(r"^(\d{4})_([A-Za-z0-9_-]+)\.sql$")


class MigrationError(RuntimeError):
    """The schema could not be brought up to date; the message says what to do."""

    def __init__(self, message: str, *, migration: Path | None = None, backup_path: Path | None = None):
        super().__init__(message)
        self.migration = migration
        self.backup_path = backup_path


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    path: Path

    def statements(self) -> list[str]:
        return split_statements(self.path.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class MigrationResult:
    from_version: int
    to_version: int
    applied: tuple[str, ...]  # file names, in order
    backup_path: Path | None


def discover(migrations_dir: Path) -> list[Migration]:
    """All migrations in ``migrations_dir``, in order. Raises MigrationError on a misnamed file or gap."""
    found: list[Migration] = []
    for path in sorted(Path(migrations_dir).glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise MigrationError(
                f"Migration file {path.name} is misnamed: expected NNNN_name.sql (e.g. 0002_add_x.sql).",
                migration=path,
            )
        found.append(Migration(int(match.group(1)), match.group(2), path))
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(
                f"Migrations must be numbered 1, 2, 3… without gaps or repeats: "
                f"expected {expected:04d}_… but found {migration.path.name}.",
                migration=migration.path,
            )
    return found


def split_statements(sql: str) -> list[str]:
    """Split a script into single statements, respecting strings, comments and trigger bodies."""
    statements: list[str] = []
    start = 0
    for index, char in enumerate(sql):
        if char != ";":
            continue
        candidate = sql[start : index + 1]
        if sqlite3.complete_statement(candidate):
            if _has_code(candidate):
                statements.append(candidate.strip())
            start = index + 1
    tail = sql[start:]
    if _has_code(tail):
        statements.append(tail.strip())  # a last statement without its semicolon
    return statements


def _code_start(text: str) -> int:
    """Index of the first character that is not whitespace, a comment or a semicolon (len if none)."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace() or text[i] == ";":
            i += 1
        elif text.startswith("--", i):
            newline = text.find("\n", i)
            i = n if newline == -1 else newline + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end == -1 else end + 2
        else:
            return i
    return n


def _has_code(text: str) -> bool:
    return _code_start(text) < len(text)


def code_of(statement: str) -> str:
    """The statement without its leading comments."""
    return statement[_code_start(statement) :]
