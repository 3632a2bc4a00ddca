"""What is kept about one member in one server, across the settings and trivia tables."""

from __future__ import annotations

from bot.storage.cache import SETTINGS_CHANNEL, SettingsCache, seen_message
from bot.storage.driver import Driver


class SqlMemberDataStore:
    def __init__(self, db: Driver, cache: SettingsCache) -> None:
        self._db = db
        self._cache = cache

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        try:
            async with self._db.transaction() as tx:
                params = (guild_id, user_id)
                await tx.execute("DELETE FROM member_seen WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM member_stats WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM trivia_answers WHERE guild_id = ? AND user_id = ?", params)
                await tx.notify(SETTINGS_CHANNEL, seen_message(guild_id, user_id))
        finally:
            self._cache.seen_changed(guild_id, user_id)
