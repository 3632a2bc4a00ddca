"""A database with rows in every table, written through the stores as the bot writes them.

The schema agreement test probes each table's constraints from these rows, and the
``migrate-db`` tests copy them; both need every table filled, so ``populate`` checks that
it left no table empty (a new migration's table needs a line here).
"""

from __future__ import annotations

from datetime import timedelta

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.daily import DailyAnswer
from bot.domain.daily import extend as extend_streak
from bot.domain.records import AnswerRow, GameStatus
from bot.domain.rewards import RewardKind
from bot.domain.settings import normalise
from bot.domain.trivia.nights import NightStatus
from bot.storage.driver import Driver
from bot.storage.sql import sql_storage
from tests.support.db_queries import table_names
from tests.support.stores import ADMIN, GUILD, OTHER_GUILD, T0


async def populate(db: Driver, *, players: int = 6, questions: int = 4) -> None:
    """Fill every table; ``players × questions`` answers per finished game (scale it up for size)."""
    storage = sql_storage(db)
    await storage.meta.set("commands:global", "abc123")
    await storage.meta.set("note", "it's got a 'quote'")
    for guild, mode in ((GUILD, "hide"), (OTHER_GUILD, "open")):
        wanted = {"spoiler_mode": mode, "trivia_time_limit": 30, "embargo_until": T0 + timedelta(days=3)}
        await storage.settings.update(guild, ADMIN, {k: normalise(k, v) for k, v in wanted.items()}, T0)
        await storage.settings.set_spoiler_channel(guild, ADMIN, 4242, True, T0)
    await storage.settings.update(GUILD, ADMIN, {"allow_profanity": normalise("allow_profanity", True)}, T0)
    for user in range(1, 4):
        await storage.settings.set_seen(GUILD, user, True, T0)

    trivia = storage.trivia
    finished = await trivia.create_game(GUILD, 10, ADMIN, "choice", "mixed", questions, T0)
    stopped = await trivia.create_game(OTHER_GUILD, 20, ADMIN, "typed", "hard", questions, T0)
    await trivia.create_game(GUILD, 11, ADMIN, "choice", "easy", 5, T0 + timedelta(hours=1))  # still running
    base_ms = int(T0.timestamp() * 1000)
    for game, guild in ((finished, GUILD), (stopped, OTHER_GUILD)):
        await trivia.record_answers(
            [
                AnswerRow(
                    game_id=game,
                    guild_id=guild,
                    question_no=q,
                    question_id=f"q-{q}",
                    user_id=1000 + u,
                    correct=(q + u) % 3 != 0,
                    points=100 + u if (q + u) % 3 != 0 else 0,
                    streak=1 if (q + u) % 3 != 0 else 0,
                    answered_at_ms=base_ms + q * 1000 + u,
                )
                for q in range(questions)
                for u in range(players)
            ]
        )
    end = T0 + timedelta(minutes=10)
    await trivia.finish_game(finished, GameStatus.FINISHED, end, [1001], range(1000, 1000 + players))
    await trivia.finish_game(stopped, GameStatus.STOPPED, end, [], range(1000, 1000 + players))

    await trivia.mark_asked(GUILD, [f"q-{q}" for q in range(questions)], T0)
    await trivia.mark_asked(OTHER_GUILD, ["q-0"], T0)
    wrong = ("Winston", "Charon", "Daniel")
    for text in ("Who trained Eve?", "Where is the Ruska Roma theatre?", "Which city?"):
        await trivia.add_question(
            GUILD, ADMIN, text, "Nogi", wrong, SpoilerLevel.MINOR, Difficulty.HARD, T0, 50
        )
    newest = max(q.id for q in await trivia.questions(GUILD))
    await trivia.remove_question(GUILD, newest)  # so the highest number ever given is not in the table

    await storage.settings.update(
        GUILD, ADMIN, {"reports_channel_id": normalise("reports_channel_id", 777)}, T0
    )
    await storage.reports.add_report(GUILD, 1001, "cast", "cast-ana-de-armas", "It's 'Eve', isn't it?", T0)
    await storage.reports.add_report(None, 1002, "other", "", "From a DM", T0 + timedelta(minutes=1))
    await storage.members.set_hidden(GUILD, 1002, True, T0)
    await storage.servers.record_departure(OTHER_GUILD, T0 + timedelta(days=1))
    night = await storage.nights.add_night(GUILD, 10, 10, 555, T0 + timedelta(days=2), 12, "hard", ADMIN, T0)
    await storage.nights.add_night(GUILD, 11, 10, 556, T0 + timedelta(days=3), None, "mixed", ADMIN, T0)
    await storage.nights.settle(night, T0 + timedelta(days=2), NightStatus.STARTED)

    daily, due = storage.daily, int(T0.timestamp())
    await daily.set_schedule(GUILD, 10, 9 * 60, "Europe/Prague", due)
    claimed = await daily.claim(
        GUILD, "2026-06-06", due + 86_400, "q-1", due, reset_history=False, active_only=True
    )
    assert claimed
    await daily.set_message(GUILD, "2026-06-06", 555)
    await daily.answer(GUILD, "2026-06-06", DailyAnswer(1001, True, due * 1000), extend_streak)

    await storage.rewards.add_reward(GUILD, 4343, RewardKind.POINTS, 500, ADMIN, due, 25)
    await storage.rewards.add_reward(GUILD, 4344, RewardKind.STREAK, 7, ADMIN, due, 25)
    await storage.rewards.mark_attention(GUILD, 4344, due, True)
    await storage.rewards.claim_grant(GUILD, 1001, 4343, due)

    for table in await table_names(db):
        row = await db.fetchone(f"SELECT COUNT(*) FROM {table}")
        assert row is not None and row[0] > 0, f"populate left {table} empty"
