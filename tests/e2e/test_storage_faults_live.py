"""A live bot on a faulted database: every interaction is answered, nothing acknowledged is lost, it recovers.

Faults are produced on the real SQLite file under the bot: another connection holding the
write lock for longer than the budget, and ``PRAGMA query_only`` (SQLite's "attempt to write a
readonly database", what a read-only file gives).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from tests.support.sqlite_files import delete_database_files
from tests.support.trivia_driver import Trivia
from tests.support.world import World


@pytest.fixture
def database_url(db_path: Path) -> str:
    """These faults are made on the SQLite file under the bot, so these tests run on SQLite only."""
    return f"sqlite:///{db_path}"


async def test_an_answer_that_cannot_be_saved_is_refused_and_nothing_disagrees(
    world: World, trivia: Trivia
) -> None:
    await trivia.start(questions=1)
    shown = trivia.question()
    await world.db._conn.execute_fetchall("PRAGMA query_only = 1")  # the file turns read-only
    started = time.perf_counter()
    refused = await trivia.click(world.member, shown.right)
    assert time.perf_counter() - started < 3.0, "answered within Discord's 3 s"
    assert "could not be saved" in refused and "does not count" in refused
    assert world.storage.health.state()["fault"] == "read_only"
    await world.db._conn.execute_fetchall("PRAGMA query_only = 0")  # fixed: no restart
    assert (await trivia.click(world.other, shown.right)).startswith("Locked in")
    again = await trivia.click(world.member, shown.wrong)  # the refused answer was taken back
    assert again.startswith("Locked in")
    await trivia.close()
    reveal = trivia.recent_embeds(2)[0]
    assert f"<@{world.other.id}>" in (reveal.description or "") + str([f.value for f in reveal.fields])
    end = trivia.last_embed()
    text = (end.description or "") + " ".join(f.value for f in end.fields)
    assert f"<@{world.other.id}>" in text
    board = await world.services.trivia_scores.leaderboard(world.guild.id, "all")
    assert [(r.user_id, r.points > 0) for r in board.rows] == [
        (world.other.id, True),
        (world.member.id, False),
    ]
    member = await world.storage.trivia.member_stats(world.guild.id, world.member.id)
    assert (member.answered, member.points) == (1, 0)  # the wrong answer she gave after the fault
    assert (await trivia.game()).status == "finished"
    assert world.storage.health.state() == {"storage_healthy": True}


async def test_a_lock_held_elsewhere_answers_busy_in_time_and_reads_do_not_wait(world: World) -> None:
    other = sqlite3.connect(world.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        timings = {}
        for name, actor, command, options in (
            ("seen", world.member, "seen", {"seen": "yes"}),
            ("mode", world.mod, "spoilers mode", {"mode": "hide"}),
            ("leaderboard", world.member, "trivia leaderboard", {}),
            ("privacy", world.member, "privacy show", {}),
            ("show", world.mod, "spoilers show", {}),
        ):
            started = time.perf_counter()
            result = await actor.slash(world.general, command, **options)
            timings[name] = time.perf_counter() - started
            assert result.acknowledged and result.response is not None, name
            if name in ("seen", "mode"):
                assert "busy" in result.response.content and "nothing was changed" in result.response.content
        assert all(t < 3.0 for t in timings.values()), timings
        assert timings["leaderboard"] < 0.5 and timings["privacy"] < 0.5, timings
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (await world.storage.settings.get(world.guild.id)).spoilers.mode.value == "tag"  # unchanged
    done = await world.mod.slash(world.general, "spoilers mode", mode="hide")
    assert "hide" in done.response.content
    assert world.storage.health.healthy


async def test_lookups_go_on_while_the_file_is_gone_and_writes_resume_when_it_is_back(world: World) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    copy = world.db.path.with_suffix(".copy")
    with sqlite3.connect(world.db.path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    delete_database_files(world.db.path)
    world.storage.settings._cache.settings.clear()  # a server not seen since the fault began
    looked_up = await world.member.slash(world.general, "cast", name="winston")
    assert not looked_up.ephemeral and looked_up.response.embeds  # answered from content, not storage
    text = str(looked_up.response.embeds[0].to_dict())
    assert "Hidden: spoiler" in text  # rules unknown: spoilers withheld
    refused = await world.mod.slash(world.general, "spoilers mode", mode="open")
    assert refused.ephemeral and "can't save anything right now" in refused.response.content
    assert world.storage.health.state()["fault"] == "gone"
    os.replace(copy, world.db.path)  # the operator puts the file back
    changed = await world.mod.slash(world.general, "spoilers mode", mode="open")
    assert "hide → open" in changed.response.content
    assert world.storage.health.healthy
