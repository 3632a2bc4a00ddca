"""A member's and a server's data over its life: what is kept, and when a departed server's data goes.

Plain records the stores hand back for ``/privacy export`` and the retention rules that decide when
a server the bot has left is deleted. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.daily import DailyAnswer, Streak
from bot.domain.records import AuditEntry, ContentReport, CustomQuestion, GameRow, MemberStats

DEFAULT_PURGE_AFTER_DAYS = 30
MAX_PURGE_AFTER_DAYS = 3650


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """One trivia answer as stored: whether it was right, never the text typed or the letter clicked."""

    game_id: int
    question_no: int
    question_id: str
    correct: bool
    points: int
    answered_at_ms: int


@dataclass(frozen=True, slots=True)
class MemberRecords:
    """Everything the bot keeps that names one member in one server."""

    guild_id: int
    user_id: int
    seen_at: datetime | None  # when they ran /seen yes; None when not marked
    hidden_at: datetime | None  # when they hid from leaderboards; None when shown
    stats: MemberStats  # their totals (all zero when they never played)
    answers: list[StoredAnswer] = field(default_factory=list)
    games: list[GameRow] = field(default_factory=list)  # games they answered in or started
    questions_written: list[CustomQuestion] = field(default_factory=list)
    settings_changes: list[AuditEntry] = field(default_factory=list)  # made by them, as a moderator
    reports: list[ContentReport] = field(default_factory=list)  # mistakes they reported (/report)
    daily_answers: list[tuple[str, DailyAnswer]] = field(default_factory=list)  # the daily question's, by day
    daily_streak: Streak | None = None  # None: never answered a daily question here
    roles_given: list[tuple[int, int]] = field(default_factory=list)  # role rewards: (role id, UTC s)


@dataclass(frozen=True, slots=True)
class Departure:
    """The bot was removed from a server (kicked, or the server deleted) at ``left_at``."""

    guild_id: int
    left_at: datetime

    def purge_at(self, grace: timedelta) -> datetime:
        return self.left_at + grace

    def is_due(self, now: datetime, grace: timedelta) -> bool:
        return now >= self.purge_at(grace)


def purge_after(days: int) -> timedelta:
    """The grace period; ``days`` is checked by the configuration (0 means at the next check)."""
    if not 0 <= days <= MAX_PURGE_AFTER_DAYS:
        raise ValueError(f"purge period must be 0-{MAX_PURGE_AFTER_DAYS} days, got {days}")
    return timedelta(days=days)


# A server reset in the audit history: setting RESET_SETTING, old value the rows deleted per table
# ("trivia_games=12,trivia_answers=340"), new value RESET_DONE or RESET_DONE_KEEPING_QUESTIONS.
RESET_SETTING = "server_reset"
RESET_DONE = "reset"
RESET_DONE_KEEPING_QUESTIONS = "reset, questions kept"


def reset_record(deleted: dict[str, int], *, kept_questions: bool) -> tuple[str, str]:
    """The audit history's (old, new) text for a reset that deleted ``deleted`` rows per table."""
    counts = ",".join(f"{table}={count}" for table, count in deleted.items())
    return counts, RESET_DONE_KEEPING_QUESTIONS if kept_questions else RESET_DONE


def parse_reset_counts(text: str) -> dict[str, int]:
    """``reset_record``'s counts back as a mapping (anything unreadable is skipped)."""
    counts: dict[str, int] = {}
    for part in text.split(","):
        table, _, count = part.partition("=")
        if table and count.isdigit():
            counts[table] = int(count)
    return counts
