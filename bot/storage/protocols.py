"""The storage seam: what the services need from a database, as small ``typing.Protocol``s.

Services depend on these, never on a backend. The stores of ``bot.storage.sql`` implement them
once, over SQLite (``bot.storage.sqlite``) or PostgreSQL (``bot.storage.postgres``), and pass the
same store tests on both.

Stores run explicit SQL and nothing else: values arrive validated (``bot.domain``), times
arrive as arguments (no clock in storage), and what comes back are the records of
``bot.domain.records``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.daily import DailyAnswer, DailySchedule, Streak, StreakRow
from bot.domain.lifecycle import Departure, MemberRecords
from bot.domain.records import (
    AnswerRow,
    AuditEntry,
    ContentReport,
    CustomQuestion,
    GameRow,
    GameStatus,
    LeaderboardRow,
    MemberStats,
)
from bot.domain.rewards import RewardKind, RoleGrant, RoleReward
from bot.domain.settings import GuildSettings, SettingChange
from bot.domain.trivia.nights import NightStatus, TriviaNight


class AnswerSink(Protocol):
    """Stores answers as they are given, in batches (group commit)."""

    async def submit(self, row: AnswerRow) -> None:
        """Return once the answer is committed; raise ``AnswerNotSaved`` (a ``UserError``) if it was not.

        An answer whose submit raised is never stored later.
        """
        ...

    async def flush(self) -> None:
        """Return once every answer submitted so far is settled (stored, or refused to its submitter)."""
        ...


class SettingsStore(Protocol):
    """A server's settings, its spoiler channels, its audit history and who has seen the film."""

    async def get(self, guild_id: int) -> GuildSettings: ...

    async def update(
        self, guild_id: int, actor_id: int, wanted: Mapping[str, Any], at: datetime
    ) -> list[SettingChange]:
        """Apply normalised values; write what changed and one audit row each, in one transaction."""
        ...

    async def set_spoiler_channel(
        self, guild_id: int, actor_id: int, channel_id: int, allowed: bool, at: datetime
    ) -> SettingChange | None: ...

    async def history(self, guild_id: int, limit: int) -> list[AuditEntry]: ...

    async def has_seen(self, guild_id: int, user_id: int) -> bool: ...

    async def set_seen(self, guild_id: int, user_id: int, seen: bool, at: datetime) -> None: ...


class MemberDataStore(Protocol):
    """Everything kept about one member in one server, across areas (for /privacy)."""

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        """Delete the member's seen mark, leaderboard choice, trivia answers and stats in one transaction."""
        ...

    async def member_records(self, guild_id: int, user_id: int) -> MemberRecords:
        """Every row that names the member in this server (for /privacy export)."""
        ...

    async def set_hidden(self, guild_id: int, user_id: int, hidden: bool, at: datetime) -> bool:
        """Hide the member from public leaderboards (or show them again); False when nothing changed."""
        ...

    async def is_hidden(self, guild_id: int, user_id: int) -> bool: ...

    async def hidden_players(self, guild_id: int) -> frozenset[int]: ...


# Every table that holds a server's data, each with a guild_id column: what /server export copies
# and what deleting a departed server removes. Every backend has these tables (same migrations).
SERVER_TABLES = (
    "guild_settings",
    "spoiler_channels",
    "audit_log",
    "member_seen",
    "hidden_players",
    "custom_questions",
    "trivia_games",
    "trivia_answers",
    "trivia_asked",
    "member_stats",
    "guild_stats",
    "content_reports",
    "guild_departures",
    "daily_schedules",
    "daily_answers",
    "daily_streaks",
    "daily_asked",
    "trivia_nights",
    "role_rewards",
    "role_grants",
)


