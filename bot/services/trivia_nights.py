"""Trivia nights: a game planned for a moment and announced as a Discord scheduled event.

The schedule lives in the database (``NightStore``), so a restart forgets nothing. A periodic tick
reads the due nights of every server in one indexed query, keeps those of this process's shards
(``owns_guild``), looks each night's event up on Discord (cancelled or deleted: no game; moved: follow
it), and claims the night with one conditional UPDATE before starting it through the caller's
``start`` (``TriviaGames.start`` underneath): two processes, or a restart at the start minute, start
it once. Discord is reached by REST with the server's id, so no gateway intent is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

import discord

from bot.domain.clocks import GameClock, WallClock
from bot.domain.errors import UserError
from bot.domain.spoilers import parse_moment
from bot.domain.trivia.nights import (
    EVENT_DESCRIPTION_MAX,
    EVENT_LOCATION_MAX,
    EVENT_NAME_MAX,
    NIGHT_LENGTH,
    EventSeen,
    EventStatus,
    NightStatus,
    Step,
    TriviaNight,
    check_room,
    next_step,
)
from bot.storage.protocols import NightStore

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0  # how often due nights are looked for: a game starts within this of its time
DUE_PER_TICK = 50  # a tick's batch; more wait for the next tick
MAX_EVENTS_REACHED = 30038  # Discord's error code: the server has its 100 scheduled events
EXTERNAL = 3  # entity type: a text channel cannot host an event, so it is "somewhere else"
GUILD_ONLY = 2  # the only privacy level Discord accepts
NO_MANAGE_EVENTS = (
    "I need the **Manage Events** permission to put a trivia night on the server's calendar; nothing "
    "was scheduled. Add it to my role in Server Settings → Roles, then try again."
)
EVENT_NAME = "Ballerina trivia night"

StartNight = Callable[[TriviaNight], Awaitable[None]]


def event_payload(when: datetime, location: str, questions: int | None, difficulty: str) -> dict[str, object]:
    count = f"{questions} questions" if questions else "questions"
    description = (
        f"A game of Ballerina trivia ({count}, difficulty: {difficulty}) starts in {location} at this "
        "time. Press Interested to be reminded."
    )
    return {
        "name": EVENT_NAME[:EVENT_NAME_MAX],
        "entity_type": EXTERNAL,
        "privacy_level": GUILD_ONLY,
        "scheduled_start_time": when.isoformat(),
        "scheduled_end_time": (when + NIGHT_LENGTH).isoformat(),
        "entity_metadata": {"location": location[:EVENT_LOCATION_MAX]},
        "description": description[:EVENT_DESCRIPTION_MAX],
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
            passed="That moment has already passed; a trivia night must start in the future.",
            too_far="A trivia night can be scheduled at most a year ahead.",
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
            raise UserError(NO_MANAGE_EVENTS) from None
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
        return night

    async def listed(self, guild_id: int) -> list[TriviaNight]:
        return await self._store.scheduled(guild_id)

    async def cancel(self, guild_id: int, night_id: int) -> TriviaNight:
        """Cancel a night still to come, and delete its Discord event (gone already: fine)."""
        night = await self._store.night(guild_id, night_id)
        if night is None or night.status is not NightStatus.SCHEDULED:
            raise UserError(
                f"There is no trivia night #{night_id} still to come here; "
                "`/trivia schedule list` shows them."
            )
        if not await self._store.settle(night.id, night.starts_at, NightStatus.CANCELLED):
            raise UserError(f"Trivia night #{night_id} has just started or moved; look at the list again.")
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
        return started

    def start_ticking(self, owns_guild: Callable[[int], bool], start: StartNight) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(
                self._run(owns_guild, start), name="trivia nights"
            )

    async def _run(self, owns_guild: Callable[[int], bool], start: StartNight) -> None:
        while True:
            try:
                await self.tick(owns_guild, start)
            except Exception:  # a storage fault: the next tick tries again
                log.exception("The trivia nights tick failed")
            await self._clock.sleep(TICK_SECONDS)

    async def stop_ticking(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
