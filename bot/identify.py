"""Starting gateway sessions as one fleet: Discord's session start limit, across shard processes.

Discord answers ``GET /gateway/bot`` with ``session_start_limit``: how many IDENTIFYs the token
has left today (``remaining`` of ``total``, reset in ``reset_after`` ms; 1,000 a day, and the
token is reset past them) and ``max_concurrency``, the IDENTIFYs allowed per 5 s, one per bucket
``shard_id % max_concurrency``. An excess IDENTIFY gets op 9 (Invalid Session) and costs a start.

* Before connecting, ``shortage`` says whether too few starts remain for this process's shards;
  the bot then refuses to start with that line.
* Before each IDENTIFY (discord.py's ``before_identify_hook``), ``IdentifyGate.wait_turn`` takes
  the bucket's next turn from the shared database (``SqlIdentifyTurns``) and sleeps until it,
  so any number of processes started together keep to the limit, not only one process's shards.

Plain Python: no discord import.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger(__name__)

IDENTIFY_WINDOW = 5.0  # Discord: max_concurrency IDENTIFYs per 5 s
# A turn's IDENTIFY leaves a little after the turn, later in a busy process than in an idle one:
# turns are spaced a little wider than the window, so two IDENTIFYs never land inside it.
IDENTIFY_SPACING = IDENTIFY_WINDOW + 0.5


class IdentifyTurns(Protocol):
    async def take(self, bucket: int, max_concurrency: int, spacing: float) -> float: ...


@dataclass(frozen=True, slots=True)
class SessionStartLimit:
    total: int
    remaining: int
    reset_after_ms: int
    max_concurrency: int

    @classmethod
    def from_gateway(cls, data: dict[str, Any]) -> SessionStartLimit:
        return cls(
            total=int(data.get("total", 1000)),
            remaining=int(data.get("remaining", 1000)),
            reset_after_ms=int(data.get("reset_after", 0)),
            max_concurrency=max(1, int(data.get("max_concurrency", 1))),
        )


def shortage(limit: SessionStartLimit, needed: int) -> str | None:
    """The line to refuse to start with, when fewer session starts remain than ``needed``."""
    if limit.remaining >= needed:
        return None
    minutes = -(-limit.reset_after_ms // 60_000)
    return (
        f"Discord allows this bot token only {limit.remaining} more session start(s) (of {limit.total} "
        f"a day, reset in {minutes} min) and this process needs {needed}: not connecting, since "
        "starts past the limit get the token reset. Find what restarts the bot so often (its log, "
        "the service manager), then start it after the reset."
    )


class IdentifyGate:
    """Turns to IDENTIFY for this process's shards, taken from the shared database."""

    def __init__(
        self, turns: IdentifyTurns, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ) -> None:
        self._turns = turns
        self._sleep = sleep
        self.max_concurrency = 1  # until the gateway says (SessionStartLimit)
        self.waited = 0.0  # seconds spent waiting for turns, all shards

    async def wait_turn(self, shard_id: int) -> float:
        """Wait for ``shard_id``'s bucket to be free; the seconds waited."""
        bucket = shard_id % self.max_concurrency
        try:
            wait = await self._turns.take(bucket, self.max_concurrency, IDENTIFY_SPACING)
        except Exception as exc:  # the database failed: wait a whole window, as discord.py would
            log.warning(
                "Could not take shard %s's turn to identify from the database (%s); waiting %.1f s.",
                shard_id,
                type(exc).__name__,
                IDENTIFY_SPACING,
            )
            wait = IDENTIFY_SPACING
        if wait > 0:
            log.info("Shard %s waits %.1f s for its turn to identify (bucket %s).", shard_id, wait, bucket)
            await self._sleep(wait)
            self.waited += wait
        return wait
