"""Questions about the film facts' dates and numbers (the figures read by ``bot.domain.figures``):
a figure (``figure``), which event had it (``figure-event``), and which of four dated events
came ``first`` or ``last``.

Wrong values are far enough from every reported figure, and events whose dates overlap are
never set against each other, so each question has one right answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.domain import figures
from bot.domain.content import Difficulty, Figure, FigureKind, FilmFact
from bot.domain.question_families.assembly import Generated, assemble
from bot.domain.question_families.index import Index, at_most, pick, rank

ORDER_SETS_PER_EVENT = 3  # "Which came first?" option sets built around each dated event


def questions(index: Index) -> Iterator[Generated]:
    yield from _figures(index)
    yield from _order(index)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class _Fig:
    fact: FilmFact
    figure: Figure
    key: str  # the fact's id, plus the figure's number when the fact has several


def _all_figures(index: Index) -> list[_Fig]:
    out = []
    for fact in index.content.film.facts:
        for number, figure in enumerate(fact.figures, start=1):
            key = fact.id if len(fact.figures) == 1 else f"{fact.id}-{number}"
            out.append(_Fig(fact, figure, key))
    return out


_ASK = {
    FigureKind.DATE: "When was {event}?",
    FigureKind.MONTH: "When was {event}?",
    FigureKind.YEAR: "In which year was {event}?",
    FigureKind.MONEY: "About how much was {event}?",
    FigureKind.COUNT: "What was {event}?",
    FigureKind.MINUTES: "How long is {event}?",
    FigureKind.PERCENT: "About how big was {event}?",
}
_WHICH = {
    FigureKind.DATE: "{value} was the date of which of these?",
    FigureKind.MONTH: "Which of these happened in {value}?",
    FigureKind.YEAR: "Which of these happened in {value}?",
    FigureKind.MONEY: "Which of these was about {value}?",
}


def _figures(index: Index) -> Iterator[Generated]:
    every = _all_figures(index)
    for fig in every:
        fact, figure = fig.fact, fig.figure
        others = [o.figure for o in every if o is not fig]
        avoid = [o for o in others if figures.is_dated(o.kind) == figures.is_dated(figure.kind)]
        wrong = figures.wrong_values(figure, fig.key, avoid, count=5)
        explanation = f"{fact.label}: {fact.value}"
        scaled = figure.kind in figures.SCALED
        made = assemble(
            index,
            family="figure",
            key=fig.key,
            text=figure.ask or _ASK[figure.kind].format(event=figure.event),
            answer=figures.shown(figure.kind, figure.value),
            wrong=[(figures.shown(figure.kind, w), "") for w in wrong],
            basis=[fact.id],
            difficulty=Difficulty.HARD if scaled else Difficulty.MEDIUM,
            forms=figures.typed_forms(figure.kind, figure.value),
            explanation=explanation,
        )
        if made:
            yield made
        if figure.kind in _WHICH:
            yield from _figure_event(index, fig, every, explanation)


def _figure_event(index: Index, fig: _Fig, every: list[_Fig], explanation: str) -> Iterator[Generated]:
    """The other way round: which event had this date, which figure was about this much."""
    figure = fig.figure
    if figures.is_dated(figure.kind):
        mine = figures.span(figure)
        rivals = [o for o in every if o is not fig and figures.is_dated(o.figure.kind)]
        if any(_overlap(mine, figures.span(o.figure)) for o in rivals):
            return  # another event in the same days: two right answers
    else:  # a figure within 20% of this one would read as "about" this much too
        value = float(figure.value)
        rivals = [
            o
            for o in every
            if o is not fig
            and o.figure.kind is figure.kind
            and figures.gap(value, float(o.figure.value)) >= figures.MIN_NUMBER_GAP
        ]
    ok = at_most(index, fig.fact.spoiler)
    events = [(_cap(o.figure.event), o.fact.id) for o in rivals if ok(o.fact.id)]
    made = assemble(
        index,
        family="figure-event",
        key=fig.key,
        text=_WHICH[figure.kind].format(value=figures.shown(figure.kind, figure.value)),
        answer=_cap(figure.event),
        wrong=pick(f"figure-event:{fig.key}", events),
        basis=[fig.fact.id],
        difficulty=Difficulty.HARD,
        explanation=explanation,
        needs_options=True,
    )
    if made:
        yield made


def _overlap(a: figures.Span, b: figures.Span) -> bool:
    return a.first <= b.last and b.first <= a.last


def _order(index: Index) -> Iterator[Generated]:
    """'Which of these came first?' over four dated events whose order the data settles."""
    dated = [f for f in _all_figures(index) if figures.is_dated(f.figure.kind)]
    spans = {f.key: figures.span(f.figure) for f in dated}
    for direction in ("first", "last"):
        for fig in dated:
            mine = spans[fig.key]
            if direction == "first":
                later = [o for o in dated if spans[o.key].first > mine.last]
            else:
                later = [o for o in dated if spans[o.key].last < mine.first]
            # Options apart from each other too, so every option reads as a distinct moment.
            pool = sorted(later, key=lambda o: rank(f"{direction}:{fig.key}", o.key))
            used: set[str] = set()
            for _ in range(ORDER_SETS_PER_EVENT):
                chosen: list[_Fig] = []
                for other in pool:
                    if other.key in used or any(_overlap(spans[other.key], spans[c.key]) for c in chosen):
                        continue
                    chosen.append(other)
                    if len(chosen) == 3:
                        break
                if len(chosen) < 3:
                    break
                used.update(c.key for c in chosen)
                yield from _order_question(index, fig, chosen, direction)


def _order_question(index: Index, fig: _Fig, chosen: list[_Fig], direction: str) -> Iterator[Generated]:
    options = [fig, *chosen]
    digest = rank("order", "|".join(sorted(o.key for o in options)))[:8]
    when = ", ".join(
        f"{_cap(o.figure.event)}: {figures.shown(o.figure.kind, o.figure.value)}" for o in options
    )
    made = assemble(
        index,
        family=direction,
        key=f"{fig.key}-{digest}",
        text=f"Which of these came {direction}?",
        answer=_cap(fig.figure.event),
        wrong=[(_cap(o.figure.event), "") for o in chosen],
        basis=[o.fact.id for o in options],  # every date is part of why the answer is right
        difficulty=Difficulty.MEDIUM,
        explanation=when + ".",
        needs_options=True,
    )
    if made:
        yield made
