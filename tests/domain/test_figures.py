"""Dates and numbers of the film facts: reading, writing out, typing, and wrong values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.loader import DEFAULT_DATA_DIR, ContentError, load_content
from bot.domain import figures
from bot.domain.content import Content, Figure, FigureKind
from bot.domain.trivia import AnswerMatcher


def fig(kind: FigureKind, value: str, *also: str) -> Figure:
    return Figure(kind=kind, value=value, event="something", also=also)


@pytest.mark.parametrize(
    ("kind", "value", "shown"),
    [
        (FigureKind.DATE, "2025-06-06", "6 June 2025"),
        (FigureKind.MONTH, "2022-11", "November 2022"),
        (FigureKind.YEAR, "2017", "2017"),
        (FigureKind.MONEY, "137.2", "US$137.2 million"),
        (FigureKind.COUNT, "3409", "3,409"),
        (FigureKind.MINUTES, "125", "125 minutes"),
        (FigureKind.PERCENT, "65", "65%"),
    ],
)
def test_values_read_as_fans_write_them(kind: FigureKind, value: str, shown: str) -> None:
    assert figures.problem(fig(kind, value)) is None
    assert figures.shown(kind, value) == shown
    matcher = AnswerMatcher((shown, *figures.typed_forms(kind, value)))
    assert matcher.matches(shown) and matcher.matches(value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (FigureKind.DATE, "6 June 2025"),
        (FigureKind.DATE, "2025-02-30"),
        (FigureKind.MONTH, "2022-13"),
        (FigureKind.YEAR, "17"),
        (FigureKind.MONEY, "$137M"),
        (FigureKind.COUNT, "3,409"),
        (FigureKind.MINUTES, "2.5"),
    ],
)
def test_unreadable_values_are_refused(kind: FigureKind, value: str) -> None:
    assert figures.problem(fig(kind, value)) is not None


def test_typed_dates_and_sums() -> None:
    date = AnswerMatcher(("22 May 2025", *figures.typed_forms(FigureKind.DATE, "2025-05-22")))
    assert date.matches("May 22, 2025") and date.matches("2025-05-22") and date.matches("22 may 2025")
    assert not date.matches("2025") and not date.matches("May 23, 2025")
    money = AnswerMatcher(("US$137.2 million", *figures.typed_forms(FigureKind.MONEY, "137.2")))
    assert money.matches("$137 million") and money.matches("137.2M") and not money.matches("$138 million")


def test_wrong_numbers_keep_their_distance_from_every_reported_value() -> None:
    opening = fig(FigureKind.MONEY, "25", "24.5")
    wrong = figures.wrong_values(opening, "seed", count=6)
    assert len(wrong) == 6
    for value in wrong:
        assert figures.gap(float(value), 25) >= figures.MIN_NUMBER_GAP
        assert figures.gap(float(value), 24.5) >= figures.MIN_NUMBER_GAP
    # Another fact's number is not offered in a near-copy: 51 beside 52 would read as that fact.
    international = fig(FigureKind.MONEY, "26")
    global_opening = fig(FigureKind.MONEY, "51")
    for value in figures.wrong_values(international, "seed", [global_opening], count=6):
        assert figures.gap(float(value), 51) >= figures.MIN_NUMBER_GAP / 2


def test_wrong_dates_are_never_another_events_date() -> None:
    premiere = fig(FigureKind.DATE, "2025-05-22")
    others = [fig(FigureKind.DATE, d) for d in ("2025-05-29", "2025-06-12", "2024-05-22")]
    wrong = figures.wrong_values(premiere, "seed", others, count=5)
    assert len(wrong) == 5
    assert not {"2025-05-29", "2025-06-12", "2024-05-22", "2025-05-22"} & set(wrong)


def test_same_seed_same_values_and_spans_cover_their_days() -> None:
    runtime = fig(FigureKind.MINUTES, "125")
    assert figures.wrong_values(runtime, "a") == figures.wrong_values(runtime, "a")
    assert all(abs(int(v) - 125) >= 10 for v in figures.wrong_values(runtime, "a", count=6))
    november = figures.span(fig(FigureKind.MONTH, "2022-11"))
    assert (november.first.day, november.last.day) == (1, 30)
    year = figures.span(fig(FigureKind.YEAR, "2023"))
    assert (year.first.isoformat(), year.last.isoformat()) == ("2023-01-01", "2023-12-31")


def test_shipped_figures_restate_their_fact(content: Content) -> None:
    # A figure must say what its fact's value says: "125 minutes" is in "125 minutes (2 h 5 min)".
    count = 0
    for fact in content.film.facts:
        for figure in fact.figures:
            shown = figures.shown(figure.kind, figure.value)
            plain = shown.replace("US$", "").replace(" million", "").replace(",", "")
            value = f"{fact.label} {fact.value}".replace(",", "")
            assert plain in value or shown.split()[-1] in value, (fact.id, shown, fact.value)
            count += 1
    assert count >= 30


def test_the_loader_names_an_unreadable_figure(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    path = data_dir / "film.yaml"
    text = path.read_text(encoding="utf-8")
    old = 'value: "2025-05-22"\n    event: "Ballerina\'s world premiere"'
    assert text.count(old) == 1
    path.write_text(text.replace(old, old.replace("2025-05-22", "22 May")), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(data_dir)
    assert "item 'release-world-premiere' (facts[" in str(info.value)
    assert "field 'figures[0]': '22 May' is not a date ('YYYY-MM-DD')" in str(info.value)
