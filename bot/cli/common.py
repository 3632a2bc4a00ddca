"""What every subcommand shares: exit codes, the one-line failure, configuration with logging."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from bot.config import Config, ConfigError, database, load_config, log_level_number
from bot.logging_setup import setup_logging
from bot.storage import MigrationError
from bot.storage.backend import open_storage
from bot.storage.bundle import Storage

# 2 means "a person must fix settings or content": the systemd unit does not restart on it.
EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


class CommandFailed(Exception):
    """Ends a subcommand with one line on stderr and an exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def fail(message: str, code: int) -> int:
    print(f"ballerina-bot: {message}", file=sys.stderr)
    return code


def configured(environ: Mapping[str, str], *, require_token: bool = True) -> Config:
    """The configuration, with logging set up; ``CommandFailed`` (exit 2) when it is wrong."""
    try:
        config = load_config(environ, require_token=require_token)
    except ConfigError as exc:
        raise CommandFailed(str(exc), EXIT_CONFIG) from None
    secrets = (config.token.reveal(),) if config.token.reveal() else ()
    try:
        setup_logging(log_level_number(config), config.log_file, secrets=secrets)
    except OSError as exc:
        raise CommandFailed(
            f"LOG_FILE {config.log_file} cannot be written ({exc.strerror or exc}).", EXIT_CONFIG
        ) from None
    return config


async def open_existing_storage(config: Config) -> Storage | None:
    """The configured database's stores, or None when it is a SQLite file that does not exist yet.

    For commands that read or tidy what is stored: they must not create an empty database.
    """
    if config.database_path is not None and not config.database_path.exists():
        return None
    try:
        return await open_storage(database(config))
    except MigrationError as exc:
        raise CommandFailed(str(exc), EXIT_FAILED) from None
