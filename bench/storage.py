"""Answers recorded per second: the bot's storage layer against raw sqlite3 on the same schema.

Every method writes the same ``n`` answers (500 players × n/500 questions of one
game) in batches of ``batch`` rows, one transaction per batch, into a fresh SQLite
file whose schema comes from the bot's own migrations (``Database.open``):

* ``raw``: the ceiling. Stdlib ``sqlite3`` on the main thread, same pragmas as the
  bot (WAL, synchronous=NORMAL, foreign_keys=ON), ``BEGIN`` + ``executemany``
  INSERT into trivia_answers + ``COMMIT`` per batch.
* ``raw_with_stats``: the same plus the member_stats upsert that record_answers
  also does (a like-for-like reference; not the target's baseline).
* ``record_answers``: ``SqlTriviaStore.record_answers(batch)`` awaited batch after batch.
* ``answer_writer``: every answer ``AnswerWriter.submit``-ted from its own task (as button callbacks
  do, each waiting for its commit); timed from the first submit until the last returns.

Methods run in rotating order within each sample; the median rate over samples is reported.
"""

from __future__ import annotations

import asyncio
import gc
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.stats import median, ratio
from bot.domain.records import AnswerRow
from bot.storage.answer_writer import AnswerWriter
from bot.storage.sql.trivia_store import SqlTriviaStore
from bot.storage.sqlite.database import Database

GUILD = 1_380_000_000_000_000_100
PLAYERS = 500
TARGET = 0.5

_INSERT = (
    "INSERT OR IGNORE INTO trivia_answers (game_id, question_no, question_id, user_id, guild_id, correct, "
    "points, answered_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_STATS = (
    "INSERT INTO member_stats (guild_id, user_id, points, correct, answered, best_streak) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
    "points = points + excluded.points, correct = correct + excluded.correct, "
    "answered = answered + excluded.answered, best_streak = max(best_streak, excluded.best_streak)"
)


def make_records(game_id: int, n: int) -> list[AnswerRow]:
    base_ms = 1_750_000_000_000
    return [
        AnswerRow(
            game_id=game_id,
            guild_id=GUILD,
            question_no=i // PLAYERS,
            question_id=f"q-{i // PLAYERS}",
            user_id=1_380_000_000_100_000_000 + i % PLAYERS,
            correct=i % 3 == 0,
            points=100 if i % 3 == 0 else 0,
            streak=1 if i % 3 == 0 else 0,
            answered_at_ms=base_ms + i,
        )
        for i in range(n)
    ]


async def fresh_db(folder: Path, name: str) -> tuple[Database, int]:
    db = await Database.open(folder / f"{name}.sqlite3", backup=False)
    game_id = await SqlTriviaStore(db).create_game(GUILD, 1, 1, "classic", "mixed", 40, datetime.now(UTC))
    return db, game_id


def _raw(path: Path, records: list[AnswerRow], batch: int, with_stats: bool) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        for start in range(0, len(records), batch):
            chunk = records[start : start + batch]
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                _INSERT,
                [
                    (
                        r.game_id,
                        r.question_no,
                        r.question_id,
                        r.user_id,
                        r.guild_id,
                        int(r.correct),
                        r.points,
                        r.answered_at_ms,
                    )
                    for r in chunk
                ],
            )
            if with_stats:
                totals: dict[int, list[int]] = {}
                for r in chunk:
                    t = totals.setdefault(r.user_id, [0, 0, 0, 0])
                    t[0] += r.points
                    t[1] += int(r.correct)
                    t[2] += 1
                    t[3] = max(t[3], r.streak)
                conn.executemany(_STATS, [(GUILD, u, *t) for u, t in sorted(totals.items())])
            conn.execute("COMMIT")
    finally:
        conn.close()


async def _count(db: Database, game_id: int) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM trivia_answers WHERE game_id = ?", (game_id,))
    return row[0] if row else 0


