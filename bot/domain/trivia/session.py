"""A running trivia game: one asyncio task that asks, waits, reveals and ends.

``TriviaSession`` drives a ``TriviaGame`` through a ``Presenter`` (the Discord side: it sends
and edits messages) and a ``GameClock``. No discord imports: the presenter is a protocol, and
every wait goes through the clock, so tests run a whole game on a virtual clock
(``tests/support/virtual_clock.py``) without sleeping for real.

    session = TriviaSession(game, presenter, clock=MonotonicClock(), on_answer=record).start()
    outcome = session.answer(user_id, "B")  # from a button callback; never awaits
    await session.stop()  # or session.cancel("channel deleted")
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple, Protocol

from bot.domain.clocks import GameClock, MonotonicClock
from bot.domain.trivia.game import AnswerOutcome, AskedQuestion, Ending, EndReason, Reveal, TriviaGame

log = logging.getLogger(__name__)

DEFAULT_REVEAL_PAUSE = 3.0  # seconds between a reveal and the next question


# --------------------------------------------------------------------------- presenter and hooks


class Presenter(Protocol):
    """The view side of a session (the cog implements it with messages and buttons).

    ``deadline`` is in the session clock's seconds (the presenter turns it into a timestamp
    from the clock's ``now``). An exception from any method ends the session with ERROR.
    """

    async def show_question(self, asked: AskedQuestion, number: int, total: int, deadline: float) -> None: ...

    async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None: ...

    async def show_end(self, ending: Ending) -> None: ...


class AcceptedAnswer(NamedTuple):
    """One accepted answer, as the session reports it to its ``on_answer`` hook."""

    question_no: int  # 1-based
    question_id: str
    user_id: int
    correct: bool
    points: int
    streak: int


AnswerListener = Callable[[AcceptedAnswer], object]
ErrorHook = Callable[["TriviaSession", BaseException], object]
EndHook = Callable[["TriviaSession"], object]
SettleHook = Callable[[], Awaitable[object]]


# --------------------------------------------------------------------------- the session


class TriviaSession:
    """Owns the task that runs one game: ask → wait → reveal → pause → … → end.

    A question closes at its deadline or as soon as every player has answered it
    (``TriviaGame.everyone_answered``), then the reveal shows and the session pauses
    ``reveal_pause`` seconds. The end shows the standings with an ``EndReason``:
    FINISHED or IDLE (from the game), STOPPED (``stop()``; the open question is not
    revealed), ERROR (a presenter call raised; the end is still attempted once).
    CANCELLED (``cancel()``, or the task was cancelled) calls the presenter no more.

    Hooks, all plain callbacks run on the event loop and guarded (an exception in one
    is logged, never propagated): ``on_answer(record)`` after each accepted answer,
    ``on_error(session, exc)`` when the task failed (after it was logged), and
    ``on_end(session)`` once the task is over, whatever the reason.

    ``settle()``, when given, is awaited before a question closes and before the end is shown:
    it returns once every answer given so far is stored or taken back (``withdraw``), so a reveal
    and the standings only ever show answers that were stored.
    """

    def __init__(
        self,
        game: TriviaGame,
        presenter: Presenter,
        *,
        clock: GameClock | None = None,
        on_answer: AnswerListener | None = None,
        on_error: ErrorHook | None = None,
        on_end: EndHook | None = None,
        settle: SettleHook | None = None,
        reveal_pause: float = DEFAULT_REVEAL_PAUSE,
        name: str = "trivia",
    ) -> None:
        self.game = game
        self.name = name  # for logs, e.g. "guild 1 / channel 2"
        self._presenter = presenter
        self._clock: GameClock = clock if clock is not None else MonotonicClock()
        self._on_answer = on_answer
        self._on_error = on_error
        self._on_end = on_end
        self._settle_hook = settle
        self._reveal_pause = reveal_pause
        self._task: asyncio.Task[EndReason] | None = None
        self._sleeper: asyncio.Task[None] | None = None  # the wait an answer or stop cuts short
        self._end_reason: EndReason | None = None
        self._end_shown = False
        self.error: BaseException | None = None
        self.cancel_reason = ""

    # ---- lifecycle

    def start(self) -> TriviaSession:
        """Start the game's task (needs a running event loop); returns the session."""
        if self._task is not None:
            raise RuntimeError("this session has already started")
        self._task = asyncio.get_running_loop().create_task(self._run(), name=f"trivia session {self.name}")
        self._task.add_done_callback(self._task_done)
        return self

    @property
    def started(self) -> bool:
        return self._task is not None

    @property
    def done(self) -> bool:
        return self._task is not None and self._task.done()

    @property
    def end_reason(self) -> EndReason | None:
        return self._end_reason

    async def wait(self) -> EndReason | None:
        """Wait until the session is over and return why; never raises the session's error."""
        if self._task is not None:
            await asyncio.wait((self._task,))
        return self._end_reason if self._end_reason is not None else self.game.end_reason

    async def stop(self, by: int | None = None) -> EndReason | None:
        """End the game after the current step (no reveal of the open question) and show the standings.

        ``by``: the member who stopped it. Returns once the session is over. Answers are refused
        from the moment stop is called.
        """
        self.game.end(EndReason.STOPPED, by=by)
        self._wake_up()
        if self._task is None:
            self._end_reason = self._end_reason or self.game.end_reason
            return self._end_reason
        if self._task is asyncio.current_task():  # called from inside the presenter
            return EndReason.STOPPED
        return await self.wait()

    def cancel(self, reason: str = "") -> None:
        """End the session at once without calling the presenter again (e.g. the channel is gone)."""
        if self.done:
            return
        self.cancel_reason = reason
        self.game.end(EndReason.CANCELLED)
        self._end_reason = EndReason.CANCELLED
        if self._task is not None:
            self._task.cancel(reason or None)

    # ---- the hot path

    def answer(self, user_id: int, response: str) -> AnswerOutcome:
        """Record an answer now; raises the game's TriviaError subclasses. Never awaits.

        Called straight from a button or modal callback, before it acknowledges the
        interaction.
        """
        game = self.game
        outcome = game.answer(user_id, response, self._clock.now())
        listener = self._on_answer
        if listener is not None:
            asked = game.current
            record = AcceptedAnswer(
                game.number,
                asked.question.id if asked is not None else "",
                user_id,
                outcome.correct,
                outcome.points,
                outcome.streak,
            )
            try:
                listener(record)
            except Exception:
                log.exception("Trivia session %s: the answer listener failed", self.name)
        if game.everyone_answered():
            self._wake_up()
        return outcome

    def withdraw(self, user_id: int) -> bool:
        """Take back an answer that could not be stored (see ``TriviaGame.withdraw``)."""
        return self.game.withdraw(user_id)

    # ---- the task

    async def _settle(self) -> None:
        if self._settle_hook is not None:
            await self._settle_hook()

    def _wake_up(self) -> None:
        sleeper = self._sleeper
        if sleeper is not None and not sleeper.done():
            sleeper.cancel()

    async def _sleep_unless_woken(self, seconds: float) -> None:
        """Sleep on the clock for ``seconds``, or less when an answer or stop wakes us.

        Waking cancels the sleeping task. The session waits on that task alone (no bare
        future), so a harness that tracks tasks and fast-forwards timers (SimCord's
        ``advance_time``) sees a plain timer wait it can park and later fire.
        """
        sleeper = asyncio.get_running_loop().create_task(self._clock.sleep(seconds))
        self._sleeper = sleeper
        try:
            await asyncio.wait((sleeper,))
        finally:
            self._sleeper = None
            if not sleeper.done():
                sleeper.cancel()
        if not sleeper.cancelled():
            sleeper.result()  # surface a failing clock

    async def _wait_for_close(self) -> None:
        game = self.game
        while True:
            while not game.is_over and not game.everyone_answered():
                remaining = game.deadline - self._clock.now()
                if remaining <= 0:
                    break
                await self._sleep_unless_woken(remaining)
            await self._settle()  # an answer taken back may mean not everyone has answered after all
            if game.is_over or game.everyone_answered() or game.deadline <= self._clock.now():
                return

    async def _pause(self, seconds: float) -> None:
        end = self._clock.now() + seconds
        while not self.game.is_over:
            remaining = end - self._clock.now()
            if remaining <= 0:
                return
            await self._sleep_unless_woken(remaining)

    async def _play(self) -> None:
        game, presenter = self.game, self._presenter
        while game.has_next():
            asked = game.start_question(self._clock.now())
            number, total = game.number, game.total
            await presenter.show_question(asked, number, total, game.deadline)
            await self._wait_for_close()
            if game.is_over:  # stopped while the question was open
                return
            reveal = game.close_question()
            await presenter.show_reveal(reveal, number, total)
            if game.is_over:  # finished or idle
                return
            await self._pause(self._reveal_pause)

    async def _run(self) -> EndReason:
        game = self.game
        try:
            await self._play()
            await self._settle()
            game.end(EndReason.FINISHED)  # no effect when the game already says why it ended
            reason = game.end_reason or EndReason.FINISHED
            self._end_reason = reason
            self._end_shown = True
            await self._presenter.show_end(game.ending())
            return reason
        except asyncio.CancelledError:
            game.end(EndReason.CANCELLED)
            self._end_reason = EndReason.CANCELLED
            raise
        except Exception:
            game.end(EndReason.ERROR)
            self._end_reason = EndReason.ERROR
            if not self._end_shown:
                self._end_shown = True
                try:
                    await self._presenter.show_end(game.ending())
                except Exception:
                    log.exception("Trivia session %s: showing the end after an error failed too", self.name)
            raise  # the done callback logs it and calls on_error

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            self.game.end(EndReason.CANCELLED)
            self._end_reason = EndReason.CANCELLED
            log.info("Trivia session %s cancelled (%s)", self.name, self.cancel_reason or "no reason given")
        else:
            exc = task.exception()
            if exc is not None:
                self.error = exc
                self._end_reason = EndReason.ERROR
                log.error("Trivia session %s ended with an error", self.name, exc_info=exc)
                if self._on_error is not None:
                    try:
                        self._on_error(self, exc)
                    except Exception:
                        log.exception("Trivia session %s: the error hook failed", self.name)
        if self._on_end is not None:
            try:
                self._on_end(self)
            except Exception:
                log.exception("Trivia session %s: the end hook failed", self.name)
