"""What a search remembers: autocomplete asks the same thing again keystroke by keystroke.

Every index and the speakers keep their answers in plain dicts through ``remember``; the
content never changes while the bot runs, so a full cache simply starts again.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

CACHE_SIZE = 2048  # answers remembered per cache


def remember(cache: dict[K, V], key: K, value: V) -> V:
    """Keep ``value`` for ``key`` in ``cache`` (emptied first when full) and return it."""
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value
