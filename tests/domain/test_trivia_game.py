"""One game's rules: options, scoring, refusals, streaks, reveals, standings, idle ends."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from bot.domain.trivia import (
    LETTERS,
    AlreadyAnswered,
    AskedQuestion,
    EndReason,
    GameNotRunning,
    InvalidAnswer,
    QuestionClosed,
    Reveal,
    Standing,
    TriviaError,
    TriviaGame,
    TriviaMode,
    ask,
    score_answer,
)
from tests.domain.trivia_helpers import ALICE, BOB, CAROL, DAVE, SETTINGS, make_q, new_game, right, wrong

# --------------------------------------------------------------------------- options


def test_options_are_shuffled_deterministically_and_the_letter_points_at_the_answer() -> None:
    q = make_q("q", answer="Ana de Armas", wrong=("Florence Pugh", "Anya Taylor-Joy", "Sydney Sweeney"))
    first = ask(q, TriviaMode.CHOICE, random.Random(5))
    assert first == ask(q, TriviaMode.CHOICE, random.Random(5))
    assert sorted(first.options) == sorted((q.answer, *q.wrong_answers))
    letters_seen = set()
    for seed in range(40):
        asked = ask(q, TriviaMode.CHOICE, random.Random(seed))
        assert asked.correct_letter is not None
        assert asked.options[LETTERS.index(asked.correct_letter)] == "Ana de Armas"
        assert asked.lettered_options()[LETTERS.index(asked.correct_letter)] == (
            asked.correct_letter,
            q.answer,
        )
        letters_seen.add(asked.correct_letter)
    assert letters_seen == set(LETTERS), "the answer should land on every letter for some seed"


def test_typed_mode_has_no_options() -> None:
    asked = ask(make_q("q"), TriviaMode.TYPED, random.Random(1))
    assert asked.options == ()
    assert asked.correct_letter is None
    assert asked.correct_text == "Right"


# --------------------------------------------------------------------------- scoring


@pytest.mark.parametrize(
    ("points", "remaining", "expected"),
    [
        (100, 20.0, 150),  # instant: +50%
        (100, 0.0, 100),  # on the buzzer: no bonus
        (100, 10.0, 125),  # linear
        (100, 19.0, 147),  # rounded down
        (100, 25.0, 150),  # clamped above
        (100, -3.0, 100),  # clamped below
        (101, 20.0, 151),  # never more than 50% extra
        (1, 20.0, 1),
        (1000, 20.0, 1500),
    ],
)
def test_speed_bonus_formula_and_bounds(points: int, remaining: float, expected: int) -> None:
    assert score_answer(points, 20, remaining) == expected
    assert points <= score_answer(points, 20, remaining) <= points * 1.5


def test_game_scores_by_time_remaining_and_wrong_answers_score_nothing() -> None:
    game = new_game()
    asked = game.start_question(100.0)
    assert game.deadline == 120.0
    fast = game.answer(ALICE, right(asked), at=100.0)
    slow = game.answer(BOB, right(asked), at=120.0)
    miss = game.answer(CAROL, wrong(asked), at=101.0)
    assert (fast.correct, fast.points) == (True, 150)
    assert (slow.correct, slow.points) == (True, 100)
    assert (miss.correct, miss.points, miss.streak) == (False, 0, 0)


# --------------------------------------------------------------------------- refusals


def test_each_member_answers_once_per_question() -> None:
    game = new_game()
    asked = game.start_question(0.0)
    game.answer(ALICE, wrong(asked), at=1.0)
    with pytest.raises(AlreadyAnswered) as info:
        game.answer(ALICE, right(asked), at=2.0)
    assert info.value.message == "You already locked in an answer for this question."
    game.close_question()
    asked = game.start_question(30.0)
    second = game.answer(ALICE, right(asked), at=31.0)  # a new question: allowed again
    assert second.correct


def test_answers_after_close_or_past_the_deadline_are_refused() -> None:
    game = new_game()
    with pytest.raises(QuestionClosed):
        game.answer(ALICE, "A", at=0.0)  # nothing asked yet
    asked = game.start_question(0.0)
    with pytest.raises(QuestionClosed) as info:
        game.answer(ALICE, right(asked), at=20.01)  # the loop has not closed it yet
    assert info.value.message == "Too late — this question has closed."
    game.answer(BOB, right(asked), at=20.0)  # exactly on the deadline still counts
    game.close_question()
    with pytest.raises(QuestionClosed):
        game.answer(CAROL, right(asked), at=5.0)


def test_invalid_answers_do_not_use_up_the_try() -> None:
    game = new_game()
    asked = game.start_question(0.0)
    for bad in ("E", "", "AB", "Right"):
        with pytest.raises(InvalidAnswer):
            game.answer(ALICE, bad, at=1.0)
    assert game.answer(ALICE, right(asked).lower(), at=1.0).correct

    typed = new_game(mode=TriviaMode.TYPED)
    typed.start_question(0.0)
    with pytest.raises(InvalidAnswer, match="Type an answer"):
        typed.answer(ALICE, "   ", at=1.0)
    assert typed.answer(ALICE, "right", at=1.0).correct


def test_a_finished_game_refuses_everything() -> None:
    game = new_game(1)
    asked = game.start_question(0.0)
    game.close_question()
    assert game.is_over
    assert game.end_reason is EndReason.FINISHED
    assert not game.has_next()
    with pytest.raises(GameNotRunning) as info:
        game.answer(ALICE, right(asked), at=1.0)
    assert isinstance(info.value, TriviaError)
    assert info.value.message
    with pytest.raises(GameNotRunning):
        game.start_question(2.0)


def test_ending_a_game_closes_the_open_question_and_the_first_reason_sticks() -> None:
    game = new_game()
    asked = game.start_question(0.0)
    game.end(EndReason.STOPPED)
    game.end(EndReason.ERROR)
    assert game.end_reason is EndReason.STOPPED
    assert not game.is_open
    with pytest.raises(GameNotRunning):
        game.answer(ALICE, right(asked), at=1.0)


def test_a_game_needs_questions() -> None:
    with pytest.raises(ValueError, match="at least one question"):
        TriviaGame([], settings=SETTINGS)


# --------------------------------------------------------------------------- streaks, reveal, standings


def play(
    game: TriviaGame, answers: dict[int, Callable[[AskedQuestion], str] | str], *, start: float
) -> Reveal:
    """Ask the next question; each member answers one second after the previous one."""
    asked = game.start_question(start)
    for offset, (user, response) in enumerate(answers.items(), 1):
        text = response(asked) if callable(response) else response
        game.answer(user, text, at=start + offset)
    return game.close_question()


def test_streaks_reset_on_a_wrong_answer_only() -> None:
    game = new_game(6)
    streaks = []
    pattern = [right, right, wrong, right, None, right]  # None: Alice skips that question
    for n, answer in enumerate(pattern):
        asked = game.start_question(n * 30.0)
        if answer is not None:
            streaks.append(game.answer(ALICE, answer(asked), at=n * 30.0 + 1).streak)
        else:
            game.answer(BOB, right(asked), at=n * 30.0 + 1)  # keep the game from going idle
        game.close_question()
    assert streaks == [1, 2, 0, 1, 2]
    (alice,) = [s for s in game.standings() if s.user_id == ALICE]
    assert alice.best_streak == 2
    assert (alice.correct, alice.answered) == (4, 5)


def test_reveal_lists_correct_answers_in_answer_order() -> None:
    game = new_game()
    reveal = play(game, {BOB: right, ALICE: wrong, CAROL: right}, start=0.0)
    assert reveal.question.id == "q1"
    assert reveal.correct_text == "Right"
    assert reveal.correct_letter == game.current.correct_letter  # type: ignore[union-attr]
    assert reveal.winners == [(BOB, 147), (CAROL, 142)]  # answered at +1 s and +3 s
    assert reveal.answered_count == 3
    assert reveal.correct_count == 2

    typed = new_game(mode=TriviaMode.TYPED)
    reveal = play(typed, {ALICE: "RIGHT!", BOB: "rhigth"}, start=0.0)  # two edits: too many for five letters
    assert reveal.correct_letter is None
    assert reveal.winners == [(ALICE, 147)]


def test_standings_order_points_then_correct_then_first_answer() -> None:
    game = new_game(3)
    # Q1: Dave answers first (wrong), Alice and Bob are right instantly, Carol right on the buzzer.
    asked = game.start_question(0.0)
    game.answer(DAVE, wrong(asked), at=0.0)
    game.answer(ALICE, right(asked), at=0.0)
    game.answer(BOB, right(asked), at=0.0)
    game.answer(CAROL, right(asked), at=20.0)
    game.close_question()
    # Q2: the same again, Dave still wrong.
    asked = game.start_question(30.0)
    game.answer(DAVE, wrong(asked), at=30.0)
    game.answer(ALICE, right(asked), at=30.0)
    game.answer(BOB, right(asked), at=30.0)
    game.answer(CAROL, right(asked), at=50.0)
    game.close_question()
    # Q3: only Carol, on the buzzer: 300 points from 3 answers ties Alice's and Bob's 300 from 2.
    asked = game.start_question(60.0)
    game.answer(CAROL, right(asked), at=80.0)
    game.close_question()

    assert game.standings() == [
        Standing(CAROL, 300, 3, 3, 3),  # more correct answers wins the tie on points
        Standing(ALICE, 300, 2, 2, 2),  # Alice's first answer came before Bob's
        Standing(BOB, 300, 2, 2, 2),
        Standing(DAVE, 0, 0, 2, 0),
    ]
    assert [s.user_id for s in game.winners()] == [CAROL, ALICE, BOB]  # ties share the win


def test_winners_need_points() -> None:
    game = new_game(1)
    play(game, {ALICE: wrong}, start=0.0)
    assert game.standings() == [Standing(ALICE, 0, 0, 1, 0)]
    assert game.winners() == []

    game = new_game(1)
    play(game, {ALICE: right, BOB: wrong}, start=0.0)
    assert [s.user_id for s in game.winners()] == [ALICE]


def test_the_game_ends_itself_after_three_unanswered_questions_in_a_row() -> None:
    game = new_game(8)
    for n in range(2):
        play(game, {}, start=n * 30.0)
    play(game, {ALICE: right}, start=60.0)  # an answer resets the count
    assert game.idle_questions == 0
    for n in range(3, 5):
        play(game, {}, start=n * 30.0)
        assert not game.is_over
    play(game, {}, start=150.0)
    assert game.idle_questions == 3
    assert game.end_reason is EndReason.IDLE
    assert game.number == 6


def test_a_silent_last_question_still_finishes_the_game_as_played_through() -> None:
    game = new_game(4)
    play(game, {ALICE: right}, start=0.0)
    for n in range(1, 4):
        play(game, {}, start=n * 30.0)
    assert game.idle_questions == 3
    assert game.end_reason is EndReason.FINISHED, "all questions were played: a finished game, with a winner"
    assert [s.user_id for s in game.winners()] == [ALICE]


def test_everyone_answered_needs_known_players_and_all_their_answers() -> None:
    game = new_game(4)
    asked = game.start_question(0.0)
    game.answer(ALICE, right(asked), at=1.0)
    game.answer(BOB, right(asked), at=2.0)
    assert not game.everyone_answered(), "the first question always runs to its deadline"
    game.close_question()
    assert not game.everyone_answered()

    asked = game.start_question(30.0)
    game.answer(ALICE, right(asked), at=31.0)
    assert not game.everyone_answered()
    game.answer(BOB, wrong(asked), at=32.0)
    assert game.everyone_answered()
    game.close_question()

    asked = game.start_question(60.0)
    game.answer(CAROL, right(asked), at=61.0)  # a newcomer is a player too
    game.answer(ALICE, right(asked), at=62.0)
    assert not game.everyone_answered()
    game.answer(BOB, right(asked), at=63.0)
    assert game.everyone_answered()
    assert len(game.standings()) == 3


def test_a_question_after_a_silent_first_one_still_runs_to_its_deadline() -> None:
    game = new_game(3)
    play(game, {}, start=0.0)
    asked = game.start_question(30.0)
    game.answer(ALICE, right(asked), at=31.0)
    assert not game.everyone_answered()  # nobody was known to be playing when it started


def test_five_hundred_answers_to_one_question_are_each_counted() -> None:
    # How fast this is, is measured by the benchmark (python -m bench), not asserted here.
    game = new_game(1)
    asked = game.start_question(0.0)
    letters = [right(asked), wrong(asked)]
    for user in range(500):
        game.answer(user, letters[user % 2], at=1.0)
    reveal = game.close_question()
    assert (reveal.answered_count, reveal.correct_count) == (500, 250)
