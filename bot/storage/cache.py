"""The settings cache: a server's settings and members' seen marks are read on every interaction.

One ``SettingsCache`` is shared by every store of a backend that writes those tables, and every
such write invalidates the entries it touches. A read that overlapped a write is not cached
(``generation`` tells), so the cache never serves a value older than the last write through it.

Writes made by other processes (PostgreSQL only; SQLite has one) arrive as notifications
(``settings_message``/``seen_message`` on ``SETTINGS_CHANNEL``) that ``apply`` turns into the
same invalidations. While those notifications cannot arrive, ``suspend`` stops caching.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

from bot.domain.settings import GuildSettings

K = TypeVar("K")
V = TypeVar("V")


SETTINGS_CHANNEL = "ballerina_settings"


def settings_message(guild_id: int) -> str:
    return f"settings {guild_id}"


def seen_message(guild_id: int, user_id: int) -> str:
    return f"seen {guild_id} {user_id}"


def server_message(guild_id: int) -> str:
    """A whole server's data changed at once (reset, deleted after the bot left)."""
    return f"server {guild_id}"


class LRU(Generic[K, V]):
    def __init__(self, maxsize: int) -> None:
        self._data: OrderedDict[K, V] = OrderedDict()
        self._maxsize = maxsize
        self.enabled = True

    def get(self, key: K) -> V | None:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        if not self.enabled:
            return
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self._maxsize:
            self._data.popitem(last=False)

    def pop(self, key: K) -> None:
        self._data.pop(key, None)

    def clear(self) -> None:
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class SettingsCache:
    def __init__(self, *, settings_size: int = 1024, seen_size: int = 50_000) -> None:
        self.settings: LRU[int, GuildSettings] = LRU(settings_size)
        self.seen: LRU[tuple[int, int], bool] = LRU(seen_size)
        self.settings_generation = 0  # bumped by every settings write
        self.seen_generation = 0  # bumped by every seen-mark write

    def settings_changed(self, guild_id: int) -> None:
        self.settings_generation += 1
        self.settings.pop(guild_id)

    def seen_changed(self, guild_id: int, user_id: int) -> None:
        self.seen_generation += 1
        self.seen.pop((guild_id, user_id))

    def server_changed(self, guild_id: int) -> None:
        self.settings_changed(guild_id)
        # Seen marks are cached per member: drop them all (rare, and cheap to read again).
        self.seen_generation += 1
        self.seen.clear()

    def apply(self, message: str) -> None:
        """Invalidate what another process's ``settings_message``/``seen_message`` names."""
        kind, _, ids = message.partition(" ")
        try:
            numbers = [int(part) for part in ids.split()]
        except ValueError:
            numbers = []
        if kind == "settings" and len(numbers) == 1:
            self.settings_changed(numbers[0])
        elif kind == "seen" and len(numbers) == 2:
            self.seen_changed(numbers[0], numbers[1])
        elif kind == "server" and len(numbers) == 1:
            self.server_changed(numbers[0])
        else:  # not ours to read (a newer version's message?): forget everything rather than guess
            self.clear()

    def clear(self) -> None:
        self.settings_generation += 1
        self.seen_generation += 1
        self.settings.clear()
        self.seen.clear()

    def suspend(self) -> None:
        """Stop caching (reads go to the database) until ``resume``: invalidations may be missed."""
        self.settings.enabled = self.seen.enabled = False
        self.clear()

    def resume(self) -> None:
        self.clear()
        self.settings.enabled = self.seen.enabled = True
