"""Trivia nights: a game planned for a moment, announced as a Discord scheduled event.

Plain rules, no Discord: what a night is, and what to do with a due one once the bot has looked its
event up (start it, follow the event to its new time, or drop it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum, StrEnum

from bot.domain import discord_limits as limits
from bot.i18n import _

NIGHT_LENGTH = timedelta(hours=1)  # the event's end: Discord needs one for an event outside voice
# After downtime, a night whose start is further back than this is dropped rather than started:
# people came at the time on the calendar, not whenever the bot came back (no backlog).
LATE_START_LIMIT = NIGHT_LENGTH


class NightStatus(StrEnum):
    SCHEDULED = "scheduled"
    STARTED = "started"
    CANCELLED = "cancelled"  # by /trivia schedule cancel
    DROPPED = "dropped"  # its event was cancelled, deleted or ended, or the bot was down too long


class EventStatus(Enum):
    """Discord's scheduled event statuses."""

    SCHEDULED = 1
    ACTIVE = 2
    COMPLETED = 3
    CANCELED = 4


@dataclass(frozen=True, slots=True)
class TriviaNight:
    id: int
    guild_id: int
    channel_id: int
    rules_channel_id: int
    event_id: int
    starts_at: datetime
    questions: int | None  # None: the server's setting
    difficulty: str
    created_by: int
    status: NightStatus


@dataclass(frozen=True, slots=True)
class EventSeen:
    """What Discord says about the night's event now."""

    status: EventStatus
    starts_at: datetime


class Step(Enum):
    START = "start"
    MOVE = "move"  # the event was moved later: wait for its new time
    DROP = "drop"


def next_step(night: TriviaNight, event: EventSeen | None, now: datetime) -> tuple[Step, datetime]:
    """What to do with a due night (``night.starts_at <= now``), given its event (None: deleted).

    Returns the step and the time it concerns (the new start for ``MOVE``, else the night's).
    """
    if event is None or event.status in (EventStatus.CANCELED, EventStatus.COMPLETED):
        return Step.DROP, night.starts_at
    if event.status is EventStatus.SCHEDULED and event.starts_at > now:
        return Step.MOVE, event.starts_at  # moved later (Discord has not started it yet)
    # Started by Discord, or moved earlier: the event's own time decides how late we are.
    start = min(event.starts_at, night.starts_at)
    if now - start > LATE_START_LIMIT:
        return Step.DROP, night.starts_at
    return Step.START, night.starts_at


def check_room(scheduled_events: int) -> str | None:
    """Why no more events can be created, or None."""
    if scheduled_events >= limits.SCHEDULED_EVENTS:
        return _(
            "This server already has {count} scheduled events, Discord's limit; nothing was scheduled. "
            "Cancel or end one (or a trivia night with `/trivia schedule cancel`) first."
        ).format(count=limits.SCHEDULED_EVENTS)
    return None
