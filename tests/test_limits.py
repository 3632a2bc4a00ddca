"""Each trivia limit has one home (bot.domain.trivia.limits); the database and the commands agree with it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.command_sync import command_payload
from bot.domain.cooldowns import LOOKUPS, REPORTS, TRIVIA, CooldownSettings
from bot.domain.trivia.limits import POINTS, QUESTION_COUNT, TIME_LIMIT, Bounds, TriviaSettings
from bot.storage.sqlite.database import Database

SETTING_COLUMNS = {
    "trivia_time_limit": TIME_LIMIT,
    "trivia_question_count": QUESTION_COUNT,
    "trivia_points": POINTS,
    "cooldown_lookups": LOOKUPS,
    "cooldown_trivia": TRIVIA,
    "cooldown_reports": REPORTS,
}


def insert_settings(conn: sqlite3.Connection, column: str, value: int) -> None:
    values = {"trivia_time_limit": 20, "trivia_question_count": 10, "trivia_points": 100, column: value}
    extra = f", {column}" if column.startswith("cooldown_") else ""
    conn.execute(
        "INSERT INTO guild_settings (guild_id, spoiler_mode, spoiler_threshold, allow_profanity, "
        f"trivia_time_limit, trivia_question_count, trivia_points, updated_at{extra}) "
        "VALUES (1, 'tag', 'minor', 0, :trivia_time_limit, :trivia_question_count, :trivia_points, 0"
        + (f", :{column}" if extra else "")
        + ")",
        values,
    )
    conn.execute("DELETE FROM guild_settings")


@pytest.mark.parametrize(("column", "bounds"), SETTING_COLUMNS.items())
async def test_database_checks_match_the_domain_bounds(tmp_path: Path, column: str, bounds: Bounds) -> None:
    path = tmp_path / "limits.sqlite3"
    await (await Database.open(path)).close()
    with sqlite3.connect(path) as conn:
        for value in (bounds.low, bounds.high):
            insert_settings(conn, column, value)
        for value in (bounds.low - 1, bounds.high + 1):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                insert_settings(conn, column, value)


def test_defaults_are_within_their_bounds() -> None:
    defaults = TriviaSettings()
    assert TIME_LIMIT.low <= defaults.time_limit <= TIME_LIMIT.high
    assert QUESTION_COUNT.low <= defaults.question_count <= QUESTION_COUNT.high
    assert POINTS.low <= defaults.points <= POINTS.high
    cooldowns = CooldownSettings()
    assert LOOKUPS.low < cooldowns.lookups <= LOOKUPS.high
    assert TRIVIA.low < cooldowns.trivia <= TRIVIA.high
    assert REPORTS.low < cooldowns.reports <= REPORTS.high


def option(payload: list[dict[str, Any]], *path: str) -> dict[str, Any]:
    node: dict[str, Any] = {"options": payload}
    for name in path:
        node = next(o for o in node["options"] if o["name"] == name)
    return node


@pytest.mark.parametrize(
    ("path", "bounds"),
    [
        (("trivia", "start", "questions"), QUESTION_COUNT),
        (("trivia", "settings", "questions"), QUESTION_COUNT),
        (("trivia", "settings", "time_limit"), TIME_LIMIT),
        (("trivia", "settings", "points"), POINTS),
        (("settings", "cooldowns", "lookups"), LOOKUPS),
        (("settings", "cooldowns", "trivia"), TRIVIA),
        (("settings", "cooldowns", "reports"), REPORTS),
    ],
)
def test_command_options_take_their_range_and_help_from_the_domain(
    world: Any, path: tuple[str, ...], bounds: Bounds
) -> None:
    spec = option(command_payload(world.bot.tree, None), *path)
    assert (spec["min_value"], spec["max_value"]) == (bounds.low, bounds.high)
    assert str(bounds) in spec["description"]
