"""Trivia questions generated from the structured content, each traced to its sources.

Plain Python: no discord, no I/O. ``generate_questions(content)`` turns the cast, crew,
quotes and the film facts' figures into ``TriviaQuestion`` records, the same type as the
curated questions in ``data/trivia.yaml``. Families (the part of the id after ``gen-``):

* ``plays`` / ``role``: who plays a character; whom an actor plays;
* ``described`` / ``described-actor``: which character (or actor) a spoiler-free description is of;
* ``said`` / ``said-which`` / ``speaker-role``: who said a quote (choices from the same kind of
  source: film lines or interviews); which line a speaker said; the speaker's role or credit;
* ``job`` / ``credit`` / ``shared-credit`` / ``crew-note``: a crew member's credit, and back;
* ``figure`` / ``figure-event`` / ``first`` / ``last``: dates and numbers of the film facts.

Rules every question keeps (``tests/domain/test_question_families.py`` checks each one):

* exactly one right answer: wrong options come from the same category and are false per the
  data (an actor who also plays the asked character's younger self, a crew member from the same
  department, a figure within 20% of a reported one are never offered);
* its spoiler level is the highest level of every item it shows or rests on; a wrong option
  above the level of the item asked about is not used (the question is dropped instead);
* its sources are those of the items its answer rests on;
* ids are stable (``gen-plays-ana-de-armas``): the same content gives the same questions, ids,
  texts and option order, so a server's "already asked" history survives restarts;
* a question that repeats a curated one (same answer, mostly the same words) is left out.

Modules: ``index`` (the content, indexed, and shared helpers), ``names`` (names people type),
``assembly`` (one question and the rules it keeps), one module a subject (``cast``, ``quotes``,
``crew``, ``dates_and_numbers``); this one runs them in order and drops repeats.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.content import Content, TriviaQuestion
from bot.domain.question_families import cast, crew, dates_and_numbers, quotes
from bot.domain.question_families.assembly import (
    GENERATED_PREFIX,
    MAX_EXPLANATION_CHARS,
    MAX_OPTION_CHARS,
    MAX_QUESTION_CHARS,
    Generated,
)
from bot.domain.question_families.dates_and_numbers import ORDER_SETS_PER_EVENT
from bot.domain.question_families.index import Index
from bot.domain.text import fold
from bot.domain.trivia.answers import AnswerMatcher

__all__ = [
    "GENERATED_PREFIX",
    "MAX_EXPLANATION_CHARS",
    "MAX_OPTION_CHARS",
    "MAX_QUESTION_CHARS",
    "ORDER_SETS_PER_EVENT",
    "Generated",
    "generate",
    "generate_questions",
]


def generate_questions(content: Content) -> tuple[TriviaQuestion, ...]:
    """Every generated question for ``content``, in a stable order."""
    return tuple(g.question for g in generate(content))


def generate(content: Content) -> tuple[Generated, ...]:
    """``generate_questions`` with each question's provenance (for tests and ``check``).

    Computed once per Content object (content never changes while the bot runs).
    """
    index = Index.of(content)
    if index.generated is None:
        index.generated = _generate(index)
    return index.generated


def _generate(index: Index) -> tuple[Generated, ...]:
    built: list[Generated] = []
    for family in (
        cast.questions,
        quotes.questions,
        crew.questions,
        dates_and_numbers.questions,
    ):
        built.extend(family(index))
    seen: set[str] = set()
    out = []
    curated = [(AnswerMatcher.for_question(q), _significant(q.question)) for q in index.content.trivia]
    for item in built:
        if item.question.id in seen or _repeats_curated(item.question, curated):
            continue
        seen.add(item.question.id)
        out.append(item)
    return tuple(out)


def _significant(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) >= 4 and w not in ("ballerina", "which", "what", "does")}


def _repeats_curated(question: TriviaQuestion, curated: Sequence[tuple[AnswerMatcher, set[str]]]) -> bool:
    """Same right answer and mostly the same words as a curated question: one of the two is enough."""
    words = _significant(question.question)
    for matcher, theirs in curated:
        if not (words and theirs and len(words & theirs) / len(words | theirs) >= 0.5):
            continue
        if matcher.matches(question.answer):
            return True
    return False
