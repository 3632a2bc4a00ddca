"""How hard a generated question is: from what a fan must know, not from the template.

Every generated question names the subject its answer rests on; the subject alone sets the
difficulty. A fan of the film knows the main cast, the director and the famous lines (easy);
the crew, the supporting cast and who said what in interviews take a closer interest (medium);
dates, figures and release territories are for the devoted (hard).
"""

from __future__ import annotations

from enum import StrEnum

from bot.domain.content import CastMember, CrewMember, Difficulty, Figure, FigureKind, Quote


class Subject(StrEnum):
    MAIN_CAST = "main cast"
    DIRECTOR = "director"
    FAMOUS_LINE = "famous line"
    SUPPORTING_CAST = "supporting cast"
    CREW = "crew"
    SPEAKER = "quote speaker"
    DATE = "date"
    FIGURE = "figure"
    TERRITORY = "territory"


DIFFICULTY: dict[Subject, Difficulty] = {
    Subject.MAIN_CAST: Difficulty.EASY,
    Subject.DIRECTOR: Difficulty.EASY,
    Subject.FAMOUS_LINE: Difficulty.EASY,
    Subject.SUPPORTING_CAST: Difficulty.MEDIUM,
    Subject.CREW: Difficulty.MEDIUM,
    Subject.SPEAKER: Difficulty.MEDIUM,
    Subject.DATE: Difficulty.HARD,
    Subject.FIGURE: Difficulty.HARD,
    Subject.TERRITORY: Difficulty.HARD,
}

_DATED = frozenset([FigureKind.DATE, FigureKind.MONTH, FigureKind.YEAR])


def of_cast(member: CastMember) -> Subject:
    return Subject.MAIN_CAST if member.main else Subject.SUPPORTING_CAST


def of_crew(crew: CrewMember) -> Subject:
    return Subject.DIRECTOR if crew.job == "Director" else Subject.CREW


def of_quote(quote: Quote) -> Subject:
    """A line from the film is a famous line; who said what in an interview is a speaker."""
    return Subject.FAMOUS_LINE if quote.kind == "dialogue" else Subject.SPEAKER


def of_figure(figure: Figure) -> Subject:
    # "Ballerina's release in Hungary": a territory's date is the territory's fact.
    if " release in " in figure.event:
        return Subject.TERRITORY
    return Subject.DATE if figure.kind in _DATED else Subject.FIGURE
