"""A fake game clock for tests and simulations: time moves only when the test moves it."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class VirtualClock:
    """A fake clock for tests and simulations: time moves only when the test moves it.

    ``sleep`` parks the caller until virtual time reaches its end. ``advance(s)`` moves
    time forward ``s`` seconds, waking sleepers and firing ``call_at``/``call_later``
    callbacks in time order; ``run_until_complete(aw)`` keeps jumping to the next
    timer until ``aw`` is done (no real waiting at all). Between jumps it yields to
    the event loop ``settle_rounds`` times so woken tasks can run and go back to sleep.
    """

    def __init__(self, start: float = 0.0, *, settle_rounds: int = 20) -> None:
        self._now = start
        self._settle_rounds = settle_rounds
        self._timers: list[tuple[float, int, asyncio.Future[None] | Callable[[], object]]] = []
        self._seq = itertools.count()

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self._now + seconds, next(self._seq), future))
        await future

    def call_at(self, when: float, callback: Callable[[], object]) -> None:
        """Run ``callback()`` when virtual time reaches ``when``; its exceptions propagate to the driver."""
        heapq.heappush(self._timers, (when, next(self._seq), callback))

    def call_later(self, delay: float, callback: Callable[[], object]) -> None:
        self.call_at(self._now + delay, callback)

    async def settle(self) -> None:
        """Let every task that can run, run."""
        for _ in range(self._settle_rounds):
            await asyncio.sleep(0)

    def _next_when(self) -> float | None:
        timers = self._timers
        while timers:
            item = timers[0][2]
            if isinstance(item, asyncio.Future) and item.done():  # a cancelled sleep
                heapq.heappop(timers)
                continue
            return timers[0][0]
        return None

    def _fire_next(self) -> None:
        when, _, item = heapq.heappop(self._timers)
        self._now = max(self._now, when)
        if isinstance(item, asyncio.Future):
            item.set_result(None)
        else:
            item()

    async def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds``, running everything due on the way."""
        target = self._now + seconds
        await self.settle()
        while (when := self._next_when()) is not None and when <= target:
            self._fire_next()
            await self.settle()
        self._now = max(self._now, target)
        await self.settle()

    async def run_until_complete(self, awaitable: Awaitable[T], *, max_seconds: float = 86_400.0) -> T:
        """Await ``awaitable``, jumping virtual time from timer to timer while it is pending.

        Raises RuntimeError when it is stuck (pending with nothing scheduled) or would
        need more than ``max_seconds`` of virtual time.
        """
        task = asyncio.ensure_future(awaitable)
        limit = self._now + max_seconds
        await self.settle()
        while not task.done():
            when = self._next_when()
            if when is None:
                task.cancel()
                raise RuntimeError("virtual clock: the awaitable is pending and nothing is scheduled")
            if when > limit:
                task.cancel()
                raise RuntimeError(f"virtual clock: still pending after {max_seconds} s")
            self._fire_next()
            await self.settle()
        return task.result()
