"""A trivia-night burst across bot processes: 500 answer clicks at once, over a real gateway.

Unlike bench/burst.py (one bot in this process, payloads fed to discord.py directly), this
starts real ``ballerina-bot run`` processes (``fakes/shard_process.py``) against the fake
Discord of ``fakes/fake_discord.py`` on 127.0.0.1: gateway frames over websockets, responses
over HTTP, a shared database. So it measures the deployment, network hops included:

* ``--processes 1``: one process running shard 0 of 1, both servers on it;
* ``--processes 2``: shards 0 and 1 of 2 in two processes, a server on each.

Each run starts a game in two servers (``/trivia start``), then sends every click (half per
server, each from a different member) as fast as the fake gateway can write them. Ack
latency is from a click's frame being written to its interaction response arriving; "answers
stored per second" is clicks ÷ (first frame written → every answer readable in the database).
Then the database must hold exactly one answer per click.

    .venv/bin/python -m bench.scale --processes 2                       # SQLite file shared (WAL)
    .venv/bin/python -m bench.scale --processes 2 --database-url postgresql://…   # once supported

The fake Discord runs in this process, on the same cores as the bots: it is part of what is
measured (JSON encoding and HTTP handling for 500 clicks, a few ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stats import median, ms, percentile

CLICKS = 500
TARGET_P99_S = 0.100
ROOT = Path(__file__).resolve().parent.parent
GUILDS = (175928847299117063, 175928847299117063 + (1 << 22))  # shard 0 and shard 1 of 2
CHANNELS = (175928847299117100, 175928847299117200)
STARTERS = (175928847299118000, 175928847299119000)


async def _open_storage(url: str) -> Any:
    """The stores over the shared database, to count answers (through the storage protocols)."""
    from bot.config import database, load_config
    from bot.storage.backend import open_storage

    return await open_storage(database(load_config({"DATABASE_URL": url}, require_token=False)))


async def _start_process(fake: Any, name: str, shard: int, shards: int, database_url: str, logs: Path) -> Any:
    url = await fake.endpoint(name)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": "bench-token-not-real.abcdef.never-sent-anywhere-at-all",
        "DATABASE_URL": database_url,
        "SHARD_COUNT": str(shards),
        "SHARD_IDS": str(shard),
        "LOG_LEVEL": "WARNING",
    }
    with (logs / f"{name}.log").open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "fakes.shard_process", url, env=env, cwd=logs, stdout=log, stderr=log
        )


async def _question(fake: Any, channel: int, after: int) -> dict[str, Any]:
    for _ in range(500):
        found = [
            m
            for m in fake.messages_in(channel)[after:]
            if m["embeds"] and str(m["embeds"][0].get("title", "")).startswith("Question")
        ]
        if found:
            return found[-1]
        await asyncio.sleep(0.01)
    raise RuntimeError(f"no question posted in {channel}")


def _cpu_s(pid: int) -> float:
    """A process's CPU time so far (user + system), from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _letters(message: dict[str, Any]) -> dict[str, str]:
    return {c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]}


async def _one_burst(
    fake: Any, storage: Any, clicks: int, first_member: int, pids: list[int]
) -> dict[str, Any]:
    questions, games = [], []
    for server in range(2):
        before = len(fake.messages_in(CHANNELS[server]))
        for _ in range(100):  # the previous run's game may still be recording its end
            started = await fake.slash(
                GUILDS[server], CHANNELS[server], STARTERS[server], "trivia start", questions=1
            )
            if not started.ephemeral:
                break
            await asyncio.sleep(0.05)
        questions.append(await _question(fake, CHANNELS[server], before))
    running = {row.guild_id: row.id for row in await storage.trivia.running_games()}
    games = [running[g] for g in GUILDS]
    payloads = []
    for n in range(clicks):
        server = n % 2
        custom_id = _letters(questions[server])["ABCD"[n % 4]]
        payloads.append(fake.click_payload(questions[server], custom_id, first_member + n))
    sent: list[float] = []
    waiters = []
    bots_cpu, here_cpu = sum(_cpu_s(pid) for pid in pids), time.process_time()
    for payload in payloads:
        sent.append(time.perf_counter())
        waiters.append(await fake.deliver(payload))
    responses = await asyncio.wait_for(asyncio.gather(*waiters), 60)
    stored = 0
    while stored < clicks:
        stored = sum([len(await storage.trivia.game_players(game)) for game in games])
        if stored < clicks:
            await asyncio.sleep(0.005)
        if time.perf_counter() - sent[0] > 60:
            raise RuntimeError(f"only {stored} of {clicks} answers stored after 60 s")
    all_stored = time.perf_counter()
    bots_cpu, here_cpu = sum(_cpu_s(pid) for pid in pids) - bots_cpu, time.process_time() - here_cpu
    latencies = [r.at - t for r, t in zip(responses, sent, strict=True)]
    locked = sum(r.content.startswith("Locked in") for r in responses)
    for server in range(2):
        await fake.slash(GUILDS[server], CHANNELS[server], STARTERS[server], "trivia stop")
    return {
        "latencies": latencies,
        "stored_per_s": clicks / (all_stored - sent[0]),
        "locked_in": locked,
        "stored": stored,
        "processes": sorted({r.process for r in responses}),
        "bots_cpu_per_click_us": bots_cpu / clicks * 1e6,
        "fake_cpu_per_click_us": here_cpu / clicks * 1e6,
    }


