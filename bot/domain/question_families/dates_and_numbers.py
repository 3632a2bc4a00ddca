"""Questions about the film facts' dates and numbers (the figures read by ``bot.domain.figures``):
a figure (``figure``) or, the other way round, which event had it (``figure-event``), one of the
two a figure; and which of four dated events came ``first`` or ``last``, only where the four
fall within ``ORDER_WINDOW_DAYS`` (a 2017 purchase against a 2025 release needs no knowing).
All are hard. The reveal is the fact's full wording when it tells more than the figure, else
a neighbouring fact of the same group.

Wrong values are far enough from every reported figure, and events whose dates overlap are
never set against each other, so each question has one right answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton

from bot.domain import figures
from bot.domain.content import AnswerKind, Figure, FigureKind, FilmFact
from bot.domain.question_families import difficulty
from bot.domain.question_families.assembly import Generated, assemble
from bot.domain.question_families.index import Index, adds_to, at_most, pick, rank
from bot.domain.question_families.translated import Data, Joined, Phrased, Words, fact_label, fact_value
from bot.i18n import N_, _, current, formatting

ORDER_SETS_PER_EVENT = 1  # "Which came first?" option sets built around each dated event
ORDER_WINDOW_DAYS = 45  # the four dates of a "first/last" question lie within this many days


def questions(index: Index) -> Iterator[Generated]:
    yield from _figures(index)
    yield from _order(index)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _event(figure: Figure) -> Data:
    """What the figure is of, in a sentence: "Ballerina's world premiere" (read in each language)."""
    return Data(figure.event, {code: t.event for code, t in figure.translations.items()})


def _option(figure: Figure) -> Data:
    """The event as an option or a label of its own: "Ballerina's world premiere"."""
    return Data(_cap(figure.event), {code: _cap(t.event) for code, t in figure.translations.items()})


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


# {event}: what the figure is of, from the data ("Ballerina's world premiere"); {value}: the figure.
_ASK = {
    FigureKind.DATE: N_("When was {event}?"),
    FigureKind.MONTH: N_("When was {event}?"),
    FigureKind.YEAR: N_("In which year was {event}?"),
    FigureKind.MONEY: N_("About how much was {event}?"),
    FigureKind.COUNT: N_("What was {event}?"),
    FigureKind.MINUTES: N_("How long is {event}?"),
    FigureKind.PERCENT: N_("About how big was {event}?"),
}
_WHICH = {
    FigureKind.DATE: N_("{value} was the date of which of these?"),
    FigureKind.MONTH: N_("Which of these happened in {value}?"),
    FigureKind.YEAR: N_("Which of these happened in {value}?"),
    FigureKind.MONEY: N_("Which of these was about {value}?"),
}
_ORDER = {"first": N_("Which of these came first?"), "last": N_("Which of these came last?")}


def _value(kind: FigureKind, value: str) -> str | Phrased:
    """A figure inside a sentence: as English writes it, and as each language writes a date, a
    month or an amount (the options, and so the answers, keep the English form)."""
    english = figures.shown(kind, value)
    if kind is FigureKind.DATE:
        return Phrased(english, lambda: formatting.day(date.fromisoformat(value)))
    if kind is FigureKind.MONTH:
        return Phrased(
            english,
            lambda: format_skeleton("yMMMM", date.fromisoformat(f"{value}-01"), locale=current().code),
        )
    if kind is FigureKind.MONEY:
        return Phrased(
            english, lambda: _(N_("US${amount} million")).format(amount=formatting.number(float(value)))
        )
    return english


def _fact(fact: FilmFact) -> Words:
    return Words(N_("{label}: {value}"), label=fact_label(fact), value=fact_value(fact))


def _reveal(index: Index, fact: FilmFact, *shown: str) -> tuple[Words | None, list[str]]:
    """The fact's full wording if it tells more, else the nearest fact of its group that does."""
    own = _fact(fact)
    if adds_to(str(own), *shown):
        return own, [fact.id]
    facts = list(index.content.film.facts)
    here = facts.index(fact)
    near = sorted(
        (f for f in facts if f.group == fact.group and f is not fact and f.spoiler.rank <= fact.spoiler.rank),
        key=lambda f: abs(facts.index(f) - here),
    )
    for other in near:
        text = _fact(other)
        if adds_to(str(text), *shown):
            return text, [other.id]
    return None, []


