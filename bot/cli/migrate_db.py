"""``ballerina-bot migrate-db --to postgresql://…``: copy the SQLite database into PostgreSQL.

Stop the bot first. The SQLite file (DATABASE_URL, or ``--from``) is brought up to date
as a start of the bot would (with its usual backup), then every table is copied with its
ids, and the row counts compared. Safe to run again after a failure: rows already there
are skipped. Nothing is written to the SQLite file by the copy itself.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.cli.common import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, CommandFailed, configured
from bot.config import ConfigError, Secret, parse_database_url
from bot.storage.urls import redacted_url


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = sub.add_parser(
        "migrate-db",
        help="copy the SQLite database into PostgreSQL (stop the bot first; safe to re-run)",
    )
    command.add_argument("--to", required=True, metavar="URL", help="postgresql://user:password@host:5432/db")
    command.add_argument(
        "--from", dest="source", metavar="URL", help="sqlite:///path (default: DATABASE_URL)"
    )
    bar = command.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress", dest="progress", action="store_const", const=True, help="always show progress"
    )
    bar.add_argument(
        "--no-progress", dest="progress", action="store_const", const=False, help="never show it"
    )
    command.add_argument("--batch-rows", type=int, default=5000, help=argparse.SUPPRESS)
    command.set_defaults(handler=migrate_db_command)


def migrate_db_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    config = configured(environ, require_token=False)
    target = _url(args.to, "--to")
    if not isinstance(target, Secret):
        raise CommandFailed(
            "--to must be a PostgreSQL URL: postgresql://user:password@host:5432/db", EXIT_CONFIG
        )
    source = _url(args.source, "--from") if args.source else config.database_path
    if not isinstance(source, Path):
        raise CommandFailed(
            "DATABASE_URL names PostgreSQL already; give the SQLite file to copy with --from sqlite:///path.",
            EXIT_CONFIG,
        )
    if not source.is_file():
        raise CommandFailed(f"there is no SQLite database at {source} to copy.", EXIT_CONFIG)
    return asyncio.run(
        migrate_db(source, target.reveal(), progress=args.progress, batch_rows=args.batch_rows)
    )


def _url(value: str, option: str) -> Path | Secret:
    try:
        return parse_database_url(value)
    except ConfigError as exc:
        raise CommandFailed(f"{option}: {exc}", EXIT_CONFIG) from None


async def migrate_db(
    source: Path, target_url: str, *, progress: bool | None = None, batch_rows: int = 5000
) -> int:
    from tqdm import tqdm

    from bot.storage import MigrationError
    from bot.storage.postgres.copy import (
        CopyError,
        copy_sqlite_to_postgres,
        count_rows,
        open_source,
        source_tables,
    )
    from bot.storage.postgres.database import PostgresDatabase
    from bot.storage.sqlite.database import Database

    where = redacted_url(target_url)
    try:
        await (await Database.open(source)).close()  # bring it up to date, as a start would
        target = await PostgresDatabase.open(target_url)
    except MigrationError as exc:
        raise CommandFailed(str(exc), EXIT_FAILED) from None
    try:
        conn = open_source(source)
        try:
            total = sum(count_rows(conn, source_tables(conn)).values())
        finally:
            conn.close()
        print(f"Copying {source} into {where} ({total:,} rows)…")
        # tqdm: disable=None shows the bar only when stderr is a terminal.
        with tqdm(
            total=total, unit=" rows", file=sys.stderr, disable=None if progress is None else not progress
        ) as bar:

            def advance(table: str, rows: int) -> None:
                bar.set_description(table, refresh=False)
                bar.update(rows)

            copied = await copy_sqlite_to_postgres(source, target, batch_rows=batch_rows, progress=advance)
    except CopyError as exc:
        raise CommandFailed(str(exc), EXIT_FAILED) from None
    finally:
        await target.close()
    width = max(len(c.table) for c in copied)
    for c in copied:
        state = "ok" if c.matches else f"MISMATCH: PostgreSQL has {c.target_rows:,}"
        print(f"  {c.table:<{width}}  {c.source_rows:>10,} rows  ({c.new_rows:,} new)  {state}")
    wrong = [c for c in copied if not c.matches]
    if wrong:
        raise CommandFailed(
            f"row counts differ in {', '.join(c.table for c in wrong)}: the target held rows this SQLite "
            "database does not have. Copy into an empty database (or schema).",
            EXIT_FAILED,
        )
    print(f"Verified: all {len(copied)} tables have as many rows in PostgreSQL as in SQLite.")
    print(f"Next: set DATABASE_URL to {where} (with its password) and start the bot.")
    return EXIT_OK