async def measure(
    processes: int,
    database_url: str | None,
    *,
    clicks: int = CLICKS,
    runs: int = 3,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from fakes.fake_discord import running

    folder = Path(tempfile.mkdtemp(prefix="ballerina-bench-scale-"))
    url = database_url or f"sqlite:///{folder / 'shared.sqlite3'}"
    storage = await _open_storage(url)  # migrated once, before the bots start
    procs = []
    try:
        async with running() as fake:
            for server in range(2):
                fake.add_guild(GUILDS[server], CHANNELS[server])
            for shard in range(processes):
                procs.append(await _start_process(fake, f"bot{shard}", shard, processes, url, folder))
            for shard in range(processes):
                await fake.wait_for_shard(shard)
            results = []
            try:
                for run in range(runs + 1):  # the first is a warm-up
                    first = 200_000_000_000_000_000 + run * 10 * clicks
                    result = await _one_burst(fake, storage, clicks, first, [p.pid for p in procs])
                    if run:
                        results.append(result)
            finally:  # while the fake still answers, so each bot closes its gateway cleanly
                for proc in procs:
                    if proc.returncode is None:
                        proc.terminate()
                    await asyncio.wait_for(proc.wait(), 30)
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
        await storage.close()
        shutil.rmtree(folder, ignore_errors=True)
    out: dict[str, Any] = {
        "processes": processes,
        "database": url.split(":", 1)[0],
        "clicks": clicks,
        "runs": runs,
        "p50_ms": ms(median([percentile(r["latencies"], 50) for r in results])),
        "p99_ms": ms(median([percentile(r["latencies"], 99) for r in results])),
        "max_ms": ms(median([max(r["latencies"]) for r in results])),
        "stored_per_s": round(median([r["stored_per_s"] for r in results])),
        "exactly_once": all(r["stored"] == r["locked_in"] == clicks for r in results),
        "answered_by": sorted({p for r in results for p in r["processes"]}),
        "bots_cpu_per_click_us": round(median([r["bots_cpu_per_click_us"] for r in results])),
        "fake_cpu_per_click_us": round(median([r["fake_cpu_per_click_us"] for r in results])),
    }
    out["met"] = out["p99_ms"] < ms(TARGET_P99_S) and out["exactly_once"]
    log(
        f"  {processes} process(es), {out['database']}: ack p50 {out['p50_ms']} ms, p99 {out['p99_ms']} ms, "
        f"max {out['max_ms']} ms; {out['stored_per_s']:,} answers stored/s; "
        f"exactly once: {'yes' if out['exactly_once'] else 'NO'}; CPU per click: bots "
        f"{out['bots_cpu_per_click_us']} µs, fake Discord {out['fake_cpu_per_click_us']} µs"
    )
    return out


def run(*, runs: int = 3, log: Callable[[str], None] = print) -> dict[str, Any]:
    return {str(n): asyncio.run(measure(n, None, runs=runs, log=log)) for n in (1, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, choices=(1, 2), default=2)
    parser.add_argument("--database-url", help="shared by every process (default: a fresh SQLite file)")
    parser.add_argument("--clicks", type=int, default=CLICKS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = asyncio.run(measure(args.processes, args.database_url, clicks=args.clicks, runs=args.runs))
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
