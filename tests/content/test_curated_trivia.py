"""The hand-written questions in data/trivia.yaml: each reveal teaches something, stands on its own,
and the difficulty says what a fan must know (dates and figures are hard)."""

from __future__ import annotations

import re

from bot.domain.content import Content, Difficulty, TriviaQuestion
from bot.domain.text import fold

# Words too common to count as something the reveal adds.
_FILLER = {"that", "this", "with", "from", "film", "films", "ballerina", "also", "their", "there", "which"}
# A reveal is read after a question the player may never have seen next to it.
_POINTS_ELSEWHERE = re.compile(
    r"\b(?:same scene|this question|that question|previous question|next question|see question"
    r"|question \d+|trivia-\d+|as above|see above|see below)\b",
    re.IGNORECASE,
)
# An answer that is a date or a figure: "June 6, 2025", "About $90 million", "187, over eight days".
_DATE_OR_FIGURE = re.compile(r"^(?:about |us)?\$?\d|\b(?:19|20)\d\d$", re.IGNORECASE)


def curated(content: Content) -> list[TriviaQuestion]:
    return [q for q in content.trivia if q.id.startswith("trivia-")]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) >= 4} - _FILLER


def new_words(question: TriviaQuestion) -> set[str]:
    """Words of the reveal that neither the question nor any accepted answer already gave."""
    given = _words(" ".join((question.question, question.answer, *question.accepted_answers)))
    return _words(question.explanation) - given


def test_every_hand_written_question_has_a_reveal_that_adds_something(content: Content) -> None:
    questions = curated(content)
    assert len(questions) >= 80
    for question in questions:
        assert question.explanation.strip(), question.id
        # Three new words at least: "Rated R." for "What is its rating?" restates, a sourced fact adds.
        assert len(new_words(question)) >= 3, (question.id, question.explanation)


def test_a_reveal_that_restates_the_answer_is_caught() -> None:
    restating = TriviaQuestion(
        id="trivia-900",
        question="Which company distributed Ballerina?",
        answer="Lionsgate",
        wrong_answers=("Netflix", "Universal Pictures", "Warner Bros. Pictures"),
        difficulty=Difficulty.EASY,
        explanation="Lionsgate distributed Ballerina.",
        sources=("wikipedia",),
    )
    assert not new_words(restating)


def test_reveals_never_point_at_another_question(content: Content) -> None:
    for question in curated(content):
        assert not _POINTS_ELSEWHERE.search(question.explanation), (question.id, question.explanation)


def test_dates_and_figures_are_hard(content: Content) -> None:
    dated = [q for q in curated(content) if _DATE_OR_FIGURE.search(q.answer.strip())]
    assert len(dated) >= 10  # the release dates, runtime, budget, gross, days, ages, burns
    for question in dated:
        assert question.difficulty is Difficulty.HARD, (question.id, question.answer)


def test_the_easy_tier_has_enough_hand_written_questions(content: Content) -> None:
    # Easy games draw on these first: premise, setting, franchise links, set pieces.
    easy = [q for q in curated(content) if q.difficulty is Difficulty.EASY]
    assert len(easy) >= 30
