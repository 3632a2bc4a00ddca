"""A running trivia game: one asyncio task that asks, waits, reveals and ends.

``TriviaSession`` drives a ``TriviaGame`` through a ``Presenter`` (the cog's view code:
it sends and edits messages) and a ``Clock``. No discord imports: the presenter is
a protocol, and every wait goes through the clock, so tests run a whole game on a
``VirtualClock`` without sleeping for real.

Production::

    session = TriviaSession(game, presenter, clock=MonotonicClock(), on_answer=writer.submit).start()
    ...
    outcome = session.answer(interaction.user.id, "B")  # in the button callback; never awaits
    ...
    await session.stop()  # or session.cancel("channel deleted")

Tests::

    clock = VirtualClock()
    session = TriviaSession(game, presenter, clock=clock).start()
    clock.call_later(2.0, lambda: session.answer(1, "A"))  # a click 2 s into the game
    await clock.run_until_complete(session.wait())  # virtual time jumps from timer to timer
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple, Protocol, TypeVar

from bot.domain.trivia_game import (
    AnswerOutcome,
    AskedQuestion,
    EndReason,
    Reveal,
    Standing,
    TriviaGame,
)

log = logging.getLogger(__name__)

DEFAULT_REVEAL_PAUSE = 3.0  # seconds between a reveal and the next question

T = TypeVar("T")


# --------------------------------------------------------------------------- clocks


class Clock(Protocol):
    """Where a session gets the time and waits. Times are monotonic seconds."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class MonotonicClock:
    """The real clock: ``time.monotonic`` and ``asyncio.sleep``."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))

    def to_unix(self, t: float) -> float:
        """A time of this clock (e.g. a question's deadline) as a Unix timestamp, for ``<t:…:R>``."""
        return time.time() + (t - time.monotonic())


class VirtualClock:
    """A fake clock for tests and simulations: time moves only when the test moves it.

    ``sleep`` parks the caller until virtual time reaches its end. ``advance(s)`` moves
    time forward ``s`` seconds, waking sleepers and firing ``call_at``/``call_later``
    callbacks in time order; ``run_until_complete(aw)`` keeps jumping to the next
    timer until ``aw`` is done (no real waiting at all). Between jumps it yields to
    the event loop ``settle_rounds`` times so woken tasks can run and go back to sleep.
    """

    def __init__(self, start: float = 0.0, *, settle_rounds: int = 20) -> None:
        self._now = start
        self._settle_rounds = settle_rounds
        self._timers: list[tuple[float, int, asyncio.Future[None] | Callable[[], object]]] = []
        self._seq = itertools.count()

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self._now + seconds, next(self._seq), future))
        await future

    def call_at(self, when: float, callback: Callable[[], object]) -> None:
        """Run ``callback()`` when virtual time reaches ``when``; its exceptions propagate to the driver."""
        heapq.heappush(self._timers, (when, next(self._seq), callback))

    def call_later(self, delay: float, callback: Callable[[], object]) -> None:
        self.call_at(self._now + delay, callback)

    async def settle(self) -> None:
        """Let every task that can run, run."""
        for _ in range(self._settle_rounds):
            await asyncio.sleep(0)

    def _next_when(self) -> float | None:
        timers = self._timers
        while timers:
            item = timers[0][2]
            if isinstance(item, asyncio.Future) and item.done():  # a cancelled sleep
                heapq.heappop(timers)
                continue
            return timers[0][0]
        return None

    def _fire_next(self) -> None:
        when, _, item = heapq.heappop(self._timers)
        self._now = max(self._now, when)
        if isinstance(item, asyncio.Future):
            item.set_result(None)
        else:
            item()

    async def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds``, running everything due on the way."""
        target = self._now + seconds
        await self.settle()
        while (when := self._next_when()) is not None and when <= target:
            self._fire_next()
            await self.settle()
        self._now = max(self._now, target)
        await self.settle()

    async def run_until_complete(self, awaitable: Awaitable[T], *, max_seconds: float = 86_400.0) -> T:
        """Await ``awaitable``, jumping virtual time from timer to timer while it is pending.

        Raises RuntimeError when it is stuck (pending with nothing scheduled) or would
        need more than ``max_seconds`` of virtual time.
        """
        task = asyncio.ensure_future(awaitable)
        limit = self._now + max_seconds
        await self.settle()
        while not task.done():
            when = self._next_when()
            if when is None:
                task.cancel()
                raise RuntimeError("virtual clock: the awaitable is pending and nothing is scheduled")
            if when > limit:
                task.cancel()
                raise RuntimeError(f"virtual clock: still pending after {max_seconds} s")
            self._fire_next()
            await self.settle()
        return task.result()


# --------------------------------------------------------------------------- presenter and hooks


class Presenter(Protocol):
    """The view side of a session (the cog implements it with messages and buttons).

    ``deadline`` is in the session clock's seconds (``MonotonicClock.to_unix`` turns it
    into a timestamp). An exception from any method ends the session with ERROR.
    """

    async def show_question(self, asked: AskedQuestion, number: int, total: int, deadline: float) -> None: ...

    async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None: ...

    async def show_end(self, standings: list[Standing], reason: EndReason) -> None: ...


class AnswerRecord(NamedTuple):
    """One accepted answer, for the storage writer."""

    question_no: int  # 1-based
    question_id: str
    user_id: int
    correct: bool
    points: int
    streak: int


AnswerListener = Callable[[AnswerRecord], object]
ErrorHook = Callable[["TriviaSession", BaseException], object]
EndHook = Callable[["TriviaSession"], object]


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
    """

    def __init__(
        self,
        game: TriviaGame,
        presenter: Presenter,
        *,
        clock: Clock | None = None,
        on_answer: AnswerListener | None = None,
        on_error: ErrorHook | None = None,
        on_end: EndHook | None = None,
        reveal_pause: float = DEFAULT_REVEAL_PAUSE,
        name: str = "trivia",
    ) -> None:
        self.game = game
        self.name = name  # for logs, e.g. "guild 1 / channel 2"
        self._presenter = presenter
        self._clock: Clock = clock if clock is not None else MonotonicClock()
        self._on_answer = on_answer
        self._on_error = on_error
        self._on_end = on_end
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

    async def stop(self) -> EndReason | None:
        """End the game after the current step (no reveal of the open question) and show the standings.

        Returns once the session is over. Answers are refused from the moment stop is called.
        """
        self.game.end(EndReason.STOPPED)
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
            record = AnswerRecord(
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

    # ---- the task

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
        while not game.is_over and not game.everyone_answered():
            remaining = game.deadline - self._clock.now()
            if remaining <= 0:
                return
            await self._sleep_unless_woken(remaining)

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
            reason = game.end_reason or EndReason.FINISHED
            self._end_reason = reason
            self._end_shown = True
            await self._presenter.show_end(game.standings(), reason)
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
                    await self._presenter.show_end(game.standings(), EndReason.ERROR)
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
