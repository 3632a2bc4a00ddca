"""``ballerina-bot purge [--dry-run]``: delete now what the running bot's hourly check would delete.

The data of a server the bot left more than ``PURGE_AFTER_DAYS`` ago goes; ``--dry-run`` lists every
departed server, when its data goes and how much there is, and deletes nothing. Safe next to a
running bot (SQLite in WAL mode; a server added back meanwhile is checked inside the delete).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping
from datetime import datetime

from bot.cli.common import EXIT_OK, configured, open_existing_storage
from bot.config import Config
from bot.domain.clocks import WallClock, utc_now
from bot.domain.lifecycle import purge_after
from bot.services.retention import Retention


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    purge = sub.add_parser(
        "purge", help="delete now the data of servers the bot left more than PURGE_AFTER_DAYS ago"
    )
    purge.add_argument("--dry-run", action="store_true", help="list what would be deleted; delete nothing")
    purge.set_defaults(handler=purge_command)


def purge_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    return asyncio.run(run_purge(configured(environ, require_token=False), dry_run=args.dry_run))


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def sizes(counts: Mapping[str, int]) -> str:
    shown = [f"{n:,} {table}" for table, n in counts.items() if n]
    return ", ".join(shown) or "no rows"


async def run_purge(config: Config, *, dry_run: bool, wall_clock: WallClock = utc_now) -> int:
    storage = await open_existing_storage(config)
    if storage is None:
        print(f"No database at {config.database_path}: nothing to delete.")
        return EXIT_OK
    try:
        retention = Retention(storage.servers, wall_clock, purge_after(config.purge_after_days))
        now = wall_clock()
        grace = f"PURGE_AFTER_DAYS={config.purge_after_days}"
        if dry_run:
            pending = await retention.pending()
            if not pending:
                print("No departed server is waiting to be deleted.")
            for departure, purge_at in pending:
                counts = await storage.servers.counts(departure.guild_id)
                verdict = "would be deleted now" if purge_at <= now else f"kept until {when(purge_at)}"
                print(
                    f"server {departure.guild_id}: left {when(departure.left_at)}; {verdict} "
                    f"({sizes(counts)})"
                )
            due = sum(purge_at <= now for _, purge_at in pending)
            print(
                f"{due} of {len(pending)} departed server(s) would be deleted now ({grace}). "
                "Nothing was deleted."
            )
            return EXIT_OK
        purged = await retention.purge_due()
        for server in purged:
            print(f"server {server.guild_id}: left {when(server.left_at)}; deleted ({sizes(server.deleted)})")
        print(f"Deleted the data of {len(purged)} departed server(s) ({grace}).")
        return EXIT_OK
    finally:
        await storage.close()
