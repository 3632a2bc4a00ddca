"""The single writer for trivia answers: a click queues its answer; batches are written in the background."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable

from bot.domain.records import AnswerRow
from bot.storage.protocols import AnswerStore

log = logging.getLogger(__name__)


class AnswerWriter:
    """The single writer for trivia answers.

    ``submit`` is synchronous and never blocks (button callbacks call it): it appends
    to an in-memory queue and, if no drain task is running, starts one. The drain task
    writes whatever is queued in batches of up to ``max_batch`` (one transaction per
    batch) and ends as soon as the queue is empty, so an idle writer leaves no task
    waiting forever (test harnesses that wait for the bot to settle see nothing pending).
    A failing batch is logged and retried one answer at a time, so a single bad answer
    loses only itself; the writer keeps going either way.
    """

    def __init__(self, store: AnswerStore, *, max_batch: int = 500) -> None:
        self._store = store
        self._max_batch = max_batch
        self._queue: deque[AnswerRow] = deque()
        self._task: asyncio.Task[None] | None = None
        self._started = False
        self._closing = False
        self._outstanding = 0  # submitted but not yet written (or failed)
        self.written = 0  # new answers stored
        self.failed = 0  # answers that could not be stored
        self.batches = 0  # transactions that succeeded
        self.on_batch: Callable[[int, float], None] | None = None  # (answers, seconds) per batch, for metrics

    @property
    def pending(self) -> int:
        """Answers submitted but not yet written (queued or in the batch being written)."""
        return self._outstanding

    @property
    def idle(self) -> bool:
        """True when nothing is queued and no drain task is running."""
        return self._outstanding == 0 and (self._task is None or self._task.done())

    def start(self) -> None:
        """Allow writing (answers submitted before this wait in the queue)."""
        if self._closing:
            raise RuntimeError("this AnswerWriter was closed")
        self._started = True
        self._ensure_draining()

    def submit(self, record: AnswerRow) -> None:
        if self._closing:
            raise RuntimeError("this AnswerWriter is closed; answers can no longer be submitted")
        self._queue.append(record)
        self._outstanding += 1
        self._ensure_draining()

    async def flush(self) -> None:
        """Wait until every answer submitted so far has been written (or has failed and been logged)."""
        while self._outstanding:
            if not self._started:
                raise RuntimeError(f"the answer writer was not started; {self._outstanding} answers wait")
            self._ensure_draining()
            assert self._task is not None
            await asyncio.wait({self._task})

    async def close(self) -> None:
        """Stop accepting answers and write everything queued. Safe to call twice."""
        self._closing = True
        if not self._started:
            if self._outstanding:
                log.warning("answer writer closed before it started; %d answers dropped", self._outstanding)
            return
        await self.flush()

    def _ensure_draining(self) -> None:
        if self._started and self._queue and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self._drain(), name="trivia-answer-writer")

    async def _drain(self) -> None:
        # Ends when the queue is empty. No await between the emptiness check and returning,
        # so a submit either lands before the check or sees this task done and starts another.
        while self._queue:
            size = min(len(self._queue), self._max_batch)
            batch = [self._queue.popleft() for _ in range(size)]
            started = time.perf_counter()
            try:
                await self._write(batch)
            finally:
                self._outstanding -= len(batch)
                if self.on_batch is not None:
                    self.on_batch(len(batch), time.perf_counter() - started)

    async def _write(self, batch: list[AnswerRow]) -> None:
        try:
            self.written += await self._store.record_answers(batch)
            self.batches += 1
            return
        except Exception:
            log.exception("could not write a batch of %d trivia answers; retrying one by one", len(batch))
        for record in batch:
            try:
                self.written += await self._store.record_answers([record])
                self.batches += 1
            except Exception:
                self.failed += 1
                log.exception("could not write trivia answer %r", record)
