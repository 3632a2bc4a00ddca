"""TriviaGames over real SQLite stores and a virtual clock: what a game's end records."""

from __future__ import annotations

import asyncio

from bot.domain.content import Content
from bot.domain.trivia.game import TriviaMode
from bot.services.running_game import GamePlan, GamePresenter, GameRequest
from bot.storage.answer_writer import AnswerWriter
from bot.storage.bundle import Storage
from tests.support.recorder import Recorder
from tests.support.stores import GUILD
from tests.support.trivia_games import trivia_games
from tests.support.virtual_clock import VirtualClock

CHANNEL, STARTER = 5_000, 6_000


async def test_final_standings_wait_for_every_pending_batch(
    storage: Storage, content: Content, clock: VirtualClock
) -> None:
    """Mutation caught: ``AnswerWriter.flush`` waiting only for the batch being written.

    With batches of 2 and 12 answers in flight when the game is stopped, later batches would
    still be pending when the end is recorded: players would miss their game in the stats.
    """
    answers = AnswerWriter(storage.trivia, max_batch=2)
    answers.start()
    games = trivia_games(storage, content, clock, answers)
    request = GameRequest(
        guild_id=GUILD,
        channel_id=CHANNEL,
        rules_channel_id=CHANNEL,
        starter_id=STARTER,
        count=1,
        difficulty="mixed",
        include_spoilers=False,
        mode=TriviaMode.CHOICE,
    )
    presenter = Recorder()

    async def post(plan: GamePlan) -> tuple[GamePresenter, str]:
        return presenter, "https://discord.com/channels/1/2/3"

    running = await games.start(request, post)
    await clock.settle()  # the session task asks its first question
    assert running.session.game.is_open
    players = [10_000 + n for n in range(12)]
    clicks = [asyncio.create_task(games.answer(running.game_id, CHANNEL, user, 1, "A")) for user in players]
    await asyncio.sleep(0)  # every click is queued, none written yet
    assert answers.pending == 12
    await running.session.stop(by=STARTER)
    await asyncio.gather(*clicks)
    assert presenter.ending is not None and len(presenter.ending.standings) == 12
    await games.shutdown()  # waits until the game's end is recorded
    played = [(await storage.trivia.member_stats(GUILD, user)).games_played for user in players]
    assert played == [1] * 12
    await answers.close()
