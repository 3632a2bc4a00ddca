"""Where an interaction's time goes: cProfile over the real bot's samples, grouped by who owns the code.

For each case, one sample of the real bot runs under cProfile; every function's own
time (tottime) is attributed to a group by its file: our code (bot/, cogs/, split
into the search, the renderers and the rest), discord.py, asyncio and aiosqlite,
time spent waiting in epoll (for aiosqlite's thread or a timer), the bench harness,
and everything else (json, stdlib). rapidfuzz's C functions do not show up as calls
of their own: their time is the own time of the Python function calling them (the
search: ``KeyScorer.scores`` and ``KeyScorer.top``). The top functions of our own code
are listed too. Profiling inflates Python-level calls, so the shares matter more than the absolute numbers.
"""

from __future__ import annotations

import cProfile
import gc
import pstats
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.interactions import Case, render_work, run_work
from bench.world import World

ROOT = str(Path(__file__).resolve().parent.parent) + "/"


def group_of(filename: str, function: str) -> str:
    f = filename.replace("\\", "/")
    if "/bot/domain/search.py" in f or "/bot/domain/fuzzy_keys.py" in f:
        return "ours: search (bot/domain/search.py, fuzzy_keys.py)"
    if "/bot/ui/" in f:
        return "ours: rendering (bot/ui)"
    if ("/bot/" in f and "/site-packages/" not in f) or "/cogs/" in f:
        return "ours: other (bot/, cogs/)"
    if "/discord/" in f:
        return "discord.py"
    if "epoll" in function or "select.poll" in function:
        return "waiting in epoll (aiosqlite's thread, timers)"
    if "/asyncio/" in f or "aiosqlite" in f or "selectors" in f:
        return "asyncio + aiosqlite (main thread)"
    if "/bench/" in f:
        return "bench harness"
    return "other (json, stdlib, builtins)"


def is_ours(filename: str) -> bool:
    f = filename.replace("\\", "/")
    return ("/bot/" in f or "/cogs/" in f) and "/site-packages/" not in f


async def profile_case(world: World, case: Case, *, n: int, top: int = 12) -> dict[str, Any]:
    templates = await case.prepare(world, world.real, n) if case.prepare else case.templates
    work = render_work(case, n, templates)
    gc.collect()
    profiler = cProfile.Profile()
    profiler.enable()
    await run_work(world, world.real, case, work)
    profiler.disable()
    if case.after_sample:
        await case.after_sample(world, world.real)
    stats = pstats.Stats(profiler)
    groups: dict[str, float] = {}
    total = 0.0
    ours: list[tuple[float, float, int, str]] = []
    for (filename, line, function), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        group = group_of(filename, function)
        groups[group] = groups.get(group, 0.0) + tottime
        total += tottime
        if is_ours(filename):
            short = filename.removeprefix(ROOT)
            ours.append((cumtime, tottime, ncalls, f"{short}:{line} {function}"))
    ours.sort(reverse=True)
    return {
        "case": case.key,
        "n": n,
        "shares": {g: round(t / total, 3) for g, t in sorted(groups.items(), key=lambda kv: -kv[1])},
        "profiled_us_per_interaction": round(total / n * 1e6, 1),
        "top_ours_by_cumulative": [
            {
                "function": name,
                "cum_us": round(cum / n * 1e6, 1),
                "own_us": round(own / n * 1e6, 1),
                "calls_per_interaction": round(calls / n, 1),
            }
            for cum, own, calls, name in ours[:top]
        ],
    }


async def run(
    world: World, cases: list[Case], *, n: int = 300, log: Callable[[str], None] = print
) -> dict[str, Any]:
    out = {}
    for case in cases:
        if case.bare_only:
            continue
        result = await profile_case(world, case, n=n)
        out[case.key] = result
        ours = sum(v for k, v in result["shares"].items() if k.startswith("ours"))
        log(f"  {case.key:<16} our code {ours:5.1%} of profiled time")
    return out


def render(profile: dict[str, Any]) -> str:
    lines = ["# Profile of the real bot's interactions (cProfile; shares of own time)", ""]
    for key, result in profile.items():
        lines.append(f"## {key} ({result['profiled_us_per_interaction']} µs/interaction under the profiler)")
        lines.append("")
        for group, share in result["shares"].items():
            lines.append(f"- {group}: {share:.1%}")
        lines.append("")
        lines.append("| our function | cumulative µs | own µs | calls |")
        lines.append("|---|---:|---:|---:|")
        for f in result["top_ours_by_cumulative"]:
            lines.append(
                f"| `{f['function']}` | {f['cum_us']} | {f['own_us']} | {f['calls_per_interaction']} |"
            )
        lines.append("")
    return "\n".join(lines)
