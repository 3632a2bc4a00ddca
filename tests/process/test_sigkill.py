"""SIGKILL during a click burst loses no acknowledged answer (group commit; issue 14, item 1).

The bot runs as a real process (``ballerina-bot run``) against a loopback fake of Discord. A
game is started with a real ``/trivia start``; then clicks from distinct members arrive over the
gateway while the process is killed with SIGKILL at a random moment. Afterwards every answer the
bot acknowledged ("Locked in") must be in the database exactly once, and counted once in the
member's stats. ``pytest --sigkill-runs=50`` runs it 50 times (3 by default).

Fails on the old writer (mutation: acknowledge before the commit, as ``AnswerWriter.submit``
returning before its batch is written did): acknowledged answers go missing in most runs.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from bench import payloads, trivia
from tests.conftest import FAKE_TOKEN
from tests.process.gateway_fake import GatewayFake

ROOT = Path(__file__).resolve().parents[2]
CLICKERS = 400


async def one_run(tmp: Path, seed: int) -> tuple[int, int]:
    """One kill; returns (acknowledged, stored) for the question."""
    rng = random.Random(seed)
    fake = GatewayFake()
    url = await fake.start()
    db = tmp / f"run{seed}.sqlite3"
    env = {
        **os.environ,
        "FAKE_DISCORD": url,
        "DISCORD_TOKEN": FAKE_TOKEN,
        "DATABASE_URL": f"sqlite:///{db}",
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.process.bot_process",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await asyncio.wait_for(fake.ready.wait(), 30)
        await asyncio.sleep(0.2)  # the bot takes in the server
        text, _ = payloads.renumber(trivia.start_payload(), user_n=trivia.STARTER)
        await fake.interact(text)
        question = None
        for _ in range(300):
            question = next((m for m in fake.channel_messages if m.get("components")), None)
            if question is not None:
                break
            await asyncio.sleep(0.02)
        assert question is not None, "the game did not post its first question"
        game_id, number = trivia.parse_answer_id(question)
        clicks = []
        for n in range(CLICKERS):
            payload = payloads.click(trivia.answer_id(game_id, number, "ABCD"[n % 4]), question)
            text, _ = payloads.renumber(payload, user_n=100 + n)
            clicks.append((payloads.member_id(100 + n), text))
        kill_after = rng.randrange(20, CLICKERS - 20)
        ids: dict[str, int] = {}
        for i, (user_id, text) in enumerate(clicks):
            ids[text.split('"id": "', 1)[1].split('"', 1)[0]] = user_id
            await fake.interact(text)
            if i % 10 == 0:
                await asyncio.sleep(0.002)  # a stream, not one frame
            if i == kill_after:
                await asyncio.sleep(rng.random() * 0.02)
                process.send_signal(signal.SIGKILL)
                break
        await process.wait()
        assert process.returncode == -signal.SIGKILL
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.stop()
    acknowledged = {
        ids[i]
        for i, body in fake.replies.items()
        if i in ids and ((body.get("data") or {}).get("content") or "").startswith("Locked in")
    }
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


async def test_sigkill_during_a_burst_loses_no_acknowledged_answer(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    runs = request.config.getoption("--sigkill-runs")
    results = [await one_run(tmp_path, seed) for seed in range(runs)]
    acknowledged = sum(a for a, _ in results)
    assert acknowledged > 0, "the test must have seen acknowledged answers"
    print(f"\nSIGKILL runs: {runs}; acknowledged {acknowledged}, stored {sum(s for _, s in results)}")
