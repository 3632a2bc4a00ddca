"""Trivia questions generated from the structured content, each traced to its sources.

Plain Python: no discord, no I/O. ``generate_questions(content)`` turns the cast, crew,
quotes and the film facts' figures into ``TriviaQuestion`` records, the same type as the
hand-written questions in ``data/trivia.yaml``. Families (the part of the id after ``gen-``):

* ``plays`` or ``role``: who plays a character, or whom an actor plays (one a cast member);
* ``described``: which character a spoiler-free description is of;
* ``said`` / ``said-which`` / ``speaker-role``: one a quote: who said it, which line a speaker
  said, or the speaker's part in the film;
* ``job`` or ``credit`` / ``shared-credit``: a crew member's credit, or whose it is; ``crew-note``;
* ``figure`` or ``figure-event``: a date or number, or which event had it; ``first`` / ``last``
  of four dates close together.

Rules every question keeps (``tests/domain/test_question_families.py`` checks each one):

* exactly one right answer: wrong options come from the same category and are false per the data;
* difficulty from its subject (``difficulty``): main cast, director, film lines easy; supporting
  cast, crew, interview speakers medium; dates, figures, territories hard;
* a reveal that adds a fact the question and answer did not give, whose sources it carries;
* its spoiler level is the highest level of everything it rests on, shows or reveals;
* one question a fact: one that rests on a fact a hand-written question rests on (``repeats``)
  is left out, and no family exceeds ``MAX_FAMILY_SHARE`` of the whole pool;
* ids are stable (``gen-plays-ana-de-armas``): the same content gives the same questions;
* every rule reads the English text (generation runs in English); each question then carries
  its text in every shipped language (``translated``), with the same id, answer, options,
  spoiler level and sources: ``translated.question_in(question, language)`` reads it.

Modules: ``names`` (names people type), ``index`` (the content, indexed, and shared helpers),
``difficulty``, ``assembly`` (one question and the rules it keeps), ``repeats``, one module a
subject (``cast``, ``quotes``, ``crew``, ``dates_and_numbers``), ``translated`` (the content in
the reader's language); this one runs them in order.
"""

from __future__ import annotations

import dataclasses

from bot.domain.content import Content, TriviaQuestion
from bot.domain.question_families import cast, crew, dates_and_numbers, quotes, repeats
from bot.domain.question_families.assembly import (
    GENERATED_PREFIX,
    MAX_EXPLANATION_CHARS,
    MAX_OPTION_CHARS,
    MAX_QUESTION_CHARS,
    Generated,
)
from bot.domain.question_families.dates_and_numbers import ORDER_SETS_PER_EVENT
from bot.domain.question_families.index import Index, rank
from bot.domain.question_families.translated import in_every_language
from bot.domain.text import fold
from bot.i18n import DEFAULT, use_language

MAX_FAMILY_SHARE = 0.10  # of the whole pool, hand-written questions included
_GENERATED: dict[int, tuple[Content, tuple[Generated, ...]]] = {}

__all__ = [
    "GENERATED_PREFIX",
    "MAX_EXPLANATION_CHARS",
    "MAX_FAMILY_SHARE",
    "MAX_OPTION_CHARS",
    "MAX_QUESTION_CHARS",
    "ORDER_SETS_PER_EVENT",
    "Generated",
    "generate",
    "generate_questions",
    "template_of",
]


def generate_questions(content: Content) -> tuple[TriviaQuestion, ...]:
    """Every generated question for ``content``, in a stable order."""
    return tuple(g.question for g in generate(content))


def generate(content: Content) -> tuple[Generated, ...]:
    """``generate_questions`` with each question's provenance (for tests and ``check``).

    Computed once per Content object (content never changes while the bot runs), in English
    whatever the language of the moment, then read in every shipped language.
    """
    cached = _GENERATED.get(id(content))
    if cached is None or cached[0] is not content:
        with use_language(DEFAULT):
            built = _generate(Index.of(content))
        cached = _GENERATED[id(content)] = (content, tuple(map(_in_every_language, built)))
        if len(_GENERATED) > 8:  # a handful of contents per process at most (tests build a few)
            _GENERATED.pop(next(iter(_GENERATED)))
    return cached[1]


def _generate(index: Index) -> tuple[Generated, ...]:
    built: list[Generated] = []
    for family in (
        cast.questions,
        quotes.questions,
        crew.questions,
        dates_and_numbers.questions,
    ):
        built.extend(family(index))
    taken = {fact for q in index.content.trivia for fact in repeats.rests_on(index.content, q)}
    # Word for word a hand-written question: a repeat whatever the facts' inference found.
    handwritten = {fold(q.question) for q in index.content.trivia}
    seen: set[str] = set()
    kept = []
    for item in built:
        question = item.question
        if question.id in seen or fold(question.question) in handwritten or repeats.covered(item.fact, taken):
            continue
        seen.add(question.id)
        kept.append(item)
    return _capped(kept, len(index.content.trivia))


def _in_every_language(item: Generated) -> Generated:
    if item.words is None:
        return item
    question = in_every_language(
        item.question,
        *item.words,
        options=item.options,
        max_question=MAX_QUESTION_CHARS,
        max_explanation=MAX_EXPLANATION_CHARS,
        max_option=MAX_OPTION_CHARS,
    )
    return dataclasses.replace(item, question=question)


def template_of(family: str) -> str:
    """The template a family reads as: "first" and "last" are one ("Which of these came …?")."""
    return "first/last" if family in ("first", "last") else family


def _capped(items: list[Generated], handwritten: int) -> tuple[Generated, ...]:
    """No template above ``MAX_FAMILY_SHARE`` of the whole pool: the surplus goes, in a stable order."""
    while True:
        cap = int(MAX_FAMILY_SHARE * (handwritten + len(items)))
        counts: dict[str, int] = {}
        for item in items:
            counts[template_of(item.family)] = counts.get(template_of(item.family), 0) + 1
        over = {template for template, n in counts.items() if n > cap}
        if not over:
            return tuple(items)
        keep: set[str] = set()
        for template in over:
            members = sorted(
                (i for i in items if template_of(i.family) == template),
                key=lambda i: rank("cap", i.question.id),
            )
            keep.update(i.question.id for i in members[:cap])
        items = [i for i in items if template_of(i.family) not in over or i.question.id in keep]
