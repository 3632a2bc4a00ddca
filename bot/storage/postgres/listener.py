"""LISTEN on one dedicated PostgreSQL connection, and reconnect when it is lost.

A notification is only delivered to connections listening when it commits; one missed while
the connection was down is gone for good. So a loss is reported at once (``on_lost``: stop
trusting what was derived from notifications) and, once listening again, ``on_restored``.

No discord imports here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import asyncpg

log = logging.getLogger(__name__)


class Listener:
    def __init__(
        self,
        url: str,
        channel: str,
        on_message: Callable[[str], None],
        *,
        on_lost: Callable[[], None],
        on_restored: Callable[[], None],
        retry_after: tuple[float, float] = (0.05, 5.0),  # first and longest wait between attempts
    ) -> None:
        self._url = url
        self._channel = channel
        self._on_message = on_message
        self._on_lost = on_lost
        self._on_restored = on_restored
        self._retry_after = retry_after
        self._conn: asyncpg.Connection | None = None
        self._reconnecting: asyncio.Task[None] | None = None
        self._closing = False
        self.received = 0  # notifications handled, for tests and metrics
        self.losses = 0  # connections lost

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.is_closed()

    @property
    def backend_pid(self) -> int | None:
        """The server process behind the listening connection (to test a lost connection)."""
        return self._conn.get_server_pid() if self._conn is not None else None

    async def start(self) -> None:
        conn = await asyncpg.connect(self._url, timeout=10)
        try:
            conn.add_termination_listener(self._lost)
            await conn.add_listener(self._channel, self._notified)
        except BaseException:
            await conn.close()
            raise
        self._conn = conn

    async def close(self) -> None:
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            await asyncio.gather(self._reconnecting, return_exceptions=True)
        if self._conn is not None:
            await self._conn.close()

    def _notified(self, conn: object, _pid: int, channel: str, payload: object) -> None:
        self.received += 1
        self._on_message(str(payload))

    def _lost(self, conn: object) -> None:
        if self._closing:
            return
        self.losses += 1
        log.warning(
            "lost the PostgreSQL LISTEN connection (%s); caches are off until it is back", self._channel
        )
        self._on_lost()
        if self._reconnecting is None or self._reconnecting.done():
            self._reconnecting = asyncio.get_running_loop().create_task(
                self._reconnect(), name=f"listen-{self._channel}"
            )

    async def _reconnect(self) -> None:
        wait, longest = self._retry_after
        while not self._closing:
            await asyncio.sleep(wait)
            try:
                await self.start()
            except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.debug("LISTEN reconnect failed: %s", exc)
                wait = min(wait * 2, longest)
                continue
            log.info("listening on PostgreSQL channel %s again", self._channel)
            self._on_restored()
            return
