"""The trivia game's rules: questions, selection, answer matching, scoring and the game state.

Pure and synchronous: no discord, no asyncio, no clock. Times are floats of monotonic
seconds passed in by the caller (``TriviaSession`` in production, plain numbers in
tests), so every rule can be checked without waiting. Refusals are ``TriviaError``
subclasses whose ``message`` the view layer sends back as an ephemeral reply.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz import fuzz

from bot.domain.content import Difficulty, SpoilerLevel, TriviaQuestion
from bot.domain.guild_settings import TriviaSettings
from bot.domain.text import fold, normalise_answer

LETTERS = ("A", "B", "C", "D")
IDLE_LIMIT = 3  # consecutive questions nobody answered before the game ends itself
SPEED_BONUS_SHARE = 0.5  # an instant correct answer earns this much on top of the points
FUZZY_THRESHOLD = 85  # rapidfuzz fuzz.ratio on canonical strings, 0-100
MAX_RESPONSE_CHARS = 200  # typed answers are cut to this before matching (bounds the work per click)
CUSTOM_ID_PREFIX = "custom-"

# --------------------------------------------------------------------------- errors


class TriviaError(Exception):
    """A refusal the player should hear about; ``message`` is friendly text for an ephemeral reply."""

    default_message = "That didn't work. Try again?"

    def __init__(self, message: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)


class AlreadyAnswered(TriviaError):
    default_message = "You already locked in an answer for this question."


class QuestionClosed(TriviaError):
    default_message = "Too late — this question has closed."


class InvalidAnswer(TriviaError):
    default_message = "That isn't one of the options."


class GameNotRunning(TriviaError):
    default_message = "There's no trivia game running here right now."


# --------------------------------------------------------------------------- questions


def custom_question_id(number: int) -> str:
    """The content id of a server's own question number ``number``: ``custom-<n>``."""
    return f"{CUSTOM_ID_PREFIX}{number}"


def is_custom_question(question_id: str) -> bool:
    return question_id.startswith(CUSTOM_ID_PREFIX)


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
    """Turn a server's custom question (plain fields, e.g. a database row) into a TriviaQuestion.

    Texts are stripped. Raises ``ValueError`` with a message fit to show the moderator
    who wrote the question when it cannot be asked: empty question or answer, not
    exactly three wrong answers, or options that are the same once case, accents and
    punctuation are ignored (they would be indistinguishable as buttons).
    """
    question = question.strip()
    answer = answer.strip()
    wrong = tuple(w.strip() for w in wrong_answers)
    if not question:
        raise ValueError("The question can't be empty.")
    if not answer:
        raise ValueError("The answer can't be empty.")
    if len(wrong) != 3 or not all(wrong):
        raise ValueError("A question needs exactly three wrong answers.")
    if len({fold(option) for option in (answer, *wrong)}) != 4:
        raise ValueError("The answer and the three wrong answers must all be different.")
    return TriviaQuestion(
        id=custom_question_id(number),
        question=question,
        answer=answer,
        wrong_answers=(wrong[0], wrong[1], wrong[2]),
        accepted_answers=tuple(a for a in (s.strip() for s in accepted_answers) if a),
        spoiler=SpoilerLevel(spoiler),
        difficulty=Difficulty(difficulty),
        explanation=explanation.strip(),
        sources=(),
    )


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True, slots=True)
class Selection:
    """The questions for one game.

    ``reset_history`` is True when the eligible pool ran out of unasked questions, so
    some picks were taken again from the full pool. ``pool_ids`` are the ids of every
    question eligible under the game's filters; on a reset the caller forgets those
    ids from the server's history (``history_after`` gives the resulting set) and then
    records this game's questions as usual. ``len(questions)`` may be lower than the
    count asked for when too few questions are eligible: tell the user.
    """

    questions: tuple[TriviaQuestion, ...]
    reset_history: bool
    pool_ids: frozenset[str]

    def history_after(self, asked_ids: Iterable[str]) -> set[str]:
        """The server's asked ids once this game's questions are recorded."""
        history = set(asked_ids)
        if self.reset_history:
            history -= self.pool_ids
        history.update(q.id for q in self.questions)
        return history


def eligible_questions(
    pool: Iterable[TriviaQuestion], difficulty: Difficulty | None, max_spoiler: SpoilerLevel
) -> list[TriviaQuestion]:
    """Questions of ``difficulty`` (None: any) whose spoiler level is at most ``max_spoiler``.

    Keeps the pool's order and drops repeated ids (the first one wins).
    """
    seen: set[str] = set()
    out: list[TriviaQuestion] = []
    limit = max_spoiler.rank
    for q in pool:
        if q.id in seen or q.spoiler.rank > limit:
            continue
        if difficulty is not None and q.difficulty != difficulty:
            continue
        seen.add(q.id)
        out.append(q)
    return out


