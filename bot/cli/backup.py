"""``ballerina-bot backup [PATH] [--keep N]``: a consistent copy of the database while the bot runs.

SQLite's online backup API on a second connection to the same file: the copy is one snapshot of
every committed transaction (WAL mode lets the bot keep writing meanwhile; a transaction still
open is not in it). Written to a temporary name and renamed, so a copy at the final name is always
complete; checked with ``PRAGMA quick_check``; readable by its owner only. PostgreSQL is backed up
with ``pg_dump``: the command says how.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from bot.cli.common import EXIT_FAILED, EXIT_OK, CommandFailed, configured
from bot.domain.clocks import WallClock, utc_now

BACKUP_NAME = re.compile(r"^ballerina-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?\.sqlite3$")
POSTGRES_SCHEMES = ("postgres", "postgresql")

PG_DUMP_GUIDANCE = """\
DATABASE_URL points to PostgreSQL: back it up with PostgreSQL's own tools, which copy a consistent
snapshot while the bot runs. With the same environment as the bot (the URL stays out of your shell history):

  pg_dump --format=custom --file="ballerina-$(date -u +%Y%m%dT%H%M%SZ).dump" "$DATABASE_URL"

Restore into an empty database (stop the bot first):

  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ballerina-YYYYMMDDTHHMMSSZ.dump

No backup was written by ballerina-bot.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser(
        "backup", help="copy the database consistently while the bot runs (SQLite; says how for PostgreSQL)"
    )
    backup.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="file or folder to write (default: backups/ next to the database, named by UTC time)",
    )
    backup.add_argument(
        "--keep",
        type=int,
        metavar="N",
        help="then delete all but the newest N ballerina-<time>.sqlite3 backups in that folder",
    )
    backup.set_defaults(handler=backup_command)


def is_postgres(url: str) -> bool:
    scheme = url.strip().split(":", 1)[0].lower()
    return scheme.split("+", 1)[0] in POSTGRES_SCHEMES


def backup_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    if is_postgres(environ.get("DATABASE_URL", "")):
        print(PG_DUMP_GUIDANCE, end="")
        return EXIT_FAILED  # nothing was backed up: a timer running this must show a failure
    if args.keep is not None and args.keep < 1:
        raise CommandFailed("--keep must be 1 or more (the backup just written is always kept).", EXIT_FAILED)
    config = configured(environ, require_token=False)
    if config.database_path is None:  # a PostgreSQL URL that is_postgres did not recognise
        print(PG_DUMP_GUIDANCE, end="")
        return EXIT_FAILED
    target = backup_database(config.database_path, args.path)
    print(f"Backed up {config.database_path} to {target} ({describe(target)}).")
    if args.keep is not None:
        for old in prune(target.parent, args.keep):
            print(f"Deleted the older backup {old}.")
    return EXIT_OK


def default_name(folder: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    candidate = folder / f"ballerina-{stamp}.sqlite3"
    counter = 2
    while candidate.exists():
        candidate = folder / f"ballerina-{stamp}-{counter}.sqlite3"
        counter += 1
    return candidate


def backup_database(source: Path, target: Path | None = None, *, wall_clock: WallClock = utc_now) -> Path:
    """Copy ``source`` to ``target`` (a file, a folder, or None: ``backups/`` next to it); the copy's path."""
    if not source.is_file():
        raise CommandFailed(f"There is no database at {source} (check DATABASE_URL).", EXIT_FAILED)
    if target is None:
        target = default_name(source.resolve().parent / "backups", wall_clock())
    elif target.is_dir():
        target = default_name(target, wall_clock())
    if target.exists():
        raise CommandFailed(f"{target} already exists; name a new file or a folder.", EXIT_FAILED)
    if target.resolve() == source.resolve():
        raise CommandFailed("The backup cannot be the database itself.", EXIT_FAILED)
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        copy_online(source, partial)
        os.chmod(partial, 0o600)  # members' data: readable by the bot's user only
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise CommandFailed(f"Could not back up {source} to {target}: {exc}", EXIT_FAILED) from None
    return target


def copy_online(source: Path, target: Path) -> None:
    """SQLite's online backup in one step: one consistent snapshot, taken while others keep writing."""
    # A second connection of its own; busy_timeout waits out a checkpoint instead of failing.
    with (
        contextlib.closing(sqlite3.connect(source, timeout=30)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst, pages=-1)  # all pages in one step: never restarted by the bot's writes
        # A stand-alone file: rollback journal instead of WAL, so the copy is one file to move around.
        dst.execute("PRAGMA journal_mode = DELETE")
        problems = [row[0] for row in dst.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(f"the copy failed its check: {problems[0]}")


def describe(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        answers = conn.execute("SELECT COUNT(*) FROM trivia_answers").fetchone()[0] if version else 0
    size = path.stat().st_size
    return f"{size / 1_048_576:.1f} MB, schema v{version}, {answers:,} trivia answers"


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups named like ``default_name`` in ``folder``."""
    found = [(match, path) for path in folder.iterdir() if (match := BACKUP_NAME.match(path.name))]
    # Oldest first: by time, then by the -2, -3… of backups taken within the same second.
    backups = [path for match, path in sorted(found, key=lambda f: (f[0]["stamp"], int(f[0]["n"] or 1)))]
    old = backups[:-keep]
    for path in old:
        path.unlink()
    return old
