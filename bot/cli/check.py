"""``ballerina-bot check``: a preflight of settings, content, database and log file, without connecting."""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Literal

from bot.cli.common import EXIT_CONFIG, EXIT_FAILED, EXIT_OK
from bot.config import Config, ConfigError, database_description, load_config
from bot.content.loader import DEFAULT_DATA_DIR, ContentError, load_content
from bot.domain.question_families import generate_questions
from bot.storage import MigrationError
from bot.storage.sqlite.database import require_sqlite_features
from bot.storage.sqlite.schema import latest_version
from bot.storage.urls import redacted_url


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser(
        "check",
        help="check settings, content, database and log file without connecting; exit 0, or 2 to fix",
    )
    check.set_defaults(handler=lambda args, environ: run_check(environ))


def run_check(env: os._Environ[str] | dict[str, str]) -> int:
    """Preflight without connecting: each line is OK or a reason; exit 1 on any failure."""
    ok, config_error = True, False
    lines: list[str] = []
    try:
        config = load_config(env)
        where = f"server {config.dev_guild_id}" if config.dev_guild_id else "global"
        lines.append(f"OK   settings (database {database_description(config)}, commands sync: {where})")
    except ConfigError as exc:
        config = None
        ok = False
        config_error = True
        lines.append(f"FAIL settings: {exc}")
    try:
        content = load_content(DEFAULT_DATA_DIR)
        curated, generated = len(content.trivia), len(generate_questions(content))
        lines.append(
            f"OK   content: {len(content.cast)} cast, {len(content.crew)} crew, "
            f"{len(content.quotes)} quotes, "
            f"{curated + generated} trivia questions: {curated} curated, {generated} generated"
        )
    except ContentError as exc:
        ok = False
        config_error = True
        lines.append(f"FAIL content: {exc}")
    database_error = False
    if config is not None:
        database = check_database(config, lines)
        database_error = database == "fix"
        ok &= database == "ok"
        ok &= check_log_file(config, lines)
    print("\n".join(lines))
    print("All checks passed." if ok else "Some checks failed; fix the lines marked FAIL.")
    if ok:
        return EXIT_OK
    # Settings, content and a database the bot cannot use all need a person: 2, as `run` exits.
    # A PostgreSQL server that cannot be reached may be back in a minute: 1.
    return EXIT_CONFIG if config_error or database_error else EXIT_FAILED


def writable_folder_for(path: Path) -> bool:
    """Whether the bot could create ``path``: the nearest existing folder above it is writable."""
    folder = path.resolve().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


def check_log_file(config: Config, lines: list[str]) -> bool:
    if config.log_file is None:
        return True
    target = config.log_file
    ok = os.access(target, os.W_OK) if target.exists() else writable_folder_for(target)
    if ok and not target.is_dir():
        lines.append(f"OK   log file: {target}")
        return True
    lines.append(f"FAIL log file: cannot write {target} (create its folder or make it writable)")
    return False


def restore_hint(path: Path) -> str:
    """How to put the last backup back (the README's "To restore"), naming the newest .bak if any."""
    backups = sorted(path.parent.glob(f"{path.name}.v*.bak"), key=lambda p: p.stat().st_mtime)
    copy = str(backups[-1]) if backups else "your last copy of the file"
    return (
        f"To restore: stop the bot, move {path.name} and its -wal/-shm files away, copy {copy} to {path}, "
        "and start the bot version that made it."
    )


DatabaseState = Literal["ok", "fix", "retry"]  # "retry": unreachable now, perhaps not for long


def check_database(config: Config, lines: list[str]) -> DatabaseState:
    if config.postgres_url is not None:
        return check_postgres(config.postgres_url.reveal(), lines)
    try:
        require_sqlite_features()
    except MigrationError as exc:
        lines.append(f"FAIL database: {exc}")
        return "fix"
    path = config.database_path
    assert path is not None
    latest = latest_version()
    if not path.exists():
        if writable_folder_for(path):
            lines.append(f"OK   database: {path} will be created on first start (schema v{latest})")
            return "ok"
        lines.append(f"FAIL database: cannot create {path} (a folder on the way is not writable)")
        return "fix"
    try:
        # as_uri() escapes '#', '%' and the like, which a plain "file:" URI would misread.
        with contextlib.closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            problems = [
                " ".join(r[0].split()) for r in conn.execute("PRAGMA quick_check(10)") if r[0] != "ok"
            ]
    except sqlite3.Error as exc:
        lines.append(f"FAIL database: {path} cannot be read ({exc}). {restore_hint(path)}")
        return "fix"
    if problems:
        lines.append(
            f"FAIL database: {path} is damaged (quick_check: {'; '.join(problems[:3])}). {restore_hint(path)}"
        )
        return "fix"
    if version > latest:
        lines.append(f"FAIL database: schema v{version} is newer than this bot (v{latest}); upgrade the bot")
        return "fix"
    if version < latest:
        lines.append(
            f"OK   database: schema v{version}; {latest - version} migration(s) will run on next start, "
            "after an automatic backup"
        )
    else:
        lines.append(f"OK   database: {path}, schema v{version} (up to date)")
    return "ok"


def check_postgres(url: str, lines: list[str]) -> DatabaseState:
    """Log in and read the schema version (read only: migrations run when the bot starts)."""
    import asyncio

    import asyncpg

    from bot.storage.postgres import schema
    from bot.storage.postgres.database import NEEDS_A_PERSON

    where = redacted_url(url)
    latest = schema.latest_version()

    async def version() -> int:
        conn = await asyncpg.connect(url, timeout=5)
        try:
            return await schema.schema_version(conn)
        finally:
            await conn.close()

    try:
        found = asyncio.run(version())
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        lines.append(f"FAIL database: cannot log in to PostgreSQL at {where} ({type(exc).__name__}: {exc})")
        return "fix" if isinstance(exc, NEEDS_A_PERSON) else "retry"
    if found > latest:
        lines.append(f"FAIL database: schema v{found} is newer than this bot (v{latest}); upgrade the bot")
        return "fix"
    if found < latest:
        lines.append(
            f"OK   database: PostgreSQL at {where}, schema v{found}; "
            f"{latest - found} migration(s) will run on next start"
        )
    else:
        lines.append(f"OK   database: PostgreSQL at {where}, schema v{found} (up to date)")
    return "ok"
