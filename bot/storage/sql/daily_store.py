"""The daily question's schedule, answers, history and streaks (SQL both backends run).

The one rule that keeps a day from being posted twice lives in ``CLAIM``: a conditional UPDATE
that only one process (or one run of the scheduler) can win for a server's day, on SQLite and on
PostgreSQL alike (PostgreSQL re-checks the WHERE after waiting for a concurrent writer's row lock).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.domain.daily import NEVER, DailyAnswer, DailySchedule, Streak, StreakRow
from bot.storage.driver import Driver, Row

_COLUMNS = (
    "guild_id, channel_id, post_minute, time_zone, paused, last_posted_day, previous_day, "
    "next_due_at, question_id, message_id, close_minute, close_due_at, closed_day"
)
CLAIM = (
    "UPDATE daily_schedules SET previous_day = last_posted_day, last_posted_day = ?, next_due_at = ?, "
    "question_id = ?, message_id = NULL, posted_at = ?, close_due_at = ? "
    "WHERE guild_id = ? AND last_posted_day < ?"
)
# A day's answer is revealed once, at its close time or with the next question, whichever claims it:
# both set closed_day with one conditional UPDATE.
CLAIM_CLOSE = (
    "UPDATE daily_schedules SET closed_day = ?, close_due_at = NULL "
    "WHERE guild_id = ? AND last_posted_day = ? AND closed_day < ?"
)
CLAIM_REVEAL = "UPDATE daily_schedules SET closed_day = ? WHERE guild_id = ? AND closed_day < ?"


def _schedule(row: Row) -> DailySchedule:
    return DailySchedule(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        post_minute=row["post_minute"],
        time_zone=row["time_zone"],
        paused=bool(row["paused"]),
        last_posted_day=row["last_posted_day"],
        previous_day=row["previous_day"],
        next_due_at=row["next_due_at"],
        question_id=row["question_id"],
        message_id=row["message_id"],
        close_minute=row["close_minute"],
        close_due_at=row["close_due_at"],
        closed_day=row["closed_day"],
    )


class SqlDailyStore:
    def __init__(self, db: Driver) -> None:
        self._db = db

    # -- the schedule ---------------------------------------------------------------------------
    async def schedule(self, guild_id: int) -> DailySchedule | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM daily_schedules WHERE guild_id = ?", (guild_id,)
        )
        return None if row is None else _schedule(row)

    async def set_schedule(
        self,
        guild_id: int,
        channel_id: int,
        minute: int,
        time_zone: str,
        next_due_at: int,
        close_minute: int | None = None,
        close_due_at: int | None = None,
    ) -> None:
        """Create or change a server's schedule (and resume it); what it posted so far is kept."""
        await self._db.execute(
            "INSERT INTO daily_schedules (guild_id, channel_id, post_minute, time_zone, paused, "
            "next_due_at, close_minute, close_due_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET "
            "channel_id = excluded.channel_id, post_minute = excluded.post_minute, "
            "time_zone = excluded.time_zone, paused = 0, next_due_at = excluded.next_due_at, "
            "close_minute = excluded.close_minute, close_due_at = excluded.close_due_at",
            (guild_id, channel_id, minute, time_zone, next_due_at, close_minute, close_due_at),
        )

    async def set_paused(self, guild_id: int, paused: bool, next_due_at: int) -> bool:
        return (
            await self._db.execute(
                "UPDATE daily_schedules SET paused = ?, next_due_at = ? WHERE guild_id = ?",
                (int(paused), next_due_at, guild_id),
            )
            > 0
        )

    async def remove(self, guild_id: int) -> bool:
        return await self._db.execute("DELETE FROM daily_schedules WHERE guild_id = ?", (guild_id,)) > 0

    async def has_active(self) -> bool:
        """Whether any server has a daily question that is not paused, or one still to close (a read
        of the due indexes)."""
        active = await self._db.fetchone("SELECT 1 FROM daily_schedules WHERE paused = 0 LIMIT 1")
        if active is not None:
            return True
        closing = "SELECT 1 FROM daily_schedules WHERE close_due_at IS NOT NULL LIMIT 1"
        return await self._db.fetchone(closing) is not None

    async def due(self, now: int, limit: int) -> list[DailySchedule]:
        """Active schedules due at ``now`` (UTC seconds) of servers the bot is still in, earliest first:
        one range read of an index."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM daily_schedules s WHERE paused = 0 AND next_due_at <= ? "
            # A server the bot has left (its data waits for deletion) gets no more questions.
            "AND NOT EXISTS (SELECT 1 FROM guild_departures d WHERE d.guild_id = s.guild_id) "
            "ORDER BY next_due_at LIMIT ?",
            (now, limit),
        )
        return [_schedule(row) for row in rows]

    async def due_closes(self, now: int, limit: int) -> list[DailySchedule]:
        """Open questions whose close time has come (UTC seconds), of servers the bot is still in,
        earliest first: one range read of ``daily_schedules_close``."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM daily_schedules s WHERE close_due_at <= ? "
            "AND NOT EXISTS (SELECT 1 FROM guild_departures d WHERE d.guild_id = s.guild_id) "
            "ORDER BY close_due_at LIMIT ?",
            (now, limit),
        )
        return [_schedule(row) for row in rows]

    async def claim_close(self, guild_id: int, day: str) -> bool:
        """Take the reveal of ``day`` at its close time: True for exactly one caller, and only while
        ``day`` is still the open question."""
        return await self._db.execute(CLAIM_CLOSE, (day, guild_id, day, day)) == 1

    async def claim_reveal(self, guild_id: int, day: str) -> bool:
        """Take the reveal of ``day`` for the next question's post: True unless it was revealed already."""
        return await self._db.execute(CLAIM_REVEAL, (day, guild_id, day)) == 1

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
        """Take the post of ``day`` for this server: True for exactly one caller per day.

        The question goes into the server's daily history in the same transaction (after clearing
        the history first when every question had been asked)."""
        where = " AND paused = 0" if active_only else ""
        async with self._db.transaction() as tx:
            won = await tx.execute(
                CLAIM + where, (day, next_due_at, question_id, at, close_due_at, guild_id, day)
            )
            if not won:
                return False
            if reset_history:
                await tx.execute("DELETE FROM daily_asked WHERE guild_id = ?", (guild_id,))
            await tx.execute(
                "INSERT INTO daily_asked (guild_id, question_id, day) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, question_id) DO UPDATE SET day = excluded.day",
                (guild_id, question_id, day),
            )
            return True

    async def reschedule(self, guild_id: int, expected_due: int, next_due_at: int) -> bool:
        """Move the next due time, unless another process moved it already."""
        return (
            await self._db.execute(
                "UPDATE daily_schedules SET next_due_at = ? WHERE guild_id = ? AND next_due_at = ?",
                (next_due_at, guild_id, expected_due),
            )
            > 0
        )

    async def set_message(self, guild_id: int, day: str, message_id: int) -> None:
        await self._db.execute(
            "UPDATE daily_schedules SET message_id = ? WHERE guild_id = ? AND last_posted_day = ?",
            (message_id, guild_id, day),
        )

    async def asked(self, guild_id: int) -> set[str]:
        rows = await self._db.fetchall("SELECT question_id FROM daily_asked WHERE guild_id = ?", (guild_id,))
        return {row[0] for row in rows}

    # -- answers and streaks ----------------------------------------------------------------
    async def answer(
        self,
        guild_id: int,
        day: str,
        answer: DailyAnswer,
        streak_after: Callable[[Streak, str, str], Streak],
    ) -> Streak | None:
        """Store a member's answer to the question of ``day`` and their streak, in one transaction.

        ``streak_after(streak, day, previous_day)`` is the rule (``bot.domain.daily.extend``). Returns the
        new streak; None when the member had answered already. Raises ``LookupError`` when ``day``
        is not the server's open question any more (a newer one is out, or it closed).
        """
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT previous_day FROM daily_schedules "
                "WHERE guild_id = ? AND last_posted_day = ? AND closed_day < ?",
                (guild_id, day, day),
            )
            if row is None:
                raise LookupError(day)
            stored = await tx.execute(
                "INSERT INTO daily_answers (guild_id, day, user_id, correct, answered_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, day, user_id) DO NOTHING",
                (guild_id, day, answer.user_id, int(answer.correct), answer.answered_at_ms),
            )
            if not stored:
                return None
            before = await _streak(tx, guild_id, answer.user_id)
            after = streak_after(before, day, row["previous_day"])
            await tx.execute(
                "INSERT INTO daily_streaks (guild_id, user_id, current_streak, best_streak, last_day) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
                "current_streak = excluded.current_streak, best_streak = excluded.best_streak, "
                "last_day = excluded.last_day",
                (guild_id, answer.user_id, after.current, after.best, after.last_day),
            )
            return after

    async def first_right(self, guild_id: int, day: str, limit: int) -> list[DailyAnswer]:
        rows = await self._db.fetchall(
            "SELECT user_id, correct, answered_at FROM daily_answers "
            "WHERE guild_id = ? AND day = ? AND correct = 1 ORDER BY answered_at, user_id LIMIT ?",
            (guild_id, day, limit),
        )
        return [DailyAnswer(r["user_id"], bool(r["correct"]), r["answered_at"]) for r in rows]

    async def count_answers(self, guild_id: int, day: str) -> int:
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM daily_answers WHERE guild_id = ? AND day = ?", (guild_id, day)
        )
        return int(row[0]) if row else 0

    async def streak(self, guild_id: int, user_id: int) -> Streak:
        return await _streak(self._db, guild_id, user_id)

    async def streaks(self, guild_id: int, days: tuple[str, str], limit: int) -> list[StreakRow]:
        """Members whose streak is alive (last answered one of ``days``), longest first."""
        rows = await self._db.fetchall(
            "SELECT user_id, current_streak, best_streak, last_day FROM daily_streaks "
            "WHERE guild_id = ? AND last_day IN (?, ?) AND current_streak > 0 "
            "ORDER BY current_streak DESC, best_streak DESC, user_id LIMIT ?",
            (guild_id, *days, limit),
        )
        return [StreakRow(r["user_id"], Streak(r[1], r[2], r[3])) for r in rows]


async def _streak(db: Any, guild_id: int, user_id: int) -> Streak:
    row = await db.fetchone(
        "SELECT current_streak, best_streak, last_day FROM daily_streaks WHERE guild_id = ? AND user_id = ?",
        (guild_id, user_id),
    )
    return Streak() if row is None else Streak(row[0], row[1], row[2] or NEVER)
