"""Answers stored per second into PostgreSQL: the bot's storage layer against raw asyncpg.

The PostgreSQL twin of ``bench/storage.py``: the same ``n`` answers (500 players × n/500
questions of one game) in batches of ``batch`` rows, one transaction per batch, into a fresh
schema migrated by the bot (``PostgresDatabase.open``), over loopback TCP:

* ``raw``: the ceiling the target is measured against. One asyncpg connection,
  ``executemany`` of ``INSERT … ON CONFLICT DO NOTHING`` into trivia_answers per batch.
* ``raw_copy``: ``COPY`` (``copy_records_to_table``) per batch, no conflict handling at all
  (a reference: the fastest way rows get into PostgreSQL; it cannot skip duplicates).
* ``raw_with_stats``: ``raw`` plus the member_stats upsert that record_answers also does
  (like for like; a reference, not the target's baseline).
* ``record_answers``: ``SqlTriviaStore.record_answers(batch)`` over the bot's pool: one
  ``unnest`` INSERT … RETURNING per batch, then the member_stats upsert.
* ``answer_writer``: every answer ``AnswerWriter.submit``-ted from its own task, each waiting for its commit.

Needs a server: ``BENCH_POSTGRES_URL`` (or ``TEST_POSTGRES_URL``); without one the part is
skipped. The PostgreSQL server shares the machine's cores with the benchmark.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg

from bench.stats import median, ratio
from bench.storage import GUILD, in_fresh_interpreter, make_records
from bot.domain.records import AnswerRow
from bot.storage.answer_writer import AnswerWriter
from bot.storage.postgres.database import PostgresDatabase
from bot.storage.sql.trivia_store import SqlTriviaStore

TARGET = 0.5
METHODS = ("raw", "raw_copy", "raw_with_stats", "record_answers", "answer_writer")
COLUMNS = (
    "game_id",
    "question_no",
    "question_id",
    "user_id",
    "guild_id",
    "correct",
    "points",
    "answered_at_ms",
)
_INSERT = (
    f"INSERT INTO trivia_answers ({', '.join(COLUMNS)}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT DO NOTHING"
)
_STATS = (
    "INSERT INTO member_stats (guild_id, user_id, points, correct, answered, best_streak) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
    "points = member_stats.points + excluded.points, correct = member_stats.correct + excluded.correct, "
    "answered = member_stats.answered + excluded.answered, "
    "best_streak = GREATEST(member_stats.best_streak, excluded.best_streak)"
)


def server_url() -> str | None:
    return os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL") or None


def _row(r: AnswerRow) -> tuple[int, int, str, int, int, int, int, int]:
    return (
        r.game_id,
        r.question_no,
        r.question_id,
        r.user_id,
        r.guild_id,
        int(r.correct),
        r.points,
        r.answered_at_ms,
    )


async def _raw(conn: asyncpg.Connection, records: list[AnswerRow], batch: int, method: str) -> None:
    for start in range(0, len(records), batch):
        chunk = records[start : start + batch]
        async with conn.transaction():
            if method == "raw_copy":
                await conn.copy_records_to_table("trivia_answers", records=map(_row, chunk), columns=COLUMNS)
                continue
            await conn.executemany(_INSERT, [_row(r) for r in chunk])
            if method == "raw_with_stats":
                totals: dict[int, list[int]] = {}
                for r in chunk:
                    t = totals.setdefault(r.user_id, [0, 0, 0, 0])
                    t[0] += r.points
                    t[1] += int(r.correct)
                    t[2] += 1
                    t[3] = max(t[3], r.streak)
                await conn.executemany(_STATS, [(GUILD, u, *t) for u, t in sorted(totals.items())])


async def run_method(method: str, url: str, schema: str, n: int, batch: int) -> dict[str, float]:
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
    finally:
        await admin.close()
    scoped = f"{url}{'&' if '?' in url else '?'}search_path={schema}"
    db = await PostgresDatabase.open(scoped)
    try:
        game_id = await SqlTriviaStore(db).create_game(GUILD, 1, 1, "classic", "mixed", 40, datetime.now(UTC))
        records = make_records(game_id, n)
        gc.collect()
        if method.startswith("raw"):
            conn = await asyncpg.connect(scoped)
            try:
                c0, w0 = time.process_time(), time.perf_counter()
                await _raw(conn, records, batch, method)
                c1, w1 = time.process_time(), time.perf_counter()
            finally:
                await conn.close()
        elif method == "record_answers":
            store = SqlTriviaStore(db)
            c0, w0 = time.process_time(), time.perf_counter()
            for start in range(0, n, batch):
                await store.record_answers(records[start : start + batch])
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
        row = await db.fetchone("SELECT COUNT(*) FROM trivia_answers WHERE game_id = ?", (game_id,))
        stored = row[0] if row else 0
    finally:
        await db.close()
    if stored != n:
        raise RuntimeError(f"pg storage bench: {method} stored {stored} of {n} answers")
    return {"rate": n / (w1 - w0), "cpu_per_answer_us": (c1 - c0) / n * 1e6}


async def run(
    *, n: int = 20_000, batch: int = 500, samples: int = 5, log: Callable[[str], None] = print
) -> dict[str, Any] | None:
    url = server_url()
    if url is None:
        log("  (no BENCH_POSTGRES_URL or TEST_POSTGRES_URL: PostgreSQL storage skipped)")
        return None
    schema = f"bench_{os.getpid()}"
    results: dict[str, list[dict[str, float]]] = {m: [] for m in METHODS}
    try:
        for s in range(-1, samples):  # -1: warm-up
            order = METHODS[s % len(METHODS) :] + METHODS[: s % len(METHODS)]
            for method in order:
                r = await run_method(method, url, schema, n if s >= 0 else n // 4, batch)
                if s >= 0:
                    results[method].append(r)
    finally:
        admin = await asyncpg.connect(url)
        try:
            await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await admin.close()
    admin = await asyncpg.connect(url)
    try:
        server = await admin.fetchval("SHOW server_version")
    finally:
        await admin.close()
    out: dict[str, Any] = {"n": n, "batch": batch, "samples": samples, "target": TARGET, "server": server}
    for method in METHODS:
        out[method] = {
            "answers_per_s": round(median([r["rate"] for r in results[method]])),
            "cpu_per_answer_us": round(median([r["cpu_per_answer_us"] for r in results[method]]), 2),
            "samples_answers_per_s": [round(r["rate"]) for r in results[method]],
        }
    ceiling = out["raw"]["answers_per_s"]
    for method in METHODS[1:]:
        out[method]["ratio_to_raw"] = round(ratio(out[method]["answers_per_s"], ceiling), 2)
    out["met"] = min(out["record_answers"]["ratio_to_raw"], out["answer_writer"]["ratio_to_raw"]) >= TARGET
    for method in METHODS:
        extra = f"  ({out[method]['ratio_to_raw']:.2f} of raw)" if method != "raw" else ""
        log(f"  {method:<16} {out[method]['answers_per_s']:>9,} answers/s{extra}")
    return out


def run_isolated(*, n: int, samples: int, log: Callable[[str], None] = print) -> dict[str, Any] | None:
    """``run`` in a fresh interpreter, as ``bench.storage.run_isolated`` does for SQLite."""
    if server_url() is None:
        log("  (no BENCH_POSTGRES_URL or TEST_POSTGRES_URL: PostgreSQL storage skipped)")
        return None
    result: dict[str, Any] | None = in_fresh_interpreter("bench.pg_storage", n=n, samples=samples, log=log)
    return result


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
