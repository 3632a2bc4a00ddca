"""What is kept about one member in one server, across the settings and trivia tables."""

from __future__ import annotations

from datetime import datetime

from bot.domain.daily import DailyAnswer, Streak
from bot.domain.lifecycle import MemberRecords, StoredAnswer
from bot.domain.records import MemberStats
from bot.storage.cache import SETTINGS_CHANNEL, SettingsCache, seen_message
from bot.storage.driver import Driver
from bot.storage.sql.reports_store import report_from_row
from bot.storage.sql.settings_store import audit_entry_from_row, ts
from bot.storage.sql.trivia_store import from_ts, game_from_row, question_from_row

_STATS_COLUMNS = "points, correct, answered, games_played, games_won, best_streak"


class SqlMemberDataStore:
    def __init__(self, db: Driver, cache: SettingsCache) -> None:
        self._db = db
        self._cache = cache

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        try:
            async with self._db.transaction() as tx:
                params = (guild_id, user_id)
                await tx.execute("DELETE FROM member_seen WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM hidden_players WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM member_stats WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM trivia_answers WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM content_reports WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM daily_answers WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM daily_streaks WHERE guild_id = ? AND user_id = ?", params)
                # The roles themselves are taken back in Discord first (``Privacy.forget``).
                await tx.execute("DELETE FROM role_grants WHERE guild_id = ? AND user_id = ?", params)
                await tx.notify(SETTINGS_CHANNEL, seen_message(guild_id, user_id))
        finally:
            self._cache.seen_changed(guild_id, user_id)

    async def member_records(self, guild_id: int, user_id: int) -> MemberRecords:
        params = (guild_id, user_id)
        # One transaction, so the totals and the answers they sum up are read at the same moment.
        async with self._db.transaction() as tx:
            seen = await tx.fetchone(
                "SELECT seen_at FROM member_seen WHERE guild_id = ? AND user_id = ?", params
            )
            hidden = await tx.fetchone(
                "SELECT hidden_at FROM hidden_players WHERE guild_id = ? AND user_id = ?", params
            )
            stats = await tx.fetchone(
                f"SELECT {_STATS_COLUMNS} FROM member_stats WHERE guild_id = ? AND user_id = ?", params
            )
            answers = await tx.fetchall(
                "SELECT game_id, question_no, question_id, correct, points, answered_at_ms "
                "FROM trivia_answers WHERE guild_id = ? AND user_id = ? "
                "ORDER BY game_id, question_no",
                params,
            )
            games = await tx.fetchall(
                "SELECT * FROM trivia_games WHERE guild_id = ? AND (starter_id = ? OR id IN "
                "(SELECT game_id FROM trivia_answers WHERE guild_id = ? AND user_id = ?)) ORDER BY id",
                (guild_id, user_id, guild_id, user_id),
            )
            questions = await tx.fetchall(
                "SELECT * FROM custom_questions WHERE guild_id = ? AND author_id = ? ORDER BY id", params
            )
            reports = await tx.fetchall(
                "SELECT * FROM content_reports WHERE guild_id = ? AND user_id = ? ORDER BY id", params
            )
            changes = await tx.fetchall(
                "SELECT id, setting, old_value, new_value, actor_id, at FROM audit_log "
                "WHERE guild_id = ? AND actor_id = ? ORDER BY id",
                params,
            )
            daily = await tx.fetchall(
                "SELECT day, user_id, correct, answered_at FROM daily_answers "
                "WHERE guild_id = ? AND user_id = ? ORDER BY day",
                params,
            )
            streak = await tx.fetchone(
                "SELECT current_streak, best_streak, last_day FROM daily_streaks "
                "WHERE guild_id = ? AND user_id = ?",
                params,
            )
            roles = await tx.fetchall(
                "SELECT role_id, granted_at FROM role_grants WHERE guild_id = ? AND user_id = ? "
                "ORDER BY role_id",
                params,
            )
        return MemberRecords(
            guild_id=guild_id,
            user_id=user_id,
            seen_at=from_ts(seen["seen_at"]) if seen else None,
            hidden_at=from_ts(hidden["hidden_at"]) if hidden else None,
            stats=MemberStats(guild_id, user_id, *tuple(stats)) if stats else MemberStats(guild_id, user_id),
            answers=[
                StoredAnswer(
                    r["game_id"],
                    r["question_no"],
                    r["question_id"],
                    bool(r["correct"]),
                    r["points"],
                    r["answered_at_ms"],
                )
                for r in answers
            ],
            games=[game_from_row(r) for r in games],
            questions_written=[question_from_row(r) for r in questions],
            reports=[report_from_row(r) for r in reports],
            settings_changes=[audit_entry_from_row(r) for r in changes],
            daily_answers=[
                (r["day"], DailyAnswer(r["user_id"], bool(r["correct"]), r["answered_at"])) for r in daily
            ],
            daily_streak=Streak(*tuple(streak)) if streak else None,
            roles_given=[(r["role_id"], r["granted_at"]) for r in roles],
        )

    async def set_hidden(self, guild_id: int, user_id: int, hidden: bool, at: datetime) -> bool:
        if hidden:
            changed = await self._db.execute(
                "INSERT INTO hidden_players (guild_id, user_id, hidden_at) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, user_id) DO NOTHING",
                (guild_id, user_id, ts(at)),
            )
        else:
            changed = await self._db.execute(
                "DELETE FROM hidden_players WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
        return changed > 0

    async def is_hidden(self, guild_id: int, user_id: int) -> bool:
        row = await self._db.fetchone(
            "SELECT 1 FROM hidden_players WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return row is not None

    async def hidden_players(self, guild_id: int) -> frozenset[int]:
        rows = await self._db.fetchall("SELECT user_id FROM hidden_players WHERE guild_id = ?", (guild_id,))
        return frozenset(r["user_id"] for r in rows)
