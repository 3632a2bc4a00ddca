"""Resident memory growth per server: the real bot against discord.py with its server cache.

A child process builds one bot, logs in against the fake REST layer (so setup_hook has run
and every cog is loaded), reads VmRSS, then feeds what Discord's gateway would send it for
N servers: READY (listing N unavailable servers) and, only to a bot with the guilds intent,
N GUILD_CREATEs (bench/payloads.guild: 20–200 channels log-uniform, 10–50 roles, 0–60
emojis, a few members; seeded, identical for every bot). It waits for the bot to be ready,
collects garbage and reads VmRSS again. The bots:

* ``real``: the bot as shipped (``create_bot``: no gateway intents, member cache off, no
  chunking, no message cache);
* ``real-guilds``: the same bot given the guilds intent back (what the other options alone save);
* ``bare``: the baseline, bench/bare_bot.py with the guilds intent (discord.py as most bots
  run it, and as this bot ran before issue 10). The target is on ``real`` ÷ ``bare``.

Child: ``python -m bench.memory --child real|real-guilds|bare --guilds N`` prints one JSON line.
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

TARGET = 0.5  # issue 10: at most half the bare bot's growth per server
BOTS = ("real", "real-guilds", "bare")
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
        if which.startswith("real"):
            import discord

            import bot.client
            from bot.config import load_config

            if which == "real-guilds":
                bot.client.bot_intents = lambda: discord.Intents(guilds=True)  # read by BallerinaBot()
            config = load_config(
                {"DISCORD_TOKEN": harness.FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{folder / 'bot.sqlite3'}"}
            )
            client: Any = bot.client.create_bot(config)
        else:
            from bench.bare_bot import BareBot, CannedBook, cached_intents

            client = BareBot(CannedBook(), intents=cached_intents())
        await harness.start(client)
        ids = [payloads.GUILD_ID + 1_000_000 * (i + 1) for i in range(guilds)]
        rng = random.Random(SEED)
        gc.collect()
        before = rss_bytes()
        t0 = time.perf_counter()
        harness.feed_ready(client, ids, guild_ready_timeout=0.5)
        channels = 0
        for n, gid in enumerate(ids):
            data = payloads.guild(gid, rng=rng)
            channels += len(data["channels"])
            harness.feed_guild_create(client, data)
            del data
            if n % 50 == 49:
                await asyncio.sleep(0)  # let the ready task take queued guilds, as the gateway reader would
        await asyncio.wait_for(client.wait_until_ready(), 60)
        feed_s = time.perf_counter() - t0
        gc.collect()
        after = rss_bytes()
        cached = len(client.guilds)
        channels_cached = sum(len(g.channels) for g in client.guilds)
        await harness.stop(client)
        return {
            "which": which,
            "guilds": guilds,
            "guilds_cached": cached,
            "channels_cached": channels_cached,
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


def run_set(guilds: int) -> dict[str, dict[str, Any]]:
    """Every bot's child side by side (memory does not depend on timing; this saves the wait)."""
    procs = {which: _spawn(which, guilds) for which in BOTS}
    out = {}
    for which, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=900)
        if proc.returncode != 0:
            raise RuntimeError(f"memory child {which} {guilds} failed:\n{stderr[-3000:]}")
        out[which] = json.loads(stdout.strip().splitlines()[-1])
    return out


def run(
    *, sizes: tuple[int, ...] = (1000, 10_000), runs: int = 3, log: Callable[[str], None] = print
) -> dict[str, Any]:
    out: dict[str, Any] = {"target": TARGET, "runs": runs, "sizes": {}}
    for size in sizes:
        per: dict[str, list[dict[str, Any]]] = {which: [] for which in BOTS}
        for _ in range(runs):
            for which, result in run_set(size).items():
                per[which].append(result)
        growth = {which: median([p["growth"] for p in per[which]]) for which in BOTS}
        entry: dict[str, Any] = {
            "channels": per["bare"][0]["channels"],
            "ratio": round(ratio(growth["real"], growth["bare"]), 3),
            "ratio_real_guilds": round(ratio(growth["real-guilds"], growth["bare"]), 3),
        }
        for which in BOTS:
            key = which.replace("-", "_")
            entry[f"{key}_growth_mb"] = round(growth[which] / 2**20, 1)
            entry[f"{key}_kb_per_server"] = round(growth[which] / size / 1024, 1)
            entry[f"{key}_rss_after_mb"] = round(median([p["rss_after"] for p in per[which]]) / 2**20, 1)
            entry[f"{key}_guilds_cached"] = per[which][0]["guilds_cached"]
            entry[f"{key}_channels_cached"] = per[which][0]["channels_cached"]
            entry[f"{key}_feed_s"] = median([p["feed_s"] for p in per[which]])
        entry["met"] = entry["ratio"] <= TARGET
        out["sizes"][str(size)] = entry
        log(
            f"  {size:>6} servers: real +{entry['real_growth_mb']} MB "
            f"({entry['real_kb_per_server']} KB/server), "
            f"real with guilds intent +{entry['real_guilds_growth_mb']} MB, "
            f"bare +{entry['bare_growth_mb']} MB ({entry['bare_kb_per_server']} KB/server), "
            f"×{entry['ratio']:.3f} ({entry['channels']:,} channels in the payloads)"
        )
    out["met"] = all(e["met"] for e in out["sizes"].values())
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=BOTS)
    parser.add_argument("--guilds", type=int, default=1000)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(child(args.child, args.guilds))))
    else:
        run(sizes=(args.guilds,), runs=1)


if __name__ == "__main__":
    main()
