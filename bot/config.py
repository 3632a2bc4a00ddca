"""The process configuration from the environment, parsed once into a typed object.

``load_config`` is pure (it takes a mapping), so tests pass a dict; only
``__main__`` reads ``.env`` into the environment. The token is kept out of
``repr``, log lines and error messages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.domain.lifecycle import DEFAULT_PURGE_AFTER_DAYS, MAX_PURGE_AFTER_DAYS
from bot.storage.urls import redacted_url

DEFAULT_DATABASE_URL = "sqlite:///data/ballerina.sqlite3"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# Three base64url parts separated by dots: the shape of every Discord bot token.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


class ConfigError(Exception):
    """A setting is missing or wrong; the message says which and how to fix it."""


class Secret:
    """A string that never shows itself in repr/str, so it cannot leak into logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True, slots=True)
class Config:
    token: Secret = field(repr=False)
    database_path: Path | None  # the SQLite file; None when DATABASE_URL names PostgreSQL
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    log_file: Path | None = None
    postgres_url: Secret | None = field(default=None, repr=False)  # may hold a password
    purge_after_days: int = DEFAULT_PURGE_AFTER_DAYS  # a departed server's data is kept this long
    # Running at scale (README "Running at scale"): all None means one process, automatic sharding.
    shard_count: int | None = None  # shards across all processes
    shard_ids: tuple[int, ...] | None = None  # the shards this process runs (None: all of them)
    metrics_port: int | None = None  # serve /metrics and /healthz here (None: off)
    metrics_host: str = "127.0.0.1"


_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_DATABASE_URL_HELP = (
    f"DATABASE_URL must look like {DEFAULT_DATABASE_URL!r} (relative path), "
    "'sqlite:////var/lib/ballerina/bot.sqlite3' (absolute path) or "
    "'postgresql://user:password@host:5432/database'"
)


def parse_database_url(url: str) -> Path | Secret:
    """``sqlite:///relative/path`` or ``sqlite:////absolute/path`` → a Path; ``postgresql://…`` → a Secret."""
    if url.startswith(_POSTGRES_SCHEMES):
        return parse_postgres_url(url)
    prefix = "sqlite:///"
    if not url.startswith(prefix) or len(url) == len(prefix):
        shown = url if "@" not in url else url.split("://", 1)[0] + "://…"  # never echo a password
        raise ConfigError(f"{_DATABASE_URL_HELP}; got {shown!r}.")
    return Path(url[len(prefix) :])


