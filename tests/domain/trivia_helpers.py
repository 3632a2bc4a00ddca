"""Hand-made questions and games for the trivia domain tests (no data/ files)."""

from __future__ import annotations

import random
from typing import Any

from bot.domain.content import Difficulty, SpoilerLevel, TriviaQuestion
from bot.domain.trivia import LETTERS, AskedQuestion, TriviaGame, TriviaMode
from bot.domain.trivia.limits import TriviaSettings

SETTINGS = TriviaSettings(time_limit=20, question_count=10, points=100)
ALICE, BOB, CAROL, DAVE = 1, 2, 3, 4


def make_q(
    qid: str,
    *,
    difficulty: Difficulty = Difficulty.EASY,
    spoiler: SpoilerLevel = SpoilerLevel.NONE,
    answer: str = "Right",
    wrong: tuple[str, str, str] = ("Wrong one", "Wrong two", "Wrong three"),
    accepted: tuple[str, ...] = (),
    needs_options: bool = False,
) -> TriviaQuestion:
    return TriviaQuestion(
        id=qid,
        question=f"Question {qid}?",
        answer=answer,
        wrong_answers=wrong,
        accepted_answers=accepted,
        spoiler=spoiler,
        difficulty=difficulty,
        sources=(),
        needs_options=needs_options,
    )


def right(asked: AskedQuestion) -> str:
    assert asked.correct_letter is not None
    return asked.correct_letter


def wrong(asked: AskedQuestion) -> str:
    return next(letter for letter in LETTERS if letter != asked.correct_letter)


def new_game(n: int = 3, *, mode: TriviaMode = TriviaMode.CHOICE, **kwargs: Any) -> TriviaGame:
    questions = [make_q(f"q{i}") for i in range(1, n + 1)]
    return TriviaGame(questions, mode=mode, settings=SETTINGS, rng=random.Random(7), **kwargs)
