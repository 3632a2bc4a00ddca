"""Every change to a server's settings, validated by the domain and recorded in the audit history.

The slash commands and the spoiler panel both go through here, so they cannot drift apart.
Changing the spoiler channels also keeps the optional AutoMod guard's exemptions in step
(in the background: the moderator is answered at once).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Set as AbstractSet
from typing import Any

from bot.domain.clocks import WallClock
from bot.domain.records import AuditEntry
from bot.domain.settings import GuildSettings, SettingChange, normalise
from bot.domain.spoilers import Mode, Threshold, parse_embargo
from bot.services.automod import AutoModGuard
from bot.storage.protocols import SettingsStore

log = logging.getLogger(__name__)

HISTORY_SHOWN = 15


class SettingsChanges:
    def __init__(self, settings: SettingsStore, automod: AutoModGuard, wall_clock: WallClock) -> None:
        self._settings = settings
        self._automod = automod
        self._now = wall_clock
        self._background: set[asyncio.Task[None]] = set()

    async def current(self, guild_id: int) -> GuildSettings:
        return await self._settings.get(guild_id)

    async def history(self, guild_id: int, limit: int = HISTORY_SHOWN) -> list[AuditEntry]:
        return await self._settings.history(guild_id, limit)

    async def change(self, guild_id: int, actor_id: int, **values: Any) -> list[SettingChange]:
        """Set some settings (``InvalidInput`` for a bad value, nothing written); returns what changed."""
        wanted = {key: normalise(key, value) for key, value in values.items()}
        return await self._settings.update(guild_id, actor_id, wanted, self._now())

    async def set_mode(self, guild_id: int, actor_id: int, mode: Mode | str) -> list[SettingChange]:
        return await self.change(guild_id, actor_id, spoiler_mode=mode)

    async def set_threshold(
        self, guild_id: int, actor_id: int, threshold: Threshold | str
    ) -> list[SettingChange]:
        return await self.change(guild_id, actor_id, spoiler_threshold=threshold)

    async def set_embargo(self, guild_id: int, actor_id: int, text: str) -> list[SettingChange]:
        """``text`` as a moderator typed it: a date and time, or "off"."""
        return await self.change(guild_id, actor_id, embargo_until=parse_embargo(text, self._now()))

    async def set_spoiler_channel(
        self, guild_id: int, actor_id: int, channel_id: int, allowed: bool
    ) -> list[SettingChange]:
        current = (await self._settings.get(guild_id)).spoilers.spoiler_channels
        wanted = (current | {channel_id}) if allowed else (current - {channel_id})
        return await self.set_spoiler_channels(guild_id, actor_id, wanted)

    async def set_spoiler_channels(
        self, guild_id: int, actor_id: int, wanted: AbstractSet[int]
    ) -> list[SettingChange]:
        current = (await self._settings.get(guild_id)).spoilers.spoiler_channels
        changes: list[SettingChange] = []
        for channel_id in sorted(current ^ wanted):
            change = await self._settings.set_spoiler_channel(
                guild_id, actor_id, channel_id, channel_id in wanted, self._now()
            )
            if change is not None:
                changes.append(change)
        if changes:
            self._in_background(self._automod.refresh_exemptions(guild_id))
        return changes

    def _in_background(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def automod_on(self, guild_id: int, actor_id: int) -> list[SettingChange]:
        return await self._automod.turn_on(guild_id, actor_id)

    async def automod_off(self, guild_id: int, actor_id: int) -> list[SettingChange]:
        return await self._automod.turn_off(guild_id, actor_id)

    @property
    def automod_keyword_count(self) -> int:
        return len(self._automod.keywords)

    async def wait_for_background(self) -> None:
        """For shutdown: let the AutoMod updates already under way finish."""
        if self._background:
            await asyncio.wait(set(self._background))
