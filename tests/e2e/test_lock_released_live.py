"""After another program's write lock: what the bot acknowledges is visible to an outside reader at once.

The lock is held by a real second process (``tests/support/sqlite_lock.py``), which rolls back and
closes when released, as a ``sqlite3`` shell does. Its close is what deleted the -wal under the bot
when the bot's own file check had dropped its SQLite locks (opening and closing the files).
Also: reads refused while the storage is at fault say that the bot cannot read, not that nothing
was saved.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.support.sqlite_files import delete_database_files
from tests.support.sqlite_lock import lock_held_by_another_program
from tests.support.trivia_driver import Trivia
from tests.support.world import World


@pytest.fixture
def database_url(db_path: Path) -> str:
    """The lock is taken on the SQLite file under the bot, so these tests run on SQLite only."""
    return f"sqlite:///{db_path}"


def outside(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


async def test_settings_and_answers_after_another_programs_lock_are_visible_outside_at_once(
    world: World, trivia: Trivia
) -> None:
    await trivia.start(questions=2)
    shown = trivia.question()
    with lock_held_by_another_program(world.db.path):
        refused = await world.mod.slash(world.general, "trivia settings", points=222)
        assert "busy" in refused.response.content
    changed = await world.mod.slash(world.general, "trivia settings", points=333)
    assert "333" in changed.response.content
    mode = await world.mod.slash(world.general, "spoilers mode", mode="hide")
    assert "hide" in mode.response.content
    assert (await trivia.click(world.member, shown.right)).startswith("Locked in")
    assert (await trivia.click(world.other, shown.wrong)).startswith("Locked in")
    path = world.db.path
    assert outside(path, "SELECT trivia_points, spoiler_mode FROM guild_settings") == [(333, "hide")]
    assert outside(path, "SELECT user_id FROM trivia_answers ORDER BY user_id") == sorted(
        [(world.member.id,), (world.other.id,)]
    )


async def test_reads_refused_at_a_fault_say_the_bot_cannot_read_not_that_nothing_was_saved(
    world: World,
) -> None:
    delete_database_files(world.db.path)
    for command in ("trivia leaderboard", "privacy show"):
        result = await world.member.slash(world.general, command)
        text = result.response.content
        assert result.ephemeral and "can't read" in text, (command, text)
        assert "save" not in text and "changed" not in text, (command, text)


async def test_a_game_stopped_during_a_fault_is_closed_in_the_database_when_the_storage_is_back(
    world: World, trivia: Trivia
) -> None:
    await trivia.start(questions=2)
    copy = world.db.path.with_suffix(".copy")
    with sqlite3.connect(world.db.path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    delete_database_files(world.db.path)
    stopped = await world.member.slash(world.general, "trivia stop")
    assert "Stopping the game" in stopped.response.content
    await world.env.advance_time(60)  # longer than the end's retries (15.5 s): the fault outlasts them
    assert "Something went wrong" not in str([m.content for m in world.general.history()])
    os.replace(copy, world.db.path)  # the operator puts the file back
    again = await world.member.slash(world.general, "trivia start", questions=1)
    assert not again.ephemeral, again.response.content  # the channel is free
    games = outside(world.db.path, "SELECT id, status FROM trivia_games ORDER BY id")
    assert games == [(1, "stopped"), (2, "running")]