async def run_method(method: str, folder: Path, n: int, batch: int) -> dict[str, float]:
    db, game_id = await fresh_db(folder, f"{method}-{time.monotonic_ns()}")
    records = make_records(game_id, n)
    gc.collect()
    try:
        if method.startswith("raw"):
            await db.close()
            c0, w0 = time.process_time(), time.perf_counter()
            _raw(db.path, records, batch, with_stats=method == "raw_with_stats")
            c1, w1 = time.process_time(), time.perf_counter()
            db = await Database.open(db.path, backup=False)
        elif method == "record_answers":
            repo = SqlTriviaStore(db)
            c0, w0 = time.process_time(), time.perf_counter()
            for start in range(0, n, batch):
                await repo.record_answers(records[start : start + batch])
            c1, w1 = time.process_time(), time.perf_counter()
        elif method == "answer_writer":
            writer = AnswerWriter(SqlTriviaStore(db), max_batch=batch)
            writer.start()
            c0, w0 = time.process_time(), time.perf_counter()
            # Every answer from its own click (task), as in production: each waits for its commit.
            await asyncio.gather(*(writer.submit(r) for r in records))
            c1, w1 = time.process_time(), time.perf_counter()
            await writer.close()
        else:
            raise ValueError(method)
        stored = await _count(db, game_id)
    finally:
        await db.close()
    if stored != n:
        raise RuntimeError(f"storage bench: {method} stored {stored} of {n} answers")
    return {"rate": n / (w1 - w0), "cpu_per_answer_us": (c1 - c0) / n * 1e6}


METHODS = ("raw", "raw_with_stats", "record_answers", "answer_writer")


def _empty(folder: Path) -> None:
    for f in folder.iterdir():
        f.unlink()


async def run(
    *, n: int = 20_000, batch: int = 500, samples: int = 5, log: Callable[[str], None] = print
) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="ballerina-bench-storage-"))
    results: dict[str, list[dict[str, float]]] = {m: [] for m in METHODS}
    try:
        for s in range(-1, samples):  # -1: warm-up
            order = METHODS[s % len(METHODS) :] + METHODS[: s % len(METHODS)]
            for method in order:
                r = await run_method(method, folder, n if s >= 0 else n // 4, batch)
                if s >= 0:
                    results[method].append(r)
            _empty(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out: dict[str, Any] = {"n": n, "batch": batch, "samples": samples, "target": TARGET}
    for method in METHODS:
        out[method] = {
            "answers_per_s": round(median([r["rate"] for r in results[method]])),
            "cpu_per_answer_us": round(median([r["cpu_per_answer_us"] for r in results[method]]), 2),
            "samples_answers_per_s": [round(r["rate"]) for r in results[method]],
        }
    ceiling = out["raw"]["answers_per_s"]
    for method in ("raw_with_stats", "record_answers", "answer_writer"):
        out[method]["ratio_to_raw"] = round(ratio(out[method]["answers_per_s"], ceiling), 2)
    out["met"] = min(out["record_answers"]["ratio_to_raw"], out["answer_writer"]["ratio_to_raw"]) >= TARGET
    for method in METHODS:
        extra = f"  ({out[method]['ratio_to_raw']:.2f} of raw)" if method != "raw" else ""
        log(f"  {method:<16} {out[method]['answers_per_s']:>9,} answers/s{extra}")
    return out


def run_isolated(*, n: int, samples: int, log: Callable[[str], None] = print) -> dict[str, Any]:
    """``run`` in a fresh interpreter, so the heap left by other benchmarks does not slow it down."""
    return in_fresh_interpreter("bench.storage", n=n, samples=samples, log=log)


def in_fresh_interpreter(module: str, *, n: int, samples: int, log: Callable[[str], None]) -> Any:
    """Run ``python -m module --n N --samples S --json``; echo its lines, return its JSON result."""
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run(
        [sys.executable, "-m", module, "--n", str(n), "--samples", str(samples), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{proc.stderr[-3000:]}")
    lines = proc.stdout.strip().splitlines()
    for line in lines[:-1]:
        log(line)
    return json.loads(lines[-1])


def main() -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the result as JSON on the last line")
    args = parser.parse_args()
    result = asyncio.run(run(n=args.n, samples=args.samples))
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
