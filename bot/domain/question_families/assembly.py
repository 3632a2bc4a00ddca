"""Assembling one generated question: the rules every family's question keeps.

Options must fit a button and differ when typed, a wrong option the answer's matcher would
take is not offered, and the question's level is the highest of everything it rests on or shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.domain.content import AnswerKind, SpoilerLevel, TriviaQuestion
from bot.domain.question_families.difficulty import DIFFICULTY, Subject
from bot.domain.question_families.index import Index
from bot.domain.question_families.translated import Data, Words
from bot.domain.text import fold, truncate
from bot.domain.trivia.answers import AnswerMatcher

GENERATED_PREFIX = "gen-"
MAX_QUESTION_CHARS = 300
MAX_OPTION_CHARS = 80
MAX_EXPLANATION_CHARS = 600


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated question with what it was built from.

    ``basis``: ids of the content items (cast, crew, quote, fact) the right answer rests on;
    ``fact``: the one fact the question asks about ("cast-ana-de-armas" for who plays Eve,
    "cast-ana-de-armas/description" for her description, "release-us#1" for a figure), which
    a hand-written question's ``rests_on`` names to take its place. ``reveal_from``: the items
    the reveal's added fact comes from. The question carries the sources of basis and reveal.
    ``shown``: ids of items whose text appears as a wrong option; with the basis and the
    reveal, they set the spoiler level, raised to ``raised`` where a shown context tells more.
    """

    question: TriviaQuestion
    family: str
    basis: tuple[str, ...]
    shown: tuple[str, ...]
    subject: Subject
    fact: str
    reveal_from: tuple[str, ...]
    raised: SpoilerLevel | None = None
    # The question's text and reveal as words, to read in every language (``translated``), and
    # options that read differently there (an event), by their English text.
    words: tuple[Words, Words] | None = None
    options: Mapping[str, Data] | None = None


def _options_fit(answer: str, wrong: Sequence[str]) -> bool:
    texts = (answer, *wrong)
    return (
        len(wrong) == 3
        and all(0 < len(t) <= MAX_OPTION_CHARS for t in texts)
        and len({fold(t) for t in texts}) == 4
    )


def _distinct(forms: Iterable[str], answer: str) -> list[str]:
    seen = {fold(answer)}
    out = []
    for form in forms:
        if fold(form) and fold(form) not in seen:
            seen.add(fold(form))
            out.append(form)
    return out


def _safe_forms(forms: Iterable[str], wrong: Sequence[str]) -> tuple[str, ...]:
    """Drop forms the matcher would confuse with a wrong option (either way round)."""
    wrong_matcher = AnswerMatcher(wrong)
    return tuple(
        form
        for form in forms
        if not wrong_matcher.matches(form) and not any(AnswerMatcher((form,)).matches(w) for w in wrong)
    )


def assemble(
    index: Index,
    *,
    family: str,
    key: str,
    text: Words,
    answer: str,
    wrong: Sequence[tuple[str, str]],
    basis: Sequence[str],
    subject: Subject,
    kind: AnswerKind,
    reveal: Words,
    reveal_from: Sequence[str],
    fact: str = "",
    forms: Iterable[str] = (),
    needs_options: bool = False,
    raised: SpoilerLevel | None = None,
    options: Mapping[str, Data] | None = None,
) -> Generated | None:
    """Assemble one question; None when it would break a rule (length, options, levels).

    ``kind`` is what the question asks for, which the typed-answer matcher keeps to: "Who plays
    Eve?" is ``ACTOR`` (so "Eve" is wrong), "Which character…" is ``CHARACTER``. ``text`` and
    ``reveal`` are read in English here (generation runs in English); every rule reads them so.
    """
    asked, told = str(text), str(reveal)
    # A wrong option the answer's matcher would take ("US second-weekend gross" for "US
    # opening-weekend gross") could be typed and scored right: such an option is not offered.
    matcher = AnswerMatcher((answer,))
    wrong = [(w, i) for w, i in wrong if not matcher.matches(w) and not AnswerMatcher((w,)).matches(answer)]
    wrong_texts = [w for w, _ in wrong][:3]
    wrong = wrong[:3]
    if not _options_fit(answer, wrong_texts) or not 0 < len(asked) <= MAX_QUESTION_CHARS:
        return None
    shown = tuple(dict.fromkeys(item_id for _, item_id in wrong if item_id))
    level = index.level((*basis, *shown, *reveal_from))
    if raised is not None and raised.rank > level.rank:
        level = raised
    question = TriviaQuestion(
        id=f"{GENERATED_PREFIX}{family}-{key}",
        question=asked,
        answer=answer,
        wrong_answers=(wrong_texts[0], wrong_texts[1], wrong_texts[2]),
        accepted_answers=_safe_forms(_distinct(forms, answer), wrong_texts),
        spoiler=level,
        difficulty=DIFFICULTY[subject],
        explanation=truncate(told, MAX_EXPLANATION_CHARS),
        sources=index.sources_of((*basis, *reveal_from)),
        needs_options=needs_options,
        answer_kind=kind,
    )
    return Generated(
        question,
        family,
        tuple(basis),
        shown,
        subject=subject,
        fact=fact or basis[0],
        reveal_from=tuple(reveal_from),
        raised=raised,
        words=(text, reveal),
        options=options,
    )
