"""/trivia stop sent while the start is still being answered finds the game (issue 14, item 6)."""

from __future__ import annotations

import asyncio

from bot.domain.records import GameStatus
from bot.domain.trivia.game import AskedQuestion, Ending, EndReason, Reveal, TriviaMode
from bot.services.trivia_games import GameRequest
from tests.conftest import World


class Recorder:
    end_shown = False

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.ending: Ending | None = None

    async def show_question(self, asked: AskedQuestion, number: int, total: int, deadline: float) -> None:
        self.calls.append("question")

    async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None:
        self.calls.append("reveal")

    async def show_end(self, ending: Ending) -> None:
        self.calls.append("end")
        self.ending = ending
        self.end_shown = True

    async def show_failure(self) -> None:
        self.calls.append("failure")

    async def show_shutdown(self) -> None:
        self.calls.append("shutdown")


async def test_a_stop_between_the_start_and_its_launch_ends_the_game_before_any_question(
    world: World,
) -> None:
    """Fails without the fix (mutation: ``stoppable`` looks only at launched games): "no game running"."""
    games = world.services.trivia_games
    request = GameRequest(
        guild_id=world.guild.id,
        channel_id=world.general.id,
        rules_channel_id=world.general.id,
        starter_id=world.member.id,
        count=3,
        difficulty="mixed",
        include_spoilers=False,
        mode=TriviaMode.CHOICE,
    )
    prepared = await games.prepare(request)  # the start reply is being sent now
    target = games.stoppable(world.general.id, world.member.id, may_manage_messages=False)
    stopping = asyncio.create_task(games.stop(target, by=world.member.id))
    await asyncio.sleep(0)
    assert not stopping.done(), "the stop waits for the launch"
    presenter = Recorder()
    games.launch(prepared, presenter, "https://discord.com/channels/1/2/3")
    await asyncio.wait_for(stopping, 5)
    assert presenter.calls == ["end"]
    assert presenter.ending is not None and presenter.ending.reason is EndReason.STOPPED
    assert presenter.ending.stopped_by == world.member.id
    for _ in range(100):
        row = await world.storage.trivia.get_game(prepared.game_id)
        if row is not None and row.status is not GameStatus.RUNNING:
            break
        await asyncio.sleep(0.01)
    assert row is not None and row.status is GameStatus.STOPPED
    assert games.in_channel(world.general.id) is None
