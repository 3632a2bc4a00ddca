"""The command line: exit codes and one-line messages, with Discord faked on loopback."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, main
from bot.cli.check import run_check
from bot.cli.run import run_bot
from bot.config import load_config
from bot.storage.sql.trivia_store import SqlTriviaStore
from bot.storage.sqlite.database import Database
from bot.storage.sqlite.schema import latest_version
from fakes.fake_discord import FakeDiscord, serve
from tests.support.db_queries import game_row
from tests.support.world import FAKE_TOKEN


def isolate_env(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Unset variables so that monkeypatch restores them afterwards, even ones load_dotenv sets.

    (delenv on an unset variable records nothing to restore; setenv first makes it record.)
    """
    for name in names:
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


def env_for(db: Path, **extra: str) -> dict[str, str]:
    return {"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{db}", **extra}


def test_check_passes_on_a_fresh_install(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(env_for(tmp_path / "bot.sqlite3")) == EXIT_OK
    out = capsys.readouterr().out
    assert "OK   settings" in out and "OK   content" in out and "will be created" in out
    curated, generated = (int(n) for n in re.findall(r"(\d+) (?:curated|generated)", out))
    assert f"{curated + generated} trivia questions: {curated} curated, {generated} generated" in out
    # One question a fact: the generated part is smaller than the 335 it was (see README "Trivia").
    assert curated >= 60 and generated >= 80
    assert "All checks passed." in out
    assert FAKE_TOKEN not in out


def test_check_reports_bad_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}) == EXIT_CONFIG
    assert "FAIL settings: DISCORD_TOKEN is not set" in capsys.readouterr().out


def test_check_reports_a_database_newer_than_the_bot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    assert run_check(env_for(db)) == EXIT_CONFIG
    assert "newer than this bot" in capsys.readouterr().out


def test_check_reports_an_unreadable_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "bot.sqlite3"
    db.write_text("this is not a database")
    assert run_check(env_for(db)) == EXIT_CONFIG
    assert "FAIL database" in capsys.readouterr().out


def test_missing_token_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    isolate_env(monkeypatch, "DISCORD_TOKEN")
    assert main(["run"]) == EXIT_CONFIG
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "DISCORD_TOKEN is not set" in err[0]
    assert "Traceback" not in err[0]


def test_env_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    isolate_env(monkeypatch, "DISCORD_TOKEN", "LOG_LEVEL")  # load_dotenv writes into os.environ
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={FAKE_TOKEN}\nLOG_LEVEL=shouty\n")
    assert main(["check"]) == EXIT_CONFIG
    out = capsys.readouterr().out
    assert "LOG_LEVEL must be one of" in out, "the value came from .env"
    assert FAKE_TOKEN not in out


# -- Discord faked on loopback (fakes/fake_discord.py), to see what the bot does with its answers --


@pytest_asyncio.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with serve(monkeypatch) as fake:
        yield fake


UNREACHABLE = "postgresql://bot:hunter2@127.0.0.1:1/db"  # port 1: nothing listens there


