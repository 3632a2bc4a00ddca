"""Which facts a hand-written question rests on, so a generated question does not ask it again.

A hand-written question names them in ``rests_on`` (content ids; a figure of a fact with several
as ``id#n``). Without it they are inferred from its answer and its subject: the answer is one
side of a fact and the question names the other (the actor and the character, the crew member
and the credit, an event and its date), or the question prints a quote or a description.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.domain import figures
from bot.domain.content import Content, TriviaQuestion
from bot.domain.question_families.names import mentions, words
from bot.domain.text import fold
from bot.domain.trivia.answers import AnswerMatcher

_FILLER = frozenset(["ballerina", "ballerina's", "the", "which", "what", "when", "film", "films"])


def _names(texts: Iterable[str]) -> set[str]:
    return {w for t in texts for w in words(t) if w not in _FILLER}


def rests_on(content: Content, question: TriviaQuestion) -> frozenset[str]:
    # A line the reveal quotes along with who said it is told there: a generated "who said
    # this?" would be answered by it.
    told = _quoted_in(content, question)
    if question.rests_on:
        return frozenset(question.rests_on) | told
    return _inferred(content, question) | told


# A run this long of a quote's words is that quote (a shorter line must appear whole).
_QUOTED_RUN = 5


def _quoted_in(content: Content, question: TriviaQuestion) -> frozenset[str]:
    """The quotes the reveal prints (the whole line, or five of its words in a row) while the
    question names their speaker, by name or by role ("the director", "Keanu Reeves")."""
    folded = f" {fold(question.explanation)} "
    told = " ".join((question.question, question.answer, question.explanation))
    out = set()
    for quote in content.quotes:
        line = fold(quote.text).split()
        runs = [line[i : i + _QUOTED_RUN] for i in range(max(1, len(line) - _QUOTED_RUN + 1))]
        if not line or not any(f" {' '.join(run)} " in folded for run in runs):
            continue
        role = words(quote.speaker_is.removeprefix("plays ")) - _FILLER
        if mentions(told, words(quote.speaker) | role):
            out.add(quote.id)
    return frozenset(out)


def _inferred(content: Content, question: TriviaQuestion) -> frozenset[str]:
    matcher = AnswerMatcher.for_question(question)
    text = question.question
    folded = fold(text)
    out: set[str] = set()

    # A list answer ("Tyler Bates and Joel J. Richard") rests on each of its names.
    parts = [p for p in re.split(r"\s*(?:,|&|\band\b)\s*", question.answer) if p]

    def answers(*names: str) -> bool:  # either way round: "Winston" for "Winston Scott"
        theirs = AnswerMatcher(names)
        return any(matcher.matches(n) for n in names) or any(theirs.matches(p) for p in parts)

    for member in content.cast:
        character = _names([member.character, *member.aliases]) - words(member.actor)
        actor = words(member.actor)
        if (answers(member.actor) and mentions(text, character)) or (
            answers(member.character, *member.aliases) and mentions(text, actor)
        ):
            out.add(member.id)
        if fold(member.description)[:40] in folded:
            out.add(f"{member.id}/description")
    for crew in content.crew:
        job = _names([crew.job, *crew.job_words]) - _FILLER
        if (answers(crew.name) and mentions(text, job)) or (
            answers(crew.job) and mentions(text, words(crew.name))
        ):
            out.add(crew.id)
    for quote in content.quotes:
        line = fold(quote.text)[:40]
        if line in folded or matcher.matches(quote.text):
            out.add(quote.id)
    for fact in content.film.facts:
        for number, figure in enumerate(fact.figures, start=1):
            key = fact.id if len(fact.figures) == 1 else f"{fact.id}#{number}"
            values = [
                figures.shown(figure.kind, figure.value),
                *figures.typed_forms(figure.kind, figure.value),
            ]
            if any(matcher.matches(v) for v in values) and _names_event(folded, figure.event):
                out.add(key)
    return frozenset(out)


def _names_event(folded: str, event: str) -> bool:
    """ "released in US theaters" names "Ballerina's US theatrical release": its acronyms (US, UK)
    must all be there, and one longer word by its stem ("theat")."""
    acronyms = {fold(w) for w in event.split() if w.isupper() and len(w) >= 2}
    tokens = [t for t in fold(event).split() if len(t) >= 4 and t not in _FILLER | {"release", "ballerinas"}]
    mine = folded.split()
    stems = {t[:5] for t in tokens}
    return acronyms <= set(mine) and any(w.startswith(s) for w in mine for s in stems)


def covered(fact: str, taken: Iterable[str]) -> bool:
    """Whether ``fact`` is one a hand-written question rests on (an id covers all its figures)."""
    return any(fact == t or fact.startswith(t + "#") for t in taken)
