"""The daily question's rules: when a server's question is due, and members' streaks.

Plain Python (no discord). A *day* is a server's local date in its IANA time zone (``zoneinfo``),
written ``YYYY-MM-DD`` so days compare in order as text, in Python and in both databases.

A streak counts daily questions answered in a row: answering the server's question of a day
extends the streak when the member also answered the question posted before it, and starts again
at 1 otherwise. A day counts by the question's day, not by the clock at the click, so a member who
answers at 23:59:59 and the next day's question at 00:00:01 has two days in a row. A day on which
no question was posted (paused, the bot down all day, a time-zone change that skipped a date)
breaks nobody's streak; a question a member let pass does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain import discord_limits as limits
from bot.domain.errors import UserError
from bot.i18n import N_, _

NEVER = ""  # last_posted_day before the first post
MINUTES_PER_DAY = 24 * 60
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class DailyError(UserError):
    """A daily-question refusal: its default message (marked ``N_``) is translated when raised, into
    the language of the moment (the member's)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message if message is not None else _(self.default_message))


class BadDailyInput(DailyError):
    default_message = N_("That is not a valid daily-question setting.")


def parse_time(text: str) -> int:
    """``HH:MM`` (24-hour) → minutes after local midnight; ``BadDailyInput`` otherwise."""
    match = _TIME.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise BadDailyInput(_("Write the time as `HH:MM` on a 24-hour clock, e.g. `09:00` or `18:30`."))
    return int(match[1]) * 60 + int(match[2])


def describe_time(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    # "localtime" and the like are not portable names; a server's zone is one of the IANA names.
    return tuple(sorted(n for n in available_timezones() if "/" in n or n == "UTC"))


def parse_zone(name: str) -> ZoneInfo:
    """An IANA time zone (``Europe/Prague``), matched without regard to case; ``BadDailyInput`` otherwise."""
    wanted = name.strip().casefold()
    for known in zone_names():
        if known.casefold() == wanted:
            try:
                return ZoneInfo(known)
            except (ZoneInfoNotFoundError, ValueError):
                break
    raise BadDailyInput(
        _(
            "That is not a time zone I know. Pick one from the list, e.g. `Europe/Prague` or "
            "`America/New_York`."
        )
    )


def zone(name: str) -> ZoneInfo:
    """A stored zone name (already checked when it was set)."""
    return ZoneInfo(name)


def matching_zones(typed: str, limit: int = limits.CHOICES) -> list[str]:
    """Zone names containing what the member typed, names starting with it first; at most ``limit``."""
    needle = typed.strip().casefold().replace(" ", "_")
    names = zone_names()
    starts = [n for n in names if n.casefold().startswith(needle)]
    contains = [n for n in names if needle in n.casefold() and n not in starts]
    return (starts + contains)[:limit]


def day_text(day: date) -> str:
    return day.isoformat()


def parse_day(text: str) -> date:
    return date.fromisoformat(text)


def local_day(at: datetime, tz: ZoneInfo) -> str:
    """The server's local date at the instant ``at`` (aware)."""
    return day_text(at.astimezone(tz).date())


def due_at(day: date, minute: int, tz: ZoneInfo) -> datetime:
    """The instant (UTC) a day's question is due: the local time ``minute`` on ``day``.

    Across a DST change the wall time is kept: a time that does not exist that day (clocks jump
    over it) is read with the offset before the jump, i.e. as many minutes after the jump; a time
    that happens twice is its first occurrence.
    """
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
    return local.astimezone(UTC)


def next_due(now: datetime, minute: int, tz: ZoneInfo, last_posted_day: str) -> datetime:
    """When the next question is due: today's time if it has not passed, otherwise tomorrow's (local
    days), and always on a date after the last one posted."""
    today = now.astimezone(tz).date()
    candidate = today if due_at(today, minute, tz) > now else today + timedelta(days=1)
    if last_posted_day and candidate <= parse_day(last_posted_day):
        # Never a date already posted: after a move to a zone behind, "tomorrow" can be that date.
        candidate = parse_day(last_posted_day) + timedelta(days=1)
    return due_at(candidate, minute, tz)


def next_close(after: datetime, minute: int, tz: ZoneInfo) -> datetime:
    """When a question posted at ``after`` closes: the first local ``minute`` after it (today's close
    time if it is still to come, else tomorrow's), so a question posted late still runs a while."""
    today = after.astimezone(tz).date()
    close = due_at(today, minute, tz)
    return close if close > after else due_at(today + timedelta(days=1), minute, tz)


def parse_close(text: str | None, post_minute: int) -> int | None:
    """The optional close time (``HH:MM``, local); None: the answer comes with the next question."""
    if text is None or not text.strip():
        return None
    minute = parse_time(text)
    if minute == post_minute:
        raise BadDailyInput(
            _(
                "The close time must differ from the posting time (or leave `close` empty). "
                "Nothing was changed."
            )
        )
    return minute


def due_day(due: datetime, tz: ZoneInfo) -> str:
    """The local day a due instant belongs to."""
    return local_day(due, tz)


@dataclass(frozen=True, slots=True)
class Streak:
    current: int = 0
    best: int = 0
    last_day: str = NEVER  # the day of the last question the member answered


def extend(streak: Streak, day: str, previous_day: str) -> Streak:
    """The streak once the member answered the question of ``day``; ``previous_day`` is the day of
    the question posted before it (``NEVER`` if it was the first)."""
    if streak.last_day == day:  # already counted (one answer a day; kept safe anyway)
        return streak
    current = streak.current + 1 if previous_day and streak.last_day == previous_day else 1
    return Streak(current, max(streak.best, current), day)


def shown(streak: Streak, today_day: str, previous_day: str) -> Streak:
    """The streak as it stands: alive while the member answered today's question or the one before
    it (today's may still be answered); otherwise the current streak is 0 (the best stays)."""
    alive = streak.last_day != NEVER and streak.last_day in (today_day, previous_day)
    return streak if alive else Streak(0, streak.best, streak.last_day)


@dataclass(frozen=True, slots=True)
class DailySchedule:
    """A server's daily question, as stored."""

    guild_id: int
    channel_id: int
    post_minute: int
    time_zone: str
    paused: bool
    last_posted_day: str
    previous_day: str
    next_due_at: int  # UTC seconds
    question_id: str | None
    message_id: int | None
    close_minute: int | None = None  # local close time; None: revealed with the next question
    close_due_at: int | None = None  # UTC seconds: when the open question closes; None: nothing to close
    closed_day: str = NEVER  # the last day whose answer has been revealed


@dataclass(frozen=True, slots=True)
class DailyAnswer:
    user_id: int
    correct: bool  # the letter clicked is not kept
    answered_at_ms: int


@dataclass(frozen=True, slots=True)
class StreakRow:
    user_id: int
    streak: Streak
