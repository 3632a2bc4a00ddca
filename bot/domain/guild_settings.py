"""A server's settings: defaults declared once, values validated in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.spoilers import SpoilerRules

TIME_LIMIT_RANGE = (10, 60)
QUESTION_COUNT_RANGE = (1, 25)
POINTS_RANGE = (1, 1000)


@dataclass(frozen=True, slots=True)
class TriviaSettings:
    time_limit: int = 20  # seconds per question
    question_count: int = 10  # default for /trivia start
    points: int = 100  # for a correct answer, before the speed bonus


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    spoilers: SpoilerRules = field(default_factory=SpoilerRules)
    trivia: TriviaSettings = field(default_factory=TriviaSettings)
    allow_profanity: bool = False
    automod_rule_id: int | None = None  # the AutoMod rule we created, when the guard is on


def check_range(name: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high} (got {value}).")
