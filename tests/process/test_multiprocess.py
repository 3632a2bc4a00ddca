"""Two real bot processes, shards 0 and 1 of 2, sharing one database; one is killed mid-game.

Each process is ``ballerina-bot run`` (``fakes/shard_process.py``) against the fake Discord
on 127.0.0.1, which routes each server's interactions to the process running its shard,
``(guild_id >> 22) % 2``, and records which process sent what. A game runs in a server on
each shard; members answer; process A (shard 0) is SIGKILLed mid-question and started again:

* its game is closed ("interrupted") and its channel told, by the new process A;
* B's game is untouched: still running, still taking answers (including while A was down),
  and it ends normally when stopped;
* no answer is lost or doubled: every "Locked in" is one stored answer, member stats count
  it once, a click on the dead game's buttons is refused and stores nothing;
* the leaderboards agree: the all-time board (running totals in member_stats) equals the
  weekly board (summed from the answers themselves), in both servers.

The database is a parameter: SQLite in WAL mode (one file for both processes), and PostgreSQL
(a schema of the test's own) as a public instance would run it.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.domain.content import Content
from bot.domain.question_families import generate_questions
from bot.domain.records import GameStatus
from bot.storage import Storage
from bot.storage.backend import open_storage
from bot.storage.sqlite import open_sqlite
from bot.ui.trivia.presenter import RECOVERED_TEXT
from fakes.fake_discord import FakeDiscord, Response, running
from tests.support.db_queries import game_row
from tests.support.fake_messages import button, questions_in
from tests.support.trivia_driver import BOLD_LINE, OPTION
from tests.support.world import FAKE_TOKEN

ROOT = Path(__file__).resolve().parents[2]
GUILD = {0: 175928847299117063, 1: 175928847299117063 + (1 << 22)}  # a server on shard 0, one on shard 1
CHANNEL = {0: 175928847299117100, 1: 175928847299117200}
STARTER = {0: 175928847299118000, 1: 175928847299119000}
MEMBERS = [175928847299120000 + n for n in range(6)]
LEADERBOARD_LINE = re.compile(r"^\d+\. <@(\d+)> — ([\d,]+) points \((\d+) correct\)$")


@dataclass
class SharedDatabase:
    """A database every bot process uses: its DATABASE_URL, and how the test opens it too."""

    url: str
    open: Callable[[], Any]  # an async context manager yielding the stores (Storage)


def sqlite_database(tmp_path: Path) -> SharedDatabase:
    path = tmp_path / "shared.sqlite3"

    @asynccontextmanager
    async def opened() -> AsyncIterator[Storage]:
        storage = await open_sqlite(path)
        try:
            yield storage
        finally:
            await storage.close()

    return SharedDatabase(f"sqlite:///{path}", opened)


def postgres_database(url: str) -> SharedDatabase:
    @asynccontextmanager
    async def opened() -> AsyncIterator[Storage]:
        storage = await open_storage(url)
        try:
            yield storage
        finally:
            await storage.close()

    return SharedDatabase(url, opened)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def shared_db_kind(request: pytest.FixtureRequest, tmp_path: Path) -> SharedDatabase:
    if request.param == "sqlite":
        return sqlite_database(tmp_path)
    # A schema of this test's own on the test server (skips, or fails in CI, without one).
    return postgres_database(str(request.getfixturevalue("postgres_url")))


@pytest_asyncio.fixture
async def shared_db(shared_db_kind: SharedDatabase) -> SharedDatabase:
    db = shared_db_kind
    async with db.open():  # created and migrated once, before two processes start at the same time
        pass
    return db


class BotProcesses:
    """Bot processes started against the fake Discord; every one is ended when the test ends."""

    def __init__(self, fake: FakeDiscord, db: SharedDatabase, logs: Path) -> None:
        self.fake, self.db, self.logs = fake, db, logs
        self.procs: dict[str, asyncio.subprocess.Process] = {}

    async def start(self, name: str, shard: int) -> asyncio.subprocess.Process:
        url = await self.fake.endpoint(name)  # its own port: the fake knows who sent what
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DATABASE_URL": self.db.url,
            "SHARD_COUNT": "2",
            "SHARD_IDS": str(shard),
            "LOG_LEVEL": "INFO",
        }
        with (self.logs / f"{name}.log").open("wb") as log:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "fakes.shard_process",
                url,
                env=env,
                cwd=self.logs,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.procs[name] = proc
        return proc

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    async def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.returncode is None:
                proc.kill()
            await asyncio.wait_for(proc.wait(), 10)


@contextmanager
def explained(procs: BotProcesses) -> Iterator[None]:
    """On failure, show what the bot processes logged."""
    try:
        yield
    except BaseException as exc:
        for name in procs.procs:
            exc.add_note(f"--- {name} ---\n{procs.log(name)[-3000:]}")
        raise


async def until(condition: Callable[[], Any], what: str) -> Any:
    deadline = asyncio.get_running_loop().time() + 10
    while asyncio.get_running_loop().time() < deadline:
        value = condition()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def right_letter(message: dict[str, Any], content: Content) -> str:
    """The correct letter, from the question as the message shows it (spoilers excluded: no tags)."""
    lines = message["embeds"][0]["description"].splitlines()
    question = next(m.group(1) for line in lines if (m := BOLD_LINE.match(line)))
    options = {m.group(1): m.group(2) for line in lines if (m := OPTION.match(line))}
    shown = set(options.values())
    pool = (*content.trivia, *generate_questions(content))
    # Generated questions can share a text ("Which came first?"): the options tell them apart.
    [asked] = [q for q in pool if q.question == question and {q.answer, *q.wrong_answers} == shown]
    return next(letter for letter, text in options.items() if text == asked.answer)


def board(response: Response) -> dict[int, tuple[int, int]]:
    """A leaderboard reply as {member: (points, correct)}."""
    embeds = (response.body.get("data") or {}).get("embeds") or []
    rows = {}
    for line in (embeds[0].get("description") or "").splitlines():
        m = LEADERBOARD_LINE.match(line)
        if m:
            rows[int(m.group(1))] = (int(m.group(2).replace(",", "")), int(m.group(3)))
    return rows


async def test_two_shard_processes_share_a_database_and_survive_a_kill(
    shared_db: SharedDatabase, tmp_path: Path, content: Content
) -> None:
    async with running() as fake:
        for shard in GUILD:
            fake.add_guild(GUILD[shard], CHANNEL[shard])
        procs = BotProcesses(fake, shared_db, tmp_path)
        try:
            with explained(procs):
                await play(fake, procs, shared_db, content)
        finally:
            await procs.stop_all()


async def play(fake: FakeDiscord, procs: BotProcesses, db: SharedDatabase, content: Content) -> None:
    a = await procs.start("A", shard=0)
    await procs.start("B", shard=1)
    await fake.wait_for_shard(0)
    await fake.wait_for_shard(1)
    owner = {0: "A", 1: "B"}

    # A game in each server, each started by the process that runs its shard.
    question: dict[int, dict[str, Any]] = {}
    right: dict[int, str] = {}
    for shard in GUILD:
        started = await fake.slash(
            GUILD[shard], CHANNEL[shard], STARTER[shard], "trivia start", questions=3, spoilers="exclude"
        )
        assert started.process == owner[shard] and not started.ephemeral, started.content
        [question[shard]] = await until(lambda s=shard: questions_in(fake, CHANNEL[s]), "question 1")
        right[shard] = right_letter(question[shard], content)

    # Members answer in both servers; every click is acknowledged by the server's own process.
    locked: dict[int, dict[int, str]] = {0: {}, 1: {}}  # shard -> member -> letter acknowledged

    async def answer(shard: int, member: int, letter: str, by: str) -> None:
        reply = await fake.click(question[shard], button(question[shard], letter), member)
        assert (reply.process, reply.content) == (by, f"Locked in: {letter}")
        locked[shard][member] = letter

    for n, member in enumerate(MEMBERS[:3]):
        for shard in GUILD:
            await answer(shard, member, "ABCD"[n], owner[shard])
    again = await fake.click(question[1], button(question[1], "D"), MEMBERS[0])
    assert again.content == "You already locked in an answer for this question."

    async with db.open() as storage:
        ids = {row.guild_id: row.id for row in await storage.trivia.running_games()}
        game_id = {shard: ids[GUILD[shard]] for shard in GUILD}

        async def stored(shard: int) -> set[int]:
            return await storage.trivia.game_players(game_id[shard])

        # The writer stores a click's answer right after acknowledging it; kill once A's are in.
        await until_async(lambda: stored(0), lambda got: got == set(locked[0]), "A's answers stored")

        # -- process A dies mid-question, with no chance to clean up -------------------------------
        a.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(a.wait(), 10) == -signal.SIGKILL
        await until(lambda: 0 not in fake.connections, "A's gateway connection to drop")
        with pytest.raises(LookupError, match="nobody runs shard 0"):
            await fake.slash(GUILD[0], CHANNEL[0], MEMBERS[5], "trivia leaderboard")
        # B plays on meanwhile.
        await answer(1, MEMBERS[3], right[1], "B")

        # -- A starts again --------------------------------------------------------------------------
        await procs.start("A2", shard=0)
        await fake.wait_for_shard(0)
        owner[0] = "A2"
        told = await until(lambda: fake.sent_by("A2", path_part=f"/channels/{CHANNEL[0]}/"), "the notice")
        assert [c.body["content"] for c in told] == [RECOVERED_TEXT]
        assert (await game_row(storage.database, game_id[0])).status is GameStatus.INTERRUPTED  # type: ignore[union-attr]
        assert (await game_row(storage.database, game_id[1])).status is GameStatus.RUNNING  # type: ignore[union-attr]
        assert not [c for c in fake.channel_posts(CHANNEL[1]) if c.body.get("content") == RECOVERED_TEXT]

        # The dead game's buttons are answered by the new A, and store nothing.
        late = await fake.click(question[0], button(question[0], right[0]), MEMBERS[4])
        assert (late.process, late.content) == (
            "A2",
            "This trivia game is over. Start a new one with `/trivia start`.",
        )
        # B's game still takes answers, and ends normally when its starter stops it.
        await answer(1, MEMBERS[4], right[1], "B")
        stopped = await fake.slash(GUILD[1], CHANNEL[1], STARTER[1], "trivia stop")
        assert stopped.process == "B" and stopped.content.startswith("Stopping the game")
        await until(
            lambda: any(
                (m["embeds"] or [{}])[0].get("title") == "Trivia stopped"
                for m in fake.messages_in(CHANNEL[1])
            ),
            "B's standings",
        )
        await until_async(
            lambda: game_row(storage.database, game_id[1]),
            lambda row: row is not None and row.status is GameStatus.STOPPED,
            "B's game recorded as stopped",
        )

        # -- nothing lost, nothing doubled -----------------------------------------------------------
        for shard in GUILD:
            assert await stored(shard) == set(locked[shard]), f"shard {shard}: one answer per Locked in"
            for member, letter in locked[shard].items():
                stats = await storage.trivia.member_stats(GUILD[shard], member)
                assert (stats.answered, stats.correct, stats.games_played) == (
                    1,
                    int(letter == right[shard]),
                    1,
                )

            # -- the leaderboards agree: running totals == sums of the stored answers ---------------
            alltime = await fake.slash(GUILD[shard], CHANNEL[shard], MEMBERS[5], "trivia leaderboard")
            week = await fake.slash(
                GUILD[shard], CHANNEL[shard], MEMBERS[5], "trivia leaderboard", period="week"
            )
            assert alltime.process == week.process == owner[shard]
            assert set(board(alltime)) == set(locked[shard]) and board(alltime) == board(week)
            assert {m: c for m, (_p, c) in board(alltime).items()} == {
                m: int(letter == right[shard]) for m, letter in locked[shard].items()
            }

    # Every message in a server's channel came from the process running its shard.
    for shard, names in {0: {"A", "A2"}, 1: {"B"}}.items():
        assert {c.process for c in fake.channel_posts(CHANNEL[shard])} <= names


async def until_async(fetch: Callable[[], Any], ok: Callable[[Any], bool], what: str) -> Any:
    for _ in range(500):
        value = await fetch()
        if ok(value):
            return value
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what} (last: {value!r})")
