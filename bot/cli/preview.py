"""``ballerina-bot preview``: the bot in a local browser on SimCord (see ``bot.preview``)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path

from bot.cli.common import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, CommandFailed
from bot.content.loader import ContentError
from bot.logging_setup import setup_logging
from bot.storage import MigrationError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    preview.set_defaults(handler=preview_command)


def preview_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Needs no configuration: it never reads .env's token or the real database."""
    from bot import preview  # imports SimCord only once it runs

    if preview.missing_modules():
        raise CommandFailed(preview.INSTALL_HINT, EXIT_CONFIG)
    if not 0 <= args.port <= 65535:
        raise CommandFailed(
            f"--port must be between 0 and 65535 (0: any free port), got {args.port}.", EXIT_CONFIG
        )
    setup_logging(logging.WARNING)  # the terminal shows the URL, then only what goes wrong
    try:
        asyncio.run(preview.serve(args.database, args.port))
    except preview.PreviewError as exc:
        raise CommandFailed(str(exc), EXIT_FAILED) from None
    except MigrationError as exc:
        raise CommandFailed(str(exc), EXIT_FAILED) from None
    except ContentError as exc:
        raise CommandFailed(f"content error: {exc}", EXIT_CONFIG) from None
    except OSError as exc:  # the database file cannot be created or opened
        raise CommandFailed(
            f"{exc.strerror or exc} ({exc.filename or 'file'}). Check the path and its permissions.",
            EXIT_FAILED,
        ) from None
    return EXIT_OK
