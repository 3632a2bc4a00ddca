"""Start-up: from process start (interpreter included) until the bot is ready to answer, without a network.

The parent notes the time, starts a child ``python -m bench.startup --child …`` and
waits for the child's "READY" line. The child builds the bot and calls ``login``
against the fake REST layer (bench/harness.py), which runs ``setup_hook``: content
loaded and validated, database opened and migrated, cogs loaded, command tree built
and its hash compared with the stored one (synced through the faked route when it
differs). Then it prints READY. Only after that, untimed, it proves it can answer:
one interaction through the real dispatch must produce a response.

Variants:
* ``real-first``: a fresh database (migrations run, commands synced through the fake route);
* ``real-restart``: the database of a previous start (nothing to migrate, command hash unchanged);
* ``bare``: discord.py alone (bench/bare_bot.py) with the same login and readiness check;
* ``python``: ``python -c pass``, and ``import-discord``: ``python -c "import discord"`` (references).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The child imports only what it needs: parent-only modules (subprocess, tempfile,
# the stats helpers) are imported inside the parent's functions.

TARGET_S = 1.0
ROOT = Path(__file__).resolve().parent.parent


async def _child(which: str, db: str) -> None:
    import asyncio

    from bench import harness, payloads

    if which == "bare":
        from bench.bare_bot import BareBot, CannedBook

        bot: Any = BareBot(CannedBook())
    else:
        from bot.client import create_bot
        from bot.config import load_config

        bot = create_bot(
            load_config({"DISCORD_TOKEN": harness.FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{db}"})
        )
    rest = await harness.start(bot)
    print("READY", flush=True)
    if which == "bare":
        from bench.bare_bot import PING

        payloads.learn_commands([PING])
    else:
        payloads.learn_commands(harness.command_schemas(bot.tree))
    # Untimed: prove it answers. READY + one GUILD_CREATE, then one slash command.
    harness.feed_ready(bot, [payloads.GUILD_ID], guild_ready_timeout=0.01)
    harness.feed_guild_create(bot, payloads.bench_guild())
    await asyncio.wait_for(bot.wait_until_ready(), 5)
    driver = harness.Driver()
    text, token = payloads.renumber(payloads.slash("ping" if which == "bare" else "film"), user_n=0)
    timing = await driver.interact(bot, text, token)
    synced = rest.synced is not None
    await harness.stop(bot)
    print(
        f"OK callback={timing.call.payload and timing.call.payload.get('type')} synced={synced}", flush=True
    )


def _env() -> dict[str, str]:
    env = {**os.environ}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("PYTHONSTARTUP", None)
    return env


def time_child(args: list[str], *, wait_for: str | None = "READY") -> tuple[float, str]:
    """Seconds from just before the child is spawned until it prints ``wait_for`` (or exits)."""
    import subprocess

    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    assert proc.stdout is not None
    elapsed = None
    if wait_for is not None:
        for line in proc.stdout:
            if line.startswith(wait_for):
                elapsed = time.perf_counter() - t0
                break
    stdout, stderr = proc.communicate(timeout=60)
    if elapsed is None:
        elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"start-up child {args} failed:\n{stderr[-3000:]}")
    return elapsed, stdout


def run(*, runs: int = 7, log: Callable[[str], None] = print) -> dict[str, Any]:
    import shutil
    import tempfile

    from bench.stats import median, ms

    folder = Path(tempfile.mkdtemp(prefix="ballerina-bench-start-"))
    times: dict[str, list[float]] = {
        k: [] for k in ("real-first", "real-restart", "bare", "import-discord", "python")
    }
    try:
        for r in range(-1, runs):  # -1 warms the OS file cache
            db = folder / f"run{r + 1}.sqlite3"
            steps: list[tuple[str, list[str], str | None]] = [
                ("real-first", ["-m", "bench.startup", "--child", "real", "--db", str(db)], "READY"),
                ("real-restart", ["-m", "bench.startup", "--child", "real", "--db", str(db)], "READY"),
                ("bare", ["-m", "bench.startup", "--child", "bare", "--db", ""], "READY"),
                ("import-discord", ["-c", "import discord"], None),
                ("python", ["-c", "pass"], None),
            ]
            for name, args, wait_for in steps:
                seconds, stdout = time_child(args, wait_for=wait_for)
                if wait_for is not None and "OK callback=" not in stdout:
                    raise RuntimeError(f"start-up child {name} did not answer an interaction: {stdout!r}")
                if name == "real-first" and "synced=True" not in stdout:
                    raise RuntimeError("a first start should have synced the commands (fake route)")
                if name == "real-restart" and "synced=False" not in stdout:
                    raise RuntimeError("a restart with an unchanged command set should not sync")
                if r >= 0:
                    times[name].append(seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out: dict[str, Any] = {"runs": runs, "target_s": TARGET_S}
    for name, values in times.items():
        out[name] = {"median_ms": ms(median(values)), "samples_ms": [ms(v) for v in values]}
    for name in ("real-first", "real-restart"):
        out[name]["ratio_to_bare"] = round(out[name]["median_ms"] / out["bare"]["median_ms"], 2)
    out["met"] = max(out["real-first"]["median_ms"], out["real-restart"]["median_ms"]) < TARGET_S * 1000
    for name in times:
        log(f"  {name:<15} {out[name]['median_ms']:8.1f} ms")
    return out


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=("real", "bare"))
    parser.add_argument("--db", default="")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.child:
        import asyncio

        asyncio.run(_child(args.child, args.db))
    else:
        run(runs=args.runs)


if __name__ == "__main__":
    main()
