"""Server settings, spoiler channels, the audit history and members' seen marks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot.domain.records import AuditEntry
from bot.domain.settings import (
    SETTING_KEYS,
    GuildSettings,
    SettingChange,
    changes_between,
    spoiler_channel_change,
)
from bot.storage.cache import SETTINGS_CHANNEL, SettingsCache, seen_message, settings_message
from bot.storage.driver import Driver

_COLUMNS = ("guild_id", *SETTING_KEYS, "updated_at")
_UPSERT_SETTINGS = (
    f"INSERT INTO guild_settings ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)}) "
    "ON CONFLICT (guild_id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
)
INSERT_AUDIT = (
    "INSERT INTO audit_log (guild_id, actor_id, at, setting, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)"
)


def ts(when: datetime) -> int:
    """Stored times are UTC unix seconds."""
    return int(when.timestamp())


def audit_entry_from_row(r: Any) -> AuditEntry:
    return AuditEntry(
        r["id"],
        r["setting"],
        r["old_value"],
        r["new_value"],
        r["actor_id"],
        datetime.fromtimestamp(r["at"], UTC),
    )


def column_value(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return ts(value)
    return value


def _settings(guild_id: int, row: Any, channels: frozenset[int]) -> GuildSettings:
    if row is None:
        return GuildSettings(guild_id).with_spoiler_channels(channels)
    return GuildSettings.from_values(guild_id, {key: row[key] for key in SETTING_KEYS}, channels)


class SqlSettingsStore:
    def __init__(self, db: Driver, cache: SettingsCache) -> None:
        self._db = db
        self._cache = cache

    async def get(self, guild_id: int) -> GuildSettings:
        cached = self._cache.settings.get(guild_id)
        if cached is not None:
            return cached
        generation = self._cache.settings_generation
        row = await self._db.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        channels = await self._db.fetchall(
            "SELECT channel_id FROM spoiler_channels WHERE guild_id = ? ORDER BY channel_id", (guild_id,)
        )
        settings = _settings(guild_id, row, frozenset(r["channel_id"] for r in channels))
        if generation == self._cache.settings_generation:
            self._cache.settings.put(guild_id, settings)
        return settings

    async def update(
        self, guild_id: int, actor_id: int, wanted: Mapping[str, Any], at: datetime
    ) -> list[SettingChange]:
        if not wanted:
            return []
        try:
            async with self._db.transaction() as tx:
                await tx.lock(f"guild_settings:{guild_id}")  # read, compare, write: one at a time
                row = await tx.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
                current = _settings(guild_id, row, frozenset()).values()
                made = changes_between(current, wanted)
                if not made:
                    return []
                current.update({c.setting: wanted[c.setting] for c in made})
                await tx.execute(
                    _UPSERT_SETTINGS,
                    (guild_id, *(column_value(current[k]) for k in SETTING_KEYS), ts(at)),
                )
                await tx.executemany(
                    INSERT_AUDIT, [(guild_id, actor_id, ts(at), c.setting, c.old, c.new) for c in made]
                )
                await tx.notify(SETTINGS_CHANNEL, settings_message(guild_id))
                return made
        finally:
            self._cache.settings_changed(guild_id)

    async def set_spoiler_channel(
        self, guild_id: int, actor_id: int, channel_id: int, allowed: bool, at: datetime
    ) -> SettingChange | None:
        try:
            async with self._db.transaction() as tx:
                if allowed:
                    changed = await tx.execute(
                        "INSERT INTO spoiler_channels (guild_id, channel_id, added_at) "
                        "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        (guild_id, channel_id, ts(at)),
                    )
                else:
                    changed = await tx.execute(
                        "DELETE FROM spoiler_channels WHERE guild_id = ? AND channel_id = ?",
                        (guild_id, channel_id),
                    )
                if not changed:
                    return None
                change = spoiler_channel_change(channel_id, allowed)
                await tx.execute(
                    INSERT_AUDIT, (guild_id, actor_id, ts(at), change.setting, change.old, change.new)
                )
                await tx.notify(SETTINGS_CHANNEL, settings_message(guild_id))
                return change
        finally:
            self._cache.settings_changed(guild_id)

    async def history(self, guild_id: int, limit: int) -> list[AuditEntry]:
        rows = await self._db.fetchall(
            "SELECT id, setting, old_value, new_value, actor_id, at FROM audit_log "
            "WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
            (guild_id, max(0, limit)),
        )
        return [audit_entry_from_row(r) for r in rows]

    async def has_seen(self, guild_id: int, user_id: int) -> bool:
        key = (guild_id, user_id)
        cached = self._cache.seen.get(key)
        if cached is not None:
            return cached
        generation = self._cache.seen_generation
        row = await self._db.fetchone(
            "SELECT 1 FROM member_seen WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        seen = row is not None
        if generation == self._cache.seen_generation:
            self._cache.seen.put(key, seen)
        return seen

    async def set_seen(self, guild_id: int, user_id: int, seen: bool, at: datetime) -> None:
        if seen:
            sql = (
                "INSERT INTO member_seen (guild_id, user_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
            )
            params: tuple[int, ...] = (guild_id, user_id, ts(at))
        else:
            sql, params = "DELETE FROM member_seen WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        try:
            await self._db.execute_notifying(sql, params, SETTINGS_CHANNEL, seen_message(guild_id, user_id))
        finally:
            self._cache.seen_changed(guild_id, user_id)
