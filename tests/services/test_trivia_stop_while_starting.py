"""Starting a game: ``TriviaGames.start`` over real SQLite stores and a virtual clock, no Discord.

While its start message is being posted the game already holds its channel: a stop is kept for
the launch, a second start is refused, and a start that could not be posted closes its row.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.domain.records import GameStatus
from bot.domain.trivia.errors import GameAlreadyRunning
from bot.domain.trivia.game import EndReason, TriviaMode
from bot.services.running_game import GamePlan, GamePresenter, GameRequest
from bot.services.trivia_games import TriviaGames
from bot.storage.bundle import Storage
from tests.support.db_queries import game_count, game_row
from tests.support.recorder import Recorder
from tests.support.stores import GUILD

CHANNEL, STARTER = 5_000, 6_000
URL = "https://discord.com/channels/1/2/3"


class SlowPost:
    """The start message, posted when the test says so (or failing then)."""

    def __init__(self, fails: bool = False) -> None:
        self.called = asyncio.Event()
        self.release = asyncio.Event()
        self.fails = fails
        self.presenter = Recorder()
        self.plan: GamePlan | None = None

    async def __call__(self, plan: GamePlan) -> tuple[GamePresenter, str]:
        self.plan = plan
        self.called.set()
        await self.release.wait()
        if self.fails:
            raise ConnectionResetError("the start message could not be sent")
        return self.presenter, URL


def request() -> GameRequest:
    return GameRequest(
        guild_id=GUILD,
        channel_id=CHANNEL,
        rules_channel_id=CHANNEL,
        starter_id=STARTER,
        count=3,
        difficulty="mixed",
        include_spoilers=False,
        mode=TriviaMode.CHOICE,
    )


async def test_a_stop_between_the_start_and_its_launch_ends_the_game_before_any_question(
    games: TriviaGames, storage: Storage
) -> None:
    """Mutation caught: ``stoppable`` looking only at launched games ("no game running")."""
    post = SlowPost()
    starting = asyncio.create_task(games.start(request(), post))
    await post.called.wait()  # the start reply is being sent now
    target = games.stoppable(CHANNEL, STARTER, may_manage_messages=False)
    assert target.starting
    stopping = asyncio.create_task(games.stop(target, by=STARTER))
    await asyncio.sleep(0)
    assert not stopping.done(), "the stop waits for the launch"
    post.release.set()
    game = await starting
    await stopping
    presenter = post.presenter
    assert presenter.calls == ["end"]
    assert presenter.ending is not None and presenter.ending.reason is EndReason.STOPPED
    assert presenter.ending.stopped_by == STARTER
    await games.shutdown()  # waits until the game's end is recorded
    row = await game_row(storage.database, game.game_id)
    assert row is not None and row.status is GameStatus.STOPPED
    assert games.running() == []


async def test_a_second_start_while_the_first_is_posting_is_refused_and_creates_nothing(
    games: TriviaGames, storage: Storage
) -> None:
    post = SlowPost()
    starting = asyncio.create_task(games.start(request(), post))
    await post.called.wait()
    with pytest.raises(GameAlreadyRunning, match="starting in this channel right now"):
        await games.start(request(), SlowPost())
    assert await game_count(storage.database) == 1
    post.release.set()
    game = await starting
    assert not game.starting and game.start_url == URL
    with pytest.raises(GameAlreadyRunning, match=f"already running in this channel: {URL}"):
        await games.start(request(), SlowPost())
    await games.shutdown()


async def test_a_start_message_that_could_not_be_posted_closes_the_game_and_frees_the_channel(
    games: TriviaGames, storage: Storage
) -> None:
    """Mutation caught: not closing the row when posting fails (it would stay 'running')."""
    post = SlowPost(fails=True)
    starting = asyncio.create_task(games.start(request(), post))
    await post.called.wait()
    target = games.stoppable(CHANNEL, STARTER, may_manage_messages=False)
    stopping = asyncio.create_task(games.stop(target, by=STARTER))
    post.release.set()
    with pytest.raises(ConnectionResetError):
        await starting
    await stopping  # a stop of a start that failed has nothing to stop, and returns
    assert post.plan is not None and post.presenter.calls == []
    row = await game_row(storage.database, post.plan.game_id)
    assert row is not None and row.status is GameStatus.INTERRUPTED
    again = SlowPost()
    again.release.set()
    game = await games.start(request(), again)  # the channel is free again
    assert game.game_id != post.plan.game_id
    await games.shutdown()
