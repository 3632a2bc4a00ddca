"""Dates and numbers of the film facts: read, written out, typed, and near misses for trivia.

A ``Figure`` (see ``bot.domain.content``) states one date or number of a fact in a fixed form
('2025-06-06', '137.2'). This module turns it into what a fan reads ("6 June 2025",
"US$137.2 million"), what a fan may type for it, and wrong values close enough to be a fair
trivia option yet clearly false. Plain Python, no I/O.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.content import Figure, FigureKind

MONTH_NAMES = tuple(calendar.month_name)  # ("", "January", ...)
_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?$")
# A wrong number is at least this far from every reported value (25 vs 24.5 must never be a
# choice between a right and a wrong answer).
MIN_NUMBER_GAP = 0.2
SCALED = frozenset([FigureKind.MONEY, FigureKind.COUNT, FigureKind.PERCENT])  # wrong values by a factor


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """The days a dated figure covers: one day, a month or a year (for ordering events)."""

    first: date
    last: date


def problem(figure: Figure) -> str | None:
    """Why ``figure`` cannot be read, as a message for the content loader (None when fine)."""
    for value in (figure.value, *figure.also):
        try:
            _parse(figure.kind, value)
        except ValueError:
            return f"'{value}' is not a {figure.kind.value} ({_FORMATS[figure.kind]})"
    if not figure.event.strip():
        return "event must not be empty"
    return None


_FORMATS = {
    FigureKind.DATE: "'YYYY-MM-DD'",
    FigureKind.MONTH: "'YYYY-MM'",
    FigureKind.YEAR: "'YYYY'",
    FigureKind.MONEY: "millions of US dollars, like '137.2'",
    FigureKind.COUNT: "a whole number, like '3409'",
    FigureKind.MINUTES: "a whole number of minutes, like '125'",
    FigureKind.PERCENT: "a whole number, like '65' for 65%",
}


def _parse(kind: FigureKind, value: str) -> date | float:
    if kind is FigureKind.DATE:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _bad()
    if kind is FigureKind.MONTH:
        return date.fromisoformat(f"{value}-01") if re.fullmatch(r"\d{4}-\d{2}", value) else _bad()
    if kind is FigureKind.YEAR:
        return date(int(value), 1, 1) if re.fullmatch(r"\d{4}", value) else _bad()
    if not _NUMBER_RE.match(value) or (kind is not FigureKind.MONEY and "." in value):
        _bad()
    return float(value)


def _bad() -> date:
    raise ValueError


def is_dated(kind: FigureKind) -> bool:
    return kind in (FigureKind.DATE, FigureKind.MONTH, FigureKind.YEAR)


def span(figure: Figure) -> Span:
    """The days a dated figure covers."""
    start = _parse(figure.kind, figure.value)
    assert isinstance(start, date)
    if figure.kind is FigureKind.DATE:
        return Span(start, start)
    if figure.kind is FigureKind.MONTH:
        return Span(start, start.replace(day=calendar.monthrange(start.year, start.month)[1]))
    return Span(start, start.replace(month=12, day=31))


def shown(kind: FigureKind, value: str) -> str:
    """How a value reads: '6 June 2025', 'November 2022', 'US$137.2 million', '3,409', '125 minutes'."""
    parsed = _parse(kind, value)
    if isinstance(parsed, date):
        if kind is FigureKind.DATE:
            return f"{parsed.day} {MONTH_NAMES[parsed.month]} {parsed.year}"
        if kind is FigureKind.MONTH:
            return f"{MONTH_NAMES[parsed.month]} {parsed.year}"
        return str(parsed.year)
    if kind is FigureKind.MONEY:
        return f"US${value} million"
    if kind is FigureKind.MINUTES:
        return f"{int(parsed)} minutes"
    if kind is FigureKind.PERCENT:
        return f"{int(parsed)}%"
    return f"{int(parsed):,}"


def typed_forms(kind: FigureKind, value: str) -> tuple[str, ...]:
    """Other ways to type the value that the answer matcher would not take from ``shown`` alone."""
    parsed = _parse(kind, value)
    if isinstance(parsed, date):
        month = MONTH_NAMES[parsed.month]
        if kind is FigureKind.DATE:
            return (f"{month} {parsed.day}, {parsed.year}", f"{month} {parsed.day} {parsed.year}", value)
        if kind is FigureKind.MONTH:
            return (f"{month[:3]} {parsed.year}", value)
        return ()
    if kind is FigureKind.MONEY:
        forms = [f"${value} million", f"{value} million", f"${value}M", f"{value}M", value]
        if "." in value and parsed >= 10:  # "about $137 million" for US$137.2 million
            whole = str(round(parsed))
            forms += [f"${whole} million", f"{whole} million", f"${whole}M"]
        return tuple(forms)
    if kind is FigureKind.MINUTES:
        hours, minutes = divmod(int(parsed), 60)
        return (value, f"{value} min", f"{hours} hours {minutes} minutes", f"{hours}h {minutes}m")
    if kind is FigureKind.PERCENT:
        return (value, f"{value} percent", f"{value} per cent")
    return (value,)


def _rank(seed: str, candidate: str) -> str:
    """A stable pseudo-random order: the same content always gives the same wrong values."""
    return hashlib.sha256(f"{seed}:{candidate}".encode()).hexdigest()


def wrong_values(figure: Figure, seed: str, avoid: Iterable[Figure] = (), count: int = 3) -> list[str]:
    """``count`` values that are clearly not ``figure``'s, in a stable order.

    Dates move by weeks, months or a year; numbers by a factor, always at least
    ``MIN_NUMBER_GAP`` away from every value reported for it. Values in ``avoid`` (the other
    dates of the film) are never offered, so a wrong date is not some other event's date.
    """
    others = [other.value for other in avoid if other.kind is figure.kind]
    avoided = {shown(figure.kind, v) for v in (figure.value, *figure.also, *others)}
    candidates = [c for c in _candidates(figure) if shown(figure.kind, c) not in avoided]
    scaled = figure.kind in SCALED
    if scaled:
        reported = [float(v) for v in (figure.value, *figure.also)]
        near = [float(v) for v in others]  # another fact's number: 52 beside a 51 reads as that fact
        candidates = [
            c
            for c in candidates
            if all(gap(float(c), r) >= MIN_NUMBER_GAP for r in reported)
            and all(gap(float(c), n) >= MIN_NUMBER_GAP / 2 for n in near)
        ]
    ordered = sorted(dict.fromkeys(candidates), key=lambda c: _rank(seed, c))
    # One below and one above the right value first, so that it is never simply the extreme.
    right = _position(figure.kind, figure.value)
    lower = [c for c in ordered if _position(figure.kind, c) < right][:1]
    higher = [c for c in ordered if _position(figure.kind, c) > right][:1]
    picked: list[str] = []
    for candidate in [*lower, *higher, *ordered]:
        if candidate in picked:
            continue
        if not scaled or all(gap(float(candidate), float(p)) >= MIN_NUMBER_GAP / 2 for p in picked):
            picked.append(candidate)
        if len(picked) == count:
            break
    return picked


def _position(kind: FigureKind, value: str) -> float:
    """Where a value lies on its scale (a day number for dates), to tell lower from higher."""
    parsed = _parse(kind, value)
    return float(parsed.toordinal()) if isinstance(parsed, date) else parsed


def gap(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b))


def _candidates(figure: Figure) -> list[str]:
    parsed = _parse(figure.kind, figure.value)
    if isinstance(parsed, date):
        if figure.kind is FigureKind.DATE:
            days = [parsed + timedelta(days=d) for d in (-14, -7, 7, 14, 21)]
            shifted = [_add_months(parsed, m) for m in (-1, 1, -12, 12)]
            return [d.isoformat() for d in (*days, *shifted)]
        if figure.kind is FigureKind.MONTH:
            return [_add_months(parsed, m).isoformat()[:7] for m in (-12, -6, -3, -2, 2, 3, 6, 12)]
        return [str(parsed.year + d) for d in (-3, -2, -1, 1, 2, 3)]
    decimals = len(figure.value.split(".")[1]) if "." in figure.value else 0
    factors = (0.3, 0.45, 0.6, 0.7, 1.4, 1.6, 2.0, 2.5, 3.0)
    if figure.kind is FigureKind.MINUTES:
        return [str(int(parsed) + d) for d in (-36, -24, -12, 12, 24, 36, 44)]
    out = []
    for factor in factors:
        text = f"{round(parsed * factor, decimals):.{decimals}f}"
        out.append(text.rstrip("0").rstrip(".") if "." in text else text)  # "96.0" reads as "96"
    if figure.kind is FigureKind.PERCENT:
        out = [c for c in out if float(c) < 100]
    return [c for c in out if float(c) > 0]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
