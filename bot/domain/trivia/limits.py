"""Every number that bounds trivia, in one place.

The server settings' ranges are used by their rows in ``bot.domain.settings.SETTINGS`` (where the
defaults are), slash-command option ranges are built from these, and a test checks the database's
CHECK constraints against them, so a limit is changed here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.errors import InvalidInput
from bot.i18n import _


@dataclass(frozen=True, slots=True)
class Bounds:
    """An inclusive range of whole numbers, with the friendly error for a value outside it."""

    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"

    def check(self, label: str, value: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            message = _("{setting} must be a whole number (got {value}).")
            raise InvalidInput(message.format(setting=label, value=repr(value)))
        if not self.low <= value <= self.high:
            message = _("{setting} must be between {low} and {high} (got {value}).")
            raise InvalidInput(message.format(setting=label, low=self.low, high=self.high, value=value))
        return value


# Server settings (/trivia settings) and /trivia start.
TIME_LIMIT = Bounds(10, 60)  # seconds per question
QUESTION_COUNT = Bounds(1, 25)  # questions per game
POINTS = Bounds(1, 1000)  # for a correct answer, before the speed bonus


@dataclass(frozen=True, slots=True)
class TriviaSettings:
    """A server's trivia settings (declared, with their defaults, in ``bot.domain.settings.SETTINGS``)."""

    time_limit: int  # seconds per question
    question_count: int  # default for /trivia start
    points: int  # for a correct answer, before the speed bonus


# Playing.
LETTERS = ("A", "B", "C", "D")  # choice mode's buttons: labels are only ever these letters
IDLE_LIMIT = 3  # consecutive questions nobody answered before the game ends itself
SPEED_BONUS_SHARE = 0.5  # an instant correct answer earns this much on top of the points
TYPED_ANSWER_MAX = 100  # the typed-answer form's field
MAX_RESPONSE_CHARS = 200  # typed answers are cut to this before matching (bounds the work per click)

# A server's own questions (/trivia add).
QUESTION_TEXT_MAX = 300
ANSWER_TEXT_MAX = 80  # also a button-safe length for an option
CUSTOM_QUESTIONS_PER_SERVER = 200

# Scores.
LEADERBOARD_ROWS = 100  # ten pages of ten
