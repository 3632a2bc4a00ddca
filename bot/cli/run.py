"""``ballerina-bot run`` (the default) and ``sync``: log in to Discord, then run until stopped or sync."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import Mapping

import aiohttp
import discord

from bot.cli.common import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, CommandFailed, configured, fail
from bot.config import Config
from bot.content.loader import ContentError
from bot.storage import DatabaseUnreachable, MigrationError

log = logging.getLogger("bot")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="connect to Discord and answer commands (the default)")
    run.set_defaults(handler=run_command)
    sync = sub.add_parser("sync", help="push the slash commands to Discord now, then exit")
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to this one server instead of globally")
    sync.add_argument(
        "--clear", action="store_true", help="with --guild: remove the commands from that server instead"
    )
    sync.set_defaults(handler=sync_command)


def run_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    return asyncio.run(run_bot(configured(environ)))


def sync_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    if args.clear and args.guild is None:
        raise CommandFailed("--clear needs --guild ID: it removes the commands from one server.", EXIT_CONFIG)
    config = configured(environ)
    return asyncio.run(run_bot(config, sync_only=True, sync_guild_id=args.guild, clear=args.clear))


async def run_bot(
    config: Config, *, sync_only: bool = False, sync_guild_id: int | None = None, clear: bool = False
) -> int:
    from bot.client import create_bot  # imported late so `check` stays quick
    from bot.metrics import MetricsUnavailable

    bot = create_bot(
        config,
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
            # The bot's own storage and content first: a database it cannot use stops it before
            # it logs in (or spends one of the token's daily session starts).
            await bot.prepare_local()
            try:
                await bot.login(config.token.reveal())
            except discord.LoginFailure:
                return fail(
                    "Discord rejected DISCORD_TOKEN (401 Unauthorized). Reset the token in the Developer "
                    "Portal (your application → Bot → Reset Token) and paste the new one into .env.",
                    EXIT_CONFIG,
                )
            if sync_only:
                print("Slash commands removed from that server." if clear else "Slash commands synced.")
                return EXIT_OK
            refusal = await bot.check_session_starts()
            if refusal is not None:  # exit 1: systemd tries again in 10 s, without identifying
                return fail(refusal, EXIT_FAILED)
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
    except (MetricsUnavailable, DatabaseUnreachable) as exc:
        # A port taken, a PostgreSQL server down or restarting: perhaps only for now, so exit 1
        # and let the service manager try again.
        return fail(str(exc), EXIT_FAILED)
    except MigrationError as exc:
        # A database the bot cannot use (damaged, newer, a failed migration) needs a person: exit 2,
        # so systemd does not restart the bot every 10 s forever.
        return fail(str(exc), EXIT_CONFIG)
    except ContentError as exc:
        # A broken data file needs a person to fix it: exit 2, so a service manager stops retrying.
        return fail(f"content error: {exc}", EXIT_CONFIG)
    except (aiohttp.ClientError, TimeoutError) as exc:
        return fail(f"could not reach Discord ({exc.__class__.__name__}). Check the network.", EXIT_FAILED)
    except OSError as exc:  # a file the bot needs (the database, the log) cannot be created or opened
        return fail(
            f"{exc.strerror or exc} ({exc.filename or 'file'}). Check the path and its permissions.",
            EXIT_CONFIG,
        )
    except discord.PrivilegedIntentsRequired:
        return fail("Discord refused the gateway intents; this bot needs no privileged intent.", EXIT_FAILED)
    finally:
        for sig in signals:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
    return EXIT_OK
