"""``parse_embargo`` on anything a moderator types: a clear message or a moment within a year, no crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidInput
from bot.domain.spoilers import MAX_EMBARGO, parse_embargo

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # Both used to overflow datetime when the offset was applied ("Something went wrong").
        ("0001-01-01 00:00 +14:00", "already passed"),
        ("9999-12-31 23:59 -12:00", "at most a year"),
        ("0001-01-01", "already passed"),
        ("9999-12-31", "at most a year"),
        ("+123", "could not read"),
        ("2026-06-06 18:00 +123", "could not read the UTC offset"),  # was read as +01:23
        ("2026-06-06 18:00 -13:00", "UTC offsets"),  # the sign used to be ignored: -13 passed
        ("2026-06-06 18:00 +14:30", "UTC offsets"),
        ("2026-06-06 18:00 +02:60", "UTC offsets"),
        ("2026-06-06 18:00 +99", "UTC offsets"),
    ],
)
def test_out_of_range_dates_and_offsets_get_a_clear_message(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        parse_embargo(text, NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-06 18:00 +0200", datetime(2026, 6, 6, 16, 0, tzinfo=UTC)),
        ("2026-06-06 18:00 +2", datetime(2026, 6, 6, 16, 0, tzinfo=UTC)),
        ("2026-06-06 18:00 -12:00", datetime(2026, 6, 7, 6, 0, tzinfo=UTC)),
        ("2026-06-06 18:00 +14:00", datetime(2026, 6, 6, 4, 0, tzinfo=UTC)),
    ],
)
def test_offsets_in_every_accepted_form(text: str, expected: datetime) -> None:
    assert parse_embargo(text, NOW) == expected


def check(text: str) -> None:
    try:
        until = parse_embargo(text, NOW)
    except InvalidInput as exc:
        message = exc.message  # a message for the moderator, nothing else
        assert message
        return
    assert until is None or NOW < until <= NOW + MAX_EMBARGO


@given(st.text(max_size=60))
def test_any_text(text: str) -> None:
    check(text)


offsets = st.one_of(
    st.sampled_from(["", " Z", " UTC", "Z"]),
    st.builds(
        lambda sign, h, m, colon: f" {sign}{h:02d}{':' if colon else ''}{m:02d}",
        st.sampled_from("+-"),
        st.integers(0, 99),
        st.integers(0, 99),
        st.booleans(),
    ),
    st.builds(lambda sign, n: f"{sign}{n}", st.sampled_from([" +", " -"]), st.integers(0, 9999)),
)


@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
    st.booleans(),
    offsets,
)
def test_any_date_time_and_offset(moment: datetime, with_time: bool, offset: str) -> None:
    text = moment.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d").rjust(10, "0") + offset
    check(text)


@given(st.datetimes(min_value=datetime(2026, 5, 21), max_value=datetime(2027, 5, 19)))
def test_every_moment_in_the_coming_year_is_accepted_exactly(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    assert parse_embargo(moment.strftime("%Y-%m-%d %H:%M"), NOW) == moment.replace(tzinfo=UTC)
    assert parse_embargo(moment.strftime("%Y-%m-%d %H:%M") + " +01:00", NOW) == (
        moment.replace(tzinfo=UTC) - timedelta(hours=1)
    )
