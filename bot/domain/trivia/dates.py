"""Dates as people type them: "6/6/2025", "2025-06-06", "June 6", "6 June 2025", "11/2022".

A typed date is read into every (year, month, day) it can mean, so "7/6/2024" is both 7 June
(day first) and 6 July (month first); it is right when one reading agrees with the answer. A
reading without a year agrees with a full date when month and day do ("June 6" for "June 6,
2025"); a missing day never does (a month is not the date).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# fmt: off
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# fmt: on
_ORDINAL = frozenset(["st", "nd", "rd", "th", "of", "the", "on"])
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")


class DateValue(NamedTuple):
    """A date as far as it is known: year or day may be None ("June 6", "November 2022")."""

    year: int | None
    month: int
    day: int | None


def _valid(year: int | None, month: int, day: int | None) -> bool:
    return 1 <= month <= 12 and (day is None or 1 <= day <= 31) and (year is None or 1000 <= year <= 2999)


def _year(text: str) -> int:
    value = int(text)
    return 2000 + value if len(text) == 2 else value


def read_dates(text: str) -> set[DateValue]:
    """Every date ``text`` can mean; empty when it is not a date. ``text`` as typed."""
    compact = text.strip().rstrip(".").replace(" ", "")
    out: set[DateValue] = set()
    if m := _ISO.match(compact):
        out.add(DateValue(int(m[1]), int(m[2]), int(m[3]) if m[3] else None))
    elif m := _MONTH_YEAR.match(compact):
        out.add(DateValue(int(m[2]), int(m[1]), None))
    elif m := _NUMERIC.match(compact):
        a, b = int(m[1]), int(m[2])
        year = _year(m[3]) if m[3] else None
        out |= {DateValue(year, a, b), DateValue(year, b, a)}  # month first (US), day first
    else:
        return {d for d in _read_words(text) if _valid(*d)}
    return {d for d in out if _valid(*d)}


def _read_words(text: str) -> set[DateValue]:
    """ "June 6th, 2025", "6 June 2025", "the 6th of June", "Nov 2022": one month word, numbers."""
    words = [w for w in re.findall(r"[a-z]+|\d+", text.casefold()) if w not in _ORDINAL]
    months = [w for w in words if w in _MONTHS]
    numbers = [w for w in words if w.isdigit()]
    if len(months) != 1 or len(words) != 1 + len(numbers) or len(numbers) > 2:
        return set()
    month = _MONTHS[months[0]]
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) > 1 or len(days) > 1 or len(years) + len(days) != len(numbers):
        return set()
    return {DateValue(int(years[0]) if years else None, month, int(days[0]) if days else None)}


def same_date(typed: DateValue, answer: DateValue) -> bool:
    """Whether a reading of a typed date is the answer's date (see the module's rules)."""
    if typed.month != answer.month or typed.day != answer.day:
        return False
    return typed.year == answer.year or (typed.year is None and answer.day is not None)
