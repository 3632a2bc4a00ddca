"""Another program's write lock on the bot's database: refused in time during it, durable after it.

The bot runs as a real process (``ballerina-bot run``, ``fakes/shard_process.py``) against the
loopback fake of Discord. A second process holds SQLite's write lock for a few seconds (as a
``sqlite3`` shell or a backup tool does), then rolls back and closes. During the lock every click
and settings change is answered inside Discord's 3 s (timed where Discord would time it, at the
fake); afterwards each acknowledged write (trivia settings, spoiler mode, answers) is visible to an
outside reader at once, is still there after SIGKILL, and the restarted bot shows it.

Fails when the bot's file check opens and closes the database files (that drops the process's
SQLite locks; the other program's close then deletes the -wal the bot keeps committing into), and
when the answer writer starts a retry it cannot finish inside the budget (clicks answered late).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import discord

from fakes.fake_discord import OPTION_TYPES, FakeDiscord, Response, running
from tests.support.fake_messages import CHANNEL, GUILD, STARTER, button, first_question
from tests.support.sqlite_lock import lock_held_by_another_program
from tests.support.world import FAKE_TOKEN

ROOT = Path(__file__).resolve().parents[2]
MODERATOR = str(discord.Permissions.all().value)
LOCK_SECONDS = 4.0
DISCORD_LIMIT = 3.0
# Discord's 3 s run until its callback arrives there: leave 0.2 s for the trip to Discord and back.
IN_TIME = DISCORD_LIMIT - 0.2


async def slash_as_moderator(fake: FakeDiscord, command: str, **options: Any) -> tuple[Response, float]:
    """A slash command from a member with Manage Server; (the reply, seconds until it arrived)."""
    name, *subs = command.split()
    opts = [{"name": k, "type": OPTION_TYPES[type(v)], "value": v} for k, v in options.items()]
    for sub in reversed(subs):
        opts = [{"name": sub, "type": 1, "options": opts}]
    data = {"id": str(900 + sum(map(ord, name))), "name": name, "type": 1, "options": opts}
    payload = fake._interaction(2, GUILD, CHANNEL, STARTER, data)
    payload["member"]["permissions"] = MODERATOR
    sent = time.perf_counter()
    reply = await fake.interact(payload)
    return reply, reply.at - sent


async def click(fake: FakeDiscord, question: dict[str, Any], button: str, member: int) -> tuple[str, float]:
    sent = time.perf_counter()
    reply = await fake.click(question, button, member)
    return reply.content, reply.at - sent


def outside(db: Path) -> tuple[int, str, set[int]]:
    """(trivia points, spoiler mode, members with a stored answer) as another program reads them."""
    with sqlite3.connect(db) as conn:
        points, mode = conn.execute("SELECT trivia_points, spoiler_mode FROM guild_settings").fetchone()
        users = {user for (user,) in conn.execute("SELECT user_id FROM trivia_answers")}
    return points, mode, users


async def test_writes_after_another_programs_lock_are_durable_and_clicks_during_it_answered_in_time(
    tmp_path: Path,
) -> None:
    db = tmp_path / "bot.sqlite3"
    log = tmp_path / "bot.log"
    async with running() as fake:
        fake.add_guild(GUILD, CHANNEL)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DATABASE_URL": f"sqlite:///{db}",
            "LOG_LEVEL": "INFO",
        }

        async def start_bot(log: Path) -> asyncio.subprocess.Process:
            with log.open("wb") as out:
                return await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "fakes.shard_process", fake.url, env=env, cwd=tmp_path, stdout=out,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip

        process = await start_bot(log)
        try:
            await fake.wait_for_shard(0)
            await slash_as_moderator(fake, "trivia settings", points=111)
            started = await fake.slash(GUILD, CHANNEL, STARTER, "trivia start", questions=3)
            assert not started.ephemeral, started.content
            question = await first_question(fake)
            buttons = [button(question, letter) for letter in "ABCD"]

            during: list[tuple[str, float]] = []
            with lock_held_by_another_program(db):
                lock_ends = time.perf_counter() + LOCK_SECONDS
                member = STARTER + 1
                clicks = []
                while time.perf_counter() < lock_ends - 0.5:
                    clicks.append(asyncio.create_task(click(fake, question, buttons[member % 4], member)))
                    member += 1
                    await asyncio.sleep(0.25)
                setting, setting_took = await slash_as_moderator(fake, "trivia settings", points=222)
                during = list(await asyncio.gather(*clicks))
                await asyncio.sleep(max(0.0, lock_ends - time.perf_counter()))
            assert len(during) >= 10
            times = sorted(took for _, took in during)
            print(
                f"\nlock: {len(during)} clicks answered in {times[0]:.2f}-{times[-1]:.2f} s, "
                f"setting {setting_took:.2f} s"
            )
            assert setting_took < IN_TIME and "busy" in setting.content, (setting_took, setting.content)
            late = [(content[:30], round(took, 2)) for content, took in during if took >= IN_TIME]
            assert not late, f"clicks answered after Discord's 3 s: {late}"
            assert all(c.startswith("Locked in") or "could not be saved" in c for c, _ in during), during
            acknowledged_during = {
                STARTER + 1 + n for n, (content, _) in enumerate(during) if content.startswith("Locked in")
            }

            # After the lock: every acknowledgement must follow a commit another program can see.
            points, _ = await slash_as_moderator(fake, "trivia settings", points=333)
            mode, _ = await slash_as_moderator(fake, "spoilers mode", mode="hide")
            assert "333" in points.content and "hide" in mode.content.lower(), (points.content, mode.content)
            after = list(range(member + 100, member + 110))
            replies = [await click(fake, question, buttons[m % 4], m) for m in after]
            assert all(content.startswith("Locked in") for content, _ in replies), replies
            acknowledged = acknowledged_during | set(after)
            seen_points, seen_mode, stored = outside(db)
            assert (seen_points, seen_mode) == (333, "hide"), "acknowledged settings not visible outside"
            assert acknowledged <= stored, (
                f"acknowledged answers not visible outside: {acknowledged - stored}"
            )

            process.send_signal(signal.SIGKILL)
            await process.wait()
            seen_points, seen_mode, stored = outside(db)
            assert (seen_points, seen_mode) == (333, "hide"), "acknowledged settings lost to SIGKILL"
            assert acknowledged <= stored, f"acknowledged answers lost to SIGKILL: {acknowledged - stored}"

            process = await start_bot(tmp_path / "restarted.log")  # the bot itself reads them back
            await fake.wait_for_shard(0)
            shown, _ = await slash_as_moderator(fake, "trivia settings")
            assert "333" in str(shown.body["data"].get("embeds")), shown.body
            process.terminate()
            await process.wait()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    lines = log.read_text(errors="replace")
    assert lines.count("Storage fault (locked)") == 1, "one log line per fault episode"
    assert "trivia answer button" not in lines and "AnswerNotSaved" not in lines, "nothing logged per click"
