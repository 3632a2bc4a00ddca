"""Command line: ``python -m bot [run|sync|check|preview]`` (also installed as ``ballerina-bot``)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

import aiohttp
import discord
from dotenv import find_dotenv, load_dotenv

from bot import __version__
from bot.content.loader import DEFAULT_DATA_DIR, ContentError, load_content
from bot.logging_setup import setup_logging
from bot.settings import Settings, SettingsError, load_settings, log_level_number
from bot.storage import MigrationError
from bot.storage.database import require_sqlite_features
from bot.storage.migrations import latest_version

log = logging.getLogger("bot")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ballerina-bot", description="A Discord bot for fans of Ballerina (2025)."
    )
    parser.add_argument("--version", action="version", version=f"ballerina-bot {__version__}")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="connect to Discord and answer commands (the default)")
    sync = sub.add_parser("sync", help="push the slash commands to Discord now, then exit")
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to this one server instead of globally")
    sync.add_argument(
        "--clear", action="store_true", help="with --guild: remove the commands from that server instead"
    )
    sub.add_parser(
        "check",
        help="check settings, content and database without connecting; exit 0, 1, or 2 for settings/content",
    )
    preview = sub.add_parser(
        "preview",
        help="try the bot in your browser on a pretend Discord server: no token, nothing leaves this machine",
    )
    preview.add_argument(
        "--port",
        type=int,
        default=0,
        metavar="N",
        help="serve the page on this local port (default: a free one)",
    )
    preview.add_argument(
        "--database",
        type=Path,
        default=Path("data/preview.sqlite3"),
        metavar="PATH",
        help="the preview's own SQLite file (default: data/preview.sqlite3)",
    )
    return parser


def fail(message: str, code: int) -> int:
    print(f"ballerina-bot: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    if command == "preview":  # needs no settings: it never reads .env or the real database
        return run_preview(args.port, args.database)
    # .env in the working directory (or a parent); real environment variables win over it.
    load_dotenv(find_dotenv(usecwd=True), override=False)
    if command == "check":
        return run_check(os.environ)
    if command == "sync" and args.clear and args.guild is None:
        return fail("--clear needs --guild ID: it removes the commands from one server.", EXIT_CONFIG)
    try:
        settings = load_settings(os.environ)
    except SettingsError as exc:
        return fail(str(exc), EXIT_CONFIG)
    try:
        setup_logging(log_level_number(settings), settings.log_file, secrets=(settings.token.reveal(),))
    except OSError as exc:
        return fail(f"LOG_FILE {settings.log_file} cannot be written ({exc.strerror or exc}).", EXIT_CONFIG)
    if command == "sync":
        return asyncio.run(run_bot(settings, sync_only=True, sync_guild_id=args.guild, clear=args.clear))
    return asyncio.run(run_bot(settings))


async def run_bot(
    settings: Settings, *, sync_only: bool = False, sync_guild_id: int | None = None, clear: bool = False
) -> int:
    from bot.client import create_bot  # imported late so `check` stays quick

    bot = create_bot(
        settings,
        force_sync=sync_only,
        sync_guild_id=sync_guild_id,
        clear_guild_commands=clear,
        sync_only=sync_only,
    )
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def request_stop(signame: str) -> None:
        log.info("Received %s; shutting down cleanly.", signame)
        stopping.set()

    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        with contextlib.suppress(NotImplementedError):  # Windows has no add_signal_handler
            loop.add_signal_handler(sig, request_stop, sig.name)

    try:
        async with bot:
            try:
                await bot.login(settings.token.reveal())
            except discord.LoginFailure:
                return fail(
                    "Discord rejected DISCORD_TOKEN (401 Unauthorized). Reset the token in the Developer "
                    "Portal (your application → Bot → Reset Token) and paste the new one into .env.",
                    EXIT_CONFIG,
                )
            if sync_only:
                print("Slash commands removed from that server." if clear else "Slash commands synced.")
                return EXIT_OK
            runner = asyncio.create_task(bot.connect(reconnect=True))
            stopper = asyncio.create_task(stopping.wait())
            done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if runner in done:
                runner.result()  # re-raise a gateway failure
            stopper.cancel()
            await bot.close()
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
    except MigrationError as exc:
        return fail(str(exc), EXIT_FAILED)
    except ContentError as exc:
        # A broken data file needs a person to fix it: exit 2, so a service manager stops retrying.
        return fail(f"content error: {exc}", EXIT_CONFIG)
    except (aiohttp.ClientError, TimeoutError) as exc:
        return fail(f"could not reach Discord ({exc.__class__.__name__}). Check the network.", EXIT_FAILED)
    except OSError as exc:  # a file the bot needs (the database, the log) cannot be created or opened
        return fail(
            f"{exc.strerror or exc} ({exc.filename or 'file'}). Check the path and its permissions.",
            EXIT_FAILED,
        )
    except discord.PrivilegedIntentsRequired:
        return fail("Discord refused the gateway intents; this bot needs no privileged intent.", EXIT_FAILED)
    finally:
        for sig in signals:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
    return EXIT_OK


def run_preview(port: int, database: Path) -> int:
    from bot import preview  # imports SimCord only once it runs

    if preview.missing_modules():
        return fail(preview.INSTALL_HINT, EXIT_CONFIG)
    if not 0 <= port <= 65535:
        return fail(f"--port must be between 0 and 65535 (0: any free port), got {port}.", EXIT_CONFIG)
    setup_logging(logging.WARNING)  # the terminal shows the URL, then only what goes wrong
    try:
        asyncio.run(preview.serve(database, port))
    except preview.PreviewError as exc:
        return fail(str(exc), EXIT_FAILED)
    except MigrationError as exc:
        return fail(str(exc), EXIT_FAILED)
    except ContentError as exc:
        return fail(f"content error: {exc}", EXIT_CONFIG)
    except OSError as exc:  # the database file cannot be created or opened
        return fail(
            f"{exc.strerror or exc} ({exc.filename or 'file'}). Check the path and its permissions.",
            EXIT_FAILED,
        )
    return EXIT_OK


def run_check(env: os._Environ[str] | dict[str, str]) -> int:
    """Preflight without connecting: each line is OK or a reason; exit 1 on any failure."""
    ok, config_error = True, False
    lines: list[str] = []
    try:
        settings = load_settings(env)
        where = f"server {settings.dev_guild_id}" if settings.dev_guild_id else "global"
        lines.append(f"OK   settings (database {settings.database_path}, commands sync: {where})")
    except SettingsError as exc:
        settings = None
        ok = False
        config_error = True
        lines.append(f"FAIL settings: {exc}")
    try:
        content = load_content(DEFAULT_DATA_DIR)
        lines.append(
            f"OK   content: {len(content.cast)} cast, {len(content.crew)} crew, "
            f"{len(content.quotes)} quotes, {len(content.trivia)} trivia questions"
        )
    except ContentError as exc:
        ok = False
        config_error = True
        lines.append(f"FAIL content: {exc}")
    if settings is not None:
        ok &= check_database(settings, lines)
        ok &= check_log_file(settings, lines)
    print("\n".join(lines))
    print("All checks passed." if ok else "Some checks failed; fix the lines marked FAIL.")
    if ok:
        return EXIT_OK
    return EXIT_CONFIG if config_error else EXIT_FAILED


def writable_folder_for(path: Path) -> bool:
    """Whether the bot could create ``path``: the nearest existing folder above it is writable."""
    folder = path.resolve().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


def check_log_file(settings: Settings, lines: list[str]) -> bool:
    if settings.log_file is None:
        return True
    target = settings.log_file
    ok = os.access(target, os.W_OK) if target.exists() else writable_folder_for(target)
    if ok and not target.is_dir():
        lines.append(f"OK   log file: {target}")
        return True
    lines.append(f"FAIL log file: cannot write {target} (create its folder or make it writable)")
    return False


def check_database(settings: Settings, lines: list[str]) -> bool:
    try:
        require_sqlite_features()
    except MigrationError as exc:
        lines.append(f"FAIL database: {exc}")
        return False
    path = settings.database_path
    latest = latest_version()
    if not path.exists():
        if writable_folder_for(path):
            lines.append(f"OK   database: {path} will be created on first start (schema v{latest})")
            return True
        lines.append(f"FAIL database: cannot create {path} (a folder on the way is not writable)")
        return False
    try:
        # as_uri() escapes '#', '%' and the like, which a plain "file:" URI would misread.
        with contextlib.closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        lines.append(f"FAIL database: {path} cannot be read ({exc})")
        return False
    if version > latest:
        lines.append(f"FAIL database: schema v{version} is newer than this bot (v{latest}); upgrade the bot")
        return False
    if version < latest:
        lines.append(
            f"OK   database: schema v{version}; {latest - version} migration(s) will run on next start, "
            "after an automatic backup"
        )
    else:
        lines.append(f"OK   database: {path}, schema v{version} (up to date)")
    return True


if __name__ == "__main__":
    sys.exit(main())
