"""The answer writer: a burst of clicks becomes a few transactions, each answer counted once."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.domain.records import AnswerRow, MemberStats
from bot.storage.answer_writer import AnswerWriter
from bot.storage.driver import Driver
from bot.storage.sql.trivia_store import SqlTriviaStore
from tests.storage.conftest import ADMIN, GUILD, T0, answer
from tests.support.db_queries import answer_count


async def test_answer_writer_under_a_burst_counts_exactly(db: Driver, trivia: SqlTriviaStore) -> None:
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
            writer.submit(record)
            await asyncio.sleep(0)

    await asyncio.gather(*(clicker(records[i::20]) for i in range(20)))
    await writer.flush()
    assert writer.pending == 0
    assert writer.idle  # no task left waiting once the queue is empty
    assert writer.batches < 100  # batched, not one transaction per click

    assert writer.written == 400
    assert await answer_count(db, game) == 400
    total = await db.fetchone("SELECT SUM(points), SUM(answered), SUM(correct) FROM member_stats")
    assert total is not None and tuple(total) == (sum(r.points for r in unique), 400, 400)
    assert await trivia.member_stats(GUILD, 5) == MemberStats(
        GUILD, 5, points=150, correct=10, answered=10, best_streak=1
    )

    writer.submit(answer(game, 9, 99))
    await writer.close()  # drains first
    await writer.close()
    assert await answer_count(db, game) == 401
    with pytest.raises(RuntimeError):
        writer.submit(answer(game, 9, 100))


async def test_answer_writer_survives_a_bad_record(
    db: Driver, trivia: SqlTriviaStore, caplog: pytest.LogCaptureFixture
) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    writer = AnswerWriter(trivia)
    writer.start()
    writer.submit(answer(game, 0, 1))
    writer.submit(answer(12345, 0, 2))  # no such game: foreign key fails
    writer.submit(answer(game, 0, 3))
    await writer.flush()
    assert writer.failed == 1
    assert writer.written == 2
    assert "could not write" in caplog.text

    writer.submit(answer(game, 1, 1))
    await writer.flush()
    assert await answer_count(db, game) == 3
    await writer.close()


async def test_answer_writer_holds_answers_until_started(db: Driver, trivia: SqlTriviaStore) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    writer = AnswerWriter(trivia)
    writer.submit(answer(game, 0, 1))
    await asyncio.sleep(0)
    assert writer.pending == 1
    with pytest.raises(RuntimeError, match="not started"):
        await writer.flush()
    writer.start()
    await writer.close()
    assert await answer_count(db, game) == 1
