"""Storage faults on a real PostgreSQL server: busy in time, reads go on, a clear error, recovery.

Each fault is produced for real: another session holding a row lock past the bot's
``lock_timeout``; the server going away and coming back (the bot reaches it through a loopback
TCP proxy the test cuts); the bot's role made read-only (``default_transaction_read_only``).
"""

from __future__ import annotations

import asyncio
import os
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.storage.answer_writer import AnswerNotSaved, AnswerWriter
from bot.storage.health import FaultKind, StorageBusy, StorageUnavailable
from bot.storage.postgres.database import ACQUIRE_WAIT, LOCK_TIMEOUT_MS, PostgresDatabase
from bot.storage.sql.trivia_store import SqlTriviaStore
from tests.support.stores import ADMIN, GUILD, T0, UPSERT, answer, fault_lines
from tests.support.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.postgresql, pytest.mark.usefixtures("info_logs")]


@pytest.fixture
def db(postgres_db: PostgresDatabase) -> PostgresDatabase:
    """These tests are about PostgreSQL itself."""
    return postgres_db


async def test_a_row_lock_held_elsewhere_is_busy_within_the_budget_and_reads_go_on(
    db: PostgresDatabase, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    await db.execute(UPSERT, ("k", "before"))
    other = await asyncpg.connect(postgres_url)
    try:
        locked = other.transaction()
        await locked.start()
        await other.execute("SELECT * FROM bot_meta WHERE key = 'k' FOR UPDATE")
        loop = asyncio.get_running_loop()
        started = loop.time()
        writes = [asyncio.create_task(db.execute(UPSERT, ("k", f"w{i}"))) for i in range(3)]
        read = await db.fetchone("SELECT value FROM bot_meta WHERE key = 'k'")
        assert read is not None and read[0] == "before"
        assert loop.time() - started < 0.5, "a read must not wait for a blocked write"
        results = await asyncio.wait_for(asyncio.gather(*writes, return_exceptions=True), 5)
        took = loop.time() - started
        assert all(isinstance(r, StorageBusy) for r in results), results
        # PostgreSQL's lock_timeout is per lock wait: the second writer in line on a row waits for
        # the first one's turn, then for the lock itself. Either way, well inside Discord's 3 s.
        assert took < 2 * LOCK_TIMEOUT_MS / 1000 + 0.6, "each waiting write gives up in time"
        assert db.health.fault is not None and db.health.fault.kind is FaultKind.LOCKED
        assert len(fault_lines(caplog)) == 1, "one log line per episode, not per write"
        assert "pg_stat_activity" in fault_lines(caplog)[0]
        await locked.rollback()
    finally:
        await other.close()
    await db.execute(UPSERT, ("k", "after"))
    assert db.health.healthy
    assert any("Storage recovered" in r.getMessage() for r in caplog.records)


async def test_a_server_that_goes_away_is_refused_clearly_and_reconnected_when_back(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    proxy, through = TcpProxy.to_url(postgres_url)
    db = await PostgresDatabase.open(through)
    try:
        await db.execute(UPSERT, ("k", "v"))
        proxy.cut()
        loop = asyncio.get_running_loop()
        attempts = (
            lambda: db.fetchone("SELECT value FROM bot_meta"),
            lambda: db.execute(UPSERT, ("k", "w")),
            lambda: db.fetchone("SELECT 1"),
        )
        for attempt in attempts:
            started = loop.time()
            with pytest.raises(StorageUnavailable) as raised:
                await attempt()
            assert raised.value.kind is FaultKind.UNREACHABLE
            assert loop.time() - started < ACQUIRE_WAIT + 0.5, "refused in time, not after a long wait"
        assert len(fault_lines(caplog)) == 1
        line = fault_lines(caplog)[0]
        assert "cannot be reached" in line and "reconnects by itself" in line
        assert not await db.check_health()
        proxy.restore()
        assert await db.check_health(), "the probe reconnects once the server is back"
        await db.execute(UPSERT, ("k", "after"))
        row = await db.fetchone("SELECT value FROM bot_meta WHERE key = 'k'")
        assert row is not None and row[0] == "after"
        assert any("Storage recovered" in r.getMessage() for r in caplog.records)
    finally:
        await db.close()
        proxy.close()


async def test_a_read_only_server_refuses_writes_clearly_and_reads_go_on(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    schema = dict(p.split("=", 1) for p in urlsplit(postgres_url).query.split("&"))["search_path"]
    role = f"bb_readonly_{os.getpid()}"
    admin = await asyncpg.connect(postgres_url)
    await (await PostgresDatabase.open(postgres_url)).close()  # the schema, migrated by its owner
    await admin.execute(f"DROP ROLE IF EXISTS {role}")
    await admin.execute(f"CREATE ROLE {role} LOGIN")
    await admin.execute(f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {role}")
    await admin.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA {schema} TO {role}")
    parts = urlsplit(postgres_url)
    as_role = urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port or 5432}"))
    db = await PostgresDatabase.open(as_role)
    try:
        await admin.execute(f"ALTER ROLE {role} SET default_transaction_read_only = on")
        await db._pool.expire_connections()  # sessions take role settings when they start
        for _ in range(3):
            with pytest.raises(StorageUnavailable) as raised:
                await db.execute(UPSERT, ("k", "v"))
            assert raised.value.kind is FaultKind.READ_ONLY
        assert db.health.state()["fault"] == "read_only"
        assert "primary" in db.health.state()["fix"]
        assert len(fault_lines(caplog)) == 1
        assert await db.fetchone("SELECT COUNT(*) FROM bot_meta") is not None  # reads still work
        assert not db.health.healthy, "a read does not end a write fault"
        await admin.execute(f"ALTER ROLE {role} RESET default_transaction_read_only")
        await db._pool.expire_connections()
        assert await db.check_health()  # the probe's own write succeeds: the episode ends
        await db.execute(UPSERT, ("k", "v"))
    finally:
        await db.close()
        await admin.execute(f"DROP OWNED BY {role}")
        await admin.execute(f"DROP ROLE {role}")
        await admin.close()


async def test_answers_while_the_server_is_away_are_refused_and_only_acknowledged_ones_are_stored(
    postgres_url: str,
) -> None:
    proxy, through = TcpProxy.to_url(postgres_url)
    db = await PostgresDatabase.open(through)
    try:
        trivia = SqlTriviaStore(db)
        game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
        writer = AnswerWriter(trivia, budget=1.0)
        writer.start()
        await writer.submit(answer(game, 1, 1))
        proxy.cut()
        loop = asyncio.get_running_loop()
        started = loop.time()
        results = await asyncio.gather(
            *(writer.submit(answer(game, 1, user)) for user in range(2, 12)), return_exceptions=True
        )
        assert all(isinstance(r, AnswerNotSaved) for r in results), results
        assert loop.time() - started < 1.0 + ACQUIRE_WAIT + 0.5, "refused within the budget"
        proxy.restore()
        await writer.submit(answer(game, 1, 12))
        await writer.close()
        rows = await db.fetchall("SELECT user_id FROM trivia_answers WHERE game_id = ?", (game,))
        stored = {row[0] for row in rows}
        assert stored == {1, 12}, "an answer refused to its member is never stored behind their back"
    finally:
        await db.close()
        proxy.close()
