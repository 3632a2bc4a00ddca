"""Command line: ``python -m bot [run|sync|check|…]``, also installed as ``ballerina-bot``.

Each subcommand lives in its own module with a ``register(subparsers)`` that adds its parser
and sets ``handler(args, environ) -> exit code``; add a module to ``COMMANDS`` to add one.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from dotenv import find_dotenv, load_dotenv

from bot import __version__
from bot.cli import backup, check, migrate_db, preview, purge, questions, reports, run
from bot.cli.common import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, CommandFailed, fail

__all__ = ["EXIT_CONFIG", "EXIT_FAILED", "EXIT_OK", "build_parser", "main"]

COMMANDS = (run, preview, check, backup, purge, reports, questions, migrate_db)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ballerina-bot", description="A Discord bot for fans of Ballerina (2025)."
    )
    parser.add_argument("--version", action="version", version=f"ballerina-bot {__version__}")
    sub = parser.add_subparsers(dest="command")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # plain `ballerina-bot` runs the bot
        args = parser.parse_args(["run"])
    # .env in the working directory (or a parent); real environment variables win over it.
    load_dotenv(find_dotenv(usecwd=True), override=False)
    try:
        code: int = args.handler(args, os.environ)
    except CommandFailed as exc:
        return fail(exc.message, exc.code)
    return code
