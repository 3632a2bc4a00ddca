"""An answer that could not be stored is taken back: the game is as if it had never been given."""

from __future__ import annotations

import pytest

from bot.domain.trivia import AlreadyAnswered
from tests.domain.trivia_helpers import ALICE, BOB, CAROL, new_game, right, wrong


def test_withdrawing_restores_points_streak_rank_and_the_right_to_answer() -> None:
    game = new_game(3)
    asked = game.start_question(0.0)
    game.answer(ALICE, right(asked), 1.0)
    game.answer(BOB, right(asked), 2.0)
    game.close_question()
    before = game.standings()

    asked = game.start_question(10.0)
    game.answer(ALICE, right(asked), 11.0)  # streak 2, more points
    game.answer(CAROL, wrong(asked), 11.5)  # a new player
    assert game.everyone_answered() is False  # Bob has not answered
    assert game.withdraw(ALICE) and game.withdraw(CAROL)
    assert game.standings() == before  # points, streaks, order: as before question 2
    assert not game.withdraw(ALICE), "nothing left to take back"

    outcome = game.answer(ALICE, wrong(asked), 12.0)  # she may answer again
    assert outcome.streak == 0
    with pytest.raises(AlreadyAnswered):
        game.answer(ALICE, right(asked), 12.5)
    reveal = game.close_question()
    assert reveal.winners == [] and reveal.answered_count == 1


def test_a_withdrawn_first_answer_does_not_leave_a_player_or_reuse_a_rank() -> None:
    game = new_game(2)
    asked = game.start_question(0.0)
    game.answer(ALICE, right(asked), 1.0)
    assert game.withdraw(ALICE)
    assert game.standings() == []
    game.answer(BOB, right(asked), 2.0)
    game.answer(ALICE, right(asked), 2.0)  # same points as Bob: the earlier player ranks first
    assert [s.user_id for s in game.standings()] == [BOB, ALICE]


def test_a_withdrawn_wrong_answer_is_not_named_among_those_who_missed() -> None:
    """The reveal says who missed in words; an answer taken back was never given."""
    game = new_game(2)
    asked = game.start_question(0.0)
    game.answer(ALICE, wrong(asked), 1.0)
    game.answer(BOB, wrong(asked), 2.0)
    game.answer(CAROL, right(asked), 3.0)
    assert game.withdraw(ALICE)
    reveal = game.close_question()
    assert reveal.missed == (BOB,)
    assert [user for user, _points in reveal.winners] == [CAROL]


def test_open_points_are_those_of_a_right_answer_until_the_reveal_or_its_withdrawal() -> None:
    game = new_game(2)
    asked = game.start_question(0.0)
    earned = game.answer(ALICE, right(asked), 1.0).points
    game.answer(BOB, wrong(asked), 1.0)
    game.answer(CAROL, right(asked), 1.0)
    assert earned > 0 and game.open_points(ALICE) == earned
    assert game.open_points(BOB) == 0  # wrong: nothing to hide
    assert game.withdraw(CAROL) and game.open_points(CAROL) == 0
    game.close_question()
    assert game.open_points(ALICE) == 0  # revealed: the points count everywhere now
    asked = game.start_question(10.0)
    assert game.open_points(ALICE) == 0  # a new question starts with nothing open