class ServerDataStore(Protocol):
    """A whole server's data: export it, reset it, and delete it after the bot has left."""

    async def counts(self, guild_id: int) -> dict[str, int]:
        """Rows per table of ``SERVER_TABLES`` for this server."""
        ...

    def rows(self, guild_id: int, table: str, page_size: int) -> AsyncIterator[list[dict[str, Any]]]:
        """The server's rows of one table as column -> stored value, in pages, in primary key order."""
        ...

    async def reset(
        self, guild_id: int, *, keep_questions: bool, actor_id: int, at: datetime
    ) -> dict[str, int]:
        """Delete settings, spoiler channels, seen marks, finished games, answers, scores and the asked
        history (and the server's questions unless kept) and record it in the audit history
        (``bot.domain.lifecycle.reset_record``), in one transaction. The audit history, content
        reports and members' leaderboard choices stay. Returns the rows deleted per table."""
        ...

    async def purge(self, guild_id: int, left_before: datetime) -> dict[str, int] | None:
        """Delete every row of a server that the bot left before ``left_before``, in one transaction;
        None (and nothing deleted) when no such departure is recorded (e.g. the bot was added back)."""
        ...

    async def record_departure(self, guild_id: int, at: datetime) -> None:
        """Note that the bot left the server at ``at`` (an earlier departure already noted wins)."""
        ...

    async def cancel_departure(self, guild_id: int) -> bool:
        """The bot is in the server again: forget its departure; False when none was recorded."""
        ...

    async def departures(self) -> list[Departure]:
        """Every recorded departure, oldest first."""
        ...

    async def servers_with_data(self) -> set[int]:
        """Every server that has something stored (its departure aside)."""
        ...


class GameStore(Protocol):
    """Trivia games and each server's history of asked questions."""

    async def create_game(
        self,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        mode: str,
        difficulty: str,
        question_count: int,
        started_at: datetime,
    ) -> int: ...

    async def finish_game(
        self,
        game_id: int,
        status: GameStatus,
        ended_at: datetime,
        winner_ids: Iterable[int] = (),
        player_ids: Iterable[int] = (),
    ) -> bool:
        """End a running game and count it once; False when it was unknown or already over."""
        ...

    async def game_players(self, game_id: int) -> set[int]: ...

    async def running_games(self) -> list[GameRow]: ...

    async def mark_asked(self, guild_id: int, question_ids: Iterable[str], at: datetime) -> None: ...

    async def asked_ids(self, guild_id: int) -> set[str]: ...

    async def reset_asked(self, guild_id: int) -> None: ...


class AnswerStore(Protocol):
    """Where the answer writer stores batches of answers."""

    async def record_answers(self, rows: Sequence[AnswerRow]) -> int:
        """Store a batch in one transaction; the first answer per (game, question, member) wins."""
        ...


class ScoreStore(Protocol):
    async def leaderboard(
        self, guild_id: int, since: datetime | None, limit: int, offset: int = 0
    ) -> list[LeaderboardRow]: ...

    async def leaderboard_size(self, guild_id: int, since: datetime | None = None) -> int: ...

    async def member_stats(self, guild_id: int, user_id: int) -> MemberStats: ...

    async def rank(self, guild_id: int, user_id: int) -> int | None: ...


class QuestionStore(Protocol):
    """A server's own trivia questions (checked by ``bot.domain.trivia.questions`` before they arrive)."""

    async def add_question(
        self,
        guild_id: int,
        author_id: int,
        question: str,
        answer: str,
        wrong: tuple[str, str, str],
        spoiler: SpoilerLevel,
        difficulty: Difficulty,
        at: datetime,
        limit: int,
    ) -> int | None:
        """Store a question unless the server already has ``limit``; its number, or None when full."""
        ...

    async def questions(self, guild_id: int) -> list[CustomQuestion]: ...

    async def remove_question(self, guild_id: int, number: int) -> bool: ...

    async def count_questions(self, guild_id: int) -> int: ...


class TriviaStore(GameStore, AnswerStore, ScoreStore, QuestionStore, Protocol):
    """All of trivia's storage (one object per backend implements it)."""


class ReportStore(Protocol):
    """Members' reports of mistakes in the film's content."""

    async def add_report(
        self, guild_id: int | None, user_id: int, item_kind: str, item_id: str, text: str, at: datetime
    ) -> int: ...

    async def reports(self, guild_id: int | None = None, limit: int = 50) -> list[ContentReport]:
        """The newest reports first: one server's, or every server's when ``guild_id`` is None."""
        ...


class NightStore(Protocol):
    """Trivia nights (``bot.domain.trivia.nights``): the schedule every shard process reads."""

    async def add_night(
        self,
        guild_id: int,
        channel_id: int,
        rules_channel_id: int,
        event_id: int,
        starts_at: datetime,
        questions: int | None,
        difficulty: str,
        created_by: int,
        at: datetime,
    ) -> int: ...

    async def scheduled(self, guild_id: int) -> list[TriviaNight]:
        """The server's nights still to come, soonest first."""
        ...

    async def night(self, guild_id: int, night_id: int) -> TriviaNight | None: ...

    async def due(self, now: datetime, limit: int) -> list[TriviaNight]:
        """Scheduled nights of every server whose start is at or before ``now``, oldest first."""
        ...

    async def upcoming(self, after: datetime, limit: int) -> list[TriviaNight]:
        """Scheduled nights of every server that start after ``after``, soonest first."""
        ...

    async def next_start(self, after: datetime) -> datetime | None:
        """The earliest start of a scheduled night at or after ``after`` (any server), or None."""
        ...

    async def move(self, night_id: int, old: datetime, new: datetime) -> bool:
        """Follow the event to its new start (earlier or later) if the night is still scheduled at ``old``."""
        ...

    async def settle(self, night_id: int, starts_at: datetime, status: NightStatus) -> bool:
        """Claim a scheduled night (started, cancelled, dropped): True for the one caller that did."""
        ...


