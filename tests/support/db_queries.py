"""Read-only questions tests ask of the database that the bot itself never needs to."""

from __future__ import annotations

from bot.storage.driver import Driver


async def answer_count(db: Driver, game_id: int, question_no: int | None = None) -> int:
    if question_no is None:
        row = await db.fetchone("SELECT COUNT(*) FROM trivia_answers WHERE game_id = ?", (game_id,))
    else:
        row = await db.fetchone(
            "SELECT COUNT(*) FROM trivia_answers WHERE game_id = ? AND question_no = ?",
            (game_id, question_no),
        )
    return row[0] if row else 0


async def guild_games_played(db: Driver, guild_id: int) -> int:
    row = await db.fetchone("SELECT games_played FROM guild_stats WHERE guild_id = ?", (guild_id,))
    return 0 if row is None else row["games_played"]
