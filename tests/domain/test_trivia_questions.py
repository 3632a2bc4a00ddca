"""A server's own questions: one validation, and their content ids."""

from __future__ import annotations

import pytest

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.trivia import (
    custom_question,
    is_custom_question,
)

# --------------------------------------------------------------------------- custom questions


def test_custom_question_becomes_a_trivia_question() -> None:
    q = custom_question(
        12,
        "  What does Eve dance?  ",
        " Ballet ",
        ["Tango", "Salsa ", "Waltz"],
        accepted_answers=["ballet dancing", " "],
        difficulty="hard",
        spoiler="minor",
    )
    assert q.id == "custom-12"
    assert is_custom_question(q.id)
    assert not is_custom_question("trivia-001")
    assert (q.question, q.answer, q.wrong_answers) == (
        "What does Eve dance?",
        "Ballet",
        ("Tango", "Salsa", "Waltz"),
    )
    assert q.accepted_answers == ("ballet dancing",)
    assert q.difficulty is Difficulty.HARD
    assert q.spoiler is SpoilerLevel.MINOR
    assert q.sources == ()


@pytest.mark.parametrize(
    ("question", "answer", "wrong_answers", "error"),
    [
        ("", "A", ["B", "C", "D"], "question can't be empty"),
        ("Q?", "  ", ["B", "C", "D"], "answer can't be empty"),
        ("Q?", "A", ["B", "C"], "exactly three wrong answers"),
        ("Q?", "A", ["B", "C", " "], "Wrong answer 3 can.t be empty"),
        ("Q?", "Ballet", ["ballet!", "C", "D"], "must all be different"),
        ("Q?", "A", ["Café", "cafe", "D"], "must all be different"),
    ],
)
def test_custom_question_rejects_unaskable_questions(
    question: str, answer: str, wrong_answers: list[str], error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        custom_question(1, question, answer, wrong_answers)


def test_control_characters_are_dropped_and_an_answer_of_only_those_is_empty() -> None:
    """Found by the thorough Hypothesis run: '\\x000' passed as a wrong answer, then SQLite's CHECK
    (length() stops at a NUL) refused it: "Something went wrong"."""
    from bot.domain.errors import InvalidInput
    from bot.domain.trivia.questions import custom_question

    checked = custom_question(1, "Who?\x00", "A\x07", ["\x000", "B", "C"])
    assert (checked.question, checked.answer, checked.wrong_answers) == ("Who?", "A", ("0", "B", "C"))
    with pytest.raises(InvalidInput, match="Wrong answer 1 can't be empty"):
        custom_question(1, "Who?", "A", ["\x00\x01", "B", "C"])