def _figures(index: Index) -> Iterator[Generated]:
    every = _all_figures(index)
    for fig in every:
        # One question a figure: the stable order picks which way round it is asked.
        ways = [_figure, _figure_event]
        ways.sort(key=lambda way: rank(f"figure-way:{fig.key}", way.__name__))
        made = next((m for way in ways if (m := way(index, fig, every)) is not None), None)
        if made is not None:
            yield made


def _fact_key(fig: _Fig) -> str:
    return (
        fig.key if len(fig.fact.figures) == 1 else fig.key.rsplit("-", 1)[0] + "#" + fig.key.rsplit("-", 1)[1]
    )


def _figure(index: Index, fig: _Fig, every: list[_Fig]) -> Generated | None:
    fact, figure = fig.fact, fig.figure
    others = [o.figure for o in every if o is not fig]
    avoid = [o for o in others if figures.is_dated(o.kind) == figures.is_dated(figure.kind)]
    wrong = figures.wrong_values(figure, fig.key, avoid, count=5)
    # A question the data words itself is read as the data has it ("{text}" is no template).
    text = (
        Words("{text}", text=Data(figure.ask, {code: t.ask for code, t in figure.translations.items()}))
        if figure.ask
        else Words(_ASK[figure.kind], event=_event(figure))
    )
    answer = figures.shown(figure.kind, figure.value)
    reveal, reveal_from = _reveal(index, fact, str(text), answer)
    if reveal is None:
        return None
    return assemble(
        index,
        family="figure",
        kind=AnswerKind.DATE if figures.is_dated(figure.kind) else AnswerKind.NUMBER,
        key=fig.key,
        text=text,
        answer=answer,
        wrong=[(figures.shown(figure.kind, w), "") for w in wrong],
        basis=[fact.id],
        fact=_fact_key(fig),
        subject=difficulty.of_figure(figure),
        reveal=reveal,
        reveal_from=reveal_from,
        forms=figures.typed_forms(figure.kind, figure.value),
    )


def _figure_event(index: Index, fig: _Fig, every: list[_Fig]) -> Generated | None:
    """The other way round: which event had this date, which figure was about this much."""
    figure = fig.figure
    if figure.kind not in _WHICH:
        return None
    if figures.is_dated(figure.kind):
        mine = figures.span(figure)
        rivals = [o for o in every if o is not fig and figures.is_dated(o.figure.kind)]
        if any(_overlap(mine, figures.span(o.figure)) for o in rivals):
            return None  # another event in the same days: two right answers
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
    allowed = [o for o in rivals if ok(o.fact.id)]
    events = [(_cap(o.figure.event), o.fact.id) for o in allowed]
    text = Words(_WHICH[figure.kind], value=_value(figure.kind, figure.value))
    reveal, reveal_from = _reveal(index, fig.fact, str(text), figure.event)
    if reveal is None:
        return None
    return assemble(
        index,
        family="figure-event",
        kind=AnswerKind.TEXT,
        key=fig.key,
        text=text,
        answer=_cap(figure.event),
        wrong=pick(f"figure-event:{fig.key}", events),
        options={_cap(o.figure.event): _option(o.figure) for o in (fig, *allowed)},
        basis=[fig.fact.id],
        fact=_fact_key(fig),
        subject=difficulty.of_figure(figure),
        reveal=reveal,
        reveal_from=reveal_from,
        needs_options=True,
    )


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
            for _set in range(ORDER_SETS_PER_EVENT):
                chosen: list[_Fig] = []
                for other in pool:
                    if other.key in used or any(_overlap(spans[other.key], spans[c.key]) for c in chosen):
                        continue
                    together = [spans[k] for k in (fig.key, other.key, *(c.key for c in chosen))]
                    if (
                        max(s.last for s in together) - min(s.first for s in together)
                    ).days > ORDER_WINDOW_DAYS:
                        continue  # far apart: the order needs no knowing
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
    when = Joined(
        [
            Words(
                N_("{label}: {value}"),
                label=_option(o.figure),
                value=_value(o.figure.kind, o.figure.value),
            )
            for o in options
        ]
    )
    made = assemble(
        index,
        family=direction,
        kind=AnswerKind.TEXT,
        key=f"{fig.key}-{digest}",
        text=Words(_ORDER[direction]),
        answer=_cap(fig.figure.event),
        wrong=[(_cap(o.figure.event), "") for o in chosen],
        options={_cap(o.figure.event): _option(o.figure) for o in options},
        basis=[o.fact.id for o in options],  # every date is part of why the answer is right
        fact=f"order:{digest}",
        subject=difficulty.Subject.DATE,
        reveal=Words(N_("{dates}."), dates=when),
        reveal_from=[],
        needs_options=True,
    )
    if made:
        yield made
