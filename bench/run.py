"""Run every benchmark, print the figures, write bench/results/latest.{json,md}.

    .venv/bin/python -m bench            # full run (about 2 minutes on 2 cores)
    .venv/bin/python -m bench --quick    # a smoke-sized run (about 15 s); writes results/quick.*
    .venv/bin/python -m bench --only interactions,burst

Nothing here uses the network (the bots talk to in-process fakes) or reads
anything outside the repository.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import burst, channels, interactions, memory, pg_storage, profile, scale, startup, storage, trivia
from bench.world import world

RESULTS = Path(__file__).resolve().parent / "results"
PARTS = (
    "interactions",
    "burst",
    "channels",
    "scale",
    "storage",
    "pg_storage",
    "memory",
    "startup",
    "profile",
)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "discord.py": version("discord.py"),
        "aiosqlite": version("aiosqlite"),
        "asyncpg": version("asyncpg"),
        "rapidfuzz": version("rapidfuzz"),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "loadavg_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def plan(quick: bool) -> dict[str, Any]:
    if quick:
        return {
            "interactions": {"n": 100, "samples": 3, "warmup": 30},
            "burst": {"runs": 1},
            "channels": {"runs": 1},
            "storage": {"n": 5_000, "samples": 3},
            "pg_storage": {"n": 5_000, "samples": 3},
            "memory": {"sizes": (1000,), "runs": 1},
            "scale": {"runs": 1},
            "startup": {"runs": 3},
            "profile": {"n": 100},
        }
    return {
        "interactions": {"n": 100, "samples": 21, "warmup": 100},
        "burst": {"runs": 5},
        "channels": {"runs": 3},
        "storage": {"n": 20_000, "samples": 5},
        "pg_storage": {"n": 20_000, "samples": 5},
        "memory": {"sizes": (1000, 10_000), "runs": 3},
        "scale": {"runs": 5},
        "startup": {"runs": 7},
        "profile": {"n": 300},
    }


async def in_process(
    parts: set[str], p: dict[str, Any], log: Any, only_cases: set[str] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if parts & {"interactions", "burst", "channels", "profile"}:
        async with world() as w:
            content = w.real.content
            cases = interactions.lookup_cases(content)
            has_trivia = trivia.trivia_available(w)
            question_message = await trivia.teach_bare(w) if has_trivia else None
            if question_message is not None:
                cases += trivia.cases(w, question_message)
            else:
                log("  (no trivia cog loaded: /trivia start, the answer click and the burst are skipped)")
            cases.append(interactions.reference_case())
            if only_cases is not None:
                unknown = only_cases - {case.key for case in cases}
                if unknown:
                    raise SystemExit(f"unknown cases: {', '.join(sorted(unknown))}")
                cases = [case for case in cases if case.key in only_cases]
            if "interactions" in parts:
                log("Per-interaction cost (ack CPU per interaction, median of samples; real vs bare)")
                ip = p["interactions"]
                out["interactions"] = {
                    "plan": ip,
                    "results": await interactions.run(w, interactions.Plan(cases=cases, **ip), log=log),
                }
                for result in out["interactions"]["results"]:
                    case = next(c for c in cases if c.key == result["case"])
                    result["queries"] = len(case.templates)
            if "burst" in parts and question_message is not None:
                log(f"Burst: {burst.CLICKS} answer clicks on one question")
                out["burst"] = await burst.run(w, question_message, log=log, **p["burst"])
            if "channels" in parts and has_trivia:
                log("Three channels: 900 answer clicks in one second")
                out["channels"] = await channels.run(w, log=log, **p["channels"])
            if "profile" in parts:
                log("Profile (cProfile, real bot)")
                out["profile"] = await profile.run(
                    w, [c for c in cases if not c.bare_only], log=log, **p["profile"]
                )
    return out


def fmt_ratio(x: float | None) -> str:
    return "—" if x is None else f"×{x:.2f}"


def met(flag: bool | None) -> str:
    return "—" if flag is None else ("**met**" if flag else "**missed**")


def row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(results: dict[str, Any], command: str) -> str:
    rows = [
        row("Figure", "Ballerina bot", "Baseline (same run)", "Ratio", "Target", "Met"),
        "|---|---:|---:|---:|---|---|",
    ]
    for r in results.get("interactions", {}).get("results", []):
        if "real" not in r:
            rows.append(
                row(
                    f"{r['label']}: ack CPU",
                    "—",
                    f"{r['bare']['ack_cpu_us']} µs (bare)",
                    "—",
                    "reference",
                    "—",
                )
            )
            continue
        real, bare = r["real"], r["bare"]
        target = f"≤ ×{r['target']}" if r["target"] else "none set"
        rows.append(
            row(
                f"{r['label']}: ack CPU",
                f"{real['ack_cpu_us']} µs",
                f"{bare['ack_cpu_us']} µs (bare)",
                f"{fmt_ratio(r['ratio_ack_cpu'])} (paired {fmt_ratio(r.get('ratio_ack_cpu_paired'))})",
                target,
                met(r.get("met")),
            )
        )
        rows.append(
            row(
                f"{r['label']}: total CPU",
                f"{real['total_cpu_us']} µs",
                f"{bare['total_cpu_us']} µs (bare)",
                fmt_ratio(r["ratio_total_cpu"]),
                "(informative)",
                "—",
            )
        )
    b = results.get("burst")
    if b:
        for mode, e in b["modes"].items():
            label = "spread over 1 s" if mode == "spread" else "all at once"
            real = e["real"]
            rows.append(
                row(
                    f"Burst {b['clicks']} clicks, {label}: ack p50 / p99 / max",
                    f"{real['p50_ms']} / {real['p99_ms']} / {real['max_ms']} ms",
                    f"p99 {e['bare']['p99_ms']} ms (bare)",
                    f"{fmt_ratio(e['p99_ratio_to_bare'])} (p99)",
                    f"p99 < {b['target_p99_ms']:.0f} ms",
                    met(e["met"]),
                )
            )
        at_once = b["modes"]["at_once"]["real"]
        rows.append(
            row(
                "Burst all at once: answers recorded per second (click → row in SQLite)",
                f"{at_once['answers_recorded_per_s']:,} /s",
                "—",
                "—",
                "—",
                "—",
            )
        )
        once = b["exactly_once"]
        rows.append(
            row(
                f"Burst: every click counted exactly once ({once['runs_checked']} bursts, "
                "+ 50 repeat clicks each)",
                "yes" if once["ok"] else "NO",
                "—",
                "—",
                "exactly once",
                met(once["ok"]),
            )
        )
    ch = results.get("channels")
    if ch:
        rows.append(
            row(
                "3 channels × 300 clicks in 1 s (900/s): ack p50 / p99 / max",
                f"{ch['p50_ms']} / {ch['p99_ms']} / {ch['max_ms']} ms",
                "—",
                "—",
                f"p99 < {ch['target_p99_ms']:.0f} ms, exactly once",
                met(ch["met"]),
            )
        )
        rows.append(
            row(
                "3 channels, 900 clicks/s: process CPU per click (writes included)",
                f"{ch['cpu_per_click_us']} µs",
                "—",
                "—",
                "(informative)",
                "—",
            )
        )
    s = results.get("storage")
    if s:
        ceiling = f"{s['raw']['answers_per_s']:,} /s (raw sqlite3 executemany)"
        for method, label in (
            ("answer_writer", "AnswerWriter (submit + flush)"),
            ("record_answers", "TriviaRepo.record_answers"),
            ("raw_with_stats", "raw sqlite3 + member_stats upsert (reference)"),
        ):
            reference = method == "raw_with_stats"
            flag = None if reference else s[method]["ratio_to_raw"] >= storage.TARGET
            rows.append(
                row(
                    f"Storage: {label}",
                    f"{s[method]['answers_per_s']:,} answers/s",
                    ceiling,
                    f"{s[method]['ratio_to_raw']:.0%}",
                    "—" if reference else "≥ 50 % of raw",
                    met(flag),
                )
            )
    pg = results.get("pg_storage")
    if pg:
        ceiling = f"{pg['raw']['answers_per_s']:,} /s (raw asyncpg executemany)"
        for method, label in (
            ("answer_writer", "AnswerWriter (submit + flush)"),
            ("record_answers", "record_answers"),
            ("raw_with_stats", "raw asyncpg + member_stats upsert (reference)"),
            ("raw_copy", "raw asyncpg COPY, no duplicate check (reference)"),
        ):
            reference = method.startswith("raw")
            flag = None if reference else pg[method]["ratio_to_raw"] >= pg_storage.TARGET
            rows.append(
                row(
                    f"PostgreSQL storage: {label}",
                    f"{pg[method]['answers_per_s']:,} answers/s",
                    ceiling,
                    f"{pg[method]['ratio_to_raw']:.0%}",
                    "—" if reference else "≥ 50 % of raw",
                    met(flag),
                )
            )
    sc = results.get("scale")
    if sc:
        for n, e in sc.items():
            rows.append(
                row(
                    f"Over the gateway: {e['clicks']} clicks at once, {n} process(es), {e['database']}: "
                    "ack p50 / p99 / max",
                    f"{e['p50_ms']} / {e['p99_ms']} / {e['max_ms']} ms",
                    "—",
                    "—",
                    "(informative: the fake Discord shares the cores)",
                    "—",
                )
            )
            rows.append(
                row(
                    f"… answers stored per second; bot CPU per click ({n} process(es))",
                    f"{e['stored_per_s']:,} /s; {e['bots_cpu_per_click_us']} µs",
                    f"fake Discord {e['fake_cpu_per_click_us']} µs/click",
                    "—",
                    "exactly once",
                    met(e["exactly_once"]),
                )
            )
    m = results.get("memory")
    if m:
        for size, e in m["sizes"].items():
            rows.append(
                row(
                    f"RSS growth for {int(size):,} servers ({e['channels']:,} channels), per server",
                    f"+{e['real_growth_mb']} MB, {e['real_kb_per_server']} KB",
                    f"+{e['bare_growth_mb']} MB, {e['bare_kb_per_server']} KB (bare, guilds intent)",
                    fmt_ratio(e["ratio"]),
                    f"≤ ×{m['target']}",
                    met(e["met"]),
                )
            )
            rows.append(
                row(
                    f"… the real bot given the guilds intent back ({int(size):,} servers)",
                    f"+{e['real_guilds_growth_mb']} MB, {e['real_guilds_kb_per_server']} KB",
                    "(same)",
                    fmt_ratio(e["ratio_real_guilds"]),
                    "reference",
                    "—",
                )
            )
    st = results.get("startup")
    if st:
        limit = st["target_s"] * 1000
        for name, label in (
            ("real-first", "first start (fresh DB: migrate + sync)"),
            ("real-restart", "restart (DB up to date, no sync)"),
        ):
            rows.append(
                row(
                    f"Start-up to ready, {label}",
                    f"{st[name]['median_ms']} ms",
                    f"{st['bare']['median_ms']} ms (bare)",
                    fmt_ratio(st[name]["ratio_to_bare"]),
                    f"< {limit:.0f} ms",
                    met(st[name]["median_ms"] < limit),
                )
            )
        rows.append(
            row(
                'Start-up reference: `python -c "import discord"` / `python -c pass`',
                "—",
                f"{st['import-discord']['median_ms']} / {st['python']['median_ms']} ms",
                "—",
                "—",
                "—",
            )
        )
    return f"Command: `{command}`\n\n" + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="smaller samples (about 15 s); writes results/quick.*"
    )
    parser.add_argument("--only", help=f"comma-separated parts: {','.join(PARTS)}")
    parser.add_argument("--no-write", action="store_true", help="print only; write no results files")
    parser.add_argument(
        "--cases",
        help="only these interaction cases, comma-separated keys (e.g. crew_typo_cold); nothing is written",
    )
    args = parser.parse_args(argv)
    if args.cases:  # a focused measurement: those cases only, nothing written over the full results
        args.only, args.no_write = "interactions", True
    parts = set(args.only.split(",")) if args.only else set(PARTS)
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    command = (
        ".venv/bin/python -m bench"
        + (" --quick" if args.quick else "")
        + (f" --only {args.only}" if args.only else "")
    )
    p = plan(args.quick)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "command": command,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
    }
    print(
        f"ballerina-bot benchmarks — {results['machine']['cpu_model']}, {results['machine']['nproc']} cores, "
        f"Python {results['machine']['python']}, discord.py {results['machine']['discord.py']}"
    )
    if "storage" in parts:
        print("Storage: answers recorded per second (fresh process)")
        results["storage"] = storage.run_isolated(**p["storage"])
    if "pg_storage" in parts:
        print("PostgreSQL storage: answers stored per second (fresh process)")
        pg_result = pg_storage.run_isolated(**p["pg_storage"])
        if pg_result is not None:
            results["pg_storage"] = pg_result
    only_cases = set(args.cases.split(",")) if args.cases else None
    results.update(asyncio.run(in_process(parts, p, print, only_cases)))
    if "scale" in parts:
        print(f"Scale: {scale.CLICKS} clicks at once over the gateway, bot processes sharing one database")
        results["scale"] = scale.run(**p["scale"])
    if "memory" in parts:
        print("Memory: RSS growth per server (fresh process per bot)")
        results["memory"] = memory.run(**p["memory"])
    if "startup" in parts:
        print("Start-up: process start → ready to answer")
        results["startup"] = startup.run(**p["startup"])
    results["machine"]["loadavg_at_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    results["duration_s"] = round(time.perf_counter() - started, 1)
    md = table(results, command)
    print()
    print(md)
    print(f"({results['duration_s']} s)")
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        stem = "quick" if args.quick else "latest"
        if args.only:
            stem += "-partial"
        (RESULTS / f"{stem}.json").write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
        (RESULTS / f"{stem}.md").write_text(md, "utf-8")
        if "profile" in results:
            (RESULTS / f"{stem}-profile.md").write_text(profile.render(results["profile"]) + "\n", "utf-8")
        print(f"Wrote {RESULTS / (stem + '.json')} and {stem}.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
