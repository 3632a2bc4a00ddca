"""Fill a server with a row in every kind of table, through the stores, as the bot would."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.daily import DailyAnswer, extend
from bot.domain.records import AnswerRow, GameStatus
from bot.domain.rewards import RewardKind
from bot.domain.settings import normalise
from bot.storage.bundle import Storage


async def fill_server(
    storage: Storage, guild_id: int, members: tuple[int, int], moderator: int, at: datetime
) -> int:
    """Settings, a spoiler channel, seen marks, a hidden member, a question, two games with answers, a
    report, a trivia night, a paused daily question answered by both members, and a role reward
    given to the first.

    Returns the id of a game left running. ``members`` both play; the first is hidden from leaderboards.
    """
    first, second = members
    await storage.settings.update(
        guild_id, moderator, {"spoiler_mode": normalise("spoiler_mode", "hide")}, at
    )
    await storage.settings.set_spoiler_channel(guild_id, moderator, guild_id + 1, True, at)
    for member in members:
        await storage.settings.set_seen(guild_id, member, True, at)
    await storage.members.set_hidden(guild_id, first, True, at)
    trivia = storage.trivia
    await trivia.add_question(
        guild_id, moderator, "Who?", "Eve", ("Ana", "Nog", "Ian"), SpoilerLevel.NONE, Difficulty.EASY, at, 200
    )
    finished = await trivia.create_game(guild_id, guild_id + 2, first, "choice", "mixed", 2, at)
    running = await trivia.create_game(guild_id, guild_id + 3, second, "choice", "mixed", 2, at)
    await trivia.mark_asked(guild_id, ["trivia-001", "custom-1"], at)
    base = int(at.timestamp() * 1000)
    rows = [
        AnswerRow(
            game,
            guild_id,
            number,
            f"trivia-00{number + 1}",
            member,
            member == first,
            120 if member == first else 0,
            1,
            base + number,
        )
        for game in (finished, running)
        for number in (0, 1)
        for member in members
    ]
    await trivia.record_answers(rows)
    await storage.reports.add_report(guild_id, second, "cast", "cast-ana-de-armas", "A typo in her role", at)
    await storage.nights.add_night(
        guild_id, guild_id + 2, guild_id + 2, guild_id + 4, at + timedelta(days=300), 5, "easy", moderator, at
    )
    await trivia.finish_game(finished, GameStatus.FINISHED, at + timedelta(minutes=1), [first], members)
    due = int(at.timestamp())
    await storage.daily.set_schedule(guild_id, guild_id + 4, 540, "Europe/Prague", due)
    day = at.date().isoformat()
    await storage.daily.claim(
        guild_id, day, due + 86_400, "trivia-001", due, reset_history=False, active_only=True
    )
    for member in members:
        await storage.daily.answer(guild_id, day, DailyAnswer(member, member == first, base), extend)
    # Paused: tests that move the wall clock by days see no daily post change the rows they compare.
    await storage.daily.set_paused(guild_id, True, due + 86_400)
    # A role reward, given to the first member.
    await storage.rewards.add_reward(guild_id, guild_id + 5, RewardKind.STREAK, 1, moderator, due, 25)
    await storage.rewards.claim_grant(guild_id, first, guild_id + 5, due)
    return running
