"""SQLite: a whole server's data, to export it, reset it, and delete it once the bot has left."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Any

from bot.domain.lifecycle import RESET_SETTING, Departure, reset_record
from bot.storage.cache import SETTINGS_CHANNEL, SettingsCache, server_message
from bot.storage.driver import POSTGRESQL, Dialect, Driver, Transaction
from bot.storage.protocols import SERVER_TABLES
from bot.storage.sql.settings_store import INSERT_AUDIT, ts

# Each table's key within a server: the order rows are exported in, page by page. Each follows an
# index that starts with guild_id, so a page is a range read with no sort (EXPLAIN QUERY PLAN).
PAGE_KEYS: dict[str, tuple[str, ...]] = {
    "guild_settings": ("guild_id",),
    "spoiler_channels": ("channel_id",),
    "audit_log": ("id",),
    "member_seen": ("user_id",),
    "hidden_players": ("user_id",),
    "custom_questions": ("id",),
    "trivia_games": ("started_at", "id"),  # the order of trivia_games_by_guild
    "trivia_answers": ("user_id", "game_id", "question_no"),  # the order of trivia_answers_by_member
    "trivia_asked": ("question_id",),
    "member_stats": ("user_id",),
    "guild_stats": ("guild_id",),
    "content_reports": ("id",),
    "guild_departures": ("guild_id",),
    "daily_schedules": ("guild_id",),
    "daily_answers": ("day", "user_id"),  # the primary key's order
    "daily_streaks": ("user_id",),
    "daily_asked": ("question_id",),
    "trivia_nights": ("id",),  # the order of trivia_nights_by_guild
    "role_rewards": ("role_id",),  # the primary key's order
    "role_grants": ("user_id", "role_id"),  # the primary key's order
}
assert tuple(PAGE_KEYS) == SERVER_TABLES, "every server table needs its key here"

# What a reset deletes, in order (answers before the games they belong to). A game still running
# keeps its row and answers: the answer writer may still be storing answers that point at it.
_RESET = (
    ("daily_schedules", "guild_id = ?"),
    ("daily_answers", "guild_id = ?"),
    ("daily_streaks", "guild_id = ?"),
    ("daily_asked", "guild_id = ?"),
    ("trivia_answers", "game_id IN (SELECT id FROM trivia_games WHERE guild_id = ? AND status <> 'running')"),
    ("trivia_games", "guild_id = ? AND status <> 'running'"),
    ("trivia_asked", "guild_id = ?"),
    ("member_stats", "guild_id = ?"),
    ("guild_stats", "guild_id = ?"),
    ("member_seen", "guild_id = ?"),
    ("spoiler_channels", "guild_id = ?"),
    ("guild_settings", "guild_id = ?"),
    # A reset forgets the schedule too; the Discord events stay (the moderator sees them in Discord).
    ("trivia_nights", "guild_id = ?"),
    # The roles given are taken back in Discord first (``ServerData.reset``), then forgotten here;
    # the rewards go with the other settings.
    ("role_grants", "guild_id = ?"),
    ("role_rewards", "guild_id = ?"),
)
_RESET_QUESTIONS = ("custom_questions", "guild_id = ?")
# Deleting a departed server: everything, the departure itself last.
_PURGE = (
    "trivia_answers",
    "trivia_games",
    *(t for t in SERVER_TABLES if t not in ("trivia_answers", "trivia_games", "guild_departures")),
    "guild_departures",
)


def page_sql(table: str, *, first: bool) -> str:
    """One page of a server's rows of ``table``: the first, or those after the previous page's last
    key (``(a, b) > (?, ?)``, a row value comparison: SQLite and PostgreSQL)."""
    keys = PAGE_KEYS[table]
    after = "" if first else f" AND ({', '.join(keys)}) > ({', '.join('?' for _ in keys)})"
    return f"SELECT * FROM {table} WHERE guild_id = ?{after} ORDER BY {', '.join(keys)} LIMIT ?"


class SqlServerDataStore:
    def __init__(self, db: Driver, cache: SettingsCache) -> None:
        self._db = db
        self._cache = cache

    async def counts(self, guild_id: int) -> dict[str, int]:
        found: dict[str, int] = {}
        for table in SERVER_TABLES:
            row = await self._db.fetchone(f"SELECT COUNT(*) FROM {table} WHERE guild_id = ?", (guild_id,))
            found[table] = row[0] if row else 0
        return found

    async def rows(self, guild_id: int, table: str, page_size: int) -> AsyncIterator[list[dict[str, Any]]]:
        keys = PAGE_KEYS[table]  # also refuses a table that is not a server table
        after: tuple[Any, ...] | None = None
        while True:
            sql = page_sql(table, first=after is None)
            params = (guild_id, page_size) if after is None else (guild_id, *after, page_size)
            # One page per statement: the lock is released between pages, so the bot keeps answering.
            page = [dict(row) for row in await self._db.fetchall(sql, params)]
            if page:
                yield page
            if len(page) < page_size:
                return
            after = tuple(page[-1][key] for key in keys)

    async def reset(
        self, guild_id: int, *, keep_questions: bool, actor_id: int, at: datetime
    ) -> dict[str, int]:
        steps = _RESET if keep_questions else (*_RESET, _RESET_QUESTIONS)
        try:
            async with self._db.transaction() as tx:
                deleted = await _delete(tx, guild_id, steps, self._db.dialect)
                old, new = reset_record(deleted, kept_questions=keep_questions)
                await tx.execute(INSERT_AUDIT, (guild_id, actor_id, ts(at), RESET_SETTING, old, new))
                await tx.notify(SETTINGS_CHANNEL, server_message(guild_id))
                return deleted
        finally:
            self._forget_cached(guild_id)

    async def purge(self, guild_id: int, left_before: datetime) -> dict[str, int] | None:
        try:
            async with self._db.transaction() as tx:
                # Checked inside the transaction: the bot may have been added back a moment ago.
                row = await tx.fetchone(
                    "SELECT left_at FROM guild_departures WHERE guild_id = ?", (guild_id,)
                )
                if row is None or row["left_at"] > ts(left_before):
                    return None
                steps = [(table, "guild_id = ?") for table in _PURGE]
                deleted = await _delete(tx, guild_id, steps, self._db.dialect)
                await tx.notify(SETTINGS_CHANNEL, server_message(guild_id))
                return deleted
        finally:
            self._forget_cached(guild_id)

    def _forget_cached(self, guild_id: int) -> None:
        self._cache.server_changed(guild_id)

    async def record_departure(self, guild_id: int, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO guild_departures (guild_id, left_at) VALUES (?, ?) "
            "ON CONFLICT (guild_id) DO NOTHING",
            (guild_id, ts(at)),
        )

    async def cancel_departure(self, guild_id: int) -> bool:
        return await self._db.execute("DELETE FROM guild_departures WHERE guild_id = ?", (guild_id,)) > 0

    async def servers_with_data(self) -> set[int]:
        tables = [t for t in SERVER_TABLES if t != "guild_departures"]
        sql = " UNION ".join(f"SELECT guild_id FROM {t} WHERE guild_id IS NOT NULL" for t in tables)
        return {row[0] for row in await self._db.fetchall(sql)}

    async def departures(self) -> list[Departure]:
        rows = await self._db.fetchall(
            "SELECT guild_id, left_at FROM guild_departures ORDER BY left_at, guild_id"
        )
        return [Departure(r["guild_id"], datetime.fromtimestamp(r["left_at"], UTC)) for r in rows]


async def _delete(
    tx: Transaction, guild_id: int, steps: Iterable[tuple[str, str]], dialect: Dialect
) -> dict[str, int]:
    if dialect is POSTGRESQL:  # a big server's rows may take longer than an interaction's statement
        await tx.execute("SET LOCAL statement_timeout = 0")
    deleted: dict[str, int] = {}
    for table, where in steps:
        count = await tx.execute(f"DELETE FROM {table} WHERE {where}", (guild_id,))
        deleted[table] = deleted.get(table, 0) + count
    return deleted
