"""Read-only questions tests ask of the database that the bot itself never needs to."""

from __future__ import annotations

from bot.storage.sqlite.database import Database


async def answer_count(db: Database, game_id: int, question_no: int | None = None) -> int:
    if question_no is None:
        row = await db.fetchone("SELECT COUNT(*) FROM trivia_answers WHERE game_id = ?", (game_id,))
    else:
        row = await db.fetchone(
            "SELECT COUNT(*) FROM trivia_answers WHERE game_id = ? AND question_no = ?",
            (game_id, question_no),
        )
    return row[0] if row else 0


async def guild_games_played(db: Database, guild_id: int) -> int:
    row = await db.fetchone("SELECT games_played FROM guild_stats WHERE guild_id = ?", (guild_id,))
    return 0 if row is None else row["games_played"]


async def every_row(db: Database) -> dict[str, set[tuple[object, ...]]]:
    """Every row of every table (SQLite's own bookkeeping aside), to compare a database before and after."""
    tables = await db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    found: dict[str, set[tuple[object, ...]]] = {}
    for table in tables:
        rows = await db.fetchall(f"SELECT * FROM {table['name']}")
        found[table["name"]] = {tuple(row) for row in rows}
    return found


async def rows_of(
    db: Database, table: str, where: str, params: tuple[object, ...]
) -> set[tuple[object, ...]]:
    return {tuple(row) for row in await db.fetchall(f"SELECT * FROM {table} WHERE {where}", params)}


def without(
    before: dict[str, set[tuple[object, ...]]], removed: dict[str, set[tuple[object, ...]]]
) -> dict[str, set[tuple[object, ...]]]:
    """``before`` with exactly the ``removed`` rows taken out of each table."""
    return {table: rows - removed.get(table, set()) for table, rows in before.items()}