class MetaStore(Protocol):
    """Small key/value facts about the bot itself (e.g. the hash of the last synced command tree)."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...


class DailyStore(Protocol):
    """The daily question: each server's schedule, its answers, history and members' streaks."""

    async def schedule(self, guild_id: int) -> DailySchedule | None: ...

    async def set_schedule(
        self,
        guild_id: int,
        channel_id: int,
        minute: int,
        time_zone: str,
        next_due_at: int,
        close_minute: int | None = None,
        close_due_at: int | None = None,
    ) -> None: ...

    async def set_paused(self, guild_id: int, paused: bool, next_due_at: int) -> bool: ...

    async def remove(self, guild_id: int) -> bool: ...

    async def has_active(self) -> bool: ...

    async def due(self, now: int, limit: int) -> list[DailySchedule]: ...

    async def claim(
        self,
        guild_id: int,
        day: str,
        next_due_at: int,
        question_id: str,
        at: int,
        *,
        reset_history: bool,
        active_only: bool,
        close_due_at: int | None = None,
    ) -> bool:
        """True for exactly one caller per server and day (one conditional UPDATE)."""
        ...

    async def due_closes(self, now: int, limit: int) -> list[DailySchedule]: ...

    async def claim_close(self, guild_id: int, day: str) -> bool:
        """The reveal of ``day`` at its close time: True for exactly one caller (one conditional UPDATE)."""
        ...

    async def claim_reveal(self, guild_id: int, day: str) -> bool:
        """The reveal of ``day`` with the next question: True unless it was revealed at its close."""
        ...

    async def reschedule(self, guild_id: int, expected_due: int, next_due_at: int) -> bool: ...

    async def set_message(self, guild_id: int, day: str, message_id: int) -> None: ...

    async def asked(self, guild_id: int) -> set[str]: ...

    async def answer(
        self, guild_id: int, day: str, answer: DailyAnswer, streak_after: Callable[[Streak, str, str], Streak]
    ) -> Streak | None: ...

    async def first_right(self, guild_id: int, day: str, limit: int) -> list[DailyAnswer]: ...

    async def count_answers(self, guild_id: int, day: str) -> int: ...

    async def streak(self, guild_id: int, user_id: int) -> Streak: ...

    async def streaks(self, guild_id: int, days: tuple[str, str], limit: int) -> list[StreakRow]: ...


class RewardStore(Protocol):
    """Role rewards (``bot.domain.rewards``): each server's rewards, and the roles given to members."""

    async def rewards(self, guild_id: int) -> list[RoleReward]:
        """The server's rewards, by kind and threshold."""
        ...

    async def add_reward(
        self,
        guild_id: int,
        role_id: int,
        kind: RewardKind,
        threshold: int,
        actor_id: int,
        at: int,
        limit: int,
    ) -> bool:
        """Add (or change) the reward of ``role_id``; False (nothing saved) when the server already has
        ``limit`` rewards and this role is not one of them."""
        ...

    async def remove_reward(self, guild_id: int, role_id: int) -> bool: ...

    async def granted(self, guild_id: int, user_id: int) -> set[int]:
        """The roles already given to the member here."""
        ...

    async def claim_grant(self, guild_id: int, user_id: int, role_id: int, at: int) -> bool:
        """Record a grant before Discord is asked: True for the one caller that recorded it."""
        ...

    async def release_grant(self, guild_id: int, user_id: int, role_id: int) -> None:
        """Discord refused the grant: forget it, so it is tried again later."""
        ...

    async def mark_attention(self, guild_id: int, role_id: int, at: int, failing: bool) -> bool:
        """Set (``failing``) or clear the reward's needs-attention mark; True when it changed."""
        ...

    async def grants(self, guild_id: int, user_id: int | None = None) -> list[RoleGrant]:
        """The roles given in the server (to one member, or to everyone)."""
        ...
