"""A question's time grows with its length; the server's limit stays the minimum."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.content import Difficulty, TriviaQuestion
from bot.domain.trivia.game import TriviaGame, TriviaMode, score_answer
from bot.domain.trivia.limits import TriviaSettings
from bot.domain.trivia.reading import MAX_QUESTION_SECONDS, question_seconds


def test_a_short_question_gets_the_servers_limit() -> None:
    assert question_seconds(["Who trains Eve?", "Nogi", "Winston", "Charon", "The Director"], 20) == 20


def test_a_long_question_gets_time_to_read_it_at_150_words_a_minute() -> None:
    texts = [" ".join(["word"] * 50), "one two", "three four", "five six", "seven eight"]  # 58 words
    assert question_seconds(texts, 20) == 24 + 8  # ceil(58 / 2.5) seconds to read, 8 to answer
    assert question_seconds(texts, 45) == 45  # never less than the server's limit


@given(st.lists(st.text(max_size=300), max_size=5), st.integers(10, 60), st.integers(0, 100))
def test_more_words_never_mean_less_time_and_the_time_is_bounded(
    texts: list[str], minimum: int, extra: int
) -> None:
    seconds = question_seconds(texts, minimum)
    assert minimum <= seconds <= max(minimum, MAX_QUESTION_SECONDS)
    assert question_seconds([*texts, "word " * extra], minimum) >= seconds


def question(text: str) -> TriviaQuestion:
    return TriviaQuestion(
        id="q",
        question=text,
        answer="Eve",
        wrong_answers=("Ana", "Nogi", "Ian"),
        difficulty=Difficulty.EASY,
        sources=(),
    )


def test_a_game_gives_a_long_question_its_longer_time_and_scores_against_it() -> None:
    long = question(" ".join(["word"] * 60) + "?")
    settings = TriviaSettings(time_limit=20, question_count=1, points=100)
    game = TriviaGame([long], mode=TriviaMode.CHOICE, settings=settings, rng=random.Random(1))
    asked = game.start_question(0.0)
    limit = question_seconds((long.question, *asked.options), 20)
    assert limit > 20 and game.deadline == limit and game.question_limit == limit
    outcome = game.answer(1, asked.correct_letter or "A", 25.0)  # past the server's 20 s: still open
    assert outcome.correct and outcome.points == score_answer(100, limit, limit - 25.0)
