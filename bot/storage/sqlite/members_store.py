"""SQLite: what is kept about one member in one server, across the settings and trivia tables."""

from __future__ import annotations

from bot.storage.cache import SettingsCache
from bot.storage.sqlite.database import Database


class SqliteMemberDataStore:
    def __init__(self, db: Database, cache: SettingsCache) -> None:
        self._db = db
        self._cache = cache

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        try:
            async with self._db.transaction() as tx:
                params = (guild_id, user_id)
                await tx.execute("DELETE FROM member_seen WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM member_stats WHERE guild_id = ? AND user_id = ?", params)
                await tx.execute("DELETE FROM trivia_answers WHERE guild_id = ? AND user_id = ?", params)
        finally:
            self._cache.seen_changed(guild_id, user_id)
