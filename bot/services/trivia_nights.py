"""Trivia nights: a game planned for a moment and announced as a Discord scheduled event.

The schedule lives in the database (``NightStore``), so a restart forgets nothing. A periodic tick
reads the due nights of every server in one indexed query, keeps those of this process's shards
(``owns_guild``), looks each night's event up on Discord (cancelled or deleted: no game; moved: follow
it), and claims the night with one conditional UPDATE before starting it through the caller's
``start`` (``TriviaGames.start`` underneath): two processes, or a restart at the start minute, start
it once. Discord is reached by REST with the server's id, so no gateway intent is needed.

Without the scheduled-events intent nothing tells the bot that an event was moved, so while nights
are scheduled the tick also *watches* them: every ``WATCH_SECONDS`` it reads the scheduled events
of each server with a night still to come (one request per server) and moves a night whose event
starts at another time. An event moved *earlier* is followed that way (the timer then wakes at the
new time); one moved later is also caught just before the old start, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

import discord

from bot.domain import discord_limits as limits
from bot.domain.clocks import GameClock, WallClock
from bot.domain.errors import UserError
from bot.domain.spoilers import parse_moment
from bot.domain.trivia.nights import (
    LATE_START_LIMIT,
    NIGHT_LENGTH,
    EventSeen,
    EventStatus,
    NightStatus,
    Step,
    TriviaNight,
    check_room,
    next_step,
)
from bot.i18n import N_, _, ngettext
from bot.storage.protocols import NightStore

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0  # the least time between two looks while a night is overdue
MAX_SLEEP = 3600.0  # look at least hourly while nights are scheduled (a clock that drifted)
WATCH_SECONDS = 300.0  # how often the events of nights still to come are read (moved in Discord)
WATCH_PER_TICK = 200  # nights watched per look, soonest first
DUE_PER_TICK = 50  # a tick's batch; more wait for the next tick
MAX_EVENTS_REACHED = 30038  # Discord's error code: the server has its 100 scheduled events
EXTERNAL = 3  # entity type: a text channel cannot host an event, so it is "somewhere else"
GUILD_ONLY = 2  # the only privacy level Discord accepts
NO_MANAGE_EVENTS = N_(
    "I need the **Manage Events** permission to put a trivia night on the server's calendar; nothing "
    "was scheduled. Add it to my role in Server Settings → Roles, then try again."
)
EVENT_NAME = N_("Ballerina trivia night")
WHEN_FORMS = N_(
    "Use `YYYY-MM-DD HH:MM` with a UTC offset, like `2026-06-06 20:00 +02:00` (a time without an "
    "offset is UTC; a date alone means midnight UTC)."
)

StartNight = Callable[[TriviaNight], Awaitable[None]]


def event_payload(when: datetime, location: str, questions: int | None, difficulty: str) -> dict[str, object]:
    """The scheduled event members see in the server's calendar (in the language of the moment: the
    caller sets the server's)."""
    if questions:
        description = ngettext(
            "A game of Ballerina trivia ({n} question, difficulty: {difficulty}) starts in {location} "
            "at this time. Press Interested to be reminded.",
            "A game of Ballerina trivia ({n} questions, difficulty: {difficulty}) starts in {location} "
            "at this time. Press Interested to be reminded.",
            questions,
        ).format(n=questions, difficulty=difficulty, location=location)
    else:
        description = _(
            "A game of Ballerina trivia (difficulty: {difficulty}) starts in {location} at this time. "
            "Press Interested to be reminded."
        ).format(difficulty=difficulty, location=location)
    return {
        "name": _(EVENT_NAME)[: limits.EVENT_NAME],
        "entity_type": EXTERNAL,
        "privacy_level": GUILD_ONLY,
        "scheduled_start_time": when.isoformat(),
        "scheduled_end_time": (when + NIGHT_LENGTH).isoformat(),
        "entity_metadata": {"location": location[: limits.EVENT_LOCATION]},
        "description": description[: limits.EVENT_DESCRIPTION],
    }


def seen(payload: Mapping[str, Any]) -> EventSeen:
    return EventSeen(
        EventStatus(int(str(payload["status"]))),
        datetime.fromisoformat(str(payload["scheduled_start_time"])),
    )


