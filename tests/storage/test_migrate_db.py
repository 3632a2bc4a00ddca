"""``ballerina-bot migrate-db``: a populated SQLite database arrives whole in PostgreSQL, even in two goes."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from bot.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, main
from bot.domain.content import Difficulty, SpoilerLevel
from bot.storage.postgres import open_postgres
from bot.storage.postgres.copy import copy_sqlite_to_postgres, source_tables
from bot.storage.postgres.database import PostgresDatabase
from bot.storage.sqlite.database import Database
from tests.storage.populate import populate
from tests.support.stores import ADMIN, GUILD, T0

pytestmark = pytest.mark.postgresql


class Interrupted(Exception):
    pass


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """The command sets up logging on pytest's captured stderr; leave the next test none of it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
async def source(tmp_path: Path) -> Path:
    path = tmp_path / "bot.sqlite3"
    db = await Database.open(path)
    try:
        await populate(db, players=30, questions=12)  # 720 answers, in batches of 100 below
    finally:
        await db.close()
    return path


async def migrate(*argv: str) -> int:
    """The command line, as a person runs it (in a thread: it starts its own event loop)."""
    return await asyncio.to_thread(main, ["migrate-db", *argv])


def ordered(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Rows sorted by every column, NULL first (the same order whichever database they came from)."""
    return sorted(rows, key=lambda row: tuple((False, 0) if v is None else (True, v) for v in row))


def sqlite_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = source_tables(conn)
        return {t: ordered(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    finally:
        conn.close()


async def postgres_rows(url: str, tables: list[str]) -> dict[str, list[tuple[object, ...]]]:
    conn = await asyncpg.connect(url)
    try:
        return {t: ordered([tuple(r) for r in await conn.fetch(f"SELECT * FROM {t}")]) for t in tables}
    finally:
        await conn.close()


async def test_every_row_arrives_with_its_id_and_numbering_goes_on(
    source: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await migrate("--from", f"sqlite:///{source}", "--to", postgres_url) == EXIT_OK
    out = capsys.readouterr().out
    with sqlite3.connect(source) as conn:
        tables = len(source_tables(conn))
    assert f"Verified: all {tables} tables" in out
    assert re.search(r"trivia_answers +720 rows +\(720 new\) +ok", out)  # 2 games x 30 players x 12 questions
    expected = sqlite_rows(source)
    assert sum(map(len, expected.values())) > 800
    assert await postgres_rows(postgres_url, list(expected)) == expected

    # Numbers go on after the copied ones, and a removed custom question's number is not reused.
    conn = sqlite3.connect(source)
    highest_question = conn.execute(
        "SELECT seq FROM sqlite_sequence WHERE name = 'custom_questions'"
    ).fetchone()[0]
    highest_game = conn.execute("SELECT MAX(id) FROM trivia_games").fetchone()[0]
    conn.close()
    assert highest_question > max(r[0] for r in expected["custom_questions"])
    storage = await open_postgres(postgres_url)
    try:
        wrong = ("B", "C", "D")
        added = await storage.trivia.add_question(
            GUILD, ADMIN, "New?", "A", wrong, SpoilerLevel.NONE, Difficulty.EASY, T0, 50
        )
        assert added == highest_question + 1
        assert (
            await storage.trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 5, T0) == highest_game + 1
        )
    finally:
        await storage.close()


def copy_order(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return source_tables(conn)
    finally:
        conn.close()


@pytest.mark.parametrize(("stop_in", "batches"), [("member_stats", 1), ("trivia_answers", 3)])
async def test_a_copy_stopped_half_way_completes_when_run_again(
    source: Path, postgres_url: str, stop_in: str, batches: int
) -> None:
    expected = sqlite_rows(source)
    order = copy_order(source)
    copied: list[str] = []

    def stop(table: str, rows: int) -> None:
        copied.append(table)
        if copied.count(stop_in) == batches:
            raise Interrupted

    target = await PostgresDatabase.open(postgres_url)
    try:
        with pytest.raises(Interrupted):
            await copy_sqlite_to_postgres(source, target, batch_rows=100, progress=stop)
    finally:
        await target.close()
    partial = await postgres_rows(postgres_url, order)
    at = order.index(stop_in)
    assert all(partial[t] == expected[t] for t in order[:at])  # the tables before it arrived
    assert len(partial[stop_in]) == min(100 * batches, len(expected[stop_in]))  # batches so far
    assert all(partial[t] == [] for t in order[at + 1 :])  # nothing after it

    assert (
        await migrate("--from", f"sqlite:///{source}", "--to", postgres_url, "--batch-rows", "100") == EXIT_OK
    )
    assert await postgres_rows(postgres_url, order) == expected
    assert (
        await migrate("--from", f"sqlite:///{source}", "--to", postgres_url) == EXIT_OK
    )  # and again: nothing new
    assert await postgres_rows(postgres_url, order) == expected


async def test_the_progress_bar_goes_to_stderr(
    source: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await migrate("--from", f"sqlite:///{source}", "--to", postgres_url, "--progress") == EXIT_OK
    captured = capsys.readouterr()
    assert "100%" in captured.err and " rows" in captured.err
    assert "100%" not in captured.out


async def test_the_configured_sqlite_database_is_the_default_source(
    source: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{source}")
    assert await migrate("--to", postgres_url) == EXIT_OK
    assert await postgres_rows(postgres_url, ["trivia_games"]) == {
        "trivia_games": sqlite_rows(source)["trivia_games"]
    }


async def test_a_target_with_other_data_is_refused(
    source: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    storage = await open_postgres(postgres_url)
    try:  # another bot's record under a key the source has too
        await storage.meta.set("commands:global", "another bot's")
    finally:
        await storage.close()
    expected = sqlite_rows(source)
    assert await migrate("--from", f"sqlite:///{source}", "--to", postgres_url) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "different row in bot_meta under the same key (key='commands:global')" in err
    assert "not a copy of this SQLite database" in err
    order = copy_order(source)
    after = await postgres_rows(postgres_url, order)
    assert all(after[t] == expected[t] for t in order[: order.index("bot_meta")])
    assert after["bot_meta"] == [("commands:global", "another bot's")]  # nothing of its batch written
    assert all(after[t] == [] for t in order[order.index("bot_meta") + 1 :])  # and the copy stopped


async def test_a_target_with_extra_rows_fails_the_count(
    source: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    storage = await open_postgres(postgres_url)
    try:
        await storage.meta.set("only-in-postgresql", "1")
    finally:
        await storage.close()
    assert await migrate("--from", f"sqlite:///{source}", "--to", postgres_url) == EXIT_FAILED
    captured = capsys.readouterr()
    assert "row counts differ in bot_meta" in captured.err
    assert "MISMATCH" in captured.out


async def test_a_newer_target_schema_is_refused_and_left_alone(
    source: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await (await PostgresDatabase.open(postgres_url)).close()
    conn = await asyncpg.connect(postgres_url)
    try:
        await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (99, '0099_future.sql')")
        assert await migrate("--from", f"sqlite:///{source}", "--to", postgres_url) == EXIT_FAILED
        assert "only knows up to version" in capsys.readouterr().err
        assert await conn.fetchval("SELECT COUNT(*) FROM trivia_answers") == 0
    finally:
        await conn.execute("DELETE FROM schema_migrations WHERE version = 99")
        await conn.close()


async def test_wrong_arguments_are_one_clear_line(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing-here.sqlite3"
    assert await migrate("--from", f"sqlite:///{missing}", "--to", postgres_url) == EXIT_CONFIG
    assert "there is no SQLite database at" in capsys.readouterr().err
    assert not missing.exists()  # not created empty
    assert await migrate("--from", f"sqlite:///{missing}", "--to", f"sqlite:///{missing}") == EXIT_CONFIG
    assert "--to must be a PostgreSQL URL" in capsys.readouterr().err