def select_questions(
    pool: Iterable[TriviaQuestion],
    count: int,
    difficulty: Difficulty | None,
    max_spoiler: SpoilerLevel,
    asked_ids: AbstractSet[str],
    rng: random.Random,
) -> Selection:
    """Pick up to ``count`` questions that this server has not been asked yet.

    ``difficulty`` None means mixed; ``max_spoiler`` is the highest spoiler level allowed
    (NONE: no spoiler questions). Questions not in ``asked_ids`` come first; when fewer
    unasked questions remain than needed, all of them are taken, the history resets
    and the rest are drawn from the already-asked part of the pool — never the same
    question twice in one game. The result is shuffled with ``rng``.
    """
    eligible = eligible_questions(pool, difficulty, max_spoiler)
    pool_ids = frozenset(q.id for q in eligible)
    want = min(max(count, 0), len(eligible))
    fresh = [q for q in eligible if q.id not in asked_ids]
    if len(fresh) >= want:
        return Selection(tuple(rng.sample(fresh, want)), reset_history=False, pool_ids=pool_ids)
    repeats = [q for q in eligible if q.id in asked_ids]
    picks = fresh + rng.sample(repeats, want - len(fresh))
    rng.shuffle(picks)
    return Selection(tuple(picks), reset_history=True, pool_ids=pool_ids)


# --------------------------------------------------------------------------- asking


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


# --------------------------------------------------------------------------- typed answers

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # "1,000" -> "1000"
_DIGIT_EDGE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")  # "2h5m" -> "2 h 5 m"
_DIGITS = re.compile(r"\d+")
# fmt: off
_UNIT_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_TEN_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on
_UNITS = {word: i for i, word in enumerate(_UNIT_WORDS)}
_TENS = {word: 10 * i for i, word in enumerate(_TEN_WORDS, 2)}


