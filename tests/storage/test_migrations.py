"""Migrations against real SQLite files: fresh, upgrade with backup, failure, too new."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.domain.content import Difficulty, SpoilerLevel
from bot.storage.migrations import MigrationError, split_statements
from bot.storage.sql.trivia_store import SqlTriviaStore
from bot.storage.sqlite.database import Database
from bot.storage.sqlite.schema import DEFAULT_MIGRATIONS_DIR, discover, latest_version, pending
from tests.support.stores import T0

EXPECTED_TABLES = {
    "bot_meta",
    "guild_settings",
    "spoiler_channels",
    "member_seen",
    "audit_log",
    "trivia_games",
    "trivia_answers",
    "member_stats",
    "trivia_asked",
    "custom_questions",
    "guild_stats",
}


def schema(path: Path) -> tuple[int, list[tuple[str, str]]]:
    """(user_version, every schema object's name and SQL) read with plain sqlite3."""
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
        return version, objects
    finally:
        conn.close()


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.v*.bak"))


@pytest.fixture
def migrations_dir(tmp_path: Path) -> Path:
    """The first real migration alone, as a released version had it; a test adds its own 0002."""
    target = tmp_path / "migrations"
    target.mkdir()
    shutil.copy(DEFAULT_MIGRATIONS_DIR / "0001_initial.sql", target)
    return target


async def test_fresh_database_gets_every_table_and_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.db"  # parent directory does not exist yet
    db = await Database.open(path)
    try:
        assert db.path == path
        assert db.migration is not None
        assert db.migration.from_version == 0
        assert db.migration.to_version == latest_version() >= 1
        assert db.migration.backup_path is None
        rows = await db.fetchall("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        tables = {r["name"]: r["sql"] for r in rows}
        assert set(tables) >= EXPECTED_TABLES
        assert all("STRICT" in tables[name] for name in EXPECTED_TABLES)
        assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
    finally:
        await db.close()
        await db.close()  # idempotent
    assert backups(path) == []


async def test_reopening_an_up_to_date_database_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await (await Database.open(path)).close()
    db = await Database.open(path)
    await db.close()
    assert db.migration is not None
    assert db.migration.applied == ()
    assert backups(path) == []


async def test_upgrade_keeps_data_and_writes_a_readable_backup(tmp_path: Path, migrations_dir: Path) -> None:
    path = tmp_path / "bot.db"
    db = await Database.open(path, migrations_dir=migrations_dir)
    await db.execute("INSERT INTO bot_meta (key, value) VALUES ('tree_hash', 'abc')")
    await db.execute(
        "INSERT INTO member_seen (guild_id, user_id, seen_at) VALUES (?, ?, ?)", (10**18, 42, 1_700_000_000)
    )
    await db.close()

    (migrations_dir / "0002_add_notes.sql").write_text(
        "-- a later release adds a table; semicolons in strings and comments are fine: ';'\n"
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL DEFAULT 'a;b') STRICT;\n"
        "INSERT INTO notes (body) VALUES ('first; note');\n"
        "ALTER TABLE bot_meta ADD COLUMN note TEXT\n"  # last statement without a semicolon
    )
    assert [m.version for m in pending(1, migrations_dir)] == [2]

    db = await Database.open(path, migrations_dir=migrations_dir)
    try:
        assert db.migration is not None
        assert db.migration.applied == ("0002_add_notes.sql",)
        assert (await db.fetchone("PRAGMA user_version"))[0] == 2
        assert (await db.fetchone("SELECT value FROM bot_meta WHERE key = 'tree_hash'"))[0] == "abc"
        assert (await db.fetchone("SELECT user_id FROM member_seen WHERE guild_id = ?", (10**18,)))[0] == 42
        assert (await db.fetchone("SELECT body FROM notes"))[0] == "first; note"
        backup = db.migration.backup_path
    finally:
        await db.close()

    assert backup is not None
    assert backups(path) == [backup]
    assert backup.name.startswith("bot.db.v1-")
    assert backup.suffix == ".bak"
    version, objects = schema(backup)
    assert version == 1
    assert "notes" not in {name for name, _ in objects}
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT value FROM bot_meta").fetchall() == [("abc",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


async def test_failing_migration_changes_nothing_and_names_the_file(
    tmp_path: Path, migrations_dir: Path
) -> None:
    path = tmp_path / "bot.db"
    db = await Database.open(path, migrations_dir=migrations_dir)
    await db.execute("INSERT INTO bot_meta (key, value) VALUES ('k', 'v')")
    await db.close()
    before = schema(path)

    (migrations_dir / "0002_broken.sql").write_text(
        "CREATE TABLE will_be_rolled_back (id INTEGER PRIMARY KEY) STRICT;\n"
        "INSERT INTO bot_meta (key, value) VALUES ('also', 'rolled back');\n"
        "ALTER TABLE no_such_table ADD COLUMN x TEXT;\n"
    )
    with pytest.raises(MigrationError) as caught:
        await Database.open(path, migrations_dir=migrations_dir)

    message = str(caught.value)
    assert "0002_broken.sql" in message
    assert "no such table: no_such_table" in message
    assert caught.value.backup_path is not None
    assert str(caught.value.backup_path) in message
    assert caught.value.backup_path.exists()
    assert schema(path) == before
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT key FROM bot_meta").fetchall() == [("k",)]
    finally:
        conn.close()


async def test_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await (await Database.open(path)).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    before = schema(path)

    with pytest.raises(MigrationError, match=r"[Uu]pgrade the bot"):
        await Database.open(path)
    assert schema(path) == before
    assert backups(path) == []


async def test_transaction_control_in_a_migration_is_refused(tmp_path: Path, migrations_dir: Path) -> None:
    (migrations_dir / "0002_tx.sql").write_text(
        "CREATE TABLE t (x INTEGER) STRICT;\n-- done, so:\nCOMMIT;\nCREATE TABLE u (x INTEGER) STRICT;\n"
    )
    with pytest.raises(MigrationError, match=r"0002_tx\.sql"):
        await Database.open(tmp_path / "bot.db", migrations_dir=migrations_dir)
    # 0001 went in (its own transaction); nothing of 0002 did.
    version, objects = schema(tmp_path / "bot.db")
    assert version == 1
    assert {"t", "u"}.isdisjoint(name for name, _ in objects)


async def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(MigrationError, match="Could not open the database"):
        await Database.open(path)


def test_misnamed_or_gapped_migrations_are_refused(migrations_dir: Path) -> None:
    (migrations_dir / "0003_gap.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match=r"0003_gap\.sql"):
        discover(migrations_dir)
    (migrations_dir / "0003_gap.sql").unlink()
    (migrations_dir / "2_bad.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="misnamed"):
        latest_version(migrations_dir)


def test_split_statements_respects_strings_comments_and_triggers() -> None:
    script = """
    -- leading comment; with a semicolon
    CREATE TABLE a (x TEXT DEFAULT ';'); /* block; comment */
    CREATE TRIGGER t AFTER INSERT ON a BEGIN
        UPDATE a SET x = 'y;' WHERE rowid = new.rowid;
    END;
    -- trailing comment only
    """
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[0].endswith("DEFAULT ';');")
    assert statements[1].startswith("/* block; comment */")
    assert statements[1].rstrip().endswith("END;")
    assert split_statements("-- nothing\n/* here */ ;") == []


async def test_upgrade_from_v1_keeps_server_questions_and_never_reuses_their_numbers(
    tmp_path: Path, migrations_dir: Path
) -> None:
    """0002 rebuilds custom_questions with AUTOINCREMENT: a real upgrade of a v1 database."""
    path = tmp_path / "bot.db"
    db = await Database.open(path, migrations_dir=migrations_dir)  # a v1 database, as released
    for n in (1, 2):
        await db.execute(
            "INSERT INTO custom_questions (guild_id, author_id, question, answer, wrong1, wrong2, wrong3,"
            " spoiler, difficulty, created_at) VALUES (7, 8, ?, 'a', 'b', 'c', 'd', 'none', 'easy', 0)",
            (f"question {n}",),
        )
    await db.execute("INSERT INTO trivia_asked (guild_id, question_id, asked_at) VALUES (7, 'custom-2', 0)")
    await db.execute("INSERT INTO trivia_asked (guild_id, question_id, asked_at) VALUES (7, 'custom-9', 0)")
    await db.close()

    db = await Database.open(path)  # the real migrations: 0002 runs, after a backup
    try:
        assert db.migration is not None
        assert db.migration.applied[0] == "0002_custom_question_ids.sql"
        assert db.migration.backup_path is not None
        rows = await db.fetchall("SELECT id, question FROM custom_questions ORDER BY id")
        assert [(r["id"], r["question"]) for r in rows] == [(1, "question 1"), (2, "question 2")]
        asked = await db.fetchall("SELECT question_id FROM trivia_asked")
        assert [r["question_id"] for r in asked] == ["custom-2"], "history of a deleted question is dropped"
        repo = SqlTriviaStore(db)
        assert await repo.remove_question(7, 2)
        assert await db.fetchall("SELECT * FROM trivia_asked") == []
        new_id = await repo.add_question(
            7, 8, "question 3", "a", ("b", "c", "d"), SpoilerLevel.NONE, Difficulty.EASY, T0, 200
        )
        assert new_id == 3, "a removed question's number is never handed out again"
    finally:
        await db.close()


def test_an_old_sqlite_is_refused_with_a_clear_message() -> None:
    from bot.storage.sqlite.database import require_sqlite_features

    require_sqlite_features((3, 37, 0))
    with pytest.raises(MigrationError, match=r"SQLite is 3\.31\.1; the bot needs 3\.37\.0 or newer"):
        require_sqlite_features((3, 31, 1))


def test_a_sqlite_bot_catches_postgresqls_errors_without_loading_asyncpg() -> None:
    """``DatabaseUnreachable`` lives with PostgreSQL, yet the bot and its CLI import it for free."""
    import subprocess
    import sys

    code = (
        "import sys, bot.client, bot.cli.run, bot.storage; "
        "from bot.storage.postgres.errors import DatabaseUnreachable; "
        "print('asyncpg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
