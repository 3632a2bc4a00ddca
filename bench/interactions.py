"""Per-interaction cost: the real bot against discord.py's floor (the bare bot), same payloads, same run.

For each case, a sample is ``n`` interactions fed one after another through
``parse_interaction_create`` (the gateway's own entry point, after JSON decoding).
For each interaction two intervals are measured:

* **ack**: from the payload entering discord.py to the bot's first response request
  reaching the HTTP layer (the recording adapter) — what the issue asks for;
* **total**: from the payload entering to every task the interaction started having
  finished (follow-up requests, view bookkeeping, queued database work).

Both as process CPU time (``time.process_time``: every thread, so aiosqlite's
worker thread counts) and as wall time. A sample's figure is the mean over its
``n`` interactions; the reported figure is the median over samples. Real and bare
samples alternate (which goes first flips every sample) so machine drift hits both.
Members rotate over ``world.USERS`` ids, like a busy channel.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bench import payloads
from bench.stats import median, ratio, us
from bench.world import USERS, World
from bot.domain.content import Content, SpoilerLevel
from bot.ui.paginator import PAGE_TIMEOUT

LOOKUP_TARGET = 1.3
CLICK_TARGET = 1.5


@dataclass
class Case:
    key: str
    label: str  # how the table shows it
    templates: list[dict[str, Any]]
    target: float | None = None
    view_timeout: float | None = 180.0
    bare_only: bool = False  # the fixed-string reference has no real counterpart
    # Called before each sample with the world and the bot; returns templates to use (e.g. fresh game clicks).
    prepare: Callable[[World, Any, int], Awaitable[list[dict[str, Any]]]] | None = None
    after_sample: Callable[[World, Any], Awaitable[None]] | None = None
    # Called (untimed) after each interaction, e.g. to stop the game a /trivia start began.
    between: Callable[[World, Any], Awaitable[None]] | None = None
    distinct_users: bool = False  # member i for interaction i (clicks: one answer per member)
    taught: bool = False  # the bare bot already has its answers (custom teaching)
    notes: str = ""


def _words(text: str) -> list[str]:
    return [w.strip(".,;:!?'\"()…—‘’“”").lower() for w in text.split()]


def queries(content: Content, *, per_case: int = 24, seed: int = 6) -> dict[str, list[str]]:
    """What members type, drawn from the content: names, surnames, characters, jobs, words of quotes.

    Deterministic (seeded), varied enough that a sample is not one query repeated.
    """
    rng = random.Random(seed)
    cast: list[str] = []
    for m in content.cast:
        cast += [m.actor.split()[-1].lower(), m.character, m.actor]
    crew: list[str] = []
    for c in content.crew:
        crew += [c.name.split()[-1], c.job.lower(), c.name]
    quote: list[str] = []
    for q in content.quotes:
        words = [w for w in _words(q.text) if len(w) > 3]
        if len(words) >= 2:
            start = rng.randrange(len(words) - 1)
            quote.append(" ".join(words[start : start + 2]))
    typed: list[str] = [""]
    for m in content.cast:
        name = m.actor.lower()
        typed += [name[:n] for n in (1, 3, 5, 8) if n <= len(name)]

    def typo(name: str) -> str:
        """One slip of the finger: a letter dropped, doubled or swapped with the next."""
        i = rng.randrange(1, len(name) - 1)
        kind = rng.randrange(3)
        if kind == 0:
            return name[:i] + name[i + 1 :]
        if kind == 1:
            return name[:i] + name[i] + name[i:]
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]

    def pick(values: list[str]) -> list[str]:
        unique = list(dict.fromkeys(v for v in values if v is not None))
        rng.shuffle(unique)
        return unique[:per_case]

    # What autocomplete puts in the option when a member picks a suggestion: the entry's id.
    open_ = SpoilerLevel.NONE
    return {
        "cast": pick(cast),
        "crew": pick(crew),
        "quote": pick(quote),
        "autocomplete": pick(typed),
        "cast_typo": pick([typo(m.actor) for m in content.cast] + [typo(m.character) for m in content.cast]),
        "crew_typo": pick([typo(c.name) for c in content.crew if len(c.name) > 4]),
        "cast_ids": pick([m.id for m in content.cast if m.spoiler is open_]),
        "crew_ids": pick([m.id for m in content.crew if m.spoiler is open_]),
        "quote_ids": pick([q.id for q in content.quotes if q.spoiler is open_]),
    }


def lookup_cases(content: Content) -> list[Case]:
    slash = payloads.slash
    q = queries(content)
    return [
        Case("cast", "`/cast name:…` typed", [slash("cast", {"name": v}) for v in q["cast"]], LOOKUP_TARGET),
        Case("crew", "`/crew name:…` typed", [slash("crew", {"name": v}) for v in q["crew"]], LOOKUP_TARGET),
        Case(
            "quote",
            "`/quote search:…` typed",
            [slash("quote", {"search": v}) for v in q["quote"]],
            LOOKUP_TARGET,
        ),
        Case(
            "cast_picked",
            "`/cast name:` picked from autocomplete",
            [slash("cast", {"name": v}) for v in q["cast_ids"]],
            LOOKUP_TARGET,
        ),
        Case(
            "crew_picked",
            "`/crew name:` picked from autocomplete",
            [slash("crew", {"name": v}) for v in q["crew_ids"]],
            LOOKUP_TARGET,
        ),
        Case(
            "quote_picked",
            "`/quote search:` picked from autocomplete",
            [slash("quote", {"search": v}) for v in q["quote_ids"]],
            LOOKUP_TARGET,
        ),
        Case("film", "`/film`", [slash("film")], LOOKUP_TARGET, view_timeout=PAGE_TIMEOUT),
        Case(
            "autocomplete",
            "autocomplete `/cast name`",
            [slash("cast", {"name": v}, focused="name") for v in q["autocomplete"]],
            LOOKUP_TARGET,
        ),
        Case("spoilers_show", "`/spoilers show`", [moderator(slash("spoilers", sub="show"))], LOOKUP_TARGET),
        # The same lookups by a member whose Discord is in French, in a French server: every label,
        # note and footer comes from the catalogues (translation on; the bare bot's reply is the same).
        Case(
            "cast_fr",
            "`/cast name:…` typed, in French",
            french(slash("cast", {"name": v}) for v in q["cast"]),
            LOOKUP_TARGET,
        ),
        Case(
            "quote_fr",
            "`/quote search:…` typed, in French",
            french(slash("quote", {"search": v}) for v in q["quote"]),
            LOOKUP_TARGET,
        ),
        Case(
            "film_fr", "`/film`, in French", french([slash("film")]), LOOKUP_TARGET, view_timeout=PAGE_TIMEOUT
        ),
        Case(
            "autocomplete_fr",
            "autocomplete `/cast name`, in French",
            french(slash("cast", {"name": v}, focused="name") for v in q["autocomplete"]),
            LOOKUP_TARGET,
        ),
        # The same typed queries with the search cache emptied before each one (untimed), as
        # for a query nobody typed before: what a lookup costs when the cache cannot help.
        *(
            Case(
                f"{key}_cold",
                f"{label}, cold search cache",
                templates,
                LOOKUP_TARGET,
                between=forget_searches,
            )
            for key, label, templates in (
                ("cast", "`/cast name:…` typed", [slash("cast", {"name": v}) for v in q["cast"]]),
                ("crew", "`/crew name:…` typed", [slash("crew", {"name": v}) for v in q["crew"]]),
                (
                    "cast_typo",
                    "`/cast name:…` typed with a typo",
                    [slash("cast", {"name": v}) for v in q["cast_typo"]],
                ),
                (
                    "crew_typo",
                    "`/crew name:…` typed with a typo",
                    [slash("crew", {"name": v}) for v in q["crew_typo"]],
                ),
                ("quote", "`/quote search:…` typed", [slash("quote", {"search": v}) for v in q["quote"]]),
                (
                    "autocomplete",
                    "autocomplete `/cast name`",
                    [slash("cast", {"name": v}, focused="name") for v in q["autocomplete"]],
                ),
            )
        ),
    ]


async def forget_searches(world: World, bot: Any) -> None:
    """Empty the real bot's search cache (the bare bot has none), between interactions."""
    services = getattr(bot, "_services", None)  # the real bot's; the bare bot has no search
    if services is not None:
        search = services.lookups.search
        for index in (search.cast, search.crew, search.quotes):
            index.clear_cache()


