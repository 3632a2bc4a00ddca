"""A trivia night's burst: 500 answer clicks on one question, through discord.py's real dispatch.

A game is started with a real ``/trivia start``; its session posts question 1. Then
500 type-3 INTERACTION_CREATE payloads, each from a different member, are fed to
``parse_interaction_create`` from event-loop callbacks scheduled with ``loop.call_at``:

* ``spread``: arrivals evenly spaced over 1 s (one every 2 ms);
* ``at_once``: all 500 scheduled for the same instant (the worst case: every click
  is already waiting when the loop gets to them).

For each click the acknowledgement latency is measured from its *scheduled arrival*
(so time spent queued behind other clicks in the event loop counts) until its
response request reaches the HTTP layer; "from entry" (when the callback actually
ran) is reported too. Then the AnswerWriter is flushed and the database is checked:
exactly 500 answers for the question, member_stats counting each member once, every
click acknowledged with "Locked in". 50 repeated clicks afterwards (untimed) must
be refused and change nothing. The bare bot (canned "Locked in", same routing) gets
the same bursts as a floor reference.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from typing import Any

from bench import harness, payloads, trivia
from bench.stats import median, ms, percentile, ratio
from bench.world import World

CLICKS = 500
TARGET_P99_S = 0.100
MODES = {"spread": 1.0, "at_once": 0.0}


async def _burst(
    world: World,
    bot: Any,
    game_id: int,
    number: int,
    msg: dict[str, Any],
    *,
    clicks: int,
    spread: float,
    first_user: int,
) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    adapter = world.driver.adapter
    work = [
        payloads.renumber(
            payloads.click(trivia.answer_id(game_id, number, trivia.LETTERS[i % 4]), msg),
            user_n=first_user + i,
        )
        for i in range(clicks)
    ]
    waiters = [adapter.expect(token) for _, token in work]
    entered: list[float] = [0.0] * clicks

    def arrive(i: int, text: str) -> None:
        entered[i] = time.perf_counter()
        harness.feed_interaction_json(bot, text)

    gc.collect()
    offset = (
        time.perf_counter() - loop.time()
    )  # loop.time() is time.monotonic(); perf_counter's origin differs
    start = loop.time() + 0.02
    scheduled = [start + (spread * i / clicks) for i in range(clicks)]
    c0 = time.process_time()
    for i, (text, _token) in enumerate(work):
        loop.call_at(scheduled[i], arrive, i, text)
    calls = await asyncio.wait_for(asyncio.gather(*waiters), 60)
    acked = time.perf_counter()
    storage = getattr(bot, "_storage", None)  # the real bot's; the bare bot stores nothing
    writer = storage.answers if storage is not None else None
    if writer is not None:
        await writer.flush()
    written = time.perf_counter()
    c1 = time.process_time()
    from_arrival = [c.wall - (scheduled[i] + offset) for i, c in enumerate(calls)]
    from_entry = [c.wall - entered[i] for i, c in enumerate(calls)]
    texts = [((c.payload or {}).get("data") or {}).get("content", "") for c in calls]
    first = scheduled[0] + offset
    return {
        "from_arrival": from_arrival,
        "from_entry": from_entry,
        "acked_all_s": acked - first,
        "recorded_all_s": written - first,
        "cpu_per_click_us": (c1 - c0) / clicks * 1e6,
        "locked_in": sum(t.startswith("Locked in") for t in texts),
        "for_stopping": [t for t in texts if not t.startswith("Locked in")][:3],
    }


async def _check_counts(
    world: World, game_id: int, number: int, first_user: int, clicks: int
) -> dict[str, Any]:
    """Exactly once: the database holds one answer per member, and member_stats counted each once."""
    db: Any = world.real.storage.database
    row = await db.fetchone(
        "SELECT COUNT(*) FROM trivia_answers WHERE game_id = ? AND question_no = ?", (game_id, number)
    )
    stored = row[0] if row else 0
    row = await db.fetchone(
        "SELECT COUNT(DISTINCT user_id) FROM trivia_answers WHERE game_id = ? AND question_no = ?",
        (game_id, number),
    )
    distinct = row[0] if row else 0
    low, high = payloads.member_id(first_user), payloads.member_id(first_user + clicks - 1)
    row = await db.fetchone(
        "SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM member_stats "
        "WHERE guild_id = ? AND user_id BETWEEN ? AND ?",
        (payloads.GUILD_ID, low, high),
    )
    members, answered = (row[0], row[1]) if row else (0, 0)
    return {
        "stored": stored,
        "distinct_members": distinct,
        "stats_members": members,
        "stats_answered": answered,
    }


async def _repeat_clicks(
    world: World, game_id: int, number: int, msg: dict[str, Any], first_user: int
) -> int:
    """50 members click again (untimed): each must be refused; returns how many were accepted (want 0)."""
    accepted = 0
    for i in range(50):
        text, token = payloads.renumber(
            payloads.click(trivia.answer_id(game_id, number, "A"), msg), user_n=first_user + i
        )
        t = await world.driver.interact(world.real, text, token)
        content = ((t.call.payload or {}).get("data") or {}).get("content", "")
        accepted += content.startswith("Locked in")
    await world.real.storage.answers.flush()
    return accepted


async def run(
    world: World,
    question_message: dict[str, Any],
    *,
    runs: int = 5,
    clicks: int = CLICKS,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    results: dict[str, dict[str, list[dict[str, Any]]]] = {m: {"real": [], "bare": []} for m in MODES}
    checks: list[dict[str, Any]] = []
    first_user = 100_000
    for r in range(runs):
        for mode, spread in MODES.items():
            for which in ("real", "bare") if r % 2 == 0 else ("bare", "real"):
                first_user += clicks + 100
                if which == "real":
                    await trivia.stop_game(world)
                    game_id, number, msg = await trivia.start_game(world)
                    res = await _burst(
                        world,
                        world.real,
                        game_id,
                        number,
                        msg,
                        clicks=clicks,
                        spread=spread,
                        first_user=first_user,
                    )
                    check = await _check_counts(world, game_id, number, first_user, clicks)
                    check["repeat_clicks_accepted"] = await _repeat_clicks(
                        world, game_id, number, msg, first_user
                    )
                    after = await _check_counts(world, game_id, number, first_user, clicks)
                    check["stored_after_repeats"] = after["stored"]
                    check["locked_in"] = res["locked_in"]
                    check["mode"] = mode
                    check["ok"] = (
                        check["stored"]
                        == clicks
                        == check["distinct_members"]
                        == check["stats_members"]
                        == check["stats_answered"]
                        == check["locked_in"]
                        == check["stored_after_repeats"]
                        and check["repeat_clicks_accepted"] == 0
                    )
                    if not check["ok"]:
                        log(f"  exactly-once check FAILED: {check} {res['for_stopping']}")
                    checks.append(check)
                    await trivia.stop_game(world)
                else:
                    res = await _burst(
                        world,
                        world.bare,
                        1,
                        1,
                        question_message,
                        clicks=clicks,
                        spread=spread,
                        first_user=first_user,
                    )
                world.stop_views()
                results[mode][which].append(res)
    out: dict[str, Any] = {"clicks": clicks, "runs": runs, "target_p99_ms": ms(TARGET_P99_S), "modes": {}}
    for mode in MODES:
        entry: dict[str, Any] = {"spread_s": MODES[mode]}
        for which in ("real", "bare"):
            rs = results[mode][which]
            entry[which] = {
                "p50_ms": ms(median([percentile(x["from_arrival"], 50) for x in rs])),
                "p99_ms": ms(median([percentile(x["from_arrival"], 99) for x in rs])),
                "max_ms": ms(median([max(x["from_arrival"]) for x in rs])),
                "p99_from_entry_ms": ms(median([percentile(x["from_entry"], 99) for x in rs])),
                "all_acked_ms": ms(median([x["acked_all_s"] for x in rs])),
                "cpu_per_click_us": round(median([x["cpu_per_click_us"] for x in rs]), 1),
                "samples_p99_ms": [ms(percentile(x["from_arrival"], 99)) for x in rs],
            }
            if which == "real":
                recorded = median([x["recorded_all_s"] for x in rs])
                entry[which]["all_recorded_ms"] = ms(recorded)
                entry[which]["answers_recorded_per_s"] = round(clicks / recorded)
        entry["p99_ratio_to_bare"] = round(ratio(entry["real"]["p99_ms"], entry["bare"]["p99_ms"]), 2)
        entry["met"] = entry["real"]["p99_ms"] < ms(TARGET_P99_S)
        out["modes"][mode] = entry
        log(
            f"  burst {mode:<8} real p50 {entry['real']['p50_ms']:6.2f} ms  "
            f"p99 {entry['real']['p99_ms']:6.2f} ms  "
            f"max {entry['real']['max_ms']:6.2f} ms  (bare p99 {entry['bare']['p99_ms']:.2f} ms)  "
            f"{entry['real']['answers_recorded_per_s']:,} answers/s"
        )
    out["exactly_once"] = {"ok": all(c["ok"] for c in checks), "runs_checked": len(checks), "checks": checks}
    out["met"] = out["exactly_once"]["ok"] and all(e["met"] for e in out["modes"].values())
    log(f"  exactly once: {'OK' if out['exactly_once']['ok'] else 'FAILED'} ({len(checks)} bursts checked)")
    return out
