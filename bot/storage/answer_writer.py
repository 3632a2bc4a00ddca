"""The single writer for trivia answers, with group commit: a click returns once its answer is stored.

A click calls ``await writer.submit(row)``: the answer joins the next batch, and ``submit``
returns when the transaction holding that batch has committed (a few milliseconds; the
clicks that arrive while one batch commits form the next). So an answer acknowledged to a
member is on disk: killing the process cannot lose it.

When a batch cannot commit because the storage is at fault (locked, read-only, full: a
``StorageFault``), it is retried with a growing pause. Each answer has a budget (``budget``
seconds from its click, inside Discord's 3-second limit): a retry carries the answers that
arrived meanwhile and starts only for answers with ``RETRY_ROOM`` of it left (a retry may block
for a whole lock wait); past that the answer is dropped from the retries and its ``submit``
raises ``AnswerNotSaved``, so the caller can take it back out of the game and tell the member.
An answer is therefore stored if and only if its ``submit`` returned: never later, behind the member's back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.domain.errors import UserError
from bot.domain.records import AnswerRow
from bot.i18n.context import N_
from bot.storage.health import StorageFault
from bot.storage.protocols import AnswerStore

log = logging.getLogger(__name__)

DEFAULT_BUDGET = 2.0  # seconds from a click to "could not be saved", leaving time to answer it
# A retry may block for a whole lock wait (SQLite's busy wait, 1 s), so it starts only while this much
# budget is left: the last answer is settled by budget - 0.5 + 1 = 2.5 s from its click, inside 3 s.
RETRY_ROOM = 0.5
MAX_PENDING = 20_000  # a flood beyond this is refused instead of growing memory without limit
_FIRST_PAUSE, _LONGEST_PAUSE = 0.02, 0.25
# Under a stream of clicks (more arrived while the last batch was written), wait LINGER before the
# next batch so that it carries several answers: one transaction per few clicks instead of one each
# (less CPU per click at 900 clicks/s, a few ms more per click). A lone click is written at once.
LINGER = 0.004


class AnswerNotSaved(UserError):
    # i18n: limit 2000
    default_message = N_(
        "Your answer could not be saved (the bot's storage is having trouble), so it does not count. "
        "Try again in a moment."
    )


@dataclass(slots=True, eq=False)
class _Pending:
    row: AnswerRow
    done: asyncio.Future[None]
    deadline: float  # time.perf_counter(): real seconds, even where a test harness virtualises time.monotonic


def _retrieve(future: asyncio.Future[None]) -> None:
    # A click cancelled while waiting never reads its future: read it here so asyncio stays quiet.
    if not future.cancelled():
        future.exception()


class AnswerWriter:
    """Group commit for trivia answers (see the module docstring).

    The drain task writes whatever is queued in batches of up to ``max_batch`` (one transaction
    per batch) and ends as soon as the queue is empty, so an idle writer leaves no task waiting
    forever. A batch that fails for another reason than a storage fault (a bad record) is
    retried one answer at a time, so a single bad answer loses only itself.
    """

    def __init__(
        self,
        store: AnswerStore,
        *,
        max_batch: int = 500,
        max_pending: int = MAX_PENDING,
        budget: float = DEFAULT_BUDGET,
    ) -> None:
        self._store = store
        self._max_batch = max_batch
        self._max_pending = max_pending
        self._budget = budget
        self._queue: deque[_Pending] = deque()
        self._writing: list[_Pending] = []  # the batch in the transaction now
        self._task: asyncio.Task[None] | None = None
        self._started = False
        self.on_batch: Callable[[int, float], None] | None = None  # (answers, seconds) per batch, for metrics
        self._closing = False
        self.written = 0  # new answers stored
        self.failed = 0  # answers that could not be stored (their submit raised)
        self.batches = 0  # transactions that succeeded

    @property
    def pending(self) -> int:
        """Answers submitted but not yet settled (queued or in the batch being written)."""
        return len(self._queue) + len(self._writing)

    def start(self) -> None:
        """Allow writing (answers submitted before this wait in the queue)."""
        if self._closing:
            raise RuntimeError("this AnswerWriter was closed")
        self._started = True
        self._ensure_draining()

    async def submit(self, record: AnswerRow) -> None:
        """Store one answer; returns once it is committed. ``AnswerNotSaved``: it was not, and will not be."""
        if self._closing:
            raise RuntimeError("this AnswerWriter is closed; answers can no longer be submitted")
        if self.pending >= self._max_pending:
            raise AnswerNotSaved(
                # i18n: limit 2000
                N_("Too many answers are waiting to be saved right now; try again in a moment.")
            )
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.add_done_callback(_retrieve)
        self._queue.append(_Pending(record, done, time.perf_counter() + self._budget))
        self._ensure_draining()
        # A click cancelled while it waits cancels only its wait: the answer is written anyway
        # (stored without a "Locked in" is harmless; the reverse is what must never happen).
        await done

    async def flush(self) -> None:
        """Wait until every answer submitted so far is settled (stored, or refused to its submitter)."""
        waiting = [p.done for p in (*self._writing, *self._queue)]
        if not waiting:
            return
        if not self._started:
            raise RuntimeError(f"the answer writer was not started; {len(waiting)} answers wait")
        self._ensure_draining()
        await asyncio.wait(waiting)

    async def close(self) -> None:
        """Stop accepting answers and settle everything queued. Safe to call twice."""
        self._closing = True
        if not self._started:
            if self._queue:
                log.warning("answer writer closed before it started; %d answers dropped", len(self._queue))
                for pending in self._queue:
                    self._settle(pending, AnswerNotSaved())
                self._queue.clear()
            return
        await self.flush()

    def _ensure_draining(self) -> None:
        if self._started and self._queue and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._drain(), name="trivia-answer-writer")

    async def _drain(self) -> None:
        # Ends when the queue is empty. No await between the emptiness check and returning,
        # so a submit either lands before the check or sees this task done and starts another.
        first = True
        while self._queue:
            if not first and len(self._queue) < self._max_batch:
                await asyncio.to_thread(time.sleep, LINGER)  # real time, no loop timer (see _write)
            first = False
            size = min(len(self._queue), self._max_batch)
            self._writing = [self._queue.popleft() for _ in range(size)]
            started = time.perf_counter()
            try:
                await self._write()
            finally:
                for pending in self._writing:  # only if the task itself was cancelled
                    self._settle(pending, AnswerNotSaved())
                self._writing = []
                if self.on_batch is not None:
                    self.on_batch(size, time.perf_counter() - started)

    def _settle(self, pending: _Pending, error: BaseException | None = None) -> None:
        if pending.done.done():
            return
        if error is None:
            pending.done.set_result(None)
        else:
            self.failed += 1
            pending.done.set_exception(error)

    async def _write(self) -> None:
        pause = _FIRST_PAUSE
        while self._writing:
            batch = self._writing
            try:
                self.written += await self._store.record_answers([p.row for p in batch])
            except StorageFault:
                # The storage logged the fault once. Retry what still has time, with the answers that
                # arrived meanwhile (behind this batch's retries they would be late); refuse the rest.
                while self._queue and len(batch) < self._max_batch:
                    batch.append(self._queue.popleft())
                cutoff = time.perf_counter() + pause + RETRY_ROOM
                keep = [p for p in batch if p.deadline > cutoff]
                for pending in batch:
                    if pending.deadline <= cutoff:
                        self._settle(pending, AnswerNotSaved())
                self._writing = keep
                if keep:
                    # A pause in a worker thread, on the real clock: no event-loop timer, which a
                    # harness with a virtual loop clock (SimCord) would fast-forward or hold.
                    await asyncio.to_thread(time.sleep, pause)
                    pause = min(pause * 2, _LONGEST_PAUSE)
                continue
            except Exception:
                log.exception("could not write a batch of %d trivia answers; retrying one by one", len(batch))
                await self._write_one_by_one()
                return
            self.batches += 1
            for pending in batch:
                self._settle(pending)
            self._writing = []

    async def _write_one_by_one(self) -> None:
        for pending in list(self._writing):
            try:
                self.written += await self._store.record_answers([pending.row])
                self.batches += 1
                self._settle(pending)
            except Exception as exc:
                if not isinstance(exc, StorageFault):
                    log.exception("could not write trivia answer %r", pending.row)
                self._settle(pending, AnswerNotSaved())
        self._writing = []
