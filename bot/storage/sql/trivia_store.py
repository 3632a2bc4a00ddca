"""Trivia games, answers, scores, each server's asked-question history and its own questions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.records import (
    AnswerRow,
    CustomQuestion,
    GameRow,
    GameStatus,
    LeaderboardRow,
    MemberStats,
)
from bot.domain.trivia.questions import custom_question_id
from bot.storage.driver import Driver, Row, Transaction
from bot.storage.sql.settings_store import ts


def ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def from_ts(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


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
_ANSWER_ROWS_PER_STATEMENT = 100  # SQLite: 800 parameters, far below its limit
_ANSWER_VALUES_ROW = "(" + ", ".join("?" for _ in _ANSWER_COLUMNS) + ")"
_INSERT_ANSWERS = f"INSERT INTO trivia_answers ({', '.join(_ANSWER_COLUMNS)}) VALUES "
_NEW_ANSWER_KEYS = " ON CONFLICT DO NOTHING RETURNING game_id, question_no, user_id"
# PostgreSQL: the whole batch as one array per column, one statement with one plan.
_ANSWER_ARRAY_TYPES = ("bigint", "bigint", "text", "bigint", "bigint", "bigint", "bigint", "bigint")
_INSERT_ANSWER_ARRAYS = (
    f"INSERT INTO trivia_answers ({', '.join(_ANSWER_COLUMNS)}) "
    f"SELECT * FROM unnest({', '.join(f'?::{t}[]' for t in _ANSWER_ARRAY_TYPES)})" + _NEW_ANSWER_KEYS
)
_ADD_ANSWER_STATS = (
    " ON CONFLICT (guild_id, user_id) DO UPDATE SET "
    "points = member_stats.points + excluded.points, correct = member_stats.correct + excluded.correct, "
    "answered = member_stats.answered + excluded.answered, best_streak = CASE "
    "WHEN excluded.best_streak > member_stats.best_streak THEN excluded.best_streak "
    "ELSE member_stats.best_streak END"
)
_STATS_COLUMNS = "member_stats (guild_id, user_id, points, correct, answered, best_streak)"
_UPSERT_ANSWER_STATS = f"INSERT INTO {_STATS_COLUMNS} VALUES (?, ?, ?, ?, ?, ?)" + _ADD_ANSWER_STATS
_UPSERT_ANSWER_STATS_ARRAYS = (
    f"INSERT INTO {_STATS_COLUMNS} SELECT * FROM unnest({', '.join('?::bigint[]' for _ in range(6))})"
    + _ADD_ANSWER_STATS
)


def _shown(table: str) -> str:
    """A condition leaving out members hidden from leaderboards (/privacy leaderboard) in ``table``."""
    return (
        f"NOT EXISTS (SELECT 1 FROM hidden_players AS h "
        f"WHERE h.guild_id = {table}.guild_id AND h.user_id = {table}.user_id)"
    )


_SHOWN_STATS = _shown("member_stats")
_SHOWN_ANSWERS = _shown("trivia_answers")
_UPSERT_GAME_STATS = (
    "INSERT INTO member_stats (guild_id, user_id, games_played, games_won) VALUES (?, ?, 1, ?) "
    "ON CONFLICT (guild_id, user_id) DO UPDATE SET "
    "games_played = member_stats.games_played + 1, games_won = member_stats.games_won + excluded.games_won"
)


def _answer_values(r: AnswerRow) -> tuple[int, int, str, int, int, int, int, int]:
    return (
        r.game_id,
        r.question_no,
        r.question_id,
        r.user_id,
        r.guild_id,
        int(r.correct),
        r.points,
        r.answered_at_ms,
    )


async def _insert_as_values(tx: Transaction, batch: list[AnswerRow]) -> list[Row]:
    """SQLite: multi-row VALUES, 100 rows a statement; the keys of the rows that were new."""
    keys: list[Row] = []
    for start in range(0, len(batch), _ANSWER_ROWS_PER_STATEMENT):
        chunk = batch[start : start + _ANSWER_ROWS_PER_STATEMENT]
        params: list[Any] = []
        for r in chunk:
            params += _answer_values(r)
        values = ", ".join(_ANSWER_VALUES_ROW for _ in chunk)
        keys += await tx.fetchall(_INSERT_ANSWERS + values + _NEW_ANSWER_KEYS, params)
    return keys


async def _insert_as_arrays(tx: Transaction, batch: list[AnswerRow]) -> list[Row]:
    """PostgreSQL: one statement for the batch; the keys of the rows that were new."""
    # In key order, so two processes inserting overlapping batches wait for each other, never deadlock.
    batch = sorted(batch, key=lambda r: (r.game_id, r.question_no, r.user_id))
    return list(await tx.fetchall(_INSERT_ANSWER_ARRAYS, list(zip(*map(_answer_values, batch), strict=True))))


def game_from_row(r: Any) -> GameRow:
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
        ended_at=from_ts(r["ended_at"]),
    )


def question_from_row(r: Any) -> CustomQuestion:
    return CustomQuestion(
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


class SqlTriviaStore:
    """Games, answers, member and server stats, the asked-question history and custom questions."""

    def __init__(self, db: Driver) -> None:
        self._db = db

    # -- games ------------------------------------------------------------------------

    async def create_game(
        self,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        mode: str,
        difficulty: str,
        question_count: int,
        started_at: datetime,
    ) -> int:
        async with self._db.transaction() as tx:  # a write: the driver's own fetchone only reads
            row = await tx.fetchone(
                "INSERT INTO trivia_games "
                "(guild_id, channel_id, starter_id, mode, difficulty, question_count, status, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 'running', ?) RETURNING id",
                (
                    guild_id,
                    channel_id,
                    starter_id,
                    str(mode),
                    str(difficulty),
                    question_count,
                    ts(started_at),
                ),
            )
        assert row is not None
        return int(row[0])

    async def finish_game(
        self,
        game_id: int,
        status: GameStatus,
        ended_at: datetime,
        winner_ids: Iterable[int] = (),
        player_ids: Iterable[int] = (),
    ) -> bool:
        """End a running game and count it, in one transaction.

        Every player (winners included) gets games_played + 1, every winner games_won + 1,
        and the server's games_played + 1. Returns False (and counts nothing) when the
        game is unknown or already ended, so calling it twice never double counts.
        """
        if status is GameStatus.RUNNING:
            raise ValueError("finish_game needs a final status (finished, stopped or interrupted).")
        winners = set(winner_ids)
        players = set(player_ids) | winners
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE trivia_games SET status = ?, ended_at = ? WHERE id = ? AND status = 'running'",
                (status.value, ts(ended_at), game_id),
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
                "ON CONFLICT (guild_id) DO UPDATE SET games_played = guild_stats.games_played + 1",
                (guild_id,),
            )
            return True

    async def game_players(self, game_id: int) -> set[int]:
        """Everyone with an answer recorded in a game (to count a game cut short by a crash)."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT user_id FROM trivia_answers WHERE game_id = ?", (game_id,)
        )
        return {row["user_id"] for row in rows}

    async def running_games(self) -> list[GameRow]:
        """Games still marked running: at start-up these were cut short by a crash or restart."""
        rows = await self._db.fetchall("SELECT * FROM trivia_games WHERE status = 'running' ORDER BY id")
        return [game_from_row(r) for r in rows]

    # -- answers ----------------------------------------------------------------------

    async def record_answers(self, records: Sequence[AnswerRow]) -> int:
        """Store a batch of answers in one transaction; returns how many were new.

        An answer whose (game, question, member) is already stored, or repeated in the
        batch, is ignored — the first one wins — and only new answers count towards
        member_stats, so a duplicate click never counts twice.
        """
        if not records:
            return 0
        first: dict[tuple[int, int, int], AnswerRow] = {}
        for record in records:
            first.setdefault((record.game_id, record.question_no, record.user_id), record)
        batch = list(first.values())
        arrays = self._db.dialect.arrays
        async with self._db.transaction() as tx:
            keys = await (_insert_as_arrays(tx, batch) if arrays else _insert_as_values(tx, batch))
            inserted = [first[(k[0], k[1], k[2])] for k in keys]
            totals: dict[tuple[int, int], list[int]] = {}
            for r in inserted:
                t = totals.setdefault((r.guild_id, r.user_id), [0, 0, 0, 0])
                t[0] += r.points
                t[1] += int(r.correct)
                t[2] += 1
                t[3] = max(t[3], r.streak)
            if totals:
                stats = [(g, u, *t) for (g, u), t in sorted(totals.items())]
                if arrays:
                    await tx.execute(_UPSERT_ANSWER_STATS_ARRAYS, list(zip(*stats, strict=True)))
                else:
                    await tx.executemany(_UPSERT_ANSWER_STATS, stats)
            return len(inserted)

    # -- asked-question history -------------------------------------------------------

    async def mark_asked(self, guild_id: int, question_ids: Iterable[str], at: datetime) -> None:
        rows = [(guild_id, qid, ts(at)) for qid in dict.fromkeys(question_ids)]
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
        """Members by points (then correct answers, then user id). ``since``: only answers from then on.

        Members hidden from leaderboards (/privacy) are left out, so the places are renumbered.
        """
        if since is None:
            rows = await self._db.fetchall(
                "SELECT user_id, points, correct FROM member_stats WHERE guild_id = ? AND answered > 0 "
                f"AND {_SHOWN_STATS} ORDER BY points DESC, correct DESC, user_id LIMIT ? OFFSET ?",
                (guild_id, limit, offset),
            )
        else:
            rows = await self._db.fetchall(
                # CAST: PostgreSQL sums BIGINTs as NUMERIC.
                "SELECT user_id, CAST(SUM(points) AS BIGINT) AS points, "
                "CAST(SUM(correct) AS BIGINT) AS correct FROM trivia_answers "
                f"WHERE guild_id = ? AND answered_at_ms >= ? AND {_SHOWN_ANSWERS} GROUP BY user_id "
                "ORDER BY points DESC, correct DESC, user_id LIMIT ? OFFSET ?",
                (guild_id, ms(since), limit, offset),
            )
        return [LeaderboardRow(r["user_id"], r["points"], r["correct"]) for r in rows]

    async def leaderboard_size(self, guild_id: int, since: datetime | None = None) -> int:
        if since is None:
            row = await self._db.fetchone(
                f"SELECT COUNT(*) FROM member_stats WHERE guild_id = ? AND answered > 0 AND {_SHOWN_STATS}",
                (guild_id,),
            )
        else:
            row = await self._db.fetchone(
                "SELECT COUNT(DISTINCT user_id) FROM trivia_answers "
                f"WHERE guild_id = ? AND answered_at_ms >= ? AND {_SHOWN_ANSWERS}",
                (guild_id, ms(since)),
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
        """The member's 1-based place on the all-time leaderboard, or None if they never answered.

        Only members shown on leaderboards count as ahead: for a hidden member, where they would be.
        """
        row = await self._db.fetchone(
            "SELECT points, correct FROM member_stats WHERE guild_id = ? AND user_id = ? AND answered > 0",
            (guild_id, user_id),
        )
        if row is None:
            return None
        points, correct = row["points"], row["correct"]
        ahead = await self._db.fetchone(
            f"SELECT COUNT(*) FROM member_stats WHERE guild_id = ? AND answered > 0 AND {_SHOWN_STATS} AND ("
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
        spoiler: SpoilerLevel,
        difficulty: Difficulty,
        at: datetime,
        limit: int,
    ) -> int | None:
        async with self._db.transaction() as tx:
            await tx.lock(f"custom_questions:{guild_id}")  # count, then add: one at a time
            row = await tx.fetchone("SELECT COUNT(*) FROM custom_questions WHERE guild_id = ?", (guild_id,))
            if row is not None and row[0] >= limit:
                return None
            added = await tx.fetchone(
                "INSERT INTO custom_questions (guild_id, author_id, question, answer, "
                "wrong1, wrong2, wrong3, spoiler, difficulty, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (guild_id, author_id, question, answer, *wrong, spoiler.value, difficulty.value, ts(at)),
            )
            assert added is not None
            return int(added[0])

    async def questions(self, guild_id: int) -> list[CustomQuestion]:
        rows = await self._db.fetchall(
            "SELECT * FROM custom_questions WHERE guild_id = ? ORDER BY id", (guild_id,)
        )
        return [question_from_row(r) for r in rows]

    async def remove_question(self, guild_id: int, number: int) -> bool:
        """Remove one of a server's questions, and its place in the server's "already asked" history."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "DELETE FROM custom_questions WHERE guild_id = ? AND id = ?", (guild_id, number)
            )
            if changed:
                await tx.execute(
                    "DELETE FROM trivia_asked WHERE guild_id = ? AND question_id = ?",
                    (guild_id, custom_question_id(number)),
                )
        return changed > 0

    async def count_questions(self, guild_id: int) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM custom_questions WHERE guild_id = ?", (guild_id,))
        return row[0] if row else 0
