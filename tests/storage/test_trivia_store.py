"""The trivia store: answers counted once, games ended once, leaderboards, history, custom questions."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.records import AnswerRow, GameStatus, LeaderboardRow, MemberStats
from bot.storage.driver import Driver
from bot.storage.sql.trivia_store import SqlTriviaStore
from tests.support.db_queries import answer_count, game_row, guild_games_played
from tests.support.stores import ADMIN, GUILD, INTEGRITY_ERRORS, OTHER_GUILD, T0, answer


async def test_record_answers_counts_each_member_once_per_question(
    db: Driver, trivia: SqlTriviaStore
) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 5, T0)
    batch = [
        answer(game, 0, 7, points=150),
        answer(game, 0, 7, points=999),  # duplicate in the same batch: first one wins
        answer(game, 0, 8, correct=False),
        answer(game, 1, 7, points=120, streak=2),
    ]
    assert await trivia.record_answers(batch) == 3
    # Duplicates of stored answers in a later batch are ignored too.
    assert await trivia.record_answers([answer(game, 1, 7, points=500), answer(game, 2, 7, streak=3)]) == 1
    assert await trivia.record_answers([]) == 0

    assert await trivia.member_stats(GUILD, 7) == MemberStats(
        GUILD, 7, points=370, correct=3, answered=3, best_streak=3
    )
    assert await trivia.member_stats(GUILD, 8) == MemberStats(GUILD, 8, points=0, correct=0, answered=1)
    # best_streak never goes down.
    await trivia.record_answers([answer(game, 3, 7, streak=1)])
    assert (await trivia.member_stats(GUILD, 7)).best_streak == 3
    assert await answer_count(db, game) == 5
    assert await answer_count(db, game, 0) == 2


async def test_an_answer_for_an_unknown_game_fails_the_batch(trivia: SqlTriviaStore) -> None:
    with pytest.raises(INTEGRITY_ERRORS):
        await trivia.record_answers([answer(999, 0, 7)])
    assert await trivia.member_stats(GUILD, 7) == MemberStats(GUILD, 7)


async def test_games_finish_and_running_games(db: Driver, trivia: SqlTriviaStore) -> None:
    first = await trivia.create_game(GUILD, 10, ADMIN, "classic", "easy", 5, T0)
    second = await trivia.create_game(OTHER_GUILD, 20, ADMIN, "blitz", "hard", 10, T0)
    running = await trivia.running_games()
    assert [g.id for g in running] == [first, second]
    assert running[0].status is GameStatus.RUNNING
    assert (running[0].channel_id, running[0].mode, running[0].difficulty) == (10, "classic", "easy")
    assert running[0].started_at == T0
    assert running[0].ended_at is None

    # 7 and 8 answered; 9 is named as a player but has no stored answers (e.g. used /privacy
    # during the game) and must not be counted.
    await trivia.record_answers(
        [
            AnswerRow(first, GUILD, 1, "q1", user, user == 7, 100 if user == 7 else 0, 1, 1000)
            for user in (7, 8)
        ]
    )
    end = T0 + timedelta(minutes=5)
    assert await trivia.finish_game(first, GameStatus.FINISHED, end, [7], [7, 8, 9]) is True
    assert await trivia.finish_game(first, GameStatus.FINISHED, end, [7], [7, 8, 9]) is False
    assert [g.id for g in await trivia.running_games()] == [second]
    done = await game_row(db, first)
    assert done is not None
    assert done.status is GameStatus.FINISHED
    assert done.ended_at == end

    seven = await trivia.member_stats(GUILD, 7)
    assert (seven.games_played, seven.games_won) == (1, 1)
    assert (await trivia.member_stats(GUILD, 8)).games_played == 1
    assert await trivia.member_stats(GUILD, 9) == MemberStats(GUILD, 9)
    assert await guild_games_played(db, GUILD) == 1
    assert await guild_games_played(db, OTHER_GUILD) == 0

    assert await trivia.finish_game(second, GameStatus.INTERRUPTED, end) is True
    assert await trivia.running_games() == []
    assert await guild_games_played(db, OTHER_GUILD) == 1
    with pytest.raises(ValueError, match="final status"):
        await trivia.finish_game(second, GameStatus.RUNNING, end)


async def test_game_players_are_those_with_answers(trivia: SqlTriviaStore) -> None:
    game = await trivia.create_game(1, 2, 3, "choice", "mixed", 5, T0)
    assert await trivia.game_players(game) == set()
    rows = [AnswerRow(game, 1, n, f"q{n}", user, True, 100, 1, 1000 + n) for n in (1, 2) for user in (7, 8)]
    await trivia.record_answers(rows)
    assert await trivia.game_players(game) == {7, 8}


async def test_leaderboard_all_time_and_period(trivia: SqlTriviaStore) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 5, T0)
    week_ago = int((T0 - timedelta(days=7)).timestamp() * 1000)
    now = int(T0.timestamp() * 1000)
    await trivia.record_answers(
        [
            answer(game, 0, 1, points=500, at_ms=week_ago),  # old: all-time only
            answer(game, 1, 2, points=300, at_ms=now),
            answer(game, 2, 2, points=100, at_ms=now),
            answer(game, 1, 3, points=200, at_ms=now),
            answer(game, 2, 3, correct=False, at_ms=now),
            answer(game, 1, 4, points=400, at_ms=now),  # ties user 2 on points, fewer correct
        ]
    )
    other = await trivia.create_game(OTHER_GUILD, 1, ADMIN, "classic", "mixed", 5, T0)
    await trivia.record_answers([answer(other, 0, 1, points=10_000, guild=OTHER_GUILD)])

    assert await trivia.leaderboard(GUILD, None, 10) == [
        LeaderboardRow(1, 500, 1),
        LeaderboardRow(2, 400, 2),
        LeaderboardRow(4, 400, 1),
        LeaderboardRow(3, 200, 1),
    ]
    assert await trivia.leaderboard(GUILD, None, 2, offset=1) == [
        LeaderboardRow(2, 400, 2),
        LeaderboardRow(4, 400, 1),
    ]
    assert await trivia.leaderboard_size(GUILD) == 4
    since = T0 - timedelta(days=1)
    assert await trivia.leaderboard(GUILD, since, 10) == [
        LeaderboardRow(2, 400, 2),
        LeaderboardRow(4, 400, 1),
        LeaderboardRow(3, 200, 1),
    ]
    assert await trivia.leaderboard_size(GUILD, since) == 3
    assert await trivia.rank(GUILD, 4) == 3
    assert await trivia.rank(GUILD, 1) == 1
    assert await trivia.rank(GUILD, 99) is None


async def test_asked_history(trivia: SqlTriviaStore) -> None:
    assert await trivia.asked_ids(GUILD) == set()
    await trivia.mark_asked(GUILD, ["a", "b", "a"], T0)
    await trivia.mark_asked(GUILD, ["c"], T0)
    await trivia.mark_asked(OTHER_GUILD, ["z"], T0)
    assert await trivia.asked_ids(GUILD) == {"a", "b", "c"}
    await trivia.reset_asked(GUILD)
    assert await trivia.asked_ids(GUILD) == set()
    assert await trivia.asked_ids(OTHER_GUILD) == {"z"}


async def test_custom_questions_are_kept_per_server_up_to_the_limit(trivia: SqlTriviaStore) -> None:
    wrong = ("Winston", "Charon", "Daniel")
    qid = await trivia.add_question(
        GUILD, ADMIN, "Who trained Eve?", "Nogi", wrong, SpoilerLevel.MINOR, Difficulty.HARD, T0, 2
    )
    assert qid is not None
    other = ("B", "C", "D")
    await trivia.add_question(OTHER_GUILD, ADMIN, "Q", "A", other, SpoilerLevel.NONE, Difficulty.EASY, T0, 2)
    [row] = await trivia.questions(GUILD)
    assert (row.id, row.question, row.answer, row.wrong) == (qid, "Who trained Eve?", "Nogi", wrong)
    assert row.spoiler is SpoilerLevel.MINOR
    assert row.difficulty is Difficulty.HARD
    assert row.created_at == T0
    assert await trivia.count_questions(GUILD) == 1

    second = await trivia.add_question(
        GUILD, ADMIN, "Q2", "A", other, SpoilerLevel.NONE, Difficulty.EASY, T0, 2
    )
    assert second == qid + 2  # numbers are never reused, and the other server's took one
    full = await trivia.add_question(
        GUILD, ADMIN, "Q3", "A", other, SpoilerLevel.NONE, Difficulty.EASY, T0, 2
    )
    assert full is None and await trivia.count_questions(GUILD) == 2

    assert await trivia.remove_question(OTHER_GUILD, qid) is False  # not that server's question
    assert await trivia.remove_question(GUILD, qid) is True
    assert await trivia.remove_question(GUILD, qid) is False
    assert await trivia.count_questions(GUILD) == 1


async def test_custom_questions_added_at_once_stop_at_the_limit(trivia: SqlTriviaStore) -> None:
    """Count-then-add takes turns (PostgreSQL runs transactions side by side; tx.lock)."""
    wrong = ("B", "C", "D")
    added = await asyncio.gather(
        *(
            trivia.add_question(GUILD, ADMIN, f"Q{n}", "A", wrong, SpoilerLevel.NONE, Difficulty.EASY, T0, 5)
            for n in range(12)
        )
    )
    assert sum(number is not None for number in added) == 5
    assert await trivia.count_questions(GUILD) == 5
