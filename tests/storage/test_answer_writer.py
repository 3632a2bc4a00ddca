"""The answer writer: group commit (a submit returns once its answer is on disk), each answer counted once."""

from __future__ import annotations

import asyncio
import random
import sqlite3

import pytest

from bot.domain.records import AnswerRow, MemberStats
from bot.storage.answer_writer import AnswerNotSaved, AnswerWriter
from bot.storage.driver import Driver
from bot.storage.sql.trivia_store import SqlTriviaStore
from bot.storage.sqlite.database import Database
from tests.support.db_queries import answer_count
from tests.support.stores import ADMIN, GUILD, T0, answer, open_driver


async def committed(database_url: str, game: int, question_no: int, user: int) -> bool:
    """Asked through a separate connection: what is committed, not what our connection holds."""
    other = await open_driver(database_url)
    try:
        row = await other.fetchone(
            "SELECT 1 FROM trivia_answers WHERE game_id = ? AND question_no = ? AND user_id = ?",
            (game, question_no, user),
        )
    finally:
        await other.close()
    return row is not None


def on_disk(db: Database, game: int, question_no: int, user: int) -> bool:
    with sqlite3.connect(db.path) as other:
        row = other.execute(
            "SELECT 1 FROM trivia_answers WHERE game_id = ? AND question_no = ? AND user_id = ?",
            (game, question_no, user),
        ).fetchone()
    return row is not None


async def test_a_burst_is_written_in_few_transactions_each_answer_counted_once(
    db: Driver, trivia: SqlTriviaStore
) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    writer = AnswerWriter(trivia, max_batch=500)
    writer.start()

    rng = random.Random(7)
    unique = [answer(game, q, user, points=10 + user) for q in range(10) for user in range(40)]  # 400
    duplicates = [rng.choice(unique) for _ in range(100)]
    records = unique + duplicates
    rng.shuffle(records)

    async def clicker(chunk: list[AnswerRow]) -> None:
        for record in chunk:
            await writer.submit(record)

    await asyncio.gather(*(clicker(records[i::20]) for i in range(20)))
    assert writer.pending == 0
    assert writer.batches < 100  # batched, not one transaction per click

    assert writer.written == 400
    assert await answer_count(db, game) == 400
    total = await db.fetchone("SELECT SUM(points), SUM(answered), SUM(correct) FROM member_stats")
    assert total is not None and tuple(total) == (sum(r.points for r in unique), 400, 400)
    assert await trivia.member_stats(GUILD, 5) == MemberStats(
        GUILD, 5, points=150, correct=10, answered=10, best_streak=1
    )

    queued = asyncio.create_task(writer.submit(answer(game, 9, 99)))
    await asyncio.sleep(0)
    await writer.close()  # settles what is queued first
    await writer.close()
    await queued
    assert await answer_count(db, game) == 401
    with pytest.raises(RuntimeError):
        await writer.submit(answer(game, 9, 100))


async def test_a_submit_returns_only_once_its_answer_is_committed(
    database_url: str, trivia: SqlTriviaStore
) -> None:
    """Group commit: the guarantee a SIGKILL cannot break. Mutation that fails it: resolve before writing."""
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    writer = AnswerWriter(trivia)
    writer.start()
    seen_at_return: list[bool] = []

    async def click(user: int) -> None:
        await writer.submit(answer(game, 1, user))
        seen_at_return.append(await committed(database_url, game, 1, user))

    await asyncio.gather(*(click(user) for user in range(60)))
    assert seen_at_return == [True] * 60
    assert writer.batches < 60


async def test_a_bad_record_loses_only_itself(
    db: Driver, trivia: SqlTriviaStore, caplog: pytest.LogCaptureFixture
) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    writer = AnswerWriter(trivia)
    writer.start()
    results = await asyncio.gather(
        writer.submit(answer(game, 0, 1)),
        writer.submit(answer(12345, 0, 2)),  # no such game: the foreign key fails
        writer.submit(answer(game, 0, 3)),
        return_exceptions=True,
    )
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], AnswerNotSaved)
    assert (writer.failed, writer.written) == (1, 2)
    assert "could not write" in caplog.text
    await writer.submit(answer(game, 1, 1))
    assert await answer_count(db, game) == 3
    await writer.close()


async def test_answers_wait_until_the_writer_starts(db: Driver, trivia: SqlTriviaStore) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    writer = AnswerWriter(trivia)
    click = asyncio.create_task(writer.submit(answer(game, 0, 1)))
    await asyncio.sleep(0)
    assert writer.pending == 1 and not click.done()
    with pytest.raises(RuntimeError, match="not started"):
        await writer.flush()
    writer.start()
    await click
    assert await answer_count(db, game) == 1


async def test_a_short_lock_is_waited_out_and_a_long_one_refuses_for_good(sqlite_db: Database) -> None:
    db, trivia = sqlite_db, SqlTriviaStore(sqlite_db)
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    writer = AnswerWriter(trivia, budget=2.5)
    writer.start()
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        click = asyncio.create_task(writer.submit(answer(game, 1, 1)))
        await asyncio.sleep(1.2)  # longer than one write's wait: the batch is retried
        other.execute("ROLLBACK")
        await click
        assert on_disk(db, game, 1, 1)

        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(AnswerNotSaved):
            await writer.submit(answer(game, 1, 2))
        other.execute("ROLLBACK")
    finally:
        other.close()
    await writer.flush()
    await writer.submit(answer(game, 1, 3))
    assert not on_disk(db, game, 1, 2), "an answer refused to its member is never stored behind their back"
    assert on_disk(db, game, 1, 3)
    assert db.health.healthy


async def test_a_full_disk_refuses_then_recovers(sqlite_db: Database) -> None:
    db, trivia = sqlite_db, SqlTriviaStore(sqlite_db)
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    writer = AnswerWriter(trivia, budget=0.3)
    writer.start()
    row = await db.fetchone("PRAGMA page_count")
    assert row is not None
    await db._conn.execute_fetchall(f"PRAGMA max_page_count = {row[0]}")
    results = await asyncio.gather(
        *(writer.submit(answer(game, 1, user)) for user in range(2000)), return_exceptions=True
    )
    refused = sum(isinstance(r, AnswerNotSaved) for r in results)
    assert refused > 1000 and all(r is None or isinstance(r, AnswerNotSaved) for r in results)
    assert await answer_count(db, game) == 2000 - refused  # stored exactly when acknowledged
    await db._conn.execute_fetchall("PRAGMA max_page_count = 1000000")
    await writer.submit(answer(game, 2, 1))
    assert await answer_count(db, game) == 2001 - refused


async def test_a_flood_is_refused_past_the_bound(trivia: SqlTriviaStore) -> None:
    writer = AnswerWriter(trivia, max_pending=5)  # not started: nothing drains
    waiting = [asyncio.create_task(writer.submit(answer(1, 1, user))) for user in range(5)]
    await asyncio.sleep(0)
    with pytest.raises(AnswerNotSaved, match="Too many"):
        await writer.submit(answer(1, 1, 99))
    await writer.close()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(r, AnswerNotSaved) for r in results)
