"""Keeping a server's data after the bot leaves it, then deleting it: ``PURGE_AFTER_DAYS`` of grace.

The bot runs without the guilds intent (no server cache, no guild events), so it learns where it
is by asking Discord: ``reconcile`` compares the servers Discord lists for the bot with the servers
that have data here, and records a departure (or its end) for each difference. One process does
that (the one that runs shard 0, given ``servers``); gateway events, when a deployment turns the
intent back on, feed ``server_left``/``server_joined`` the same way. A periodic task (``start``)
reconciles and deletes what is due; ``ballerina-bot purge`` runs the same ``purge_due`` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clocks import WallClock
from bot.domain.lifecycle import Departure
from bot.storage.protocols import ServerDataStore

log = logging.getLogger(__name__)

CHECK_EVERY = 3600.0  # seconds between checks for servers whose grace period is over

ServerSource = Callable[[], Awaitable[Collection[int]]]  # the servers the bot is in now (from Discord)


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
        servers: ServerSource | None = None,
    ) -> None:
        self._store = store
        self._now = wall_clock
        self.purge_after = purge_after
        self._check_every = check_every
        # Whether the bot is in a server right now, when the process can tell (the guild cache):
        # a departure recorded for a server the bot is in is stale, never a reason to delete.
        self._is_member_of = is_member_of
        self._servers = servers  # given to the one process that reconciles (see the module's text)
        self._present: frozenset[int] | None = None  # the servers Discord listed at the last reconcile
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

    def is_member_of(self, guild_id: int) -> bool:
        """Whether the bot is in the server now, as far as this process can tell."""
        return (self._present is not None and guild_id in self._present) or self._is_member_of(guild_id)

    async def reconcile(self) -> tuple[list[int], list[int]]:
        """Compare the servers Discord lists with those that have data here; (left, came back).

        A server with data that Discord no longer lists starts its grace period; a departed server
        Discord lists again keeps everything. Needs ``servers``.
        """
        assert self._servers is not None, "reconcile needs the list of servers from Discord"
        present = frozenset(await self._servers())
        self._present = present
        departed = {d.guild_id for d in await self._store.departures()}
        left = sorted(await self._store.servers_with_data() - present - departed)
        back = sorted(departed & present)
        for guild_id in left:
            await self.server_left(guild_id)
        for guild_id in back:
            await self.server_joined(guild_id)
        return left, back

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
            if self.is_member_of(guild_id):  # a stale departure (e.g. recorded by another process)
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
        """Check every ``check_every`` seconds from now on: reconcile (the process given ``servers``,
        at once and then every check), and delete what is due while a departure is pending."""
        self._checking = True
        self._ensure_checking()

    def _ensure_checking(self) -> None:
        # No departure pending (the usual case): no task and no timer at all, so a bot in many
        # servers does no periodic work, and a clock that jumps ahead fires nothing.
        if self._checking and self._has_work() and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._run(), name="retention")

    async def _reconcile_logged(self) -> None:
        try:
            await self.reconcile()
        except Exception:  # Discord unreachable for a moment: the next check tries again
            log.exception("Could not compare the bot's servers with Discord's list; retrying later")

    async def stop(self) -> None:
        self._checking = False
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _has_work(self) -> bool:
        return self._servers is not None or self._departed is None or bool(self._departed)

    async def _run(self) -> None:
        if self._servers is not None:
            await self._reconcile_logged()
        while self._has_work():  # ends once nothing is pending (unless this process reconciles)
            await asyncio.sleep(self._check_every)
            if self._servers is not None:
                await self._reconcile_logged()
            try:
                await self.purge_due()
                self.last_check = self._now()
            except Exception:  # a failed check is retried at the next one
                log.exception(
                    "Could not delete the data of departed servers; retrying in %ss", self._check_every
                )
