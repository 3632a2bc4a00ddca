"""What the bot keeps, as plain frozen records: what every storage backend hands back.

Times are aware UTC datetimes (answers carry unix milliseconds, since their order within a
second matters).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.trivia.questions import CustomQuestion

__all__ = [
    "AnswerRow",
    "AuditEntry",
    "ContentReport",
    "CustomQuestion",
    "GameRow",
    "GameStatus",
    "LeaderboardRow",
    "MemberStats",
]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One settings change; ``old``/``new`` are canonical text (``bot.domain.settings.setting_text``)."""

    id: int
    setting: str
    old: str
    new: str
    actor_id: int
    at: datetime


class GameStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True, slots=True)
class GameRow:
    id: int
    guild_id: int
    channel_id: int
    starter_id: int
    mode: str
    difficulty: str
    question_count: int
    status: GameStatus
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One member's answer to one question. ``streak`` is their run of correct answers including this one."""

    game_id: int
    guild_id: int
    question_no: int
    question_id: str
    user_id: int
    correct: bool
    points: int
    streak: int
    answered_at_ms: int


@dataclass(frozen=True, slots=True)
class LeaderboardRow:
    user_id: int
    points: int
    correct: int


@dataclass(frozen=True, slots=True)
class MemberStats:
    guild_id: int
    user_id: int
    points: int = 0
    correct: int = 0
    answered: int = 0
    games_played: int = 0
    games_won: int = 0
    best_streak: int = 0


@dataclass(frozen=True, slots=True)
class ContentReport:
    """A member's report of a mistake in the film's content (``/report``)."""

    id: int
    guild_id: int | None  # None: sent from a direct message
    user_id: int
    item_kind: str  # "cast", "crew", "quote", "trivia", "film" or "other"
    item_id: str  # the item's content id ("" for a report about no particular item)
    text: str
    created_at: datetime
