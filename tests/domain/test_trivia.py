"""The trivia domain: selection, options, typed matching, scoring, the game and the session.

Hand-made questions only (no data/ files). Session tests run on a VirtualClock, so a
whole game with 20-second questions finishes in milliseconds of real time.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from bot.domain.content import Difficulty, SpoilerLevel, TriviaQuestion
from bot.domain.guild_settings import TriviaSettings
from bot.domain.trivia import (
    LETTERS,
    AlreadyAnswered,
    AnswerMatcher,
    AnswerRecord,
    AskedQuestion,
    EndReason,
    GameNotRunning,
    InvalidAnswer,
    MonotonicClock,
    QuestionClosed,
    Reveal,
    Standing,
    TriviaError,
    TriviaGame,
    TriviaMode,
    TriviaSession,
    VirtualClock,
    ask,
    canonical_answer,
    custom_question,
    is_custom_question,
    score_answer,
    select_questions,
    typed_answer_is_correct,
)

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
    )


def right(asked: AskedQuestion) -> str:
    assert asked.correct_letter is not None
    return asked.correct_letter


def wrong(asked: AskedQuestion) -> str:
    return next(letter for letter in LETTERS if letter != asked.correct_letter)


def new_game(n: int = 3, *, mode: TriviaMode = TriviaMode.CHOICE, **kwargs: Any) -> TriviaGame:
    questions = [make_q(f"q{i}") for i in range(1, n + 1)]
    return TriviaGame(questions, mode=mode, settings=SETTINGS, rng=random.Random(7), **kwargs)


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
        ("Q?", "A", ["B", "C", " "], "exactly three wrong answers"),
        ("Q?", "Ballet", ["ballet!", "C", "D"], "must all be different"),
        ("Q?", "A", ["Café", "cafe", "D"], "must all be different"),
    ],
)
def test_custom_question_rejects_unaskable_questions(
    question: str, answer: str, wrong_answers: list[str], error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        custom_question(1, question, answer, wrong_answers)


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


# --------------------------------------------------------------------------- typed matching

ANA = make_q("ana", answer="Ana de Armas", accepted=("de Armas",))
RUNTIME = make_q("runtime", answer="125 minutes", accepted=("2 hours 5 minutes",))
LABEL = make_q("label", answer="Lions & Tigers")
BLACK_LIST = make_q("list", answer="The Black List")
CASTANEDA = make_q("castaneda", answer="David Castañeda")
CHAPTER = make_q("chapter", answer="John Wick: Chapter 4")
DAYS = make_q("days", answer="56")
MONEY = make_q("money", answer="About $90 million")
CROWD = make_q("crowd", answer="1,000 extras")
MONTH = make_q("month", answer="November 2022")


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [
        (ANA, "Ana de Armas", True),
        (ANA, "ana DE armas", True),  # case
        (ANA, "  Ana  de   Armas!  ", True),  # spaces, punctuation
        (ANA, "Ana de Ármas", True),  # accents
        (ANA, "Anna de Armas", True),  # typo
        (ANA, "Ana de Amras", True),  # transposition
        (ANA, "de armas", True),  # accepted answer
        (ANA, "Ana", False),  # not enough
        (ANA, "Florence Pugh", False),
        (ANA, "", False),  # empty
        (ANA, "?!", False),  # nothing left after normalising
        (CASTANEDA, "david castaneda", True),  # accent in the answer, none typed
        (LABEL, "lions and tigers", True),  # "&" vs "and"
        (LABEL, "Lions & Tigers", True),
        (BLACK_LIST, "black list", True),  # leading "The" dropped
        (BLACK_LIST, "the blacklist", True),  # close enough
        (BLACK_LIST, "The White List", False),
        (RUNTIME, "125", True),  # the number alone
        (RUNTIME, "125 minutes", True),
        (RUNTIME, "125 mins", True),
        (RUNTIME, "125min", True),
        (RUNTIME, "126", False),  # digits must match exactly
        (RUNTIME, "126 minutes", False),  # even though the strings are close
        (RUNTIME, "12 minutes", False),
        (RUNTIME, "two hours five minutes", True),  # number words
        (RUNTIME, "2 hours 6 minutes", False),
        (CHAPTER, "chapter 4", True),
        (CHAPTER, "John Wick Chapter Four", True),
        (CHAPTER, "John Wick: Chapter 3", False),
        (DAYS, "fifty-six", True),
        (DAYS, "56 days", True),
        (DAYS, "65", False),
        (MONEY, "90 million", True),
        (MONEY, "$90m", True),
        (MONEY, "9 million", False),
        (CROWD, "1000", True),  # thousands separator
        (MONTH, "2022", False),  # a year alone is not the date
        (MONTH, "nov 2022", True),
        (MONTH, "November 2022", True),
        (CROWD, "100", False),
    ],
)
def test_typed_answer_matching(question: TriviaQuestion, response: str, expected: bool) -> None:
    assert typed_answer_is_correct(question, response) is expected


def test_canonical_form() -> None:
    assert canonical_answer("The Café & Bar") == "cafe and bar"
    assert canonical_answer("Twenty-two years") == "22 years"
    assert canonical_answer("2h5m") == "2 h 5 m"
    assert canonical_answer("x" * 1000) == "x" * 200  # responses are cut before matching


def test_matcher_ignores_empty_targets() -> None:
    matcher = AnswerMatcher(["", "!!", "Prague"])
    assert matcher.matches("prague")
    assert not matcher.matches("")


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
    assert fast.first_answer_in_game
    assert miss.first_answer_in_game


# --------------------------------------------------------------------------- refusals


def test_each_member_answers_once_per_question() -> None:
    game = new_game()
    asked = game.start_question(0.0)
    game.answer(ALICE, wrong(asked), at=1.0)
    with pytest.raises(AlreadyAnswered) as info:
        game.answer(ALICE, right(asked), at=2.0)
    assert info.value.message == "You already locked in an answer for this question."
    assert game.answer_count == 1
    game.close_question()
    asked = game.start_question(30.0)
    second = game.answer(ALICE, right(asked), at=31.0)  # a new question: allowed again
    assert second.correct
    assert not second.first_answer_in_game


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
    reveal = play(typed, {ALICE: "RIGHT!", BOB: "rihgt"}, start=0.0)  # ratio 80: a typo too many
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
    assert game.player_count == 3


def test_a_question_after_a_silent_first_one_still_runs_to_its_deadline() -> None:
    game = new_game(3)
    play(game, {}, start=0.0)
    asked = game.start_question(30.0)
    game.answer(ALICE, right(asked), at=31.0)
    assert not game.everyone_answered()  # nobody was known to be playing when it started


def test_answer_hot_path_is_cheap() -> None:
    game = new_game(1)
    asked = game.start_question(0.0)
    letters = [right(asked), wrong(asked)]
    started = time.perf_counter()
    for user in range(500):
        game.answer(user, letters[user % 2], at=1.0)
    elapsed = time.perf_counter() - started
    assert game.answer_count == 500
    assert elapsed < 0.25, f"500 answers took {elapsed:.3f} s"
    assert game.close_question().correct_count == 250


# --------------------------------------------------------------------------- the session

Response = str | Callable[[AskedQuestion], str]


class RecordingPresenter:
    """Records every call with the virtual time; answers on a script through the clock."""

    def __init__(
        self,
        clock: VirtualClock,
        script: dict[int, list[tuple[float, int, Response]]] | None = None,
        *,
        fail_on: tuple[str, int] | None = None,
    ) -> None:
        self.clock = clock
        self.script = script or {}
        self.fail_on = fail_on
        self.session: TriviaSession | None = None
        self.events: list[tuple[str, int | str, float]] = []
        self.asked: dict[int, AskedQuestion] = {}
        self.reveals: dict[int, Reveal] = {}
        self.deadlines: dict[int, float] = {}
        self.end: tuple[list[Standing], EndReason] | None = None
        self.results: list[tuple[int, int, Any]] = []

    def _maybe_fail(self, kind: str, number: int) -> None:
        if self.fail_on == (kind, number):
            raise RuntimeError(f"boom in {kind} {number}")

    async def show_question(self, asked: AskedQuestion, number: int, total: int, deadline: float) -> None:
        self.events.append(("question", number, self.clock.now()))
        self.asked[number] = asked
        self.deadlines[number] = deadline
        self._maybe_fail("question", number)
        for delay, user, response in self.script.get(number, []):
            self.clock.call_later(delay, partial(self._answer, number, user, response))

    def _answer(self, number: int, user: int, response: Response) -> None:
        assert self.session is not None
        text = response(self.asked[number]) if callable(response) else response
        try:
            result: Any = self.session.answer(user, text)
        except TriviaError as exc:
            result = exc
        self.results.append((number, user, result))

    async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None:
        await asyncio.sleep(0)  # a real presenter awaits Discord here
        self.events.append(("reveal", number, self.clock.now()))
        self.reveals[number] = reveal
        self._maybe_fail("reveal", number)

    async def show_end(self, standings: list[Standing], reason: EndReason) -> None:
        self.events.append(("end", reason.value, self.clock.now()))
        self.end = (standings, reason)
        self._maybe_fail("end", 0)


def start_session(
    game: TriviaGame, presenter: RecordingPresenter, **kwargs: Any
) -> tuple[TriviaSession, list[AnswerRecord]]:
    records: list[AnswerRecord] = []
    session = TriviaSession(game, presenter, clock=presenter.clock, on_answer=records.append, **kwargs)
    presenter.session = session
    return session.start(), records


async def test_a_whole_choice_game_on_a_virtual_clock() -> None:
    clock = VirtualClock()
    script: dict[int, list[tuple[float, int, Response]]] = {
        1: [(2.0, ALICE, right), (5.0, BOB, wrong), (21.0, CAROL, right)],  # Carol is too late
        2: [(1.0, ALICE, right), (3.0, BOB, right)],  # everyone answered: closes at +3
        3: [],
    }
    presenter = RecordingPresenter(clock, script)
    started = time.perf_counter()
    session, records = start_session(new_game(3), presenter)
    reason = await clock.run_until_complete(session.wait())
    elapsed = time.perf_counter() - started

    assert elapsed < 0.5, f"the session took {elapsed:.3f} s of real time"
    assert reason is EndReason.FINISHED
    assert session.done
    assert session.end_reason is EndReason.FINISHED
    assert presenter.events == [
        ("question", 1, 0.0),
        ("reveal", 1, 20.0),  # the first question runs to its deadline
        ("question", 2, 23.0),  # after the 3-second pause
        ("reveal", 2, 26.0),  # closed as soon as Alice and Bob had both answered
        ("question", 3, 29.0),
        ("reveal", 3, 49.0),
        ("end", "finished", 49.0),
    ]
    assert presenter.deadlines == {1: 20.0, 2: 43.0, 3: 49.0}
    assert presenter.reveals[1].winners == [(ALICE, 145)]
    assert presenter.reveals[2].winners == [(ALICE, 147), (BOB, 142)]
    assert presenter.reveals[3].answered_count == 0
    assert isinstance(presenter.results[2][2], QuestionClosed)  # Carol's late click
    q1, q2 = presenter.asked[1].question.id, presenter.asked[2].question.id
    assert records == [
        AnswerRecord(1, q1, ALICE, True, 145, 1),
        AnswerRecord(1, q1, BOB, False, 0, 0),
        AnswerRecord(2, q2, ALICE, True, 147, 2),
        AnswerRecord(2, q2, BOB, True, 142, 1),
    ]
    assert presenter.end is not None
    assert presenter.end[0] == [Standing(ALICE, 292, 2, 2, 2), Standing(BOB, 142, 1, 2, 1)]
    with pytest.raises(GameNotRunning):
        session.answer(ALICE, "A")


async def test_a_whole_typed_game_on_a_virtual_clock() -> None:
    clock = VirtualClock()
    questions = [
        make_q("ana", answer="Ana de Armas", accepted=("de Armas",)),
        make_q("runtime", answer="125 minutes"),
    ]
    game = TriviaGame(questions, mode=TriviaMode.TYPED, settings=SETTINGS, rng=random.Random(1))
    script: dict[int, list[tuple[float, int, Response]]] = {
        1: [(4.0, ALICE, "ana de ármas"), (6.0, BOB, "Florence Pugh"), (7.0, BOB, "de armas")],
        2: [(2.0, BOB, "125"), (10.0, ALICE, "126 minutes")],
    }
    presenter = RecordingPresenter(clock, script)
    session, records = start_session(game, presenter, reveal_pause=5.0)
    assert await clock.run_until_complete(session.wait()) is EndReason.FINISHED

    assert [e for e in presenter.events if e[0] != "question"] == [
        ("reveal", 1, 20.0),
        ("reveal", 2, 35.0),  # question 2 opened at 25 and closed once both had answered
        ("end", "finished", 35.0),
    ]
    assert isinstance(presenter.results[2][2], AlreadyAnswered)  # Bob's second try
    assert [(r.user_id, r.correct, r.points) for r in records] == [
        (ALICE, True, 140),
        (BOB, False, 0),
        (BOB, True, 145),
        (ALICE, False, 0),
    ]
    assert presenter.reveals[2].correct_letter is None
    assert presenter.end is not None
    assert [s.user_id for s in presenter.end[0]] == [BOB, ALICE]


async def test_idle_session_ends_after_three_silent_questions() -> None:
    clock = VirtualClock()
    presenter = RecordingPresenter(clock)
    session, _ = start_session(new_game(10), presenter)
    assert await clock.run_until_complete(session.wait()) is EndReason.IDLE
    assert [e for e in presenter.events if e[0] == "reveal"] == [
        ("reveal", 1, 20.0),
        ("reveal", 2, 43.0),
        ("reveal", 3, 66.0),
    ]
    assert presenter.events[-1] == ("end", "idle", 66.0)


async def test_stop_ends_with_standings_and_no_reveal_of_the_open_question() -> None:
    clock = VirtualClock()
    script: dict[int, list[tuple[float, int, Response]]] = {
        1: [(1.0, ALICE, right), (2.0, BOB, wrong)],
        2: [(1.0, ALICE, right)],
    }
    presenter = RecordingPresenter(clock, script)
    session, _ = start_session(new_game(5), presenter)
    await clock.advance(25.0)  # question 2 is open (23 -> 43): Alice has answered it, Bob not yet
    assert await session.stop() is EndReason.STOPPED
    assert session.done
    assert presenter.events == [
        ("question", 1, 0.0),
        ("reveal", 1, 20.0),
        ("question", 2, 23.0),
        ("end", "stopped", 25.0),
    ]
    assert presenter.end is not None
    assert presenter.end[0] == [Standing(ALICE, 294, 2, 2, 2), Standing(BOB, 0, 0, 1, 0)]
    with pytest.raises(GameNotRunning):
        session.answer(BOB, "A")
    assert await session.stop() is EndReason.STOPPED  # stopping twice is harmless


async def test_stop_during_the_pause_between_questions() -> None:
    clock = VirtualClock()
    presenter = RecordingPresenter(clock)
    session, _ = start_session(new_game(5), presenter)
    await clock.advance(21.0)
    assert await session.stop() is EndReason.STOPPED
    assert [e[0] for e in presenter.events] == ["question", "reveal", "end"]
    assert presenter.events[-1] == ("end", "stopped", 21.0)


async def test_stop_from_inside_the_presenter() -> None:
    clock = VirtualClock()

    class StopsAfterFirstReveal(RecordingPresenter):
        async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None:
            await super().show_reveal(reveal, number, total)
            assert self.session is not None
            assert await self.session.stop() is EndReason.STOPPED

    presenter = StopsAfterFirstReveal(clock)
    session, _ = start_session(new_game(3), presenter)
    assert await clock.run_until_complete(session.wait()) is EndReason.STOPPED
    assert [e[0] for e in presenter.events] == ["question", "reveal", "end"]


async def test_cancel_ends_at_once_without_calling_the_presenter() -> None:
    clock = VirtualClock()
    ended: list[TriviaSession] = []
    presenter = RecordingPresenter(clock)
    session, _ = start_session(new_game(3), presenter, on_end=ended.append)
    await clock.advance(5.0)
    session.cancel("channel deleted")
    assert await session.wait() is EndReason.CANCELLED
    assert session.done
    assert session.cancel_reason == "channel deleted"
    assert presenter.events == [("question", 1, 0.0)]
    assert presenter.end is None
    assert ended == [session]
    assert session.error is None
    with pytest.raises(GameNotRunning):
        session.answer(ALICE, "A")
    session.cancel("again")  # no effect once done
    assert session.cancel_reason == "channel deleted"


async def test_cancel_before_the_task_ran() -> None:
    presenter = RecordingPresenter(VirtualClock())
    session, _ = start_session(new_game(3), presenter)
    session.cancel()
    assert await session.wait() is EndReason.CANCELLED
    assert presenter.events == []


@pytest.mark.parametrize("fail_on", [("question", 1), ("reveal", 2)])
async def test_a_presenter_error_ends_the_session_with_error_and_is_reported(
    fail_on: tuple[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    clock = VirtualClock()
    errors: list[tuple[TriviaSession, BaseException]] = []
    ended: list[TriviaSession] = []
    presenter = RecordingPresenter(clock, {1: [(1.0, ALICE, right)]}, fail_on=fail_on)
    with caplog.at_level(logging.ERROR, logger="bot.domain.trivia_session"):
        session, _ = start_session(
            new_game(3),
            presenter,
            on_error=lambda s, exc: errors.append((s, exc)),
            on_end=ended.append,
            name="guild 1 / #general",
        )
        assert await clock.run_until_complete(session.wait()) is EndReason.ERROR

    assert session.end_reason is EndReason.ERROR
    assert isinstance(session.error, RuntimeError)
    assert "boom" in str(session.error)
    assert errors == [(session, session.error)]
    assert ended == [session]
    assert presenter.events[-1][:2] == ("end", "error")  # the players are told, once
    assert [r for r in caplog.records if r.exc_info and r.exc_info[1] is session.error], (
        "the error was not logged"
    )
    assert any("guild 1 / #general" in r.getMessage() for r in caplog.records)
    with pytest.raises(GameNotRunning):
        session.answer(BOB, "A")


async def test_a_failing_end_is_reported_but_not_retried(caplog: pytest.LogCaptureFixture) -> None:
    clock = VirtualClock()
    presenter = RecordingPresenter(clock, fail_on=("end", 0))
    with caplog.at_level(logging.ERROR, logger="bot.domain.trivia_session"):
        session, _ = start_session(new_game(1), presenter)
        assert await clock.run_until_complete(session.wait()) is EndReason.ERROR
    assert [e[0] for e in presenter.events] == ["question", "reveal", "end"]
    assert isinstance(session.error, RuntimeError)
    assert any(r.levelno == logging.ERROR for r in caplog.records)


async def test_a_failing_answer_listener_does_not_break_the_click(caplog: pytest.LogCaptureFixture) -> None:
    clock = VirtualClock()

    def broken(record: AnswerRecord) -> None:
        raise OSError("disk full")

    game = new_game(2)
    session = TriviaSession(game, RecordingPresenter(clock), clock=clock, on_answer=broken).start()
    await clock.advance(1.0)
    assert game.current is not None
    with caplog.at_level(logging.ERROR, logger="bot.domain.trivia_session"):
        outcome = session.answer(ALICE, right(game.current))
    assert outcome.correct
    assert any("listener" in r.getMessage() for r in caplog.records)
    await session.stop()


async def test_answers_before_the_session_starts_are_refused() -> None:
    session = TriviaSession(new_game(1), RecordingPresenter(VirtualClock()), clock=VirtualClock())
    with pytest.raises(QuestionClosed):
        session.answer(ALICE, "A")
    assert not session.started
    assert not session.done
    with pytest.raises(RuntimeError, match="already started"):
        session.start().start()
    await session.stop()


async def test_virtual_clock_runs_timers_in_order_and_detects_deadlocks() -> None:
    clock = VirtualClock(start=10.0)
    fired: list[tuple[str, float]] = []
    clock.call_at(15.0, lambda: fired.append(("b", clock.now())))
    clock.call_later(2.0, lambda: fired.append(("a", clock.now())))

    async def sleeper() -> float:
        await clock.sleep(7.0)
        return clock.now()

    assert await clock.run_until_complete(sleeper()) == 17.0
    assert fired == [("a", 12.0), ("b", 15.0)]
    await clock.advance(3.0)
    assert clock.now() == 20.0
    with pytest.raises(RuntimeError, match="nothing is scheduled"):
        await clock.run_until_complete(asyncio.get_running_loop().create_future())


async def test_monotonic_clock() -> None:
    clock = MonotonicClock()
    before = clock.now()
    await clock.sleep(0)
    await clock.sleep(-1)
    assert clock.now() >= before
    assert abs(clock.to_unix(clock.now() + 10) - (time.time() + 10)) < 1.0
