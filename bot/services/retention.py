"""Keeping a server's data after the bot leaves it, then deleting it: ``PURGE_AFTER_DAYS`` of grace.

How a departure is learned is not this module's business: ``server_left``/``server_joined`` are
called by the gateway events today (``on_guild_remove``, ``on_guild_join``/``on_guild_available``)
and could be fed by anything else that knows. A periodic task (``start``) deletes what is due; the
command line (``ballerina-bot purge``) runs the same ``purge_due`` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clocks import WallClock
from bot.domain.lifecycle import Departure
from bot.storage.protocols import ServerDataStore

log = logging.getLogger(__name__)

CHECK_EVERY = 3600.0  # seconds between checks for servers whose grace period is over


@dataclass(frozen=True, slots=True)
class PurgedServer:
    guild_id: int
    left_at: datetime
    deleted: dict[str, int]  # rows per table


class Retention:
    def __init__(
        self,
        store: ServerDataStore,
        wall_clock: WallClock,
        purge_after: timedelta,
        *,
        check_every: float = CHECK_EVERY,
        is_member_of: Callable[[int], bool] = lambda guild_id: False,
    ) -> None:
        self._store = store
        self._now = wall_clock
        self.purge_after = purge_after
        self._check_every = check_every
        # Whether the bot is in a server right now, when the process can tell (the guild cache):
        # a departure recorded for a server the bot is in is stale, never a reason to delete.
        self._is_member_of = is_member_of
        self._departed: set[int] | None = None  # known departures, so joins rarely touch the database
        self._task: asyncio.Task[None] | None = None
        self._checking = False  # the periodic task runs while a departure is pending (start()/stop())
        self.last_check: datetime | None = None  # when the periodic task last looked

    async def load(self) -> None:
        self._departed = {d.guild_id for d in await self._store.departures()}
        self._ensure_checking()

    async def server_left(self, guild_id: int, at: datetime | None = None) -> None:
        """The bot was removed from the server (kicked, or the server deleted): start its grace period."""
        when = at or self._now()
        await self._store.record_departure(guild_id, when)
        if self._departed is not None:
            self._departed.add(guild_id)
        self._ensure_checking()
        log.info(
            "Left server %s; its data is deleted after %s unless the bot is added back.",
            guild_id,
            when + self.purge_after,
        )

    async def server_joined(self, guild_id: int) -> bool:
        """The bot is in the server (again): nothing is deleted. True when a grace period was stopped."""
        if self._departed is not None and guild_id not in self._departed:
            return False  # the common case at start-up: one check per server, in memory
        stopped = await self._store.cancel_departure(guild_id)
        if self._departed is not None:
            self._departed.discard(guild_id)
        if stopped:
            log.info("Back in server %s: its data is kept.", guild_id)
        return stopped

    async def pending(self) -> list[tuple[Departure, datetime]]:
        """Every departed server with the moment its data goes, soonest first."""
        return [(d, d.purge_at(self.purge_after)) for d in await self._store.departures()]

    async def due(self) -> list[Departure]:
        now = self._now()
        return [d for d in await self._store.departures() if d.is_due(now, self.purge_after)]

    async def purge_due(self) -> list[PurgedServer]:
        """Delete the data of every server whose grace period is over; what was deleted."""
        now = self._now()
        purged: list[PurgedServer] = []
        for departure in await self.due():
            guild_id = departure.guild_id
            if self._is_member_of(guild_id):  # a stale departure (e.g. recorded by another process)
                await self._store.cancel_departure(guild_id)
                if self._departed is not None:
                    self._departed.discard(guild_id)
                continue
            deleted = await self._store.purge(guild_id, left_before=now - self.purge_after)
            if deleted is None:  # added back meanwhile
                continue
            if self._departed is not None:
                self._departed.discard(guild_id)
            log.info(
                "Deleted the data of server %s (the bot left it on %s): %s",
                guild_id,
                departure.left_at.date(),
                ", ".join(f"{n} {t}" for t, n in deleted.items() if n),
            )
            purged.append(PurgedServer(guild_id, departure.left_at, deleted))
        return purged

    # -- the periodic task --------------------------------------------------------------

    def start(self) -> None:
        """Check every ``check_every`` seconds from now on while a departure is pending (the first
        check after one interval, so the servers the bot is in have been seen first)."""
        self._checking = True
        self._ensure_checking()

    @property
    def checking(self) -> bool:
        """Whether the periodic task is waiting for its next check (only while a departure is pending)."""
        return self._task is not None and not self._task.done()

    def _ensure_checking(self) -> None:
        # No departure pending (the usual case): no task and no timer at all, so a bot in many
        # servers does no periodic work, and a clock that jumps ahead fires nothing.
        pending = self._departed is None or bool(self._departed)
        if self._checking and pending and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._run(), name="retention")

    async def stop(self) -> None:
        self._checking = False
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while self._departed is None or self._departed:  # ends once nothing is pending
            await asyncio.sleep(self._check_every)
            try:
                await self.purge_due()
                self.last_check = self._now()
            except Exception:  # a failed check is retried at the next one
                log.exception(
                    "Could not delete the data of departed servers; retrying in %ss", self._check_every
                )
