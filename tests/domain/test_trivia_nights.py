"""What the tick does with a due trivia night, given what Discord says about its event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.discord_limits import SCHEDULED_EVENTS as MAX_SCHEDULED_EVENTS
from bot.domain.trivia.nights import (
    LATE_START_LIMIT,
    EventSeen,
    EventStatus,
    NightStatus,
    Step,
    TriviaNight,
    check_room,
    next_step,
)

AT = datetime(2026, 6, 6, 18, 0, tzinfo=UTC)
NIGHT = TriviaNight(1, 10, 20, 20, 30, AT, 5, "easy", 40, NightStatus.SCHEDULED)


@pytest.mark.parametrize("status", [EventStatus.SCHEDULED, EventStatus.ACTIVE])
def test_a_due_night_whose_event_is_on_starts(status: EventStatus) -> None:
    assert next_step(NIGHT, EventSeen(status, AT), AT) == (Step.START, AT)
    assert next_step(NIGHT, EventSeen(status, AT), AT + LATE_START_LIMIT) == (Step.START, AT)


@pytest.mark.parametrize("status", [EventStatus.CANCELED, EventStatus.COMPLETED])
def test_a_cancelled_or_finished_event_drops_the_night(status: EventStatus) -> None:
    assert next_step(NIGHT, EventSeen(status, AT), AT) == (Step.DROP, AT)


def test_a_deleted_event_drops_the_night() -> None:
    assert next_step(NIGHT, None, AT) == (Step.DROP, AT)


def test_an_event_moved_later_is_followed() -> None:
    later = AT + timedelta(hours=2)
    assert next_step(NIGHT, EventSeen(EventStatus.SCHEDULED, later), AT) == (Step.MOVE, later)


def test_an_event_moved_earlier_starts_now_if_not_too_late() -> None:
    earlier = AT - timedelta(minutes=10)
    assert next_step(NIGHT, EventSeen(EventStatus.SCHEDULED, earlier), AT) == (Step.START, AT)
    long_ago = AT - LATE_START_LIMIT - timedelta(minutes=1)
    assert next_step(NIGHT, EventSeen(EventStatus.ACTIVE, long_ago), AT)[0] is Step.DROP


def test_a_night_found_after_long_downtime_is_dropped_not_started_late() -> None:
    late = AT + LATE_START_LIMIT + timedelta(seconds=1)
    assert next_step(NIGHT, EventSeen(EventStatus.ACTIVE, AT), late) == (Step.DROP, AT)


def test_the_hundredth_event_is_the_last_discord_allows() -> None:
    assert check_room(MAX_SCHEDULED_EVENTS - 1) is None
    refusal = check_room(MAX_SCHEDULED_EVENTS)
    assert refusal is not None and "100 scheduled events" in refusal and "nothing was scheduled" in refusal