class TriviaNights:
    def __init__(
        self, store: NightStore, http: discord.http.HTTPClient, *, clock: GameClock, wall_clock: WallClock
    ) -> None:
        self._store = store
        self._http = http
        self._clock = clock
        self._now = wall_clock
        self._task: asyncio.Task[None] | None = None
        self._ticking: tuple[Callable[[int], bool], StartNight] | None = None
        self._sleeping = False  # the task waits for the next start (it may be restarted then)
        self._dirty = False  # a night was scheduled while the task was looking
        self._watched_at: datetime | None = None  # the last look at the events of nights to come

    # -- moderators ---------------------------------------------------------------------------

    async def schedule(
        self,
        guild_id: int,
        channel_id: int,
        rules_channel_id: int,
        location: str,
        when: str,
        questions: int | None,
        difficulty: str,
        actor_id: int,
    ) -> TriviaNight:
        """Create the Discord event, then the night; ``UserError`` (nothing created) when refused."""
        now = self._now()
        starts_at = parse_moment(
            when,
            now,
            passed=_("That moment has already passed; a trivia night must start in the future."),
            too_far=_("A trivia night can be scheduled at most a year ahead."),
            forms=_(WHEN_FORMS),
        )
        try:
            events = await self._http.get_scheduled_events(guild_id, False)
            # Completed and cancelled events do not count towards Discord's limit.
            waiting = [e for e in events if int(e["status"]) in (EventStatus.SCHEDULED.value, 2)]
            refused = check_room(len(waiting))
            if refused is not None:
                raise UserError(refused)
            event = await self._http.create_guild_scheduled_event(
                guild_id,
                reason="/trivia schedule",
                **event_payload(starts_at, location, questions, difficulty),
            )
        except discord.Forbidden:
            raise UserError(_(NO_MANAGE_EVENTS)) from None
        except discord.HTTPException as exc:
            if exc.code == MAX_EVENTS_REACHED:
                raise UserError(check_room(100) or "") from None
            raise
        night_id = await self._store.add_night(
            guild_id,
            channel_id,
            rules_channel_id,
            int(event["id"]),
            starts_at,
            questions,
            difficulty,
            actor_id,
            now,
        )
        night = await self._store.night(guild_id, night_id)
        assert night is not None
        self._wake_up()
        return night

    async def listed(self, guild_id: int) -> list[TriviaNight]:
        return await self._store.scheduled(guild_id)

    async def cancel(self, guild_id: int, night_id: int) -> TriviaNight:
        """Cancel a night still to come, and delete its Discord event (gone already: fine)."""
        night = await self._store.night(guild_id, night_id)
        if night is None or night.status is not NightStatus.SCHEDULED:
            raise UserError(
                _(
                    "There is no trivia night #{id} still to come here; `/trivia schedule list` shows them."
                ).format(id=night_id)
            )
        if not await self._store.settle(night.id, night.starts_at, NightStatus.CANCELLED):
            raise UserError(
                _("Trivia night #{id} has just started or moved; look at the list again.").format(id=night_id)
            )
        try:
            await self._http.delete_scheduled_event(
                guild_id, night.event_id, reason="/trivia schedule cancel"
            )
        except discord.NotFound:
            pass
        except discord.HTTPException as exc:  # the game is off anyway: the event alone stays
            log.warning(
                "Could not delete event %s of cancelled trivia night %s: %s", night.event_id, night.id, exc
            )
        return night

    # -- the tick -----------------------------------------------------------------------------

    async def tick(self, owns_guild: Callable[[int], bool], start: StartNight) -> list[int]:
        """Act on every due night of this process's servers; returns the nights started."""
        now = self._now()
        started: list[int] = []
        for night in await self._store.due(now, DUE_PER_TICK):
            if not owns_guild(night.guild_id):
                continue  # another shard process's server: it acts on it
            try:
                event = seen(await self._http.get_scheduled_event(night.guild_id, night.event_id, False))
            except discord.NotFound:
                event = None  # deleted in Discord
            except (discord.HTTPException, OSError) as exc:
                log.warning(
                    "Could not look up the event of trivia night %s (%s); trying again.", night.id, exc
                )
                continue
            step, when = next_step(night, event, now)
            if step is Step.MOVE:
                if await self._store.move(night.id, night.starts_at, when):
                    log.info("Trivia night %s follows its event to %s.", night.id, when.isoformat())
            elif step is Step.DROP:
                if await self._store.settle(night.id, night.starts_at, NightStatus.DROPPED):
                    log.info("Trivia night %s dropped: its event is cancelled, deleted or over.", night.id)
            elif await self._store.settle(night.id, night.starts_at, NightStatus.STARTED):
                started.append(night.id)
                try:
                    await start(night)
                except UserError as exc:  # e.g. a game already runs there: the channel is told
                    log.info("Trivia night %s did not start: %s", night.id, exc)
                except Exception:
                    log.exception("Trivia night %s could not start", night.id)
        if self._watched_at is None or (now - self._watched_at).total_seconds() >= WATCH_SECONDS:
            self._watched_at = now
            await self._watch(owns_guild, now)
        return started

    async def _watch(self, owns_guild: Callable[[int], bool], now: datetime) -> int:
        """Follow nights still to come whose events were moved in Discord (earlier or later): one
        request per server. Cancelled or deleted events are left to the look just before the start."""
        by_guild: defaultdict[int, list[TriviaNight]] = defaultdict(list)
        for night in await self._store.upcoming(now, WATCH_PER_TICK):
            if owns_guild(night.guild_id):
                by_guild[night.guild_id].append(night)
        moved = 0
        for guild_id, nights in by_guild.items():
            try:
                events = await self._http.get_scheduled_events(guild_id, False)
            except (discord.HTTPException, OSError) as exc:
                log.warning("Could not read the scheduled events of server %s (%s).", guild_id, exc)
                continue
            starts = {int(e["id"]): seen(e) for e in events}
            for night in nights:
                event = starts.get(night.event_id)
                if event is None or event.status is not EventStatus.SCHEDULED:
                    continue
                if event.starts_at != night.starts_at and await self._store.move(
                    night.id, night.starts_at, event.starts_at
                ):
                    moved += 1
                    log.info(
                        "Trivia night %s follows its event to %s.", night.id, event.starts_at.isoformat()
                    )
        return moved

    def start_ticking(self, owns_guild: Callable[[int], bool], start: StartNight) -> None:
        """Act on due nights from now on: at each night's time (and at least hourly while any is
        scheduled). With none scheduled there is no task and no timer; scheduling one starts it."""
        self._ticking = (owns_guild, start)
        self._wake_up()

    def _wake_up(self) -> None:
        if self._ticking is None:
            return
        task = self._task
        if task is not None and not task.done():
            if not self._sleeping:
                self._dirty = True  # mid-tick: it looks again before sleeping
                return
            task.cancel()  # asleep: nothing is half-done, so start over and look now
        self._sleeping = False
        self._task = asyncio.get_running_loop().create_task(self._run(*self._ticking), name="trivia nights")

    async def _run(self, owns_guild: Callable[[int], bool], start: StartNight) -> None:
        while True:
            self._dirty = False
            try:
                await self.tick(owns_guild, start)
                # Nights overdue by more than the late limit are left to their owner's next tick.
                following = await self._store.next_start(self._now() - LATE_START_LIMIT)
            except Exception:  # a storage fault: look again soon
                log.exception("The trivia nights tick failed")
                following = self._now()
            if self._dirty:
                continue  # a night was scheduled during the tick
            if following is None:
                return  # nothing scheduled: no timer until a night is scheduled
            wait = (following - self._now()).total_seconds()
            # Overdue (another process's server, or a failed look): not in a busy loop. Otherwise at
            # the next start, or sooner to watch the events (one moved earlier is followed then).
            self._sleeping = True
            try:
                await self._clock.sleep(TICK_SECONDS if wait <= 0 else min(wait, WATCH_SECONDS, MAX_SLEEP))
            finally:
                if self._task is asyncio.current_task():  # not a replaced task's late end
                    self._sleeping = False

    async def stop_ticking(self) -> None:
        self._ticking = None
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
