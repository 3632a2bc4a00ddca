"""One game's rules: asking (options shuffled), scoring, and the synchronous state machine.

Pure and synchronous: no discord, no asyncio, no clock. Times are floats of monotonic
seconds passed in by the caller (``TriviaSession`` in production, plain numbers in
tests), so every rule can be checked without waiting. Refusals are ``TriviaError``
subclasses whose ``message`` the member is shown.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple

from bot.domain.content import TriviaQuestion
from bot.domain.trivia.answers import AnswerMatcher
from bot.domain.trivia.errors import AlreadyAnswered, GameNotRunning, InvalidAnswer, QuestionClosed
from bot.domain.trivia.limits import IDLE_LIMIT, LETTERS, SPEED_BONUS_SHARE, TriviaSettings
from bot.domain.trivia.reading import question_seconds
from bot.i18n import _


class TriviaMode(StrEnum):
    CHOICE = "choice"  # four buttons, A-D
    TYPED = "typed"  # a modal; answers matched loosely


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """A question as put to the players: in choice mode, its shuffled options A-D."""

    question: TriviaQuestion
    mode: TriviaMode
    options: tuple[str, ...] = ()  # texts for LETTERS[:len(options)]; empty in typed mode
    correct_letter: str | None = None  # choice mode only

    @property
    def correct_text(self) -> str:
        return self.question.answer

    def lettered_options(self) -> list[tuple[str, str]]:
        return list(zip(LETTERS, self.options, strict=False))


def ask(question: TriviaQuestion, mode: TriviaMode, rng: random.Random) -> AskedQuestion:
    """Prepare ``question`` for ``mode``: in choice mode, shuffle the answer among the wrong ones."""
    mode = TriviaMode(mode)
    if mode is TriviaMode.TYPED:
        return AskedQuestion(question, mode)
    texts = (question.answer, *question.wrong_answers)
    order = list(range(len(texts)))
    rng.shuffle(order)
    options = tuple(texts[i] for i in order)
    return AskedQuestion(question, mode, options, LETTERS[order.index(0)])


# --------------------------------------------------------------------------- scoring


def score_answer(points: int, time_limit: float, remaining: float) -> int:
    """Points for a correct answer with ``remaining`` seconds left of ``time_limit``.

    ``points + floor(points * SPEED_BONUS_SHARE * r / time_limit)`` where ``r`` is
    ``remaining`` clamped to ``[0, time_limit]``: an instant answer earns 1.5x the
    points, one on the buzzer exactly the points, linear in between. Wrong answers
    earn 0 (not computed here).
    """
    if time_limit <= 0:
        return points
    r = min(max(remaining, 0.0), time_limit)
    return points + int(points * SPEED_BONUS_SHARE * r / time_limit)


# --------------------------------------------------------------------------- the game


class EndReason(StrEnum):
    FINISHED = "finished"  # every question was asked
    STOPPED = "stopped"  # someone ran stop
    IDLE = "idle"  # IDLE_LIMIT questions in a row without an answer
    CANCELLED = "cancelled"  # the session was cancelled (channel deleted, bot shutting down)
    ERROR = "error"  # the session crashed


class AnswerOutcome(NamedTuple):
    correct: bool
    points: int  # earned by this answer (0 when wrong)
    streak: int  # consecutive correct answers by this member in this game, this one included


@dataclass(frozen=True, slots=True)
class Reveal:
    """What happened on one question, for the reveal message."""

    question: TriviaQuestion
    correct_text: str
    correct_letter: str | None  # choice mode only
    winners: list[tuple[int, int]]  # (user_id, points) of correct answers, in answer order
    answered_count: int
    streaks: dict[int, int]  # each winner's run of correct answers in this game, this one included
    idle_questions: int  # questions in a row, this one included, that nobody answered
    missed: tuple[int, ...] = ()  # user ids of wrong answers, in answer order (said in words too)

    @property
    def correct_count(self) -> int:
        return len(self.winners)


@dataclass(frozen=True, slots=True)
class Standing:
    user_id: int
    points: int
    correct: int
    answered: int
    best_streak: int


@dataclass(frozen=True, slots=True)
class Ending:
    """How a game ended, for its last message."""

    standings: list[Standing]
    reason: EndReason
    winners: list[Standing]  # the top scorers (a tie gives several); empty when nobody scored
    asked: int  # questions put to the players
    total: int  # questions the game had
    stopped_by: int | None  # who stopped it, for EndReason.STOPPED


@dataclass(slots=True)
class _Player:
    order: int  # rank of the member's first answer in this game (tie-break)
    points: int = 0
    correct: int = 0
    answered: int = 0
    streak: int = 0
    best_streak: int = 0


_LETTER_INDEX = {key: i for i, letter in enumerate(LETTERS) for key in (letter, letter.lower())}


class TriviaGame:
    """One game's state machine: ask, collect answers, close, reveal, standings.

    Call ``start_question(now)`` to open the next question (deadline ``now +
    settings.time_limit``), ``answer(...)`` for each click or modal, then
    ``close_question()`` for the reveal; ``is_over`` tells when to stop. All times are
    monotonic seconds from the caller's clock.

    Rules:

    * each member answers once per question; a correct answer earns ``score_answer``
      points, a wrong one 0;
    * a member's streak counts consecutive correct answers in this game; a wrong
      answer resets it, a question the member skipped does not;
    * players are the members who answered any question in this game;
      ``everyone_answered`` lets the session close a question early once all of them
      have answered it — never on a question that started with no known player, so
      the first question always runs to its deadline;
    * after ``idle_limit`` questions in a row without a single answer the game ends
      itself (``EndReason.IDLE``); after the last question, ``EndReason.FINISHED``.

    ``answer`` is the hot path (hundreds of clicks a second on a busy night): it is
    O(1) in choice mode and allocates one ``AnswerOutcome`` per call.
    """

    def __init__(
        self,
        questions: Sequence[TriviaQuestion],
        *,
        mode: TriviaMode = TriviaMode.CHOICE,
        settings: TriviaSettings,
        rng: random.Random | None = None,
        idle_limit: int = IDLE_LIMIT,
        matcher_for: Callable[[TriviaQuestion], AnswerMatcher] = AnswerMatcher.for_question,
    ) -> None:
        if not questions:
            raise ValueError("A trivia game needs at least one question.")
        self._questions = tuple(questions)
        self.mode = TriviaMode(mode)
        self.settings = settings
        self._rng = rng if rng is not None else random.Random()
        self._idle_limit = idle_limit
        self._matcher_for = matcher_for  # the service passes one that knows the content's names
        self._players: dict[int, _Player] = {}
        self._joined = 0  # players ever added (their ``order``: withdrawing one must not reuse a rank)
        self._undo: dict[int, _Player | None] = {}  # per member: their state before this question's answer
        self._index = -1
        self._open = False
        self._asked: AskedQuestion | None = None
        self._matcher: AnswerMatcher | None = None
        self._deadline = 0.0
        self._limit = float(settings.time_limit)  # the open question's seconds (reading.py)
        self._answered: set[int] = set()
        self._winners: list[tuple[int, int]] = []
        self._points_now: dict[int, int] = {}  # the open question's winners -> their points
        self._missed: list[int] = []  # who answered the open question wrong, in answer order
        self._players_at_start = 0
        self._idle = 0
        self._end_reason: EndReason | None = None
        self.stopped_by: int | None = None

    # ---- state

    @property
    def total(self) -> int:
        return len(self._questions)

    @property
    def number(self) -> int:
        """1-based number of the current (or last) question; 0 before the first."""
        return self._index + 1

    @property
    def current(self) -> AskedQuestion | None:
        return self._asked

    @property
    def deadline(self) -> float:
        return self._deadline

    @property
    def question_limit(self) -> float:
        """The open (or last) question's time in seconds: the server's limit, or more to read it."""
        return self._limit

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def is_over(self) -> bool:
        return self._end_reason is not None

    @property
    def end_reason(self) -> EndReason | None:
        return self._end_reason

    @property
    def idle_questions(self) -> int:
        """Consecutive closed questions that nobody answered."""
        return self._idle

    def has_next(self) -> bool:
        return self._end_reason is None and not self._open and self._index + 1 < len(self._questions)

    # ---- transitions

    def start_question(self, now: float) -> AskedQuestion:
        """Open the next question until ``now + settings.time_limit``."""
        if self._end_reason is not None:
            raise GameNotRunning(_("This trivia game is over."))
        if self._open:
            raise RuntimeError("close the current question before starting the next one")
        if self._index + 1 >= len(self._questions):
            raise RuntimeError("no questions left")
        self._index += 1
        asked = ask(self._questions[self._index], self.mode, self._rng)
        self._asked = asked
        self._matcher = self._matcher_for(asked.question) if self.mode is TriviaMode.TYPED else None
        # More time to read a long question (the server's limit is the minimum): bot/domain/trivia/reading.py
        self._limit = question_seconds((asked.question.question, *asked.options), self.settings.time_limit)
        self._deadline = now + self._limit
        self._answered = set()
        self._winners = []
        self._points_now = {}
        self._missed = []
        self._undo = {}
        self._players_at_start = len(self._players)
        self._open = True
        return asked

    def answer(self, user_id: int, response: str, at: float) -> AnswerOutcome:
        """Record ``user_id``'s answer at time ``at``: a letter A-D, or typed text.

        Raises GameNotRunning (game over), QuestionClosed (no question open, or ``at``
        past the deadline), AlreadyAnswered, or InvalidAnswer (not a letter of the
        options; an empty typed answer) — an invalid answer does not use up the try.
        """
        if not self._open:
            if self._end_reason is not None:
                raise GameNotRunning(_("This trivia game is over."))
            raise QuestionClosed()
        if at > self._deadline:
            raise QuestionClosed()
        if user_id in self._answered:
            raise AlreadyAnswered()
        correct = self._judge(response)
        self._answered.add(user_id)
        player = self._players.get(user_id)
        self._undo[user_id] = None if player is None else replace(player)
        if player is None:
            player = self._players[user_id] = _Player(order=self._joined)
            self._joined += 1
        player.answered += 1
        if correct:
            points = score_answer(self.settings.points, self._limit, self._deadline - at)
            player.points += points
            player.correct += 1
            player.streak += 1
            if player.streak > player.best_streak:
                player.best_streak = player.streak
            self._winners.append((user_id, points))
            self._points_now[user_id] = points
        else:
            points = 0
            player.streak = 0
            self._missed.append(user_id)
        return AnswerOutcome(correct, points, player.streak)

    def open_points(self, user_id: int) -> int:
        """The points ``user_id``'s answer to the open question earns (0 if none, wrong, or closed):
        stored already, but not to be counted anywhere the member sees before the reveal."""
        return self._points_now.get(user_id, 0) if self._open else 0

    def withdraw(self, user_id: int) -> bool:
        """Take back ``user_id``'s answer to the current question, as if never given (it was not stored).

        Their points, streak and place are what they were before it; they may answer again while
        the question is open. False when there is nothing to take back (no answer to this question).
        """
        if user_id not in self._undo:
            return False
        before = self._undo.pop(user_id)
        self._answered.discard(user_id)
        self._winners = [w for w in self._winners if w[0] != user_id]
        self._points_now.pop(user_id, None)
        if user_id in self._missed:
            self._missed.remove(user_id)
        if before is None:
            del self._players[user_id]
        else:
            self._players[user_id] = before
        return True

    def _judge(self, response: str) -> bool:
        if self._matcher is None:  # choice mode
            index = _LETTER_INDEX.get(response)
            if index is None:
                index = _LETTER_INDEX.get(response.strip().upper())
            asked = self._asked
            if index is None or asked is None or index >= len(asked.options):
                raise InvalidAnswer()
            return LETTERS[index] == asked.correct_letter
        if not response or not response.strip():
            raise InvalidAnswer(_("Type an answer first."))
        return self._matcher.matches(response)

    def everyone_answered(self) -> bool:
        """True when the open question can close early: every known player has answered it."""
        return self._open and self._players_at_start > 0 and len(self._answered) >= len(self._players)

    def close_question(self) -> Reveal:
        """Close the open question and say what happened; may end the game (idle or finished)."""
        if not self._open or self._asked is None:
            raise RuntimeError("no question is open")
        self._open = False
        asked = self._asked
        answered = len(self._answered)
        self._idle = 0 if answered else self._idle + 1
        # The last question ends the game as played through, even if nobody answered it.
        if self._index + 1 >= len(self._questions):
            self._end_reason = EndReason.FINISHED
        elif self._idle >= self._idle_limit:
            self._end_reason = EndReason.IDLE
        streaks = {user_id: self._players[user_id].streak for user_id, _ in self._winners}
        return Reveal(
            asked.question,
            asked.correct_text,
            asked.correct_letter,
            self._winners,
            answered,
            streaks,
            self._idle,
            tuple(self._missed),
        )

    def end(self, reason: EndReason, *, by: int | None = None) -> None:
        """End the game now (stop, cancel, error); an open question closes without a reveal.

        ``by`` is the member who stopped it. No effect when the game is already over: the
        first reason sticks.
        """
        if self._end_reason is None:
            self._end_reason = reason
            self._open = False
            self.stopped_by = by

    def ending(self) -> Ending:
        """The final standings and how the game ended (once it is over)."""
        reason = self._end_reason or EndReason.CANCELLED
        return Ending(self.standings(), reason, self.winners(), self.number, self.total, self.stopped_by)

    # ---- results

    def standings(self) -> list[Standing]:
        """Every player, by points, then correct answers, then who answered first in the game."""
        ranked = sorted(self._players.items(), key=lambda kv: (-kv[1].points, -kv[1].correct, kv[1].order))
        return [Standing(uid, p.points, p.correct, p.answered, p.best_streak) for uid, p in ranked]

    def winners(self) -> list[Standing]:
        """The top scorers (several on a tie); nobody when no one scored."""
        standings = self.standings()
        if not standings or standings[0].points <= 0:
            return []
        top = standings[0].points
        return [s for s in standings if s.points == top]
