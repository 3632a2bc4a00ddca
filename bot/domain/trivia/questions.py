"""Questions a server writes itself: one validation, used by the form, the store and the game pool.

A server's question number ``n`` is the content id ``custom-<n>`` everywhere (history of asked
questions included). ``custom_question`` is the only place that decides whether such a question
can be asked; the form calls it before saving and the pool calls it when a game starts, so a
question that was saved can always be asked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.content import Difficulty, SpoilerLevel, TriviaQuestion
from bot.domain.errors import InvalidInput
from bot.domain.text import escape_markdown, fold
from bot.domain.trivia.limits import ANSWER_TEXT_MAX, QUESTION_TEXT_MAX
from bot.i18n import _

CUSTOM_ID_PREFIX = "custom-"


@dataclass(frozen=True, slots=True)
class CustomQuestion:
    """A server's own question as stored (texts exactly as the moderator typed them)."""

    id: int
    guild_id: int
    author_id: int
    question: str
    answer: str
    wrong: tuple[str, str, str]
    spoiler: SpoilerLevel
    difficulty: Difficulty
    created_at: datetime


def custom_question_id(number: int) -> str:
    """The content id of a server's own question number ``number``: ``custom-<n>``."""
    return f"{CUSTOM_ID_PREFIX}{number}"


def custom_question_number(question_id: str) -> int | None:
    """The server's question number behind a ``custom-<n>`` id, or None for a film question."""
    if not question_id.startswith(CUSTOM_ID_PREFIX):
        return None
    digits = question_id[len(CUSTOM_ID_PREFIX) :]
    return int(digits) if digits.isdigit() else None


def is_custom_question(question_id: str) -> bool:
    return question_id.startswith(CUSTOM_ID_PREFIX)


def _visible(text: str) -> str:
    """Without control characters (a NUL would end the text early for SQLite; others print nothing)."""
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc").strip()


def custom_question(
    number: int,
    question: str,
    answer: str,
    wrong_answers: Sequence[str],
    *,
    accepted_answers: Sequence[str] = (),
    difficulty: Difficulty | str = Difficulty.MEDIUM,
    spoiler: SpoilerLevel | str = SpoilerLevel.NONE,
    explanation: str = "",
) -> TriviaQuestion:
    """Check a server's question and turn it into a TriviaQuestion (texts stripped).

    Raises ``InvalidInput`` with a message naming the field, fit to show the moderator:
    an empty or too long field, not exactly three wrong answers, or options that are the
    same once case, accents and punctuation are ignored (they could not be told apart,
    and typed answers are compared that way).
    """
    question, answer = _visible(question), _visible(answer)
    wrong = tuple(_visible(w) for w in wrong_answers)
    if len(wrong) != 3:
        raise InvalidInput(_("A question needs exactly three wrong answers."))
    fields = [
        (_("The question"), question, QUESTION_TEXT_MAX),
        (_("The correct answer"), answer, ANSWER_TEXT_MAX),
    ]
    fields += [
        (_("Wrong answer {number}").format(number=i), text, ANSWER_TEXT_MAX)
        for i, text in enumerate(wrong, start=1)
    ]
    for label, text, limit in fields:
        size = len(text.strip())
        if not size:
            raise InvalidInput(_("{field} can't be empty.").format(field=label))
        if size > limit:
            raise InvalidInput(
                _("{field} is too long ({size} characters; at most {limit}).").format(
                    field=label, size=size, limit=limit
                )
            )
    question, answer = question.strip(), answer.strip()
    if len({fold(option) for option in (answer, *wrong)}) != 4:
        raise InvalidInput(_("The answer and the three wrong answers must all be different."))
    try:
        level, diff = SpoilerLevel(spoiler), Difficulty(difficulty)
    except ValueError:
        unknown = _("Unknown spoiler level or difficulty: {spoiler}, {difficulty}.")
        raise InvalidInput(unknown.format(spoiler=repr(spoiler), difficulty=repr(difficulty))) from None
    return TriviaQuestion(
        id=custom_question_id(number),
        question=question,
        answer=answer,
        wrong_answers=(wrong[0], wrong[1], wrong[2]),
        accepted_answers=tuple(a for a in (s.strip() for s in accepted_answers) if a),
        spoiler=level,
        difficulty=diff,
        explanation=explanation.strip(),
        sources=(),
    )


def playable(stored: CustomQuestion) -> TriviaQuestion:
    """A stored question as a game asks it: validated, and its markdown escaped.

    Moderators' text is shown exactly as typed, so its markdown (spoiler bars included) cannot
    act on the message. Raises ``InvalidInput`` only for a row written before a rule changed.
    """
    checked = custom_question(
        stored.id,
        stored.question,
        stored.answer,
        stored.wrong,
        spoiler=stored.spoiler,
        difficulty=stored.difficulty,
    )
    wrong = tuple(escape_markdown(w) for w in checked.wrong_answers)
    return TriviaQuestion(
        id=checked.id,
        question=escape_markdown(checked.question),
        answer=escape_markdown(checked.answer),
        wrong_answers=(wrong[0], wrong[1], wrong[2]),
        spoiler=checked.spoiler,
        difficulty=checked.difficulty,
        sources=(),
    )
