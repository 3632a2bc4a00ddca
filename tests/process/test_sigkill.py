"""SIGKILL during a click burst loses no acknowledged answer (group commit).

The bot runs as a real process (``ballerina-bot run``, ``fakes/shard_process.py``) against the
loopback fake of Discord (``fakes/fake_discord.py``). A game is started with a real
``/trivia start``; then clicks from distinct members arrive over the gateway while the process
is killed with SIGKILL at a random moment. Afterwards every answer the bot acknowledged
("Locked in") must be in the database exactly once, and counted once in the member's stats.
``pytest --sigkill-runs=50`` runs it 50 times (3 by default).

Fails on the old writer (mutation: acknowledge before the commit, as ``AnswerWriter.submit``
returning before its batch is written did): acknowledged answers go missing in most runs.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench.trivia import parse_answer_id
from fakes.fake_discord import FakeDiscord, running
from tests.support.fake_messages import CHANNEL, GUILD, STARTER, button, first_question
from tests.support.world import FAKE_TOKEN

ROOT = Path(__file__).resolve().parents[2]
CLICKERS = 400


async def first_acknowledgement(fake: FakeDiscord, clickers: dict[str, int], wait: float = 10.0) -> None:
    """Return once one of ``clickers`` has been told "Locked in", or after ``wait`` seconds."""
    deadline = asyncio.get_running_loop().time() + wait
    while asyncio.get_running_loop().time() < deadline:
        if any(i in clickers and r.content.startswith("Locked in") for i, r in fake.responses.items()):
            return
        await asyncio.sleep(0.005)


async def one_run(tmp: Path, seed: int) -> tuple[int, int]:
    """One kill; returns (acknowledged, stored) for the question."""
    rng = random.Random(seed)
    db = tmp / f"run{seed}.sqlite3"
    log = tmp / f"run{seed}.log"
    async with running() as fake:
        fake.add_guild(GUILD, CHANNEL)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DATABASE_URL": f"sqlite:///{db}",
            "LOG_LEVEL": "WARNING",
        }
        with log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "fakes.shard_process", fake.url, env=env, cwd=tmp, stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            await fake.wait_for_shard(0)
            started = await fake.slash(GUILD, CHANNEL, STARTER, "trivia start")
            assert not started.ephemeral, started.content
            question = await first_question(fake)
            buttons = [button(question, letter) for letter in "ABCD"]
            clickers: dict[str, int] = {}  # interaction id -> member
            kill_after = rng.randrange(20, CLICKERS - 20)
            for n in range(CLICKERS):
                payload = fake.click_payload(question, buttons[n % 4], STARTER + 1 + n)
                clickers[payload["id"]] = STARTER + 1 + n
                await fake.deliver(payload)  # its reply is read from fake.responses afterwards
                if n % 10 == 0:
                    await asyncio.sleep(0.002)  # a stream, not one frame
                if n == kill_after:
                    # Killed while clicks are still arriving, once the bot has acknowledged one
                    # (at once, unless a loaded machine has kept it from answering any yet: a run
                    # with nothing acknowledged would prove nothing).
                    await first_acknowledgement(fake, clickers)
                    await asyncio.sleep(rng.random() * 0.02)
                    process.send_signal(signal.SIGKILL)
                    break
            await process.wait()
            assert process.returncode == -signal.SIGKILL, log.read_text(errors="replace")[-3000:]
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        acknowledged = {
            clickers[i]
            for i, response in fake.responses.items()
            if i in clickers and response.content.startswith("Locked in")
        }
    game_id, number = parse_answer_id(question)
    with sqlite3.connect(db) as conn:
        stored = {
            user
            for (user,) in conn.execute(
                "SELECT user_id FROM trivia_answers WHERE game_id = ? AND question_no = ?", (game_id, number)
            )
        }
        counted = dict(conn.execute("SELECT user_id, answered FROM member_stats WHERE answered > 0"))
    missing = acknowledged - stored
    assert not missing, f"run {seed}: {len(missing)} acknowledged answers lost"
    assert all(counted.get(user) == 1 for user in acknowledged), "each stored answer counted once"
    assert set(counted) == stored
    return len(acknowledged), len(stored)


@pytest.mark.per_sigkill_run
async def test_sigkill_during_a_burst_loses_no_acknowledged_answer(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    runs = request.config.getoption("--sigkill-runs")
    results = [await one_run(tmp_path, seed) for seed in range(runs)]
    acknowledged = sum(a for a, _ in results)
    assert acknowledged > 0, "the test must have seen acknowledged answers"
    print(f"\nSIGKILL runs: {runs}; acknowledged {acknowledged}, stored {sum(s for _, s in results)}")
