"""Command cooldowns (the rules: ``bot.domain.cooldowns``), with each server's limits from its settings."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.cooldowns import RULES, Cooldowns, Use, buckets_for
from bot.domain.settings import GuildSettings
from bot.services.audiences import Audiences


class CommandCooldowns:
    def __init__(self, audiences: Audiences, clock: Callable[[], float], *, max_keys: int = 100_000) -> None:
        self._audiences = audiences
        self._cooldowns = Cooldowns(clock, max_keys=max_keys)

    async def check(self, use: Use) -> float:
        """0.0 when ``use`` may go ahead (it is counted); else the seconds to wait (nothing counted)."""
        if use.rule not in RULES:  # most commands: no need to read the server's limits
            return 0.0
        if use.guild_id is None:
            limits = GuildSettings(0).cooldowns  # the defaults
        else:
            limits = (await self._audiences.settings(use.guild_id)).cooldowns
        buckets = buckets_for(use, limits)
        return self._cooldowns.hit(buckets) if buckets else 0.0  # none: every limit it counts against is off
