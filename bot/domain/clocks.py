"""Clocks: the monotonic game clock a trivia session waits on, and the wall clock stores stamp with.

Both are injected (``create_bot(clock=..., wall_clock=...)``), so tests move time instead of
sleeping.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

WallClock = Callable[[], datetime]  # aware UTC "now", for what is stored and shown


def utc_now() -> datetime:
    return datetime.now(UTC)


class GameClock(Protocol):
    """Where a session gets the time and waits. Times are monotonic seconds."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class MonotonicClock:
    """The real clock: ``time.monotonic`` and ``asyncio.sleep``."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))
