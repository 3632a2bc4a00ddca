"""The session: a whole game on a virtual clock, stops, cancels, errors.

A VirtualClock runs a game with 20-second questions in milliseconds of real time.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from bot.domain.clocks import MonotonicClock
from bot.domain.trivia import (
    AcceptedAnswer,
    AlreadyAnswered,
    AskedQuestion,
    Ending,
    EndReason,
    GameNotRunning,
    QuestionClosed,
    Reveal,
    Standing,
    TriviaError,
    TriviaGame,
    TriviaMode,
    TriviaSession,
)
from tests.domain.trivia_helpers import ALICE, BOB, CAROL, SETTINGS, make_q, new_game, right, wrong
from tests.support.virtual_clock import VirtualClock

# --------------------------------------------------------------------------- the session

Response = str | Callable[[AskedQuestion], str]


class RecordingPresenter:
    """Records every call with the virtual time; answers on a script through the clock."""

    def __init__(
        self,
        clock: VirtualClock,
        script: dict[int, list[tuple[float, int, Response]]] | None = None,
        *,
        fail_on: tuple[str, int] | None = None,
    ) -> None:
        self.clock = clock
        self.script = script or {}
        self.fail_on = fail_on
        self.session: TriviaSession | None = None
        self.events: list[tuple[str, int | str, float]] = []
        self.asked: dict[int, AskedQuestion] = {}
        self.reveals: dict[int, Reveal] = {}
        self.deadlines: dict[int, float] = {}
        self.end: tuple[list[Standing], EndReason] | None = None
        self.results: list[tuple[int, int, Any]] = []

    def _maybe_fail(self, kind: str, number: int) -> None:
        if self.fail_on == (kind, number):
            raise RuntimeError(f"boom in {kind} {number}")

    async def show_question(self, asked: AskedQuestion, number: int, total: int, deadline: float) -> None:
        self.events.append(("question", number, self.clock.now()))
        self.asked[number] = asked
        self.deadlines[number] = deadline
        self._maybe_fail("question", number)
        for delay, user, response in self.script.get(number, []):
            self.clock.call_later(delay, partial(self._answer, number, user, response))

    def _answer(self, number: int, user: int, response: Response) -> None:
        assert self.session is not None
        text = response(self.asked[number]) if callable(response) else response
        try:
            result: Any = self.session.answer(user, text)
        except TriviaError as exc:
            result = exc
        self.results.append((number, user, result))

    async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None:
        await asyncio.sleep(0)  # a real presenter awaits Discord here
        self.events.append(("reveal", number, self.clock.now()))
        self.reveals[number] = reveal
        self._maybe_fail("reveal", number)

    async def show_end(self, ending: Ending) -> None:
        self.events.append(("end", ending.reason.value, self.clock.now()))
        self.end = (ending.standings, ending.reason)
        self.ending = ending
        self._maybe_fail("end", 0)


def start_session(
    game: TriviaGame, presenter: RecordingPresenter, **kwargs: Any
) -> tuple[TriviaSession, list[AcceptedAnswer]]:
    records: list[AcceptedAnswer] = []
    session = TriviaSession(game, presenter, clock=presenter.clock, on_answer=records.append, **kwargs)
    presenter.session = session
    return session.start(), records


async def test_a_whole_choice_game_on_a_virtual_clock() -> None:
    clock = VirtualClock()
    script: dict[int, list[tuple[float, int, Response]]] = {
        1: [(2.0, ALICE, right), (5.0, BOB, wrong), (21.0, CAROL, right)],  # Carol is too late
        2: [(1.0, ALICE, right), (3.0, BOB, right)],  # everyone answered: closes at +3
        3: [],
    }
    presenter = RecordingPresenter(clock, script)
    session, records = start_session(new_game(3), presenter)
    reason = await clock.run_until_complete(session.wait())

    assert reason is EndReason.FINISHED
    assert session.done
    assert session.end_reason is EndReason.FINISHED
    assert presenter.events == [
        ("question", 1, 0.0),
        ("reveal", 1, 20.0),  # the first question runs to its deadline
        ("question", 2, 23.0),  # after the 3-second pause
        ("reveal", 2, 26.0),  # closed as soon as Alice and Bob had both answered
        ("question", 3, 29.0),
        ("reveal", 3, 49.0),
        ("end", "finished", 49.0),
    ]
    assert presenter.deadlines == {1: 20.0, 2: 43.0, 3: 49.0}
    assert presenter.reveals[1].winners == [(ALICE, 145)]
    assert presenter.reveals[2].winners == [(ALICE, 147), (BOB, 142)]
    assert presenter.reveals[3].answered_count == 0
    assert isinstance(presenter.results[2][2], QuestionClosed)  # Carol's late click
    q1, q2 = presenter.asked[1].question.id, presenter.asked[2].question.id
    assert records == [
        AcceptedAnswer(1, q1, ALICE, True, 145, 1),
        AcceptedAnswer(1, q1, BOB, False, 0, 0),
        AcceptedAnswer(2, q2, ALICE, True, 147, 2),
        AcceptedAnswer(2, q2, BOB, True, 142, 1),
    ]
    assert presenter.end is not None
    assert presenter.end[0] == [Standing(ALICE, 292, 2, 2, 2), Standing(BOB, 142, 1, 2, 1)]
    with pytest.raises(GameNotRunning):
        session.answer(ALICE, "A")


async def test_a_whole_typed_game_on_a_virtual_clock() -> None:
    clock = VirtualClock()
    questions = [
        make_q("ana", answer="Ana de Armas", accepted=("de Armas",)),
        make_q("runtime", answer="125 minutes"),
    ]
    game = TriviaGame(questions, mode=TriviaMode.TYPED, settings=SETTINGS, rng=random.Random(1))
    script: dict[int, list[tuple[float, int, Response]]] = {
        1: [(4.0, ALICE, "ana de ármas"), (6.0, BOB, "Florence Pugh"), (7.0, BOB, "de armas")],
        2: [(2.0, BOB, "125"), (10.0, ALICE, "126 minutes")],
    }
    presenter = RecordingPresenter(clock, script)
    session, records = start_session(game, presenter, reveal_pause=5.0)
    assert await clock.run_until_complete(session.wait()) is EndReason.FINISHED

    assert [e for e in presenter.events if e[0] != "question"] == [
        ("reveal", 1, 20.0),
        ("reveal", 2, 35.0),  # question 2 opened at 25 and closed once both had answered
        ("end", "finished", 35.0),
    ]
    assert isinstance(presenter.results[2][2], AlreadyAnswered)  # Bob's second try
    assert [(r.user_id, r.correct, r.points) for r in records] == [
        (ALICE, True, 140),
        (BOB, False, 0),
        (BOB, True, 145),
        (ALICE, False, 0),
    ]
    assert presenter.reveals[2].correct_letter is None
    assert presenter.end is not None
    assert [s.user_id for s in presenter.end[0]] == [BOB, ALICE]


async def test_idle_session_ends_after_three_silent_questions() -> None:
    clock = VirtualClock()
    presenter = RecordingPresenter(clock)
    session, _ = start_session(new_game(10), presenter)
    assert await clock.run_until_complete(session.wait()) is EndReason.IDLE
    assert [e for e in presenter.events if e[0] == "reveal"] == [
        ("reveal", 1, 20.0),
        ("reveal", 2, 43.0),
        ("reveal", 3, 66.0),
    ]
    assert presenter.events[-1] == ("end", "idle", 66.0)


async def test_stop_ends_with_standings_and_no_reveal_of_the_open_question() -> None:
    clock = VirtualClock()
    script: dict[int, list[tuple[float, int, Response]]] = {
        1: [(1.0, ALICE, right), (2.0, BOB, wrong)],
        2: [(1.0, ALICE, right)],
    }
    presenter = RecordingPresenter(clock, script)
    session, _ = start_session(new_game(5), presenter)
    await clock.advance(25.0)  # question 2 is open (23 -> 43): Alice has answered it, Bob not yet
    assert await session.stop() is EndReason.STOPPED
    assert session.done
    assert presenter.events == [
        ("question", 1, 0.0),
        ("reveal", 1, 20.0),
        ("question", 2, 23.0),
        ("end", "stopped", 25.0),
    ]
    assert presenter.end is not None
    assert presenter.end[0] == [Standing(ALICE, 294, 2, 2, 2), Standing(BOB, 0, 0, 1, 0)]
    with pytest.raises(GameNotRunning):
        session.answer(BOB, "A")
    assert await session.stop() is EndReason.STOPPED  # stopping twice is harmless


async def test_stop_during_the_pause_between_questions() -> None:
    clock = VirtualClock()
    presenter = RecordingPresenter(clock)
    session, _ = start_session(new_game(5), presenter)
    await clock.advance(21.0)
    assert await session.stop() is EndReason.STOPPED
    assert [e[0] for e in presenter.events] == ["question", "reveal", "end"]
    assert presenter.events[-1] == ("end", "stopped", 21.0)


async def test_stop_from_inside_the_presenter() -> None:
    clock = VirtualClock()

    class StopsAfterFirstReveal(RecordingPresenter):
        async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None:
            await super().show_reveal(reveal, number, total)
            assert self.session is not None
            assert await self.session.stop() is EndReason.STOPPED

    presenter = StopsAfterFirstReveal(clock)
    session, _ = start_session(new_game(3), presenter)
    assert await clock.run_until_complete(session.wait()) is EndReason.STOPPED
    assert [e[0] for e in presenter.events] == ["question", "reveal", "end"]


async def test_cancel_ends_at_once_without_calling_the_presenter() -> None:
    clock = VirtualClock()
    ended: list[TriviaSession] = []
    presenter = RecordingPresenter(clock)
    session, _ = start_session(new_game(3), presenter, on_end=ended.append)
    await clock.advance(5.0)
    session.cancel("channel deleted")
    assert await session.wait() is EndReason.CANCELLED
    assert session.done
    assert session.cancel_reason == "channel deleted"
    assert presenter.events == [("question", 1, 0.0)]
    assert presenter.end is None
    assert ended == [session]
    assert session.error is None
    with pytest.raises(GameNotRunning):
        session.answer(ALICE, "A")
    session.cancel("again")  # no effect once done
    assert session.cancel_reason == "channel deleted"


async def test_cancel_before_the_task_ran() -> None:
    presenter = RecordingPresenter(VirtualClock())
    session, _ = start_session(new_game(3), presenter)
    session.cancel()
    assert await session.wait() is EndReason.CANCELLED
    assert presenter.events == []


@pytest.mark.parametrize("fail_on", [("question", 1), ("reveal", 2)])
async def test_a_presenter_error_ends_the_session_with_error_and_is_reported(
    fail_on: tuple[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    clock = VirtualClock()
    errors: list[tuple[TriviaSession, BaseException]] = []
    ended: list[TriviaSession] = []
    presenter = RecordingPresenter(clock, {1: [(1.0, ALICE, right)]}, fail_on=fail_on)
    with caplog.at_level(logging.ERROR, logger="bot.domain.trivia_session"):
        session, _ = start_session(
            new_game(3),
            presenter,
            on_error=lambda s, exc: errors.append((s, exc)),
            on_end=ended.append,
            name="guild 1 / #general",
        )
        assert await clock.run_until_complete(session.wait()) is EndReason.ERROR

    assert session.end_reason is EndReason.ERROR
    assert isinstance(session.error, RuntimeError)
    assert "boom" in str(session.error)
    assert errors == [(session, session.error)]
    assert ended == [session]
    assert presenter.events[-1][:2] == ("end", "error")  # the players are told, once
    assert [r for r in caplog.records if r.exc_info and r.exc_info[1] is session.error], (
        "the error was not logged"
    )
    assert any("guild 1 / #general" in r.getMessage() for r in caplog.records)
    with pytest.raises(GameNotRunning):
        session.answer(BOB, "A")


async def test_a_failing_end_is_reported_but_not_retried(caplog: pytest.LogCaptureFixture) -> None:
    clock = VirtualClock()
    presenter = RecordingPresenter(clock, fail_on=("end", 0))
    with caplog.at_level(logging.ERROR, logger="bot.domain.trivia_session"):
        session, _ = start_session(new_game(1), presenter)
        assert await clock.run_until_complete(session.wait()) is EndReason.ERROR
    assert [e[0] for e in presenter.events] == ["question", "reveal", "end"]
    assert isinstance(session.error, RuntimeError)
    assert any(r.levelno == logging.ERROR for r in caplog.records)


async def test_a_failing_answer_listener_does_not_break_the_click(caplog: pytest.LogCaptureFixture) -> None:
    clock = VirtualClock()

    def broken(record: AcceptedAnswer) -> None:
        raise OSError("disk full")

    game = new_game(2)
    session = TriviaSession(game, RecordingPresenter(clock), clock=clock, on_answer=broken).start()
    await clock.advance(1.0)
    assert game.current is not None
    with caplog.at_level(logging.ERROR, logger="bot.domain.trivia_session"):
        outcome = session.answer(ALICE, right(game.current))
    assert outcome.correct
    assert any("listener" in r.getMessage() for r in caplog.records)
    await session.stop()


async def test_answers_before_the_session_starts_are_refused() -> None:
    session = TriviaSession(new_game(1), RecordingPresenter(VirtualClock()), clock=VirtualClock())
    with pytest.raises(QuestionClosed):
        session.answer(ALICE, "A")
    assert not session.started
    assert not session.done
    with pytest.raises(RuntimeError, match="already started"):
        session.start().start()
    await session.stop()


async def test_virtual_clock_runs_timers_in_order_and_detects_deadlocks() -> None:
    clock = VirtualClock(start=10.0)
    fired: list[tuple[str, float]] = []
    clock.call_at(15.0, lambda: fired.append(("b", clock.now())))
    clock.call_later(2.0, lambda: fired.append(("a", clock.now())))

    async def sleeper() -> float:
        await clock.sleep(7.0)
        return clock.now()

    assert await clock.run_until_complete(sleeper()) == 17.0
    assert fired == [("a", 12.0), ("b", 15.0)]
    await clock.advance(3.0)
    assert clock.now() == 20.0
    with pytest.raises(RuntimeError, match="nothing is scheduled"):
        await clock.run_until_complete(asyncio.get_running_loop().create_future())


async def test_monotonic_clock() -> None:
    clock = MonotonicClock()
    before = clock.now()
    await clock.sleep(0)
    await clock.sleep(-1)
    assert clock.now() >= before
