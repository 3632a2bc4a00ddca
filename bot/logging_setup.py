"""Logging in discord.py's style: coloured stderr, optional rotating file, no secrets."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

import discord

# Anything shaped like a bot token is replaced before a record is written.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}")


class RedactTokens(logging.Filter):
    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _TOKEN_RE.sub("[token redacted]", message)
        for secret in self._secrets:
            redacted = redacted.replace(secret, "[token redacted]")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def setup_logging(level: int, log_file: Path | None = None, *, secrets: tuple[str, ...] = ()) -> None:
    root = logging.getLogger()
    discord.utils.setup_logging(level=level, root=True)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=5 * 1024 * 1024, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(
            logging.Formatter(
                "[{asctime}] [{levelname:<8}] {name}: {message}", "%Y-%m-%d %H:%M:%S", style="{"
            )
        )
        root.addHandler(handler)
    redactor = RedactTokens(*secrets)
    for each in root.handlers:
        each.addFilter(redactor)
    # The HTTP layer logs every request at DEBUG; keep it quiet unless something is wrong.
    logging.getLogger("discord.http").setLevel(max(level, logging.WARNING))
