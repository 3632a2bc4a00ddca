"""``ballerina-bot reports``: the operator reads members' reports, newest first."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, main
from bot.storage.sqlite import open_sqlite


def use_env(monkeypatch: pytest.MonkeyPatch, folder: Path, db: Path) -> None:
    """Run the command line from ``folder`` (no .env there) against the database ``db``."""
    monkeypatch.chdir(folder)
    for name in ("LOG_FILE", "LOG_LEVEL", "DISCORD_TOKEN"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")


async def three_reports(db: Path) -> None:
    storage = await open_sqlite(db)
    t0 = datetime(2026, 6, 6, 12, 0, tzinfo=UTC)
    await storage.reports.add_report(111, 7, "cast", "cast-ana-de-armas", "Her name is spelt\nwrong", t0)
    await storage.reports.add_report(None, 8, "other", "", "From a DM", t0 + timedelta(minutes=1))
    await storage.reports.add_report(222, 9, "trivia", "trivia-001", "Typo", t0 + timedelta(minutes=2))
    await storage.close()


def test_reports_lists_newest_first_and_filters_by_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.sqlite3"
    asyncio.run(three_reports(db))
    use_env(monkeypatch, tmp_path, db)

    assert main(["reports"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.index("#3") < out.index("#2") < out.index("#1")
    first = "#1  2026-06-06 12:00 UTC  server 111, member 7\n  about: cast cast-ana-de-armas\n"
    assert first + "    Her name is spelt\n    wrong" in out
    assert "a direct message, member 8" in out and "about: nothing in particular" in out

    assert main(["reports", "--guild", "222"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "#3" in out and "#1" not in out and "#2" not in out
    assert main(["reports", "--limit", "1"]) == EXIT_OK
    assert capsys.readouterr().out.count("about:") == 1


def test_reports_without_a_database_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_env(monkeypatch, tmp_path, tmp_path / "none.sqlite3")
    assert main(["reports"]) == EXIT_OK
    assert "no reports yet" in capsys.readouterr().out
    assert not (tmp_path / "none.sqlite3").exists(), "listing must not create a database"
