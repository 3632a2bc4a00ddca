"""Operating the bot: Prometheus ``/metrics`` and ``/healthz`` on ``METRICS_PORT`` (off by default).

What is counted, and where:

* interactions by command and outcome (``ok``, ``refused``: the member got a friendly
  "can't do that", ``error``: a bug, logged with an error id), and a histogram of the time
  from an interaction's arrival to the end of its handling (the reply is sent by then). The
  arrival is stamped in ``BallerinaBot.dispatch``; the end is a slash command's completion
  event, ``report_error`` (every failure, anywhere) or a trivia answer's reply (the hot path).
  Other buttons and forms count only when they fail.
* read at scrape time, so they cost the bot nothing between scrapes: gateway latency and
  connection per shard, the answer writer's queue and totals, database errors.
* the answer writer's time per batch (one transaction), from its ``on_batch`` hook.

``/healthz`` answers 200 when every shard this process runs is connected and the database
answers a query within 2 s, else 503; the body says which part failed.

This module is what the bot's code calls (light: no prometheus_client or aiohttp.web import,
so a bot without METRICS_PORT starts as fast as before); ``bot.metrics_server`` holds the
registry and the endpoint, imported only when METRICS_PORT is set.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Protocol

import discord

RECEIVED = "metrics.received"  # interaction.extras key: time.perf_counter() at arrival


class InteractionMetrics(Protocol):
    """What ``observe`` needs of ``bot.metrics_server.Metrics`` (that module imports this one)."""

    def finished(
        self, interaction: discord.Interaction, outcome: str, error: BaseException | None = None
    ) -> None: ...


class MetricsUnavailable(Exception):
    """The metrics endpoint could not listen (the port is taken, or the address is wrong)."""


def is_database_error(exc: BaseException) -> bool:
    """SQLite's errors, or a PostgreSQL driver's (asyncpg), without importing the latter."""
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.split(".")[0] == "asyncpg"


def command_label(interaction: discord.Interaction) -> str:
    """A short, bounded name: ``/trivia start``, ``button trivia``, ``form``.

    Component ids made by discord.py are random, so only ids of our ``name:…`` kind (the trivia
    answer buttons) lend their first part; anything else is just its kind.
    """
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    kind = {discord.InteractionType.component: "button", discord.InteractionType.modal_submit: "form"}.get(
        interaction.type, "other"
    )
    data: Any = interaction.data or {}  # a union of TypedDicts; only components and forms have an id
    custom_id = str(data.get("custom_id", ""))
    prefix, colon, _ = custom_id.partition(":")
    return f"{kind} {prefix}" if colon and prefix.isalpha() else kind


def latency_kind(interaction: discord.Interaction) -> str:
    if interaction.type is discord.InteractionType.application_command:
        return "command"
    return "form" if interaction.type is discord.InteractionType.modal_submit else "button"


def observe(interaction: discord.Interaction, outcome: str, error: BaseException | None = None) -> None:
    """Count an interaction's outcome and time it (no-op when metrics are off)."""
    metrics: InteractionMetrics | None = getattr(interaction.client, "metrics", None)
    if metrics is not None:
        metrics.finished(interaction, outcome, error)
