"""Resident memory growth from GUILD_CREATEs: the real bot against the bare bot, each in a fresh process.

A child process builds one bot (real: ``create_bot`` with a temporary SQLite file;
bare: bench/bare_bot.py with the same intents, Intents.none() + guilds), logs in
against the fake REST layer (so setup_hook has run and every cog is loaded), then
reads VmRSS, feeds READY (listing N unavailable guilds) and N GUILD_CREATE payloads
through the gateway's own handlers, waits for the bot to be ready (every guild
dispatched as available), collects garbage and reads VmRSS again. Guild sizes are
drawn from a seeded RNG (bench/payloads.guild: 20–200 channels log-uniform, 10–50
roles, 0–60 emojis, a few members), identical for both bots.

Child: ``python -m bench.memory --child real|bare --guilds N`` prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stats import median, ratio

TARGET = 1.2
SEED = 2025


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def peak_rss_bytes() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def child(which: str, guilds: int) -> dict[str, Any]:
    from bench import harness, payloads
    from bench.world import quiet_logs

    quiet_logs()
    folder = Path(tempfile.mkdtemp(prefix="ballerina-bench-mem-"))
    try:
        if which == "real":
            from bot.client import create_bot
            from bot.config import load_config

            config = load_config(
                {"DISCORD_TOKEN": harness.FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{folder / 'bot.sqlite3'}"}
            )
            bot: Any = create_bot(config)
        else:
            from bench.bare_bot import BareBot, CannedBook

            bot = BareBot(CannedBook())
        await harness.start(bot)
        ids = [payloads.GUILD_ID + 1_000_000 * (i + 1) for i in range(guilds)]
        rng = random.Random(SEED)
        gc.collect()
        before = rss_bytes()
        t0 = time.perf_counter()
        harness.feed_ready(bot, ids, guild_ready_timeout=0.5)
        channels = 0
        for n, gid in enumerate(ids):
            data = payloads.guild(gid, rng=rng)
            channels += len(data["channels"])
            harness.feed_guild_create(bot, data)
            del data
            if n % 50 == 49:
                await asyncio.sleep(0)  # let the ready task take queued guilds, as the gateway reader would
        await asyncio.wait_for(bot.wait_until_ready(), 60)
        feed_s = time.perf_counter() - t0
        gc.collect()
        after = rss_bytes()
        cached = len(bot.guilds)
        await harness.stop(bot)
        return {
            "which": which,
            "guilds": guilds,
            "guilds_cached": cached,
            "channels": channels,
            "rss_before": before,
            "rss_after": after,
            "growth": after - before,
            "feed_s": round(feed_s, 2),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _spawn(which: str, guilds: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    root = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "bench.memory", "--child", which, "--guilds", str(guilds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=root,
    )


def run_pair(guilds: int) -> dict[str, dict[str, Any]]:
    """The real and the bare child side by side (memory does not depend on timing; this halves the wait)."""
    procs = {which: _spawn(which, guilds) for which in ("real", "bare")}
    out = {}
    for which, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"memory child {which} {guilds} failed:\n{stderr[-3000:]}")
        out[which] = json.loads(stdout.strip().splitlines()[-1])
    return out


def run(
    *, sizes: tuple[int, ...] = (1000, 10_000), runs: int = 3, log: Callable[[str], None] = print
) -> dict[str, Any]:
    out: dict[str, Any] = {"target": TARGET, "runs": runs, "sizes": {}}
    for size in sizes:
        per: dict[str, list[dict[str, Any]]] = {"real": [], "bare": []}
        for _ in range(runs):
            pair = run_pair(size)
            for which in per:
                per[which].append(pair[which])
        real = median([p["growth"] for p in per["real"]])
        bare = median([p["growth"] for p in per["bare"]])
        entry = {
            "real_growth_mb": round(real / 2**20, 1),
            "bare_growth_mb": round(bare / 2**20, 1),
            "ratio": round(ratio(real, bare), 3),
            "real_rss_after_mb": round(median([p["rss_after"] for p in per["real"]]) / 2**20, 1),
            "bare_rss_after_mb": round(median([p["rss_after"] for p in per["bare"]]) / 2**20, 1),
            "channels": per["real"][0]["channels"],
            "guilds_cached": per["real"][0]["guilds_cached"],
            "feed_s_real": median([p["feed_s"] for p in per["real"]]),
            "feed_s_bare": median([p["feed_s"] for p in per["bare"]]),
        }
        entry["met"] = entry["ratio"] <= TARGET
        out["sizes"][str(size)] = entry
        log(
            f"  {size:>6} guilds: real +{entry['real_growth_mb']} MB, bare +{entry['bare_growth_mb']} MB, "
            f"×{entry['ratio']:.3f} ({entry['channels']:,} channels)"
        )
    out["met"] = all(e["met"] for e in out["sizes"].values())
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=("real", "bare"))
    parser.add_argument("--guilds", type=int, default=1000)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(child(args.child, args.guilds))))
    else:
        run(sizes=(args.guilds,), runs=1)


if __name__ == "__main__":
    main()