def french(templates: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The interactions as a member whose client is in French sends them, in a French server."""
    return [dict(template, locale="fr", guild_locale="fr") for template in templates]


def moderator(template: dict[str, Any]) -> dict[str, Any]:
    """The interaction as a member with Manage Server sends it (the bot refuses anyone else)."""
    member = dict(template["member"], permissions=payloads.MODERATOR_PERMISSIONS)
    return dict(template, member=member)


def reference_case() -> Case:
    return Case("fixed_string", "fixed-string reply (reference)", [payloads.slash("ping")], bare_only=True)


def answered(calls: list[Any]) -> bool:
    """True when the first call is a real answer: an embed, or autocomplete choices."""
    body = calls[0].payload or {}
    data = body.get("data") or {}
    return bool(data.get("embeds") or data.get("choices") or body.get("type") == 7)


async def teach_bare(world: World, case: Case) -> None:
    """Capture the real bot's answer to each template once; the bare bot will send the same.

    Templates the real bot answers with an error (no match) are dropped: a lookup
    benchmark measures lookups that find something.
    """
    if case.bare_only or case.taught or case.prepare is not None:
        return
    kept = []
    for template in case.templates:
        calls = await world.capture_for_bare(template, view_timeout=case.view_timeout)
        if calls and answered(calls):
            kept.append(template)
    if not kept:
        raise RuntimeError(f"{case.key}: the real bot answered none of its templates")
    case.templates = kept
    world.stop_views()


def render_work(case: Case, n: int, templates: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The sample's gateway frames (JSON text, token), fresh ids, members rotating or distinct."""
    users = (lambda i: i) if case.distinct_users else (lambda i: i % USERS)
    return [payloads.renumber(templates[i % len(templates)], user_n=users(i)) for i in range(n)]


async def run_work(world: World, bot: Any, case: Case, work: list[tuple[str, str]]) -> dict[str, float]:
    ack_cpu = ack_wall = total_cpu = total_wall = 0.0
    interact = world.driver.interact
    between = case.between
    for text, token in work:
        t = await interact(bot, text, token)
        ack_cpu += t.ack_cpu
        ack_wall += t.ack_wall
        total_cpu += t.total_cpu
        total_wall += t.total_wall
        if between is not None:
            await between(world, bot)
    world.stop_views()
    n = len(work)
    return {
        "ack_cpu": ack_cpu / n,
        "ack_wall": ack_wall / n,
        "total_cpu": total_cpu / n,
        "total_wall": total_wall / n,
    }


async def run_sample(
    world: World, bot: Any, case: Case, n: int, templates: list[dict[str, Any]]
) -> dict[str, float]:
    work = render_work(case, n, templates)
    gc.collect()
    return await run_work(world, bot, case, work)


def summarise(samples: list[dict[str, float]]) -> dict[str, Any]:
    return {
        "ack_cpu_us": us(median([s["ack_cpu"] for s in samples])),
        "ack_wall_us": us(median([s["ack_wall"] for s in samples])),
        "total_cpu_us": us(median([s["total_cpu"] for s in samples])),
        "total_wall_us": us(median([s["total_wall"] for s in samples])),
        "samples_ack_cpu_us": [us(s["ack_cpu"]) for s in samples],
    }


async def measure_case(world: World, case: Case, *, n: int, samples: int, warmup: int) -> dict[str, Any]:
    bots = [("bare", world.bare)] if case.bare_only else [("real", world.real), ("bare", world.bare)]
    results: dict[str, list[dict[str, float]]] = {name: [] for name, _ in bots}
    for s in range(-1, samples):  # sample -1 is the warm-up
        order = bots if s % 2 == 0 else list(reversed(bots))
        for name, bot in order:
            templates = await case.prepare(world, bot, n) if case.prepare else case.templates
            count = warmup if s < 0 else n
            sample = await run_sample(world, bot, case, count, templates)
            if case.after_sample:
                await case.after_sample(world, bot)
            if s >= 0:
                results[name].append(sample)
    out: dict[str, Any] = {
        "case": case.key,
        "label": case.label,
        "n": n,
        "samples": samples,
        "target": case.target,
    }
    for name, _ in bots:
        out[name] = summarise(results[name])
    if not case.bare_only:
        out["ratio_ack_cpu"] = round(ratio(out["real"]["ack_cpu_us"], out["bare"]["ack_cpu_us"]), 2)
        out["ratio_total_cpu"] = round(ratio(out["real"]["total_cpu_us"], out["bare"]["total_cpu_us"]), 2)
        per_sample = [
            ratio(r["ack_cpu"], b["ack_cpu"]) for r, b in zip(results["real"], results["bare"], strict=True)
        ]
        out["ratio_ack_cpu_range"] = [round(min(per_sample), 2), round(max(per_sample), 2)]
        # Each real sample against the bare one run just before or after it: drift of the machine
        # between samples (other tenants, clock) cancels within a pair, not across medians.
        out["ratio_ack_cpu_paired"] = round(median(per_sample), 2)
        out["met"] = None if case.target is None else out["ratio_ack_cpu"] <= case.target
    if case.notes:
        out["notes"] = case.notes
    return out


@dataclass
class Plan:
    n: int = 300
    samples: int = 7
    warmup: int = 100
    cases: list[Case] = field(default_factory=list)


async def run(world: World, plan: Plan, *, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    results = []
    for case in plan.cases:
        await teach_bare(world, case)
    for case in plan.cases:
        result = await measure_case(world, case, n=plan.n, samples=plan.samples, warmup=plan.warmup)
        results.append(result)
        if case.bare_only:
            log(f"  {case.label:<44} bare {result['bare']['ack_cpu_us']:8.1f} µs")
        else:
            log(
                f"  {case.label:<44} real {result['real']['ack_cpu_us']:8.1f} µs  "
                f"bare {result['bare']['ack_cpu_us']:8.1f} µs  ×{result['ratio_ack_cpu']:.2f} "
                f"(paired ×{result['ratio_ack_cpu_paired']:.2f}, total ×{result['ratio_total_cpu']:.2f})"
            )
    return results
