"""Which questions a game asks: filters, no repeats until the pool is used up, determinism."""

from __future__ import annotations

import random
from typing import Any

import pytest

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.trivia import (
    select_questions,
)
from bot.domain.trivia.selection import Shortfall, shortfall
from tests.domain.trivia_helpers import make_q

# --------------------------------------------------------------------------- selection

POOL = [
    make_q("e1"),
    make_q("e2"),
    make_q("e-minor", spoiler=SpoilerLevel.MINOR),
    make_q("e-major", spoiler=SpoilerLevel.MAJOR),
    make_q("m1", difficulty=Difficulty.MEDIUM),
    make_q("h1", difficulty=Difficulty.HARD),
    make_q("h-minor", difficulty=Difficulty.HARD, spoiler=SpoilerLevel.MINOR),
]


def ids(questions: Any) -> set[str]:
    return {q.id for q in questions}


@pytest.mark.parametrize(
    ("difficulty", "max_spoiler", "expected"),
    [
        (Difficulty.EASY, SpoilerLevel.NONE, {"e1", "e2"}),
        (Difficulty.EASY, SpoilerLevel.MINOR, {"e1", "e2", "e-minor"}),
        (Difficulty.EASY, SpoilerLevel.MAJOR, {"e1", "e2", "e-minor", "e-major"}),
        (Difficulty.HARD, SpoilerLevel.NONE, {"h1"}),
        (None, SpoilerLevel.NONE, {"e1", "e2", "m1", "h1"}),
        (None, SpoilerLevel.MINOR, {"e1", "e2", "e-minor", "m1", "h1", "h-minor"}),
    ],
)
def test_selection_filters_by_difficulty_and_spoiler_level(
    difficulty: Difficulty | None, max_spoiler: SpoilerLevel, expected: set[str]
) -> None:
    selection = select_questions(POOL, 50, difficulty, max_spoiler, set(), random.Random(1))
    assert ids(selection.questions) == expected
    assert len(selection.questions) == len(expected)
    assert selection.pool_ids == expected
    assert not selection.reset_history


def test_no_question_repeats_until_the_pool_is_used_up_then_history_resets() -> None:
    pool = [make_q(f"q{i}") for i in range(10)]
    rng = random.Random(42)
    history: set[str] = set()
    seen: list[str] = []
    for _ in range(3):
        selection = select_questions(pool, 3, None, SpoilerLevel.NONE, history, rng)
        assert len(selection.questions) == 3
        assert not selection.reset_history
        assert not ids(selection.questions) & history, "a question repeated before the pool ran out"
        seen.extend(q.id for q in selection.questions)
        history = selection.history_after(history)
    assert len(set(seen)) == 9

    # One question left unasked: it is picked, the history resets, two repeats fill the game.
    last_fresh = ({q.id for q in pool} - history).pop()
    selection = select_questions(pool, 3, None, SpoilerLevel.NONE, history, rng)
    assert selection.reset_history
    assert len(selection.questions) == 3
    assert len(ids(selection.questions)) == 3, "duplicate question within one game"
    assert last_fresh in ids(selection.questions)
    assert selection.history_after(history) == ids(selection.questions)


def test_history_of_other_filters_survives_a_reset() -> None:
    history = {"e1", "e2", "h1"}
    selection = select_questions(POOL, 1, Difficulty.EASY, SpoilerLevel.NONE, history, random.Random(3))
    assert selection.reset_history
    assert selection.history_after(history) == {"h1"} | ids(selection.questions)


def test_fewer_eligible_questions_than_asked_for() -> None:
    selection = select_questions(POOL, 10, Difficulty.EASY, SpoilerLevel.NONE, set(), random.Random(1))
    assert ids(selection.questions) == {"e1", "e2"}
    assert not selection.reset_history

    selection = select_questions(POOL, 10, Difficulty.EASY, SpoilerLevel.NONE, {"e1"}, random.Random(1))
    assert ids(selection.questions) == {"e1", "e2"}
    assert selection.reset_history

    assert select_questions([], 5, None, SpoilerLevel.MAJOR, set(), random.Random(1)).questions == ()
    assert select_questions(POOL, 0, None, SpoilerLevel.MAJOR, set(), random.Random(1)).questions == ()


def test_selection_is_deterministic_for_a_seed_and_drops_duplicate_ids() -> None:
    pool = [make_q(f"q{i}") for i in range(20)] + [make_q("q3")]
    a = select_questions(pool, 5, None, SpoilerLevel.NONE, set(), random.Random(9))
    b = select_questions(pool, 5, None, SpoilerLevel.NONE, set(), random.Random(9))
    assert [q.id for q in a.questions] == [q.id for q in b.questions]
    everything = select_questions(pool, 50, None, SpoilerLevel.NONE, set(), random.Random(9))
    assert len(everything.questions) == 20


def test_typed_games_leave_out_questions_that_need_their_options() -> None:
    pool = [make_q("plain"), make_q("which", needs_options=True)]
    assert ids(select_questions(pool, 5, None, SpoilerLevel.NONE, set(), random.Random(1)).questions) == {
        "plain",
        "which",
    }
    typed = select_questions(pool, 5, None, SpoilerLevel.NONE, set(), random.Random(1), typed=True)
    assert ids(typed.questions) == {"plain"}
    assert typed.pool_ids == {"plain"}  # the history reset only forgets what a typed game could ask


# --------------------------------------------------------------------------- shortfall


def test_a_game_of_one_difficulty_with_enough_questions_is_not_short() -> None:
    assert shortfall(POOL, 4, Difficulty.EASY, SpoilerLevel.MAJOR) is None  # exactly enough
    assert shortfall(POOL, 99, None, SpoilerLevel.NONE) is None  # mixed starts with what there is


def test_a_shortfall_says_whether_the_spoiler_limit_caused_it() -> None:
    assert shortfall(POOL, 3, Difficulty.EASY, SpoilerLevel.MINOR) is None
    short = shortfall(POOL, 4, Difficulty.EASY, SpoilerLevel.MINOR)
    assert short == Shortfall(Difficulty.EASY, 3, 4, by_spoilers=True, spoilers_excluded=False, typed=False)
    short = shortfall(POOL, 2, Difficulty.HARD, SpoilerLevel.MAJOR, spoilers_excluded=True)
    assert short is None
    short = shortfall(POOL, 3, Difficulty.HARD, SpoilerLevel.MAJOR)
    assert short == Shortfall(Difficulty.HARD, 2, 3, by_spoilers=False, spoilers_excluded=False, typed=False)
    typed_pool = [*POOL, make_q("e-choice", needs_options=True)]
    short = shortfall(typed_pool, 5, Difficulty.EASY, SpoilerLevel.MAJOR, typed=True)
    assert short == Shortfall(Difficulty.EASY, 4, 5, by_spoilers=False, spoilers_excluded=False, typed=True)
