"""Turns to IDENTIFY, shared by every shard process on one database.

Discord starts at most ``max_concurrency`` gateway sessions per 5 s, one per bucket
``shard_id % max_concurrency``, and answers an excess IDENTIFY with op 9 (Invalid Session);
1,000 a day reset the token. discord.py spaces only the shards of one process, so processes
started together take turns here. Each bucket's next free moment is a ``bot_meta`` row
(``identify:<max_concurrency>:<bucket>``), on the database's clock (PostgreSQL's processes may
run on several machines). A turn is one short transaction, locked by bucket: read the free
moment, take ``max(now, it)``, move it on by the spacing. The caller sleeps until its moment.
A process that dies after taking a turn wastes that turn; it never shares one.
"""

from __future__ import annotations

from bot.storage.driver import Driver

# Seconds since 1970 by the database's clock.
_NOW = {
    "sqlite": "SELECT (julianday('now') - 2440587.5) * 86400.0",
    "postgresql": "SELECT extract(epoch FROM clock_timestamp())::float8",
}
# A free moment further ahead than this is a clock that jumped, not a queue: start again.
_STALE_AFTER = 3600.0


class SqlIdentifyTurns:
    def __init__(self, db: Driver) -> None:
        self._db = db

    async def take(self, bucket: int, max_concurrency: int, spacing: float) -> float:
        """Take the bucket's next turn; the seconds to wait before sending IDENTIFY."""
        key = f"identify:{max_concurrency}:{bucket}"
        async with self._db.transaction() as tx:
            await tx.lock(key)
            now_row = await tx.fetchone(_NOW[self._db.dialect.name])
            assert now_row is not None
            now = float(now_row[0])
            row = await tx.fetchone("SELECT value FROM bot_meta WHERE key = ?", (key,))
            free_at = float(row[0]) if row is not None else 0.0
            at = now if free_at - now > _STALE_AFTER else max(now, free_at)
            await tx.execute(
                "INSERT INTO bot_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, repr(at + spacing)),
            )
        return at - now
