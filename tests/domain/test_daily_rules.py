"""The daily question's rules: local post times across DST, and streaks across midnight and zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.daily import (
    BadDailyInput,
    Streak,
    due_at,
    extend,
    local_day,
    matching_zones,
    next_due,
    parse_time,
    parse_zone,
    shown,
    zone_names,
)

PRAGUE = ZoneInfo("Europe/Prague")
ZONES = st.sampled_from(
    [
        "Europe/Prague",
        "America/New_York",
        "Australia/Lord_Howe",
        "Pacific/Apia",
        "Asia/Kolkata",
        "UTC",
        "America/Santiago",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Africa/Casablanca",
    ]
)
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
MINUTES = st.integers(0, 24 * 60 - 1)


def transitions(tz: ZoneInfo, year: int) -> list[date]:
    """The local dates on which ``tz`` changed its UTC offset in ``year``."""
    found, day = [], date(year, 1, 1)
    while day.year == year:
        before = datetime(day.year, day.month, day.day, tzinfo=tz).utcoffset()
        after = (datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(days=1)).utcoffset()
        if before != after:
            found.append(day)
        day += timedelta(days=1)
    return found


def test_the_post_keeps_its_local_time_across_both_dst_changes_in_prague() -> None:
    # 2026: summer time from 29 March, back on 25 October.
    for day in (date(2026, 3, 28), date(2026, 3, 29), date(2026, 10, 24), date(2026, 10, 25)):
        at = due_at(day, 9 * 60, PRAGUE)
        assert at.astimezone(PRAGUE).hour == 9 and at.astimezone(PRAGUE).date() == day
    assert due_at(date(2026, 3, 29), 540, PRAGUE) - due_at(date(2026, 3, 28), 540, PRAGUE) == timedelta(
        hours=23
    )
    assert due_at(date(2026, 10, 25), 540, PRAGUE) - due_at(date(2026, 10, 24), 540, PRAGUE) == timedelta(
        hours=25
    )


def test_a_time_the_clocks_skip_is_posted_once_just_after_the_jump() -> None:
    at = due_at(date(2026, 3, 29), 2 * 60 + 30, PRAGUE)  # 02:30 does not exist that night
    assert at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 summer time
    assert local_day(at, PRAGUE) == "2026-03-29"


@given(ZONES, st.integers(2024, 2030), MINUTES, st.data())
def test_next_due_is_one_local_day_later_every_day_across_transitions(
    name: str, year: int, minute: int, data: st.DataObject
) -> None:
    """From the day before a transition to the day after, each next post is on the next local date,
    at the local time (or just after it when the clocks skip it), and never in the past."""
    tz = ZoneInfo(name)
    days = transitions(tz, year) or [date(year, 6, 1)]
    start = data.draw(st.sampled_from(days)) - timedelta(days=1)
    last = ""
    now = due_at(start, minute, tz) - timedelta(seconds=data.draw(st.integers(1, 3600)))
    for _ in range(3):
        due = next_due(now, minute, tz, last)
        assert due > now
        day = local_day(due, tz)
        assert not last or date.fromisoformat(day) == date.fromisoformat(last) + timedelta(days=1)
        assert due == due_at(date.fromisoformat(day), minute, tz)  # the local time of that date
        last, now = day, due + timedelta(seconds=1)


@given(ZONES, DAYS, MINUTES)
def test_a_question_already_out_today_is_not_due_again_today(name: str, day: date, minute: int) -> None:
    tz = ZoneInfo(name)
    now = due_at(day, minute, tz) - timedelta(minutes=1)
    assert local_day(next_due(now, minute, tz, local_day(now, tz)), tz) > local_day(now, tz)


def test_answers_at_23_59_59_and_00_00_01_are_two_days_in_a_row() -> None:
    # Prague, a question posted at 00:00 each day; a member answers just before and just after midnight.
    late = datetime(2026, 3, 28, 23, 59, 59, tzinfo=PRAGUE)
    early = datetime(2026, 3, 29, 0, 0, 1, tzinfo=PRAGUE)
    first, second = local_day(late, PRAGUE), local_day(early, PRAGUE)
    assert (first, second) == ("2026-03-28", "2026-03-29")
    streak = extend(Streak(), first, "2026-03-27")
    streak = extend(streak, second, first)
    assert (streak.current, streak.best) == (2, 2)


def test_the_same_question_answered_either_side_of_midnight_counts_once() -> None:
    streak = extend(Streak(), "2026-03-28", "")
    assert extend(streak, "2026-03-28", "") == streak


def test_a_missed_question_resets_the_current_streak_and_keeps_the_best() -> None:
    streak = Streak()
    for day, previous in (("2026-01-01", ""), ("2026-01-02", "2026-01-01"), ("2026-01-03", "2026-01-02")):
        streak = extend(streak, day, previous)
    assert (streak.current, streak.best) == (3, 3)
    assert shown(streak, "2026-01-05", "2026-01-04") == Streak(0, 3, "2026-01-03")
    streak = extend(streak, "2026-01-05", "2026-01-04")
    assert (streak.current, streak.best) == (1, 3)
    assert shown(streak, "2026-01-05", "2026-01-04") == streak


@given(ZONES, ZONES, DAYS, MINUTES, st.lists(st.booleans(), min_size=1, max_size=20))
def test_streaks_follow_the_questions_posted_even_when_the_zone_changes(
    first: str, second: str, start: date, minute: int, answered: list[bool]
) -> None:
    """Days posted one after another by the scheduler's rule, the zone switched halfway: a member's
    current streak is the run of questions they answered in a row, whatever the zones did."""
    zones = [ZoneInfo(first)] * (len(answered) // 2) + [ZoneInfo(second)] * len(answered)
    streak, last, previous = Streak(), "", ""
    now = due_at(start, minute, zones[0]) - timedelta(seconds=1)
    run = best = 0
    for tz, did in zip(zones, answered, strict=False):
        due = next_due(now, minute, tz, last)
        day = local_day(due, tz)
        assert day > last  # a date is never posted twice, even when the zone moved back a day
        previous, last = last, day
        before = run
        if did:
            streak = extend(streak, day, previous)
            run += 1
        else:
            run = 0
        best = max(best, run)
        now = due + timedelta(seconds=1)
        # Today's question may still be answered: until then the run up to yesterday's stands.
        assert shown(streak, last, previous).current == (run if did else before)
    assert streak.best == best


@pytest.mark.parametrize("text", ["24:00", "9", "09:60", "9:5", "", "noon", "-1:00"])
def test_times_that_are_not_hh_mm_are_refused(text: str) -> None:
    with pytest.raises(BadDailyInput):
        parse_time(text)


def test_times_are_read_as_minutes_after_midnight() -> None:
    assert [parse_time(t) for t in ("00:00", "9:05", " 23:59 ")] == [0, 545, 1439]


def test_zones_are_iana_names_any_case_and_autocomplete_offers_at_most_25() -> None:
    assert parse_zone("europe/PRAGUE").key == "Europe/Prague"
    for bad in ("Mars/Base", "", "../etc/passwd", "localtime", "Europe/"):
        with pytest.raises(BadDailyInput):
            parse_zone(bad)
    assert matching_zones("new york") == ["America/New_York"]
    assert len(matching_zones("")) == 25 and len(zone_names()) > 300
