"""`ballerina-bot backup` and `ballerina-bot purge`: a real SQLite file, written to while they run."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import EXIT_FAILED, EXIT_OK, main
from bot.cli.backup import backup_database
from bot.cli.purge import run_purge
from bot.config import load_config
from bot.domain.records import AnswerRow
from bot.storage.bundle import Storage
from bot.storage.sqlite import open_sqlite
from bot.storage.sqlite.database import Database
from bot.storage.sqlite.schema import latest_version
from tests.support.db_queries import every_row, rows_of, without
from tests.support.server_data import fill_server

GUILD, OTHER = 111_111_111_111_111_111, 222_222_222_222_222_222
NOW = datetime(2026, 6, 6, 12, 0, tzinfo=UTC)
BULK = 60_000  # answers already stored: enough that a copy takes long enough to overlap writes


def env_for(db: Path, **extra: str) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite:///{db}", **extra}


@contextlib.contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        yield conn


def answer_keys(path: Path) -> set[tuple[int, int, int]]:
    with opened(path) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT game_id, question_no, user_id FROM trivia_answers").fetchall()
        return {(game, number, user) for game, number, user in rows}


async def a_bulky_database(path: Path, rows: int) -> tuple[Storage, int]:
    """A database with ``rows`` answers already in it (so a copy takes a while), and a running game."""
    storage = await open_sqlite(path)
    game = await storage.trivia.create_game(GUILD, 1, 2, "choice", "mixed", 25, NOW)
    database = storage.database
    assert isinstance(database, Database)
    async with database.transaction() as tx:
        await tx.executemany(
            "INSERT INTO trivia_answers VALUES (?, ?, 'trivia-001', ?, ?, 1, 100, 0)",
            [(game, n // 1000, 10_000 + n % 1000, GUILD) for n in range(rows)],
        )
    return storage, game


async def test_a_backup_during_a_burst_holds_every_answer_committed_before_it(tmp_path: Path) -> None:
    source = tmp_path / "bot.sqlite3"
    storage, game = await a_bulky_database(source, BULK)
    committed: list[tuple[int, int, int]] = []
    stop, warmed_up = asyncio.Event(), asyncio.Event()

    async def burst() -> None:
        user = 0
        while not stop.is_set():
            batch = [
                AnswerRow(game, GUILD, 9_000, "q", 1_000_000 + user + i, True, 150, 1, 0) for i in range(50)
            ]
            await storage.trivia.record_answers(batch)  # returns once the batch has committed
            committed.extend((game, 9_000, row.user_id) for row in batch)
            user += 50
            if len(committed) >= 500:
                warmed_up.set()

    writer = asyncio.create_task(burst())
    await warmed_up.wait()
    before = list(committed)
    copy = await asyncio.to_thread(backup_database, source, tmp_path / "copy.sqlite3")
    during = len(committed) - len(before)
    stop.set()
    await writer
    await storage.close()

    assert during > 0, "the bot should have kept writing while the copy was taken"
    copied = answer_keys(copy)
    assert set(before) <= copied, "an answer committed before the backup started is missing"
    assert len(copied) <= BULK + len(committed)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with opened(copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


async def test_a_backup_leaves_out_a_transaction_still_open_and_does_not_wait_for_it(tmp_path: Path) -> None:
    source = tmp_path / "bot.sqlite3"
    storage, game = await a_bulky_database(source, 10)
    database = storage.database
    assert isinstance(database, Database)
    async with database.transaction() as tx:
        await tx.execute("INSERT INTO trivia_answers VALUES (?, 77, 'q', 5, ?, 1, 100, 0)", (game, GUILD))
        copy = await asyncio.wait_for(asyncio.to_thread(backup_database, source, tmp_path / "c.sqlite3"), 10)
    await storage.close()
    copied = answer_keys(copy)
    assert len(copied) == 10 and (game, 77, 5) not in copied
    assert (game, 77, 5) in answer_keys(source)


def test_backup_by_default_goes_next_to_the_database_and_keeps_the_newest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "data" / "bot.sqlite3"
    asyncio.run(_make(source))
    folder = source.parent / "backups"
    folder.mkdir()
    older = [folder / f"ballerina-20250101T00000{n}Z.sqlite3" for n in range(3)]
    for path in older:
        path.write_bytes(b"old")
    unrelated = folder / "notes.txt"
    unrelated.write_text("mine")

    assert _backup_main(source, ["--keep", "2"]) == EXIT_OK
    out = capsys.readouterr().out
    [written] = [p for p in folder.iterdir() if p not in older and p != unrelated]
    assert written.name.startswith("ballerina-") and written.suffix == ".sqlite3"
    assert f"to {written}" in out and f"schema v{latest_version()}, 3 trivia answers" in out
    assert sorted(folder.iterdir()) == sorted([older[2], written, unrelated])
    assert f"Deleted the older backup {older[0]}." in out


def test_backup_refuses_to_overwrite_and_explains_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bot.sqlite3"
    asyncio.run(_make(source))
    taken = tmp_path / "taken.sqlite3"
    taken.write_bytes(b"precious")
    assert _backup_main(source, [str(taken)]) == EXIT_FAILED
    assert "already exists" in capsys.readouterr().err and taken.read_bytes() == b"precious"
    assert _backup_main(tmp_path / "missing.sqlite3", []) == EXIT_FAILED
    assert "There is no database at" in capsys.readouterr().err


def test_backup_with_postgresql_explains_pg_dump_and_never_prints_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://ballerina:s3cret-pw@db.example:5432/ballerina")
    assert main(["backup"]) == EXIT_FAILED
    out = capsys.readouterr()
    assert "pg_dump --format=custom" in out.out and "pg_restore" in out.out
    assert "s3cret-pw" not in out.out + out.err


async def _make(path: Path) -> None:
    storage, _ = await a_bulky_database(path, 3)
    await storage.close()


def _backup_main(source: Path, args: list[str]) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", f"sqlite:///{source}")
        return main(["backup", *args])


# -- purge --------------------------------------------------------------------------------------


async def test_purge_dry_run_lists_and_purge_deletes_only_what_is_due(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bot.sqlite3"
    storage = await open_sqlite(path)
    for guild in (GUILD, OTHER, 333):
        await fill_server(storage, guild, (5, 6), 7, NOW - timedelta(days=60))
    await storage.servers.record_departure(GUILD, NOW - timedelta(days=31))  # due
    await storage.servers.record_departure(OTHER, NOW - timedelta(days=29))  # not yet
    database = storage.database
    assert isinstance(database, Database)
    before = await every_row(database)
    config = load_config(env_for(path, PURGE_AFTER_DAYS="30"), require_token=False)

    assert await run_purge(config, dry_run=True, wall_clock=lambda: NOW) == EXIT_OK
    out = capsys.readouterr().out
    assert f"server {GUILD}: left 2026-05-06 12:00 UTC; would be deleted now (" in out
    assert f"server {OTHER}: left 2026-05-08 12:00 UTC; kept until 2026-06-07 12:00 UTC" in out
    assert "4 trivia_answers" not in out and "8 trivia_answers" in out
    assert "1 of 2 departed server(s) would be deleted now (PURGE_AFTER_DAYS=30)" in out
    assert await every_row(database) == before

    theirs = {t: await rows_of(database, t, "guild_id = ?", (GUILD,)) for t in before if t != "bot_meta"}
    await storage.close()
    assert await run_purge(config, dry_run=False, wall_clock=lambda: NOW) == EXIT_OK
    out = capsys.readouterr().out
    assert f"server {GUILD}: left 2026-05-06 12:00 UTC; deleted (" in out and str(OTHER) not in out
    assert "Deleted the data of 1 departed server(s)" in out
    database = await Database.open(path)
    try:
        assert await every_row(database) == without(before, theirs)
    finally:
        await database.close()


def test_purge_is_a_command_and_says_when_there_is_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert main(["purge", "--dry-run"]) == EXIT_OK
    assert "nothing to delete" in capsys.readouterr().out
    assert not (tmp_path / "none.sqlite3").exists()
