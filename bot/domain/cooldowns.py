"""Cooldowns: how often one member (or one channel) may make the bot do something costly or public.

Plain Python with an injected clock. Each limit is "``uses`` per ``per`` seconds", kept with GCRA
(the generic cell rate algorithm: one float per key, bursts of up to ``uses`` allowed), in a
bounded table, so a flood of members cannot grow memory without limit. ``RULES`` names the ways a
use can count against the limits; each command declares its rule where it is defined
(``@declare(cooldown=...)``, ``bot/ui/commands.py``) and the command tree applies it in one place
(``bot/tree.py``), before the command runs, so a refused command changes nothing. (The "Report a
mistake" button checks ``report`` itself: it is a component, which the tree's check does not see.)
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from bot.domain.trivia.limits import Bounds
from bot.i18n.context import ngettext
from bot.i18n.formatting import number

# Moderators adjust these per server (/settings cooldowns; the defaults are in bot.domain.settings).
LOOKUPS = Bounds(0, 60)  # public lookup replies per member per minute; 0: no limit
TRIVIA = Bounds(0, 30)  # /trivia start (and, separately, stop) per member per 10 minutes; 0: no limit
REPORTS = Bounds(0, 30)  # /report per member per hour; 0: no limit

# Public replies one member's commands make the bot post in one channel, per minute: their public
# lookups plus a game start (so it follows the lookups setting; 0 there switches it off too).
# Games per channel: twice a member's trivia limit, so a few members cannot take turns flooding it.
CHANNEL_TRIVIA_FACTOR = 2


@dataclass(frozen=True, slots=True)
class CooldownSettings:
    """A server's limits (declared, with their defaults, in ``bot.domain.settings.SETTINGS``)."""

    lookups: int
    trivia: int
    reports: int


@dataclass(frozen=True, slots=True)
class Limit:
    uses: int
    per: float  # seconds


@dataclass(frozen=True, slots=True)
class Bucket:
    key: Hashable
    limit: Limit


@dataclass(frozen=True, slots=True)
class Use:
    """One command use, as the rules need it."""

    rule: str  # the rule it counts against (a key of RULES): "public lookup", "trivia start"
    guild_id: int | None
    channel_id: int | None
    user_id: int
    public: bool  # whether the reply is seen by the channel


def _public_lookup(use: Use, settings: CooldownSettings) -> list[Bucket]:
    if not use.public:
        return []
    return [_member(use, "lookup", settings.lookups, 60), _posts(use, settings)]


def _trivia(action: str) -> Callable[[Use, CooldownSettings], list[Bucket]]:
    def rule(use: Use, settings: CooldownSettings) -> list[Bucket]:
        buckets = [
            _member(use, f"trivia {action}", settings.trivia, 600),
            Bucket((f"trivia {action}", use.channel_id), Limit(CHANNEL_TRIVIA_FACTOR * settings.trivia, 600)),
        ]
        return [*buckets, _posts(use, settings)] if action == "start" else buckets

    return rule


def _report(use: Use, settings: CooldownSettings) -> list[Bucket]:
    return [_member(use, "report", settings.reports, 3600)]


def _member(use: Use, name: str, uses: int, per: float) -> Bucket:
    return Bucket((name, use.guild_id, use.user_id), Limit(uses, per))


def _posts(use: Use, settings: CooldownSettings) -> Bucket:
    per_minute = settings.lookups + 1 if settings.lookups else 0
    return Bucket(("posts", use.channel_id, use.user_id), Limit(per_minute, 60))


RULES: dict[str, Callable[[Use, CooldownSettings], list[Bucket]]] = {
    "public lookup": _public_lookup,
    "trivia start": _trivia("start"),
    "trivia stop": _trivia("stop"),
    "report": _report,
}


def buckets_for(use: Use, settings: CooldownSettings) -> list[Bucket]:
    rule = RULES.get(use.rule)
    if rule is None:
        return []
    return [b for b in rule(use, settings) if b.limit.uses > 0]  # 0: the moderators switched it off


class Cooldowns:
    """GCRA per key: ``hit`` consumes one use of every bucket, or none when any of them is exhausted."""

    def __init__(self, clock: Callable[[], float], *, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._tat: OrderedDict[Hashable, float] = OrderedDict()  # key -> theoretical arrival time

    def __len__(self) -> int:
        return len(self._tat)

    def hit(self, buckets: Sequence[Bucket]) -> float:
        """0.0 when allowed (one use consumed in each bucket); else the seconds to wait (nothing consumed)."""
        now = self._clock()
        wait = 0.0
        updates: list[tuple[Hashable, float]] = []
        for bucket in buckets:
            interval = bucket.limit.per / bucket.limit.uses
            tat = max(self._tat.get(bucket.key, now), now)
            allowed_from = tat - (bucket.limit.per - interval)
            if allowed_from > now:
                wait = max(wait, allowed_from - now)
            updates.append((bucket.key, tat + interval))
        if wait > 0:
            return wait
        for key, tat in updates:
            self._tat[key] = tat
            self._tat.move_to_end(key)
        while len(self._tat) > self._max_keys:  # the oldest entries: long expired, or the least active
            self._tat.popitem(last=False)
        return 0.0


def slow_down_message(wait: float) -> str:
    seconds = max(1, math.ceil(wait))
    # i18n: limit 2000
    text = ngettext(
        "Slow down a little: you can do that again in {seconds} second. Nothing was changed.",
        "Slow down a little: you can do that again in {seconds} seconds. Nothing was changed.",
        seconds,
    )
    return text.format(seconds=number(seconds))