def parse_postgres_url(url: str) -> Secret:
    """Checks the shape only; whether the server answers is for start-up (and ``check``) to find out."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError as exc:
        raise ConfigError(f"{_DATABASE_URL_HELP}; the PostgreSQL URL is malformed ({exc}).") from None
    if not parts.hostname or parts.path.strip("/") == "":
        raise ConfigError(f"{_DATABASE_URL_HELP}; the PostgreSQL URL needs a host and a database name.")
    return Secret(url)


def database(config: Config) -> str | Path:
    """What ``open_storage`` opens: the PostgreSQL URL (with its password), or the SQLite file."""
    if config.postgres_url is not None:
        return config.postgres_url.reveal()
    assert config.database_path is not None
    return config.database_path


def database_description(config: Config) -> str:
    """Where the database is, safe to print."""
    if config.postgres_url is not None:
        return redacted_url(config.postgres_url.reveal())
    return str(config.database_path)


def load_config(env: Mapping[str, str], *, require_token: bool = True) -> Config:
    """Build the Config from environment variables, or raise ConfigError naming the fix."""
    raw_token = env.get("DISCORD_TOKEN", "").strip()
    if require_token:
        if not raw_token:
            raise ConfigError(
                "DISCORD_TOKEN is not set. Copy .env.example to .env and paste your bot token "
                "(Developer Portal → your application → Bot → Reset Token)."
            )
        if raw_token.lower().startswith("bot "):
            raise ConfigError("DISCORD_TOKEN should be the token alone, without the 'Bot ' prefix.")
        if not _TOKEN_SHAPE.match(raw_token):
            raise ConfigError(
                "DISCORD_TOKEN does not look like a bot token (three parts separated by dots). "
                "Copy it again from Developer Portal → your application → Bot → Reset Token; "
                "the client secret and the application id are not the token."
            )

    database = parse_database_url(env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL)

    dev_guild_raw = env.get("DEV_GUILD_ID", "").strip()
    dev_guild_id: int | None = None
    if dev_guild_raw:
        if not dev_guild_raw.isdigit() or not 15 <= len(dev_guild_raw) <= 20:
            raise ConfigError(
                f"DEV_GUILD_ID must be a server id (a 17–20 digit number), got {dev_guild_raw!r}. "
                "Right-click the server icon with Developer Mode on → Copy Server ID, or leave it empty."
            )
        dev_guild_id = int(dev_guild_raw)

    log_level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}.")

    log_file_raw = env.get("LOG_FILE", "").strip()
    purge_raw = env.get("PURGE_AFTER_DAYS", "").strip() or str(DEFAULT_PURGE_AFTER_DAYS)
    if not (purge_raw.isascii() and purge_raw.isdigit()) or int(purge_raw) > MAX_PURGE_AFTER_DAYS:
        raise ConfigError(
            f"PURGE_AFTER_DAYS must be a whole number of days from 0 to {MAX_PURGE_AFTER_DAYS}, "
            f"got {purge_raw!r}. It is how long a server's data is kept after the bot leaves it."
        )
    shard_count, shard_ids = parse_shards(
        env.get("SHARD_COUNT", "").strip(), env.get("SHARD_IDS", "").strip()
    )
    metrics_port, metrics_host = parse_metrics(
        env.get("METRICS_PORT", "").strip(), env.get("METRICS_HOST", "").strip()
    )
    return Config(
        token=Secret(raw_token),
        database_path=database if isinstance(database, Path) else None,
        dev_guild_id=dev_guild_id,
        log_level=log_level,
        log_file=Path(log_file_raw) if log_file_raw else None,
        postgres_url=database if isinstance(database, Secret) else None,
        purge_after_days=int(purge_raw),
        shard_count=shard_count,
        shard_ids=shard_ids,
        metrics_port=metrics_port,
        metrics_host=metrics_host,
    )


_SHARD_IDS_SHAPE = re.compile(r"^\d+(-\d+)?(,\d+(-\d+)?)*$")


def parse_shards(count_raw: str, ids_raw: str) -> tuple[int | None, tuple[int, ...] | None]:
    """``SHARD_COUNT`` (shards across every process) and ``SHARD_IDS`` (this process's: ``0-3``, ``4,5``)."""
    if not count_raw:
        if ids_raw:
            raise ConfigError(
                "SHARD_IDS needs SHARD_COUNT: set SHARD_COUNT to the total number of shards across all "
                "processes (e.g. SHARD_COUNT=2 with SHARD_IDS=0 here and SHARD_IDS=1 in the other process)."
            )
        return None, None
    if not count_raw.isdigit() or int(count_raw) < 1:
        raise ConfigError(
            f"SHARD_COUNT must be a whole number of shards, 1 or more, got {count_raw!r}. Discord needs "
            "one shard per 2,500 servers; leave it empty to let Discord choose and run them all here."
        )
    count = int(count_raw)
    if not ids_raw:
        return count, None
    spaced = ids_raw.replace(" ", "")
    if not _SHARD_IDS_SHAPE.match(spaced):
        raise ConfigError(
            f"SHARD_IDS must list this process's shards as numbers and ranges, like '0-3' or '4,5', "
            f"got {ids_raw!r}."
        )
    ids: list[int] = []
    for part in spaced.split(","):
        low, _, high = part.partition("-")
        first, last = int(low), int(high or low)
        if last < first:
            raise ConfigError(f"SHARD_IDS range {part!r} runs backwards; write it low-high, like '0-3'.")
        ids.extend(range(first, last + 1))
    if max(ids) >= count:
        raise ConfigError(
            f"SHARD_IDS names shard {max(ids)}, but SHARD_COUNT is {count}: shards are numbered "
            f"0 to {count - 1}."
        )
    repeated = sorted({shard for shard in ids if ids.count(shard) > 1})
    if repeated:
        raise ConfigError(f"SHARD_IDS lists shard {repeated[0]} more than once.")
    return count, tuple(sorted(ids))


def parse_metrics(port_raw: str, host_raw: str) -> tuple[int | None, str]:
    """``METRICS_PORT`` turns on /metrics and /healthz; ``METRICS_HOST`` (default loopback) is where."""
    host = host_raw or "127.0.0.1"
    if not port_raw:
        if host_raw:
            raise ConfigError(
                "METRICS_HOST is set but METRICS_PORT is not: set METRICS_PORT to serve /metrics."
            )
        return None, host
    if not port_raw.isdigit() or not 1 <= int(port_raw) <= 65535:
        raise ConfigError(
            f"METRICS_PORT must be a port number from 1 to 65535 (or empty to turn metrics off), "
            f"got {port_raw!r}."
        )
    return int(port_raw), host


def log_level_number(config: Config) -> int:
    return logging.getLevelName(config.log_level)
