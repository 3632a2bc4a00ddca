"""Repositories: explicit SQL, one class per area, each built on the one ``Database``.

Times go in as aware datetimes and are stored as UTC unix seconds (answers: ms).
No discord imports here; display strings such as ``<#123>`` are plain text.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.guild_settings import (
    POINTS_RANGE,
    QUESTION_COUNT_RANGE,
    TIME_LIMIT_RANGE,
    GuildSettings,
    TriviaSettings,
    check_range,
)
from bot.domain.spoilers import Mode, SpoilerRules, Threshold
from bot.storage.database import Database

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _to_ts(when: datetime) -> int:
    return int(when.timestamp())


def _from_ts(ts: int | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def _to_ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


K = TypeVar("K")
V = TypeVar("V")
E = TypeVar("E", bound=StrEnum)


class _LRU(Generic[K, V]):
    def __init__(self, maxsize: int) -> None:
        self._data: OrderedDict[K, V] = OrderedDict()
        self._maxsize = maxsize

    def get(self, key: K) -> V | None:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self._maxsize:
            self._data.popitem(last=False)

    def pop(self, key: K) -> None:
        self._data.pop(key, None)

    def __len__(self) -> int:
        return len(self._data)


# ====================================================================== meta


class MetaRepo:
    """Small key/value facts about the bot itself (e.g. the hash of the last synced command tree)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        row = await self._db.fetchone("SELECT value FROM bot_meta WHERE key = ?", (key,))
        return None if row is None else row["value"]

    async def set(self, key: str, value: str) -> None:
        await self._db.execute(
            "INSERT INTO bot_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


# ====================================================================== settings


@dataclass(frozen=True, slots=True)
class SettingChange:
    """One setting that actually changed; ``old``/``new`` are display strings."""

    setting: str
    old: str
    new: str
    actor_id: int
    at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    setting: str
    old: str
    new: str
    actor_id: int
    at: datetime


SETTING_KEYS = (
    "spoiler_mode",
    "spoiler_threshold",
    "embargo_until",
    "allow_profanity",
    "trivia_time_limit",
    "trivia_question_count",
    "trivia_points",
    "automod_rule_id",
)

_SETTINGS_COLUMNS = ("guild_id", *SETTING_KEYS, "updated_at")
_UPSERT_SETTINGS = (
    f"INSERT INTO guild_settings ({', '.join(_SETTINGS_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _SETTINGS_COLUMNS)}) "
    "ON CONFLICT (guild_id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _SETTINGS_COLUMNS[1:])
)
_INSERT_AUDIT = (
    "INSERT INTO audit_log (guild_id, actor_id, at, setting, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)"
)


def _whole_number(label: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{label} must be a whole number (got {value!r}).")
    return value


def _one_of(label: str, choices: type[E], value: Any) -> E:
    try:
        return choices(value.lower() if isinstance(value, str) else value)
    except ValueError:
        allowed = ", ".join(c.value for c in choices)
        raise ValueError(f"{label} must be one of {allowed} (got {value!r}).") from None


def _normalise(key: str, value: Any) -> Any:
    """Validate one setting's new value and put it in its canonical form."""
    if key == "spoiler_mode":
        return _one_of("Spoiler mode", Mode, value)
    if key == "spoiler_threshold":
        return _one_of("Spoiler threshold", Threshold, value)
    if key == "embargo_until":
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise ValueError(f"The embargo end must be a date and time (got {value!r}).")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("The embargo end needs a time zone (e.g. UTC).")
        return value.astimezone(UTC).replace(microsecond=0)
    if key == "allow_profanity":
        if not isinstance(value, bool):
            raise ValueError(f"Allow profanity must be on or off (got {value!r}).")
        return value
    if key == "trivia_time_limit":
        check_range("The time limit (seconds)", _whole_number("The time limit", value), TIME_LIMIT_RANGE)
        return value
    if key == "trivia_question_count":
        count = _whole_number("The number of questions", value)
        check_range("The number of questions", count, QUESTION_COUNT_RANGE)
        return value
    if key == "trivia_points":
        check_range("Points per answer", _whole_number("Points per answer", value), POINTS_RANGE)
        return value
    if key == "automod_rule_id":
        if value is None:
            return None
        if _whole_number("The AutoMod rule id", value) <= 0:
            raise ValueError(f"The AutoMod rule id must be positive (got {value}).")
        return value
    raise TypeError(f"unknown setting {key!r}; known settings: {', '.join(SETTING_KEYS)}")


def _values(settings: GuildSettings) -> dict[str, Any]:
    return {
        "spoiler_mode": settings.spoilers.mode,
        "spoiler_threshold": settings.spoilers.threshold,
        "embargo_until": settings.spoilers.embargo_until,
        "allow_profanity": settings.allow_profanity,
        "trivia_time_limit": settings.trivia.time_limit,
        "trivia_question_count": settings.trivia.question_count,
        "trivia_points": settings.trivia.points,
        "automod_rule_id": settings.automod_rule_id,
    }


def _column_value(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return _to_ts(value)
    return value


def display_value(value: Any) -> str:
    """How a setting's value reads in the audit log."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return f"<t:{_to_ts(value)}:f>"
    return str(value)


def _settings_from_row(guild_id: int, row: Any, channels: Iterable[int]) -> GuildSettings:
    channel_set = frozenset(channels)
    if row is None:
        defaults = GuildSettings(guild_id)
        if not channel_set:
            return defaults
        return replace(defaults, spoilers=replace(defaults.spoilers, spoiler_channels=channel_set))
    return GuildSettings(
        guild_id,
        spoilers=SpoilerRules(
            mode=Mode(row["spoiler_mode"]),
            threshold=Threshold(row["spoiler_threshold"]),
            spoiler_channels=channel_set,
            embargo_until=_from_ts(row["embargo_until"]),
        ),
        trivia=TriviaSettings(
            time_limit=row["trivia_time_limit"],
            question_count=row["trivia_question_count"],
            points=row["trivia_points"],
        ),
        allow_profanity=bool(row["allow_profanity"]),
        automod_rule_id=row["automod_rule_id"],
    )


class SettingsRepo:
    """A server's settings, its spoiler channels, who has seen the film, and the audit log.

    ``get`` and ``has_seen`` are cached (they run on every interaction); every write
    through this repo invalidates the affected entries, and a read that overlapped a
    write is not cached, so the cache never serves a stale value.
    """

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = _utcnow,
        cache_size: int = 1024,
        seen_cache_size: int = 50_000,
    ) -> None:
        self._db = db
        self._clock = clock
        self._cache: _LRU[int, GuildSettings] = _LRU(cache_size)
        self._seen: _LRU[tuple[int, int], bool] = _LRU(seen_cache_size)
        self._settings_writes = 0  # bumped by every write, so overlapping reads are not cached
        self._seen_writes = 0

    # -- settings ---------------------------------------------------------------------

    async def get(self, guild_id: int) -> GuildSettings:
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached
        writes = self._settings_writes
        row = await self._db.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        channels = await self._db.fetchall(
            "SELECT channel_id FROM spoiler_channels WHERE guild_id = ? ORDER BY channel_id", (guild_id,)
        )
        settings = _settings_from_row(guild_id, row, (r["channel_id"] for r in channels))
        if writes == self._settings_writes:
            self._cache.put(guild_id, settings)
        return settings

    def _invalidate(self, guild_id: int) -> None:
        self._settings_writes += 1
        self._cache.pop(guild_id)

    async def update(self, guild_id: int, actor_id: int, **changes: Any) -> list[SettingChange]:
        """Change some settings; returns what actually changed (one audit row each, same transaction).

        Raises ValueError (friendly message, nothing written) for a bad value and
        TypeError for an unknown setting name.
        """
        wanted = {key: _normalise(key, value) for key, value in changes.items()}
        if not wanted:
            return []
        now = self._clock().replace(microsecond=0)
        at = _to_ts(now)
        try:
            async with self._db.transaction() as tx:
                row = await tx.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
                current = _values(_settings_from_row(guild_id, row, ()))
                made: list[SettingChange] = []
                for key in SETTING_KEYS:
                    if key in wanted and wanted[key] != current[key]:
                        made.append(
                            SettingChange(
                                key, display_value(current[key]), display_value(wanted[key]), actor_id, now
                            )
                        )
                        current[key] = wanted[key]
                if not made:
                    return []
                await tx.execute(
                    _UPSERT_SETTINGS,
                    (guild_id, *(_column_value(current[k]) for k in SETTING_KEYS), at),
                )
                await tx.executemany(
                    _INSERT_AUDIT,
                    [(guild_id, actor_id, at, c.setting, c.old, c.new) for c in made],
                )
                return made
        finally:
            self._invalidate(guild_id)

    async def set_spoiler_channel(
        self, guild_id: int, actor_id: int, channel_id: int, allowed: bool
    ) -> SettingChange | None:
        """Allow (or stop allowing) plain spoilers in a channel; None when nothing changed."""
        now = self._clock().replace(microsecond=0)
        at = _to_ts(now)
        try:
            async with self._db.transaction() as tx:
                if allowed:
                    changed = await tx.execute(
                        "INSERT OR IGNORE INTO spoiler_channels (guild_id, channel_id, added_at) "
                        "VALUES (?, ?, ?)",
                        (guild_id, channel_id, at),
                    )
                else:
                    changed = await tx.execute(
                        "DELETE FROM spoiler_channels WHERE guild_id = ? AND channel_id = ?",
                        (guild_id, channel_id),
                    )
                if not changed:
                    return None
                label = f"<#{channel_id}>"
                change = SettingChange(
                    "spoiler_channel",
                    f"{label} {'not allowed' if allowed else 'allowed'}",
                    f"{label} {'allowed' if allowed else 'not allowed'}",
                    actor_id,
                    now,
                )
                await tx.execute(
                    _INSERT_AUDIT, (guild_id, actor_id, at, change.setting, change.old, change.new)
                )
                return change
        finally:
            self._invalidate(guild_id)

    async def history(self, guild_id: int, limit: int = 10) -> list[AuditEntry]:
        """The latest changes to a server's settings, newest first."""
        rows = await self._db.fetchall(
            "SELECT id, setting, old_value, new_value, actor_id, at FROM audit_log "
            "WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
            (guild_id, max(0, limit)),
        )
        return [
            AuditEntry(
                r["id"],
                r["setting"],
                r["old_value"],
                r["new_value"],
                r["actor_id"],
                datetime.fromtimestamp(r["at"], UTC),
            )
            for r in rows
        ]

    # -- members ----------------------------------------------------------------------

    async def has_seen(self, guild_id: int, user_id: int) -> bool:
        key = (guild_id, user_id)
        cached = self._seen.get(key)
        if cached is not None:
            return cached
        writes = self._seen_writes
        row = await self._db.fetchone(
            "SELECT 1 FROM member_seen WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        seen = row is not None
        if writes == self._seen_writes:
            self._seen.put(key, seen)
        return seen

    async def set_seen(self, guild_id: int, user_id: int, seen: bool) -> None:
        try:
            if seen:
                await self._db.execute(
                    "INSERT OR IGNORE INTO member_seen (guild_id, user_id, seen_at) VALUES (?, ?, ?)",
                    (guild_id, user_id, _to_ts(self._clock())),
                )
            else:
                await self._db.execute(
                    "DELETE FROM member_seen WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
                )
        finally:
            self._seen_writes += 1
            self._seen.pop((guild_id, user_id))

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        """Delete what we keep about one member in one server: seen flag, stats and answers."""
        try:
            async with self._db.transaction() as tx:
                params = (guild_id, user_id)
                await tx.execute("DELETE FROM member_seen WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM member_stats WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM trivia_answers WHERE guild_id = ? AND user_id = ?", params)
        finally:
            self._seen_writes += 1
            self._seen.pop((guild_id, user_id))


# ====================================================================== trivia


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
class AnswerRecord:
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
class CustomQuestionRow:
    id: int
    guild_id: int
    author_id: int
    question: str
    answer: str
    wrong: tuple[str, str, str]
    spoiler: SpoilerLevel
    difficulty: Difficulty
    created_at: datetime


_ANSWER_COLUMNS = (
    "game_id",
    "question_no",
    "question_id",
    "user_id",
    "guild_id",
    "correct",
    "points",
    "answered_at_ms",
)
_ANSWER_ROWS_PER_STATEMENT = 100  # 800 parameters, far below SQLite's limit
_UPSERT_ANSWER_STATS = (
    "INSERT INTO member_stats (guild_id, user_id, points, correct, answered, best_streak) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
    "points = points + excluded.points, correct = correct + excluded.correct, "
    "answered = answered + excluded.answered, best_streak = max(best_streak, excluded.best_streak)"
)
_UPSERT_GAME_STATS = (
    "INSERT INTO member_stats (guild_id, user_id, games_played, games_won) VALUES (?, ?, 1, ?) "
    "ON CONFLICT (guild_id, user_id) DO UPDATE SET "
    "games_played = games_played + 1, games_won = games_won + excluded.games_won"
)


def _game_from_row(r: Any) -> GameRow:
    return GameRow(
        id=r["id"],
        guild_id=r["guild_id"],
        channel_id=r["channel_id"],
        starter_id=r["starter_id"],
        mode=r["mode"],
        difficulty=r["difficulty"],
        question_count=r["question_count"],
        status=GameStatus(r["status"]),
        started_at=datetime.fromtimestamp(r["started_at"], UTC),
        ended_at=_from_ts(r["ended_at"]),
    )


def _clean_text(label: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"The {label} can't be empty.")
    return value.strip()


class TriviaRepo:
    """Games, answers, member and server stats, the asked-question history and custom questions."""

    def __init__(self, db: Database, *, clock: Clock = _utcnow) -> None:
        self._db = db
        self._clock = clock

    # -- games ------------------------------------------------------------------------

    async def create_game(
        self,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        mode: str,
        difficulty: str,
        question_count: int,
        started_at: datetime | None = None,
    ) -> int:
        async with self._db.transaction() as tx:
            return await tx.insert(
                "INSERT INTO trivia_games "
                "(guild_id, channel_id, starter_id, mode, difficulty, question_count, status, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 'running', ?)",
                (
                    guild_id,
                    channel_id,
                    starter_id,
                    str(mode),
                    str(difficulty),
                    question_count,
                    _to_ts(started_at or self._clock()),
                ),
            )

    async def finish_game(
        self,
        game_id: int,
        status: GameStatus | str,
        winner_ids: Iterable[int] = (),
        player_ids: Iterable[int] = (),
    ) -> bool:
        """End a running game and count it, in one transaction.

        Every player (winners included) gets games_played + 1, every winner games_won + 1,
        and the server's games_played + 1. Returns False (and counts nothing) when the
        game is unknown or already ended, so calling it twice never double counts.
        """
        status = GameStatus(status)
        if status is GameStatus.RUNNING:
            raise ValueError("finish_game needs a final status (finished, stopped or interrupted).")
        winners = set(winner_ids)
        players = set(player_ids) | winners
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE trivia_games SET status = ?, ended_at = ? WHERE id = ? AND status = 'running'",
                (status.value, _to_ts(self._clock()), game_id),
            )
            if not changed:
                return False
            # Only members whose answers are still stored count: one who used /privacy during
            # the game asked to be forgotten, and must not come back as a player or winner.
            rows = await tx.fetchall(
                "SELECT DISTINCT user_id FROM trivia_answers WHERE game_id = ?", (game_id,)
            )
            kept = {row["user_id"] for row in rows}
            players &= kept
            winners &= kept
            row = await tx.fetchone("SELECT guild_id FROM trivia_games WHERE id = ?", (game_id,))
            assert row is not None
            guild_id = row["guild_id"]
            await tx.executemany(
                _UPSERT_GAME_STATS,
                [(guild_id, user_id, int(user_id in winners)) for user_id in sorted(players)],
            )
            await tx.execute(
                "INSERT INTO guild_stats (guild_id, games_played) VALUES (?, 1) "
                "ON CONFLICT (guild_id) DO UPDATE SET games_played = games_played + 1",
                (guild_id,),
            )
            return True

    async def game_players(self, game_id: int) -> set[int]:
        """Everyone with an answer recorded in a game (to count a game cut short by a crash)."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT user_id FROM trivia_answers WHERE game_id = ?", (game_id,)
        )
        return {row["user_id"] for row in rows}

    async def get_game(self, game_id: int) -> GameRow | None:
        row = await self._db.fetchone("SELECT * FROM trivia_games WHERE id = ?", (game_id,))
        return None if row is None else _game_from_row(row)

    async def running_games(self) -> list[GameRow]:
        """Games still marked running: at start-up these were cut short by a crash or restart."""
        rows = await self._db.fetchall("SELECT * FROM trivia_games WHERE status = 'running' ORDER BY id")
        return [_game_from_row(r) for r in rows]

    async def guild_games_played(self, guild_id: int) -> int:
        row = await self._db.fetchone("SELECT games_played FROM guild_stats WHERE guild_id = ?", (guild_id,))
        return 0 if row is None else row["games_played"]

    # -- answers ----------------------------------------------------------------------

    async def record_answers(self, records: Sequence[AnswerRecord]) -> int:
        """Store a batch of answers in one transaction; returns how many were new.

        An answer whose (game, question, member) is already stored, or repeated in the
        batch, is ignored — the first one wins — and only new answers count towards
        member_stats, so a duplicate click never counts twice.
        """
        if not records:
            return 0
        first: dict[tuple[int, int, int], AnswerRecord] = {}
        for record in records:
            first.setdefault((record.game_id, record.question_no, record.user_id), record)
        async with self._db.transaction() as tx:
            inserted: list[AnswerRecord] = []
            batch = list(first.values())
            for start in range(0, len(batch), _ANSWER_ROWS_PER_STATEMENT):
                chunk = batch[start : start + _ANSWER_ROWS_PER_STATEMENT]
                placeholders = ", ".join("(?, ?, ?, ?, ?, ?, ?, ?)" for _ in chunk)
                params: list[Any] = []
                for r in chunk:
                    params += (
                        r.game_id,
                        r.question_no,
                        r.question_id,
                        r.user_id,
                        r.guild_id,
                        int(r.correct),
                        r.points,
                        r.answered_at_ms,
                    )
                rows = await tx.fetchall(
                    f"INSERT OR IGNORE INTO trivia_answers ({', '.join(_ANSWER_COLUMNS)}) "
                    f"VALUES {placeholders} RETURNING game_id, question_no, user_id",
                    params,
                )
                inserted += (first[(r[0], r[1], r[2])] for r in rows)
            totals: dict[tuple[int, int], list[int]] = {}
            for r in inserted:
                t = totals.setdefault((r.guild_id, r.user_id), [0, 0, 0, 0])
                t[0] += r.points
                t[1] += int(r.correct)
                t[2] += 1
                t[3] = max(t[3], r.streak)
            if totals:
                await tx.executemany(
                    _UPSERT_ANSWER_STATS, [(g, u, *t) for (g, u), t in sorted(totals.items())]
                )
            return len(inserted)

    async def answer_count(self, game_id: int, question_no: int | None = None) -> int:
        if question_no is None:
            row = await self._db.fetchone("SELECT COUNT(*) FROM trivia_answers WHERE game_id = ?", (game_id,))
        else:
            row = await self._db.fetchone(
                "SELECT COUNT(*) FROM trivia_answers WHERE game_id = ? AND question_no = ?",
                (game_id, question_no),
            )
        return row[0] if row else 0

    # -- asked-question history -------------------------------------------------------

    async def mark_asked(self, guild_id: int, question_ids: Iterable[str]) -> None:
        at = _to_ts(self._clock())
        rows = [(guild_id, qid, at) for qid in dict.fromkeys(question_ids)]
        if not rows:
            return
        async with self._db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO trivia_asked (guild_id, question_id, asked_at) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, question_id) DO UPDATE SET asked_at = excluded.asked_at",
                rows,
            )

    async def asked_ids(self, guild_id: int) -> set[str]:
        rows = await self._db.fetchall("SELECT question_id FROM trivia_asked WHERE guild_id = ?", (guild_id,))
        return {r["question_id"] for r in rows}

    async def reset_asked(self, guild_id: int) -> None:
        await self._db.execute("DELETE FROM trivia_asked WHERE guild_id = ?", (guild_id,))

    # -- leaderboards and stats -------------------------------------------------------

    async def leaderboard(
        self, guild_id: int, since: datetime | None = None, limit: int = 10, offset: int = 0
    ) -> list[LeaderboardRow]:
        """Members by points (then correct answers, then user id). ``since``: only answers from then on."""
        if since is None:
            rows = await self._db.fetchall(
                "SELECT user_id, points, correct FROM member_stats WHERE guild_id = ? AND answered > 0 "
                "ORDER BY points DESC, correct DESC, user_id LIMIT ? OFFSET ?",
                (guild_id, limit, offset),
            )
        else:
            rows = await self._db.fetchall(
                "SELECT user_id, SUM(points) AS points, SUM(correct) AS correct FROM trivia_answers "
                "WHERE guild_id = ? AND answered_at_ms >= ? GROUP BY user_id "
                "ORDER BY points DESC, correct DESC, user_id LIMIT ? OFFSET ?",
                (guild_id, _to_ms(since), limit, offset),
            )
        return [LeaderboardRow(r["user_id"], r["points"], r["correct"]) for r in rows]

    async def leaderboard_size(self, guild_id: int, since: datetime | None = None) -> int:
        if since is None:
            row = await self._db.fetchone(
                "SELECT COUNT(*) FROM member_stats WHERE guild_id = ? AND answered > 0", (guild_id,)
            )
        else:
            row = await self._db.fetchone(
                "SELECT COUNT(DISTINCT user_id) FROM trivia_answers "
                "WHERE guild_id = ? AND answered_at_ms >= ?",
                (guild_id, _to_ms(since)),
            )
        return row[0] if row else 0

    async def member_stats(self, guild_id: int, user_id: int) -> MemberStats:
        row = await self._db.fetchone(
            "SELECT points, correct, answered, games_played, games_won, best_streak FROM member_stats "
            "WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        if row is None:
            return MemberStats(guild_id, user_id)
        return MemberStats(guild_id, user_id, *tuple(row))

    async def rank(self, guild_id: int, user_id: int) -> int | None:
        """The member's 1-based place on the all-time leaderboard, or None if they never answered."""
        row = await self._db.fetchone(
            "SELECT points, correct FROM member_stats WHERE guild_id = ? AND user_id = ? AND answered > 0",
            (guild_id, user_id),
        )
        if row is None:
            return None
        points, correct = row["points"], row["correct"]
        ahead = await self._db.fetchone(
            "SELECT COUNT(*) FROM member_stats WHERE guild_id = ? AND answered > 0 AND ("
            "points > ? OR (points = ? AND correct > ?) OR (points = ? AND correct = ? AND user_id < ?))",
            (guild_id, points, points, correct, points, correct, user_id),
        )
        return (ahead[0] if ahead else 0) + 1

    # -- custom questions ---------------------------------------------------------------

    async def add_question(
        self,
        guild_id: int,
        author_id: int,
        question: str,
        answer: str,
        wrong: tuple[str, str, str],
        spoiler: SpoilerLevel | str = SpoilerLevel.NONE,
        difficulty: Difficulty | str = Difficulty.MEDIUM,
    ) -> int:
        question = _clean_text("question", question)
        answer = _clean_text("answer", answer)
        if len(wrong) != 3:
            raise ValueError("A question needs exactly three wrong answers.")
        wrongs = tuple(_clean_text("wrong answer", w) for w in wrong)
        if len({c.casefold() for c in (answer, *wrongs)}) != 4:
            raise ValueError("The answer and the three wrong answers must all be different.")
        try:
            level = SpoilerLevel(spoiler)
        except ValueError:
            raise ValueError(
                f"Spoiler level must be one of {', '.join(s.value for s in SpoilerLevel)}."
            ) from None
        try:
            diff = Difficulty(difficulty)
        except ValueError:
            raise ValueError(f"Difficulty must be one of {', '.join(d.value for d in Difficulty)}.") from None
        async with self._db.transaction() as tx:
            return await tx.insert(
                "INSERT INTO custom_questions (guild_id, author_id, question, answer, "
                "wrong1, wrong2, wrong3, spoiler, difficulty, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    author_id,
                    question,
                    answer,
                    *wrongs,
                    level.value,
                    diff.value,
                    _to_ts(self._clock()),
                ),
            )

    async def questions(self, guild_id: int) -> list[CustomQuestionRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM custom_questions WHERE guild_id = ? ORDER BY id", (guild_id,)
        )
        return [
            CustomQuestionRow(
                id=r["id"],
                guild_id=r["guild_id"],
                author_id=r["author_id"],
                question=r["question"],
                answer=r["answer"],
                wrong=(r["wrong1"], r["wrong2"], r["wrong3"]),
                spoiler=SpoilerLevel(r["spoiler"]),
                difficulty=Difficulty(r["difficulty"]),
                created_at=datetime.fromtimestamp(r["created_at"], UTC),
            )
            for r in rows
        ]

    async def remove_question(self, guild_id: int, question_id: int) -> bool:
        """Remove one of a server's questions, and its place in the server's "already asked" history."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "DELETE FROM custom_questions WHERE guild_id = ? AND id = ?", (guild_id, question_id)
            )
            if changed:
                await tx.execute(
                    "DELETE FROM trivia_asked WHERE guild_id = ? AND question_id = ?",
                    (guild_id, f"custom-{question_id}"),
                )
        return changed > 0

    async def count_questions(self, guild_id: int) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM custom_questions WHERE guild_id = ?", (guild_id,))
        return row[0] if row else 0


# ====================================================================== answer writer


class AnswerWriter:
    """The single writer for trivia answers.

    ``submit`` is synchronous and never blocks (button callbacks call it): it appends
    to an in-memory queue and, if no drain task is running, starts one. The drain task
    writes whatever is queued in batches of up to ``max_batch`` (one transaction per
    batch) and ends as soon as the queue is empty, so an idle writer leaves no task
    waiting forever (test harnesses that wait for the bot to settle see nothing pending).
    A failing batch is logged and retried one answer at a time, so a single bad answer
    loses only itself; the writer keeps going either way.
    """

    def __init__(self, trivia: TriviaRepo, *, max_batch: int = 500) -> None:
        self._trivia = trivia
        self._max_batch = max_batch
        self._queue: deque[AnswerRecord] = deque()
        self._task: asyncio.Task[None] | None = None
        self._started = False
        self._closing = False
        self._outstanding = 0  # submitted but not yet written (or failed)
        self.written = 0  # new answers stored
        self.failed = 0  # answers that could not be stored
        self.batches = 0  # transactions that succeeded

    @property
    def pending(self) -> int:
        """Answers submitted but not yet written (queued or in the batch being written)."""
        return self._outstanding

    @property
    def idle(self) -> bool:
        """True when nothing is queued and no drain task is running."""
        return self._outstanding == 0 and (self._task is None or self._task.done())

    def start(self) -> None:
        """Allow writing (answers submitted before this wait in the queue)."""
        if self._closing:
            raise RuntimeError("this AnswerWriter was closed")
        self._started = True
        self._ensure_draining()

    def submit(self, record: AnswerRecord) -> None:
        if self._closing:
            raise RuntimeError("this AnswerWriter is closed; answers can no longer be submitted")
        self._queue.append(record)
        self._outstanding += 1
        self._ensure_draining()

    async def flush(self) -> None:
        """Wait until every answer submitted so far has been written (or has failed and been logged)."""
        while self._outstanding:
            if not self._started:
                raise RuntimeError(f"the answer writer was not started; {self._outstanding} answers wait")
            self._ensure_draining()
            assert self._task is not None
            await asyncio.wait({self._task})

    async def close(self) -> None:
        """Stop accepting answers and write everything queued. Safe to call twice."""
        self._closing = True
        if not self._started:
            if self._outstanding:
                log.warning("answer writer closed before it started; %d answers dropped", self._outstanding)
            return
        await self.flush()

    def _ensure_draining(self) -> None:
        if self._started and self._queue and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._drain(), name="trivia-answer-writer")

    async def _drain(self) -> None:
        # Ends when the queue is empty. No await between the emptiness check and returning,
        # so a submit either lands before the check or sees this task done and starts another.
        while self._queue:
            size = min(len(self._queue), self._max_batch)
            batch = [self._queue.popleft() for _ in range(size)]
            try:
                await self._write(batch)
            finally:
                self._outstanding -= len(batch)

    async def _write(self, batch: list[AnswerRecord]) -> None:
        try:
            self.written += await self._trivia.record_answers(batch)
            self.batches += 1
            return
        except Exception:
            log.exception("could not write a batch of %d trivia answers; retrying one by one", len(batch))
        for record in batch:
            try:
                self.written += await self._trivia.record_answers([record])
                self.batches += 1
            except Exception:
                self.failed += 1
                log.exception("could not write trivia answer %r", record)
