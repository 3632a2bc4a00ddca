"""Read-only questions tests ask of the database that the bot itself never needs to."""

from __future__ import annotations

from bot.domain.records import GameRow
from bot.storage.driver import Driver
from bot.storage.sql.trivia_store import game_from_row


async def answer_count(db: Driver, game_id: int, question_no: int | None = None) -> int:
    if question_no is None:
        row = await db.fetchone("SELECT COUNT(*) FROM trivia_answers WHERE game_id = ?", (game_id,))
    else:
        row = await db.fetchone(
            "SELECT COUNT(*) FROM trivia_answers WHERE game_id = ? AND question_no = ?",
            (game_id, question_no),
        )
    return row[0] if row else 0


async def game_row(db: Driver, game_id: int) -> GameRow | None:
    row = await db.fetchone("SELECT * FROM trivia_games WHERE id = ?", (game_id,))
    return None if row is None else game_from_row(row)


async def game_count(db: Driver) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM trivia_games")
    return row[0] if row else 0


async def guild_games_played(db: Driver, guild_id: int) -> int:
    row = await db.fetchone("SELECT games_played FROM guild_stats WHERE guild_id = ?", (guild_id,))
    return 0 if row is None else row["games_played"]


async def table_names(db: Driver) -> list[str]:
    """The bot's tables (not the migration bookkeeping), from the database itself."""
    if db.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
    else:
        sql = (
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'schema_migrations' ORDER BY tablename"
        )
    return [r[0] for r in await db.fetchall(sql)]


async def column_names(db: Driver, table: str) -> set[str]:
    if db.dialect.name == "sqlite":
        return {c["name"] for c in await db.fetchall(f"PRAGMA table_info({table})")}
    rows = await db.fetchall(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ?",
        (table,),
    )
    return {r[0] for r in rows}


async def every_row(db: Driver) -> dict[str, set[tuple[object, ...]]]:
    """Every row of every table (the migration bookkeeping aside), to compare a database before and after."""
    tables = await table_names(db)
    found: dict[str, set[tuple[object, ...]]] = {}
    for table in tables:
        found[table] = {tuple(row) for row in await db.fetchall(f"SELECT * FROM {table}")}
    return found


async def rows_of(db: Driver, table: str, where: str, params: tuple[object, ...]) -> set[tuple[object, ...]]:
    return {tuple(row) for row in await db.fetchall(f"SELECT * FROM {table} WHERE {where}", params)}


def without(
    before: dict[str, set[tuple[object, ...]]], removed: dict[str, set[tuple[object, ...]]]
) -> dict[str, set[tuple[object, ...]]]:
    """``before`` with exactly the ``removed`` rows taken out of each table."""
    return {table: rows - removed.get(table, set()) for table, rows in before.items()}
