"""What only PostgreSQL has: migrations shared by processes, and caches kept in step across them."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import asyncpg
import pytest

from bot.domain.settings import normalise
from bot.domain.spoilers import Mode
from bot.storage import MigrationError, Storage
from bot.storage.postgres import open_postgres
from bot.storage.postgres.database import PostgresDatabase
from bot.storage.postgres.listener import Listener
from bot.storage.postgres.schema import DEFAULT_MIGRATIONS_DIR, MIGRATION_LOCK_KEY, latest_version
from tests.support.postgres import SchemaPool, with_search_path
from tests.support.stores import ADMIN, GUILD, T0, answer

pytestmark = pytest.mark.postgresql
ROOT = Path(__file__).resolve().parents[2]

# Opens the database given on the command line and prints what its migration did.
OPEN_AND_REPORT = """
import asyncio, json, sys
from bot.storage.postgres.database import PostgresDatabase

async def main():
    db = await PostgresDatabase.open(sys.argv[1])
    await db.close()
    print(json.dumps(list(db.migration.applied)))

asyncio.run(main())
"""


async def wait_until(condition: Callable[[], bool], *, within: float = 5.0) -> float:
    """Seconds until ``condition()`` held (fails the test after ``within`` seconds)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > within:
            raise AssertionError(f"not true within {within} s")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


async def versions(url: str) -> list[int]:
    conn = await asyncpg.connect(url)
    try:
        return [r[0] for r in await conn.fetch("SELECT version FROM schema_migrations ORDER BY version")]
    finally:
        await conn.close()


async def test_two_processes_starting_at_once_migrate_once(fresh_postgres_url: str) -> None:
    schema = fresh_postgres_url.rpartition("search_path=")[2]
    gate = await asyncpg.connect(fresh_postgres_url)
    try:
        # Hold the migration lock so both processes are waiting on it, then let them go together.
        await gate.execute(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})", schema)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                OPEN_AND_REPORT,
                fresh_postgres_url,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=env,
            )
            for _ in range(2)
        ]
        waiting = 0
        deadline = time.monotonic() + 20
        while waiting < 2:
            assert time.monotonic() < deadline, "the processes never waited for the migration lock"
            await asyncio.sleep(0.02)
            waiting = await gate.fetchval(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database"
                " WHERE datname = current_database())"
            )
        await gate.execute(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})", schema)
    finally:
        await gate.close()
    outputs = []
    for process in processes:
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, err.decode()
        outputs.append(json.loads(out))
    every = [path.name for path in sorted(DEFAULT_MIGRATIONS_DIR.glob("*.sql"))]
    # Each migration runs in a transaction of its own, so they may take turns; none runs twice.
    assert sorted(outputs[0] + outputs[1]) == every
    assert await versions(fresh_postgres_url) == list(range(1, latest_version() + 1))