async def test_a_rejected_token_gets_a_clear_line(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_discord.reject_token = True
    config = load_config(env_for(tmp_path / "bot.sqlite3"))
    assert await run_bot(config) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "Discord rejected DISCORD_TOKEN (401 Unauthorized)" in err
    assert FAKE_TOKEN not in err


async def test_a_database_server_that_cannot_be_reached_exits_so_it_is_retried(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    """PostgreSQL down (or restarting) is not a person's job: exit 1, which systemd restarts on."""
    config = load_config({**env_for(tmp_path / "bot.sqlite3"), "DATABASE_URL": UNREACHABLE})
    assert await run_bot(config) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "Could not connect to PostgreSQL at postgresql://bot:***@127.0.0.1:1/db" in err
    assert "hunter2" not in err


async def test_a_database_that_cannot_be_migrated_stops_the_bot_clearly(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.sqlite3"
    db.write_text("not a database, e.g. a file copied over by mistake")
    config = load_config(env_for(db))
    assert await run_bot(config) == EXIT_CONFIG
    err = capsys.readouterr().err.strip()
    assert err.startswith("ballerina-bot: ") and "database" in err.lower()
    assert db.read_text().startswith("not a database"), "a failed start must leave the file as it was"


async def test_sync_pushes_the_commands_and_remembers_them(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config(env_for(tmp_path / "bot.sqlite3"))
    # A bot is running a trivia game; `sync` next to it must leave that game alone.
    db = await Database.open(config.database_path)
    game = await SqlTriviaStore(db).create_game(1, 2, 3, "choice", "mixed", 5, datetime.now(UTC))
    await db.close()
    assert await run_bot(config, sync_only=True) == EXIT_OK
    assert "Slash commands synced." in capsys.readouterr().out
    db = await Database.open(config.database_path)
    row = await game_row(db, game)
    await db.close()
    assert row is not None and row.status.value == "running"
    (path, payload), *_ = fake_discord.synced
    assert path == "/api/v10/applications/100000000000000001/commands"
    names = {command["name"] for command in payload}
    assert {"cast", "crew", "quote", "film", "trivia", "spoilers", "seen", "help", "about"} <= names
    # Forced again, to one server: `sync --guild ID` syncs there even though nothing changed.
    assert await run_bot(config, sync_only=True, sync_guild_id=123456789012345678) == EXIT_OK
    assert fake_discord.synced[-1][0].endswith("/guilds/123456789012345678/commands")
    assert {c["name"] for c in fake_discord.synced[-1][1]} == names

    # `sync --guild ID --clear` removes that server's copies (after developing with DEV_GUILD_ID).
    assert await run_bot(config, sync_only=True, sync_guild_id=123456789012345678, clear=True) == EXIT_OK
    assert fake_discord.synced[-1] == (
        "/api/v10/applications/100000000000000001/guilds/123456789012345678/commands",
        [],
    )
    assert "removed" in capsys.readouterr().out


def test_clear_needs_a_guild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    isolate_env(monkeypatch, "LOG_LEVEL", "DATABASE_URL", "DEV_GUILD_ID", "LOG_FILE")
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    assert main(["sync", "--clear"]) == EXIT_CONFIG
    assert "--clear needs --guild" in capsys.readouterr().err


async def test_a_database_path_that_cannot_be_created_is_not_called_a_network_error(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    config = load_config(env_for(blocker / "bot.sqlite3"))
    assert await run_bot(config) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "could not reach Discord" not in err and "Could not open the database" in err


def test_check_handles_unusual_paths_and_missing_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "odd #1 100%"
    odd.mkdir()
    db = odd / "bot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version()}")
    assert run_check(env_for(db)) == EXIT_OK
    assert "up to date" in capsys.readouterr().out
    assert sorted(p.name for p in odd.iterdir()) == ["bot.sqlite3"], "no stray files from a misread URI"
    nested = tmp_path / "not" / "yet" / "bot.sqlite3"
    assert run_check(env_for(nested)) == EXIT_OK, "folders the bot would create itself are fine"


def test_check_reports_a_log_file_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = env_for(tmp_path / "bot.sqlite3", LOG_FILE=str(blocker / "bot.log"))
    assert run_check(env) == EXIT_FAILED
    assert "FAIL log file" in capsys.readouterr().out


async def test_a_database_folder_that_is_a_file_is_one_clear_line(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "db-is-a-folder.sqlite3"
    folder.mkdir()
    config = load_config(env_for(folder))
    assert await run_bot(config) == EXIT_CONFIG
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Could not open the database" in err[0]


def corrupt_guild_settings(db: Path) -> None:
    """Overwrite the guild_settings table's root page with garbage, as a bad disk sector would."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.executemany(
            "INSERT INTO guild_settings (guild_id, spoiler_mode, spoiler_threshold, allow_profanity, "
            "trivia_time_limit, trivia_question_count, trivia_points, updated_at) "
            "VALUES (?, 'tag', 'minor', 0, 20, 10, 100, 0)",
            [(n,) for n in range(1, 400)],
        )
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'guild_settings'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(bytes(range(256)) * (page_size // 256))


async def test_a_damaged_database_is_found_by_check_and_refused_at_start_with_exit_2(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before this, check said OK and the bot answered 'Something went wrong' everywhere."""
    db = tmp_path / "bot.sqlite3"
    await (await Database.open(db)).close()
    corrupt_guild_settings(db)
    damaged = db.read_bytes()
    assert run_check(env_for(db)) == EXIT_CONFIG
    out = capsys.readouterr().out
    assert "FAIL database" in out and "damaged" in out and "To restore" in out
    assert await run_bot(load_config(env_for(db))) == EXIT_CONFIG
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "damaged" in err[0] and "restore" in err[0]
    assert db.read_bytes() == damaged, "the damaged file is left as it was, for recovery"


async def test_an_unusable_database_stops_the_bot_before_it_reaches_discord(
    tmp_path: Path, fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "bot.sqlite3"
    db.write_text("not a database")
    with caplog.at_level("DEBUG"):
        assert await run_bot(load_config(env_for(db))) == EXIT_CONFIG
    assert fake_discord.calls == [], "no request to Discord before the database is known good"
    assert "logging in using static token" not in caplog.text
    config = load_config({**env_for(db), "DATABASE_URL": UNREACHABLE})
    assert await run_bot(config) == EXIT_FAILED
    assert fake_discord.calls == [] and fake_discord.identifies == []


async def test_too_few_session_starts_left_refuses_to_start_before_identifying(
    tmp_path: Path, fake_discord: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_discord.session_starts_remaining = 1
    config = load_config(env_for(tmp_path / "bot.sqlite3", SHARD_COUNT="2"))
    assert await run_bot(config) == EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "only 1 more session start(s) (of 1000 a day, reset in 60 min)" in err[0]
    assert "this process needs 2" in err[0] and FAKE_TOKEN not in err[0]
    assert fake_discord.identifies == [] and fake_discord.refused_identifies == []
