"""Small key/value facts about the bot itself."""

from __future__ import annotations

from bot.storage.driver import Driver


class SqlMetaStore:
    def __init__(self, db: Driver) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        row = await self._db.fetchone("SELECT value FROM bot_meta WHERE key = ?", (key,))
        return None if row is None else row["value"]

    async def set(self, key: str, value: str) -> None:
        await self._db.execute(
            "INSERT INTO bot_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