async def test_a_failing_migration_rolls_back_whole(fresh_postgres_url: str, tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(DEFAULT_MIGRATIONS_DIR, migrations)
    latest = latest_version()
    (migrations / f"{latest + 1:04d}_broken.sql").write_text(
        "CREATE TABLE half_done (id BIGINT PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n"
    )
    with pytest.raises(MigrationError, match=rf"{latest + 1:04d}_broken.sql.*rolled back.*version {latest}"):
        await PostgresDatabase.open(fresh_postgres_url, migrations_dir=migrations)
    assert await versions(fresh_postgres_url) == list(range(1, latest + 1))  # the good ones stay
    conn = await asyncpg.connect(fresh_postgres_url)
    try:
        assert await conn.fetchval("SELECT to_regclass('half_done')") is None
    finally:
        await conn.close()

    (migrations / f"{latest + 1:04d}_broken.sql").write_text("COMMIT;\nCREATE TABLE x (id BIGINT);\n")
    with pytest.raises(MigrationError, match="must not contain BEGIN/COMMIT"):
        await PostgresDatabase.open(fresh_postgres_url, migrations_dir=migrations)


async def test_a_newer_schema_is_refused_untouched(postgres_url: str) -> None:
    await (await PostgresDatabase.open(postgres_url)).close()
    conn = await asyncpg.connect(postgres_url)
    try:
        await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (99, '0099_future.sql')")
        with pytest.raises(MigrationError, match=r"version 99.*only knows up to version"):
            await PostgresDatabase.open(postgres_url)
        await conn.execute("DELETE FROM schema_migrations WHERE version = 99")
    finally:
        await conn.close()


async def test_a_missing_schema_or_server_is_one_clear_error(postgres_schemas: SchemaPool) -> None:
    with pytest.raises(MigrationError, match="No schema to create the bot's tables in"):
        await PostgresDatabase.open(with_search_path(postgres_schemas.url, "bbtest_no_such_schema"))
    with pytest.raises(MigrationError, match=r"Could not connect to PostgreSQL at postgresql://u:\*\*\*@"):
        await PostgresDatabase.open("postgresql://u:secret@127.0.0.1:1/db")


# -- settings caches across processes -----------------------------------------------------


@pytest.fixture
async def two(postgres_url: str) -> AsyncIterator[tuple[Storage, Storage]]:
    """Two bots' storage on one database, as two processes would have."""
    first = await open_postgres(postgres_url)
    second = await open_postgres(postgres_url)
    yield first, second
    await first.close()
    await second.close()


def listener(storage: Storage) -> Listener:
    database = storage.database
    assert isinstance(database, PostgresDatabase)
    [only] = database.listeners
    return only


async def change(storage: Storage, **values: object) -> None:
    await storage.settings.update(GUILD, ADMIN, {k: normalise(k, v) for k, v in values.items()}, T0)


async def test_a_settings_change_in_one_process_reaches_the_others_cache(
    two: tuple[Storage, Storage],
) -> None:
    writer, reader = two
    cached = await reader.settings.get(GUILD)
    assert await reader.settings.get(GUILD) is cached  # the reader serves it from its cache now
    heard = listener(reader).received
    await change(writer, spoiler_mode="open")
    # The moment the notification has arrived, the reader's next read is the new value.
    waited = await wait_until(lambda: listener(reader).received > heard)
    assert (await reader.settings.get(GUILD)).spoilers.mode is Mode.OPEN
    assert waited < 1.0

    await reader.settings.get(GUILD)
    heard = listener(reader).received
    await writer.settings.set_spoiler_channel(GUILD, ADMIN, 777, True, T0)
    await wait_until(lambda: listener(reader).received > heard)
    assert (await reader.settings.get(GUILD)).spoilers.spoiler_channels == {777}


async def test_seen_marks_and_forgetting_reach_the_others_cache(two: tuple[Storage, Storage]) -> None:
    writer, reader = two
    assert await reader.settings.has_seen(GUILD, 5) is False  # cached
    heard = listener(reader).received
    await writer.settings.set_seen(GUILD, 5, True, T0)
    await wait_until(lambda: listener(reader).received > heard)
    assert await reader.settings.has_seen(GUILD, 5) is True

    heard = listener(reader).received
    await writer.members.forget_member(GUILD, 5)
    await wait_until(lambda: listener(reader).received > heard)
    assert await reader.settings.has_seen(GUILD, 5) is False


async def test_a_lost_listen_connection_turns_the_cache_off_until_it_is_back(
    two: tuple[Storage, Storage],
) -> None:
    writer, reader = two
    await reader.settings.get(GUILD)  # cached
    watching = listener(reader)
    pid = watching.backend_pid
    conn = await asyncpg.connect(os.environ["TEST_POSTGRES_URL"])
    try:
        assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()
    await wait_until(lambda: watching.losses == 1)
    # Notifications sent now are lost; the reader must not answer from its cache meanwhile.
    await change(writer, spoiler_mode="hide")
    assert (await reader.settings.get(GUILD)).spoilers.mode is Mode.HIDE

    await wait_until(lambda: watching.connected and watching.backend_pid != pid)
    await reader.settings.get(GUILD)
    heard = watching.received
    await change(writer, spoiler_mode="open")
    await wait_until(lambda: watching.received > heard)
    assert (await reader.settings.get(GUILD)).spoilers.mode is Mode.OPEN


async def test_two_processes_writing_the_same_answers_count_each_once(two: tuple[Storage, Storage]) -> None:
    first = two[0]
    game = await first.trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10, T0)
    answers = [answer(game, q, user) for q in range(10) for user in range(50)]
    # Overlapping batches in different orders, written at the same moment by both processes.
    halves = [answers[:300], list(reversed(answers[200:]))]
    for _ in range(3):
        written = await asyncio.gather(
            *(s.trivia.record_answers(b) for s, b in zip(two, halves, strict=True))
        )
        assert sum(written) in (0, len(answers))
    stats = await first.trivia.member_stats(GUILD, 7)
    assert (stats.answered, stats.points) == (10, 1000)
    assert await first.trivia.leaderboard_size(GUILD) == 50


async def test_check_reports_the_postgresql_schema(
    postgres_url: str, fresh_postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_OK
    from bot.cli.check import run_check
    from tests.support.world import FAKE_TOKEN

    def check(url: str) -> tuple[int, str]:
        code = run_check({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": url})
        return code, capsys.readouterr().out

    await (await PostgresDatabase.open(postgres_url)).close()
    code, out = await asyncio.to_thread(check, postgres_url)
    assert code == EXIT_OK and f"schema v{latest_version()} (up to date)" in out
    code, out = await asyncio.to_thread(check, fresh_postgres_url)
    assert code == EXIT_OK and f"schema v0; {latest_version()} migration(s) will run on next start" in out
    code, out = await asyncio.to_thread(check, "postgresql://bot:hunter2@127.0.0.1:1/db")
    assert (
        code == EXIT_FAILED and "FAIL database: cannot log in to PostgreSQL at postgresql://bot:***@" in out
    )
    assert "hunter2" not in out
    # A login the server refuses needs a person (exit 2, as `run` exits), unlike a server that is down.
    code, out = await asyncio.to_thread(check, "postgresql://no_such_role@127.0.0.1:5432/test")
    assert code == EXIT_CONFIG and "FAIL database: cannot log in" in out
