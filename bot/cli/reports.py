"""``ballerina-bot reports``: members' reports of mistakes in the film's facts, for the operator.

Newest first, one block per report: its number, when, which server and member, what it is about
and the member's words. Read-only, safe next to a running bot. Fix a fact in ``data/`` (README,
"Content and corrections"), then reply to the member in their server if you like.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping

from bot.cli.common import EXIT_FAILED, EXIT_OK, CommandFailed, configured, open_existing_storage
from bot.config import Config
from bot.domain.records import ContentReport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reports = sub.add_parser("reports", help="list members' reports of mistakes in the facts (/report)")
    reports.add_argument("--guild", type=int, metavar="ID", help="only this server's reports")
    reports.add_argument("--limit", type=int, default=50, metavar="N", help="at most N reports (default 50)")
    reports.set_defaults(handler=reports_command)


def reports_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    if args.limit < 1:
        raise CommandFailed("--limit must be 1 or more.", EXIT_FAILED)
    return asyncio.run(list_reports(configured(environ, require_token=False), args.guild, args.limit))


def describe(report: ContentReport) -> str:
    where = f"server {report.guild_id}" if report.guild_id is not None else "a direct message"
    about = f"{report.item_kind} {report.item_id}" if report.item_id else "nothing in particular"
    when = report.created_at.strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(f"    {line}" for line in report.text.splitlines() or [""])
    return f"#{report.id}  {when}  {where}, member {report.user_id}\n  about: {about}\n{text}"


async def list_reports(config: Config, guild_id: int | None, limit: int) -> int:
    storage = await open_existing_storage(config)
    if storage is None:
        print(f"No database at {config.database_path}: no reports yet.")
        return EXIT_OK
    try:
        found = await storage.reports.reports(guild_id, limit)
    finally:
        await storage.close()
    if not found:
        print("No reports." if guild_id is None else f"No reports from server {guild_id}.")
        return EXIT_OK
    print("\n\n".join(describe(r) for r in found))
    return EXIT_OK
