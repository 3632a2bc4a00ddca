"""The metrics registry and the ``/metrics`` and ``/healthz`` endpoint (see ``bot.metrics``).

Imported only when METRICS_PORT is set: prometheus_client and aiohttp.web cost start-up time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

import discord
from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.metrics import RECEIVED, MetricsUnavailable, command_label, is_database_error, latency_kind
from bot.storage.bundle import Storage

if TYPE_CHECKING:
    from bot.identify import SessionStartLimit

log = logging.getLogger(__name__)

# Discord gives an interaction 3 s for its first response; the buckets resolve both ends.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
HEALTH_DB_TIMEOUT = 2.0


class MonitoredBot(Protocol):
    """What the endpoint reads of ``BallerinaBot`` (a Protocol: bot.client imports this module)."""

    @property
    def shard_ids(self) -> list[int] | None: ...
    @property
    def shard_count(self) -> int | None: ...
    @property
    def latencies(self) -> list[tuple[int, float]]: ...
    @property
    def storage(self) -> Storage: ...
    @property
    def _storage(self) -> Storage | None: ...  # None until setup_hook opened it

    def get_shard(self, shard_id: int, /) -> discord.ShardInfo | None: ...
    def is_ready(self) -> bool: ...


class Metrics:
    """The bot's metrics in their own registry (tests run several bots in one process)."""

    def __init__(self, bot: MonitoredBot) -> None:
        self.bot = bot
        self.registry = CollectorRegistry()
        self.interactions = Counter(
            "ballerina_interactions",
            "Interactions handled, by command (or component kind) and outcome.",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ballerina_interaction_seconds",
            "From an interaction's arrival to the end of its handling (its reply is sent by then).",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.flush = Histogram(
            "ballerina_answer_writer_flush_seconds",
            "Time to store one batch of trivia answers (one transaction).",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
            registry=self.registry,
        )
        self.sessions = Counter(
            "ballerina_gateway_sessions",
            "Gateway sessions by shard: started (IDENTIFY, one of the token's daily starts) or resumed.",
            ["shard", "kind"],
            registry=self.registry,
        )
        self.identify_wait = Counter(
            "ballerina_gateway_identify_wait_seconds",
            "Time shards waited for their turn to IDENTIFY (shared with every shard process).",
            registry=self.registry,
        )
        self.session_starts = Gauge(
            "ballerina_gateway_session_starts_remaining",
            "Session starts (IDENTIFYs) Discord allowed the token at start-up (session_start_limit).",
            registry=self.registry,
        )
        self.database_errors = {"interaction": 0, "health_check": 0}
        self.registry.register(_LiveState(self))
        self._runner: web.AppRunner | None = None

    # -- the hot path: a few microseconds per interaction -----------------------------------------

    @staticmethod
    def received(interaction: discord.Interaction) -> None:
        interaction.extras[RECEIVED] = time.perf_counter()

    def finished(
        self, interaction: discord.Interaction, outcome: str, error: BaseException | None = None
    ) -> None:
        started = interaction.extras.pop(RECEIVED, None)
        if started is None:  # counted already (an error after the reply), or never stamped
            return
        self.interactions.labels(command_label(interaction), outcome).inc()
        self.latency.labels(latency_kind(interaction)).observe(time.perf_counter() - started)
        if error is not None and is_database_error(error):
            self.database_errors["interaction"] += 1

    def batch_written(self, answers: int, seconds: float) -> None:
        self.flush.observe(seconds)

    # -- the gateway ---------------------------------------------------------------------------

    def identified(self, shard_id: int, waited: float) -> None:
        self.sessions.labels(str(shard_id), "identify").inc()
        self.identify_wait.inc(waited)

    def resumed(self, shard_id: int) -> None:
        self.sessions.labels(str(shard_id), "resume").inc()

    def session_start_limit(self, limit: SessionStartLimit) -> None:
        self.session_starts.set(limit.remaining)

    # -- health ------------------------------------------------------------------------------

    def owned_shards(self) -> list[int]:
        bot = self.bot
        if bot.shard_ids is not None:
            return list(bot.shard_ids)
        return list(range(bot.shard_count or 0))  # known once the gateway said how many

    def shards_connected(self) -> dict[int, bool]:
        bot = self.bot
        connected = {}
        for shard_id in self.owned_shards():
            info = bot.get_shard(shard_id)
            connected[shard_id] = info is not None and not info.is_closed()
        return connected

    async def health(self) -> tuple[bool, dict[str, Any]]:
        shards = self.shards_connected()
        shards_ok = bool(shards) and all(shards.values()) and self.bot.is_ready()
        storage: dict[str, Any] = {}
        try:
            await asyncio.wait_for(self.bot.storage.meta.get("health_check"), HEALTH_DB_TIMEOUT)
            # A read can work while writes fail (disk full, read-only): ask the storage too.
            storage = await asyncio.wait_for(self.bot.storage.check_health(), HEALTH_DB_TIMEOUT)
            database = "ok" if storage.get("storage_healthy", True) else "faulty"
        except Exception as exc:  # any failure to answer is "unhealthy"; the reason goes to the log
            self.database_errors["health_check"] += 1
            log.warning("Health check: the database did not answer (%s)", exc.__class__.__name__)
            database = "not answering"
        body = {
            "status": "ok" if shards_ok and database == "ok" else "unavailable",
            "shards": {str(s): "connected" if up else "disconnected" for s, up in shards.items()},
            "ready": self.bot.is_ready(),
            "database": database,
            **({"storage": storage} if database == "faulty" else {}),
        }
        return body["status"] == "ok", body

    # -- the endpoint -------------------------------------------------------------------------

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(
            body=generate_latest(self.registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    async def _healthz(self, request: web.Request) -> web.Response:
        ok, body = await self.health()
        return web.Response(
            body=json.dumps(body).encode(), status=200 if ok else 503, content_type="application/json"
        )

    async def serve(self, host: str, port: int) -> None:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            await runner.cleanup()
            reason = os.strerror(exc.errno).lower() if exc.errno else str(exc)
            raise MetricsUnavailable(
                f"METRICS_PORT {port} on {host} cannot be used ({reason}). Pick a free port, "
                "or leave METRICS_PORT empty to turn metrics off."
            ) from None
        self._runner = runner
        log.info("Serving /metrics and /healthz on http://%s:%s", host, port)

    @property
    def port(self) -> int | None:
        """The port actually bound (METRICS_PORT; tests ask for 0, any free port)."""
        if self._runner is None or not self._runner.addresses:
            return None
        return int(self._runner.addresses[0][1])

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


class _LiveState(Collector):
    """Values read when Prometheus scrapes, so keeping them costs the bot nothing meanwhile."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Any]:
        bot = self.metrics.bot
        latency = GaugeMetricFamily(
            "ballerina_gateway_latency_seconds", "Heartbeat round trip per shard.", labels=["shard"]
        )
        for shard_id, seconds in bot.latencies:
            if math.isfinite(seconds):  # no heartbeat answered yet: no figure rather than +Inf
                latency.add_metric([str(shard_id)], seconds)
        yield latency
        up = GaugeMetricFamily(
            "ballerina_shard_connected", "1 when this shard's gateway is open.", labels=["shard"]
        )
        for shard_id, connected in self.metrics.shards_connected().items():
            up.add_metric([str(shard_id)], 1.0 if connected else 0.0)
        yield up
        storage = bot._storage  # None until setup_hook opened it
        writer = storage.answers if storage is not None else None
        yield GaugeMetricFamily(
            "ballerina_answer_writer_queue",
            "Trivia answers acknowledged but not yet stored.",
            value=writer.pending if writer is not None else 0,
        )
        yield CounterMetricFamily(
            "ballerina_answers_stored",
            "Trivia answers stored.",
            value=writer.written if writer is not None else 0,
        )
        errors = CounterMetricFamily(
            "ballerina_database_errors", "Database operations that failed, by where.", labels=["where"]
        )
        for where, count in self.metrics.database_errors.items():
            errors.add_metric([where], count)
        errors.add_metric(["answer_writer"], writer.failed if writer is not None else 0)
        yield errors