def _numbers_as_digits(words: list[str]) -> list[str]:
    """Spell number words up to ninety-nine as digits: "fifty six" -> "56", "one" -> "1"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _TENS:
            value = _TENS[word]
            if i + 1 < len(words) and 0 < _UNITS.get(words[i + 1], 0) < 10:
                value += _UNITS[words[i + 1]]
                i += 1
            out.append(str(value))
        elif word in _UNITS:
            out.append(str(_UNITS[word]))
        else:
            out.append(word)
        i += 1
    return out


def canonical_answer(text: str) -> str:
    """The form typed answers are compared in.

    ``normalise_answer`` (case, accents, punctuation, "&" as "and", a leading
    "the/a/an"), plus: thousands separators dropped, digits split from letters
    ("125min" -> "125 min") and number words up to ninety-nine written as digits.
    """
    text = _THOUSANDS.sub("", text[:MAX_RESPONSE_CHARS])
    words = _DIGIT_EDGE.sub(" ", normalise_answer(text)).split()
    return " ".join(_numbers_as_digits(words))


class _Target(NamedTuple):
    text: str
    numbers: tuple[str, ...]
    words: tuple[str, ...]  # the non-number words


def _split(canonical: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tokens = canonical.split()
    return tuple(_DIGITS.findall(canonical)), tuple(t for t in tokens if not t.isdigit())


# A bare number answers "125 minutes" or "1,000 extras", but not a date: "2022" is not
# "November 2022".
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


def _bare_number_enough(target_words: tuple[str, ...]) -> bool:
    return not any(word in MONTHS for word in target_words)


def _words_fit(response_words: tuple[str, ...], target_words: tuple[str, ...]) -> bool:
    """Every response word starts a target word ("min" or "mins" for "minutes", "chapter" for "chapter")."""
    for word in response_words:
        stem = word[:-1] if len(word) > 1 and word.endswith("s") else word
        if not any(t.startswith(word) or t.startswith(stem) for t in target_words):
            return False
    return True


class AnswerMatcher:
    """Decides whether a typed answer is right; built once per question.

    A response is compared with the answer and each accepted answer, in canonical
    form (see ``canonical_answer``). It is right when it equals one of them, or:

    * when numbers are involved (on either side), the response's numbers must equal
      the target's exactly and in order ("126" is wrong for "125 minutes"); then it is
      right when it is only numbers, unless the target is a date ("125" for "125 minutes",
      but not "2022" for "November 2022"), when the target is only numbers
      ("56 days" for "56"), when each of its words starts a word of the target ("125 mins",
      "chapter 4" for "john wick chapter 4"), or when the whole strings are close
      (fuzz.ratio >= 85);
    * otherwise, when fuzz.ratio of the two strings is at least 85 (typos).

    An empty (or punctuation-only) response is never right.
    """

    __slots__ = ("_exact", "_targets")

    def __init__(self, answers: Iterable[str]) -> None:
        targets: dict[str, _Target] = {}
        for answer in answers:
            text = canonical_answer(answer)
            if text and text not in targets:
                targets[text] = _Target(text, *_split(text))
        self._targets = tuple(targets.values())
        self._exact = frozenset(targets)

    @classmethod
    def for_question(cls, question: TriviaQuestion) -> AnswerMatcher:
        return cls((question.answer, *question.accepted_answers))

    def matches(self, response: str) -> bool:
        text = canonical_answer(response)
        if not text:
            return False
        if text in self._exact:
            return True
        numbers, words = _split(text)
        for target in self._targets:
            if numbers or target.numbers:
                if numbers != target.numbers:
                    continue
                bare_number_ok = not words and _bare_number_enough(target.words)
                if bare_number_ok or not target.words or (words and _words_fit(words, target.words)):
                    return True
            if fuzz.ratio(text, target.text, score_cutoff=FUZZY_THRESHOLD):
                return True
        return False


def typed_answer_is_correct(question: TriviaQuestion, response: str) -> bool:
    """One-off check; a game builds its ``AnswerMatcher`` once per question instead."""
    return AnswerMatcher.for_question(question).matches(response)


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
    first_answer_in_game: bool  # the member's first answer in this game


@dataclass(frozen=True, slots=True)
class Reveal:
    """What happened on one question, for the reveal message."""

    question: TriviaQuestion
    correct_text: str
    correct_letter: str | None  # choice mode only
    winners: list[tuple[int, int]]  # (user_id, points) of correct answers, in answer order
    answered_count: int

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
        settings: TriviaSettings | None = None,
        rng: random.Random | None = None,
        idle_limit: int = IDLE_LIMIT,
    ) -> None:
        if not questions:
            raise ValueError("A trivia game needs at least one question.")
        self._questions = tuple(questions)
        self.mode = TriviaMode(mode)
        self.settings = settings if settings is not None else TriviaSettings()
        self._rng = rng if rng is not None else random.Random()
        self._idle_limit = idle_limit
        self._players: dict[int, _Player] = {}
        self._index = -1
        self._open = False
        self._asked: AskedQuestion | None = None
        self._matcher: AnswerMatcher | None = None
        self._deadline = 0.0
        self._answered: set[int] = set()
        self._winners: list[tuple[int, int]] = []
        self._players_at_start = 0
        self._idle = 0
        self._end_reason: EndReason | None = None

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

    @property
    def player_count(self) -> int:
        return len(self._players)

    @property
    def answer_count(self) -> int:
        """Answers to the current question so far."""
        return len(self._answered)

    def has_next(self) -> bool:
        return self._end_reason is None and not self._open and self._index + 1 < len(self._questions)

    # ---- transitions

    def start_question(self, now: float) -> AskedQuestion:
        """Open the next question until ``now + settings.time_limit``."""
        if self._end_reason is not None:
            raise GameNotRunning("This trivia game is over.")
        if self._open:
            raise RuntimeError("close the current question before starting the next one")
        if self._index + 1 >= len(self._questions):
            raise RuntimeError("no questions left")
        self._index += 1
        asked = ask(self._questions[self._index], self.mode, self._rng)
        self._asked = asked
        self._matcher = AnswerMatcher.for_question(asked.question) if self.mode is TriviaMode.TYPED else None
        self._deadline = now + self.settings.time_limit
        self._answered = set()
        self._winners = []
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
                raise GameNotRunning("This trivia game is over.")
            raise QuestionClosed()
        if at > self._deadline:
            raise QuestionClosed()
        if user_id in self._answered:
            raise AlreadyAnswered()
        correct = self._judge(response)
        self._answered.add(user_id)
        player = self._players.get(user_id)
        first = player is None
        if player is None:
            player = self._players[user_id] = _Player(order=len(self._players))
        player.answered += 1
        if correct:
            points = score_answer(self.settings.points, self.settings.time_limit, self._deadline - at)
            player.points += points
            player.correct += 1
            player.streak += 1
            if player.streak > player.best_streak:
                player.best_streak = player.streak
            self._winners.append((user_id, points))
        else:
            points = 0
            player.streak = 0
        return AnswerOutcome(correct, points, player.streak, first)

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
            raise InvalidAnswer("Type an answer first.")
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
        return Reveal(asked.question, asked.correct_text, asked.correct_letter, self._winners, answered)

    def end(self, reason: EndReason) -> None:
        """End the game now (stop, cancel, error); an open question closes without a reveal.

        No effect when the game is already over: the first reason sticks.
        """
        if self._end_reason is None:
            self._end_reason = reason
            self._open = False

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
