"""Trivia games: start, answer, stop, recover after a crash, end cleanly on shutdown.

This service owns the running games (one per channel) and every path through them reads
top-down: a click calls ``answer`` here, which asks the game (domain) and waits until the answer
writer (storage) has committed the accepted answer. An answer that could not be stored is taken
back out of the game (``TriviaSession.withdraw``) and the member is told, so a game's standings,
the leaderboard and the stored answers never disagree. ``start`` is the one way a game begins:
it picks the questions, has the cog's ``post`` send the start message (which hands back the
Discord side, a ``GamePresenter``), and launches or, if that failed, closes the game. Nothing
here calls back up into a cog.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from bot.domain.clocks import GameClock, WallClock
from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.records import AnswerRow, GameStatus
from bot.domain.trivia.errors import (
    BotStopping,
    GameAlreadyRunning,
    GameNotRunning,
    GameOver,
    NoQuestions,
    NotYourGame,
    QuestionClosed,
)
from bot.domain.trivia.game import AnswerOutcome, EndReason, TriviaGame, TriviaMode
from bot.domain.trivia.selection import select_questions
from bot.domain.trivia.session import TriviaSession
from bot.i18n import _
from bot.services.audiences import Audiences
from bot.services.running_game import GamePlan, GamePresenter, GameRequest, PostStart, RunningGame
from bot.services.trivia_questions import TriviaQuestions
from bot.storage.answer_writer import AnswerNotSaved
from bot.storage.health import StorageFault
from bot.storage.protocols import AnswerSink, GameStore

log = logging.getLogger(__name__)

FINISH_RETRY_PAUSES = (0.5, 1.0, 2.0, 4.0, 8.0)  # while the storage is at fault, then give up (logged)
# Shutdown must end well inside systemd's stop timeout (TimeoutStopSec=30): bounded waits.
SHUTDOWN_STARTING_WAIT = 5.0  # for games between their checks and their first message
SHUTDOWN_TELL_WAIT = 5.0  # for each channel's "the bot is shutting down" message

STATUS_FOR = {
    EndReason.FINISHED: GameStatus.FINISHED,
    EndReason.STOPPED: GameStatus.STOPPED,
    EndReason.IDLE: GameStatus.STOPPED,
    EndReason.CANCELLED: GameStatus.INTERRUPTED,
    EndReason.ERROR: GameStatus.INTERRUPTED,
}


class TriviaGames:
    def __init__(
        self,
        games: GameStore,
        answers: AnswerSink,
        questions: TriviaQuestions,
        audiences: Audiences,
        *,
        clock: GameClock,
        wall_clock: WallClock,
        rng: random.Random,
    ) -> None:
        self._store = games
        self._answers = answers
        self._questions = questions
        self._audiences = audiences
        self._clock = clock
        self._now = wall_clock
        self._rng = rng
        self._by_channel: dict[int, RunningGame] = {}  # starting or launched
        self._by_id: dict[int, RunningGame] = {}  # launched
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closing = False
        # Ends of games a storage fault kept out of the database: (status, ended at, winners, players).
        self._unrecorded: dict[int, tuple[GameStatus, datetime, list[int], list[int]]] = {}

    # -- looking games up ---------------------------------------------------------------------

    def running(self) -> list[RunningGame]:
        """The launched games (not those still starting)."""
        return list(self._by_id.values())

    def unrevealed_points(self, guild_id: int, user_id: int) -> int:
        """Points ``user_id`` has stored for questions still open in any of the server's games."""
        return sum(
            running.session.game.open_points(user_id)
            for running in self._by_id.values()
            if running.guild_id == guild_id
        )

    def _game_for(self, game_id: int, channel_id: int | None) -> RunningGame:
        running = self._by_id.get(game_id)
        # The channel check matters after a database reset or restore: game ids start again,
        # and a button left on an old message must not answer a new game elsewhere.
        if running is None or channel_id != running.channel_id:
            raise GameOver()
        return running

    # -- starting -----------------------------------------------------------------------------

    async def start(self, request: GameRequest, post: PostStart) -> RunningGame:
        """Pick the questions, create the game's row, ``post`` its start message, start asking.

        Raises ``GameAlreadyRunning``, ``NotEnoughQuestions`` or ``NoQuestions`` (nothing is created
        then). If ``post`` fails (or the start is cancelled) the game's row is closed as interrupted
        and the error raised: the channel is free again.
        """
        channel_id = request.channel_id
        if self._closing:
            raise BotStopping()
        await self._record_ends()
        current = self._by_channel.get(channel_id)
        if current is not None and current.starting:
            raise GameAlreadyRunning(_("A game is starting in this channel right now."))
        if current is not None:
            already = _("A game is already running in this channel: {link}")
            raise GameAlreadyRunning(already.format(link=current.start_url))
        game = self._by_channel[channel_id] = RunningGame(request)
        try:
            game.plan = await self._plan(request)
            presenter, start_url = await post(game.plan)
        except BaseException:
            del self._by_channel[channel_id]
            game.settled.set()
            if game.plan is not None:  # the start message could not be sent: close the row
                await self._store.finish_game(game.plan.game_id, GameStatus.INTERRUPTED, self._now())
            raise
        self._launch(game, presenter, start_url)
        return game

    async def _plan(self, request: GameRequest) -> GamePlan:
        guild_id = request.guild_id
        settings = (await self._audiences.settings(guild_id)).trivia
        redactor = await self._audiences.for_channel(guild_id, request.rules_channel_id)
        max_spoiler = redactor.highest_allowed_level() if request.include_spoilers else SpoilerLevel.NONE
        wanted = request.count or settings.question_count
        asked = await self._store.asked_ids(guild_id)
        level = None if request.difficulty == "mixed" else Difficulty(request.difficulty)
        pool = await self._questions.pool(guild_id, request.source)
        typed = request.mode is TriviaMode.TYPED
        excluded = not request.include_spoilers
        self._questions.require_enough(pool, wanted, level, max_spoiler, typed, excluded)
        selection = select_questions(pool, wanted, level, max_spoiler, asked, self._rng, typed=typed)
        if not selection.questions:
            raise NoQuestions()
        game_id = await self._store.create_game(
            guild_id,
            request.channel_id,
            request.starter_id,
            request.mode,
            request.difficulty,
            len(selection.questions),
            self._now(),
        )
        try:
            if selection.reset_history:  # every eligible question was asked: start the cycle again
                await self._store.reset_asked(guild_id)
                await self._store.mark_asked(guild_id, selection.history_after(asked), self._now())
            else:
                await self._store.mark_asked(guild_id, (q.id for q in selection.questions), self._now())
        except BaseException:
            await self._store.finish_game(game_id, GameStatus.INTERRUPTED, self._now())
            raise
        return GamePlan(game_id, selection.questions, wanted, settings, redactor)

    def _launch(self, game: RunningGame, presenter: GamePresenter, start_url: str) -> None:
        """Start asking: the session runs as its own task from here on."""
        request, plan = game.request, game.plan
        assert plan is not None
        trivia = TriviaGame(
            plan.questions,
            mode=request.mode,
            settings=plan.settings,
            rng=self._rng,
            matcher_for=self._questions.matcher_for,
        )
        if game.stop_by is not None:  # /trivia stop came before the launch
            trivia.end(EndReason.STOPPED, by=game.stop_by)
        session = TriviaSession(
            trivia,
            presenter,
            clock=self._clock,
            settle=self._answers.flush,
            on_error=lambda _session, _exc: self._failed(game),
            on_end=lambda _session: self._ended(game),
            name=f"game {plan.game_id} (guild {request.guild_id}, channel {request.channel_id})",
        )
        game.launched(session, presenter, start_url)
        self._by_id[plan.game_id] = game
        session.start()
        game.settled.set()

    # -- playing ------------------------------------------------------------------------------

    def check_open(self, game_id: int, channel_id: int | None, number: int) -> RunningGame:
        """The game, if question ``number`` can take an answer now; else ``GameOver``/``QuestionClosed``."""
        running = self._game_for(game_id, channel_id)
        game = running.session.game
        if game.is_over:
            raise GameOver()
        if number != game.number or not game.is_open:
            raise QuestionClosed()
        return running

    async def answer(
        self, game_id: int, channel_id: int | None, user_id: int, number: int, response: str
    ) -> AnswerOutcome:
        """A member's answer to question ``number``, now; returns once it is stored.

        Raises the game's ``TriviaError``s (over, closed, already answered, not an option), and
        ``AnswerNotSaved`` when it could not be stored: it is then taken back out of the game.
        """
        running = self.check_open(game_id, channel_id, number)
        session = running.session
        outcome = session.answer(user_id, response)
        game = session.game
        asked = game.current
        row = AnswerRow(
            game_id=running.game_id,
            guild_id=running.guild_id,
            question_no=game.number,
            question_id=asked.question.id if asked is not None else "",
            user_id=user_id,
            correct=outcome.correct,
            points=outcome.points,
            streak=outcome.streak,
            answered_at_ms=int(self._now().timestamp() * 1000),
        )
        try:
            await self._answers.submit(row)
        except AnswerNotSaved:
            session.withdraw(user_id)
            raise
        return outcome

    # -- stopping -----------------------------------------------------------------------------

    def stoppable(self, channel_id: int, user_id: int, *, may_manage_messages: bool) -> RunningGame:
        """The channel's game (also one still starting), if ``user_id`` may stop it.

        Raises ``GameNotRunning`` or ``NotYourGame``.
        """
        running = self._by_channel.get(channel_id)
        if running is None:
            raise GameNotRunning(_("There's no trivia game running in this channel."))
        if user_id != running.starter_id and not may_manage_messages:
            not_yours = _(
                "Only <@{starter}>, who started this game, or someone with the Manage Messages permission "
                "can stop it."
            )
            raise NotYourGame(not_yours.format(starter=running.starter_id))
        return running

    async def stop(self, target: RunningGame, by: int) -> None:
        """End the game after the current step; its standings are shown and it is recorded.

        A game still starting ends as soon as it is launched, before its first question.
        """
        if target.starting:
            if target.stop_by is None:
                target.stop_by = by
            await target.settled.wait()
            if target.starting:  # its start failed: nothing to stop
                return
            await target.session.wait()
            return
        await target.session.stop(by=by)

    def cancel_in_channel(self, channel_id: int, reason: str) -> None:
        """The channel (or a thread's parent) is gone: end its game without another message.

        The presenter calls this when a message fails because the channel was deleted or the bot
        left the server (the bot has no guilds intent, so no event says so).
        """
        for running in self.running():
            if running.here(channel_id):
                running.session.cancel(reason)

    # -- ends ---------------------------------------------------------------------------------

    def _failed(self, running: RunningGame) -> None:
        # The session logged the error and tried to show the end; say so if that failed too.
        if not running.presenter.end_shown:
            self._spawn(running.presenter.show_failure())

    def _ended(self, running: RunningGame) -> None:
        if self._by_channel.get(running.channel_id) is running:
            del self._by_channel[running.channel_id]
        self._by_id.pop(running.game_id, None)
        if not self._closing:  # shutdown finishes the games it cancels itself
            self._spawn(self._finish(running))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _finish(self, running: RunningGame, status: GameStatus | None = None) -> None:
        """Write the game's last answers, then record its end and who played and won."""
        session = running.session
        reason = session.end_reason or EndReason.CANCELLED
        await self._answers.flush()  # answers not stored are taken back before the standings are read
        standings = session.game.standings()
        winners = [s.user_id for s in session.game.winners()] if reason is EndReason.FINISHED else []
        end = (status or STATUS_FOR[reason], self._now(), winners, [s.user_id for s in standings])
        pauses = [] if self._closing else list(FINISH_RETRY_PAUSES)
        while True:
            try:
                await self._store.finish_game(running.game_id, *end)
                return
            except StorageFault:
                if not pauses:
                    if not self._closing:  # recorded once the storage is back (``_record_ends``)
                        self._unrecorded[running.game_id] = end
                    log.warning(
                        "Could not record the end of trivia game %s yet (storage fault): the next game start "
                        "records it once the storage is back (a restart closes it as interrupted).",
                        running.game_id,
                    )
                    return
                await asyncio.sleep(pauses.pop(0))
            except Exception:
                log.exception("Could not record the end of trivia game %s", running.game_id)
                return

    async def _record_ends(self) -> None:
        """Record the ends of games that finished while the storage was at fault, now that it may be back."""
        for game_id, end in list(self._unrecorded.items()):
            try:
                await self._store.finish_game(game_id, *end)
            except StorageFault:
                return
            del self._unrecorded[game_id]
            log.info("Recorded the end of trivia game %s now that the storage is back.", game_id)

    async def recover(
        self, owns_guild: Callable[[int], bool] = lambda _guild_id: True
    ) -> list[tuple[int, int]]:
        """Close the games a crash left 'running'; returns their (server, channel) pairs, to be told.

        Call before the bot connects, so no game of this process can be starting yet. With
        several shard processes, ``owns_guild`` says which servers are this process's: the
        other processes' games are alive and must be left alone.
        """
        channels: list[tuple[int, int]] = []
        for row in await self._store.running_games():
            if not owns_guild(row.guild_id):
                continue
            players = await self._store.game_players(row.id)  # their answers are kept, and the game played
            if await self._store.finish_game(row.id, GameStatus.INTERRUPTED, self._now(), player_ids=players):
                log.info(
                    "Trivia game %s in channel %s was interrupted; marked as such.", row.id, row.channel_id
                )
                channels.append((row.guild_id, row.channel_id))
        return list(dict.fromkeys(channels))

    async def shutdown(self) -> None:
        """End every game, tell its channel, keep its answers, record it as interrupted.

        From the first line on no game starts (``BotStopping``); games already starting are
        waited for, then all are closed side by side, each channel's message bounded in time.
        """
        self._closing = True
        starting = [asyncio.ensure_future(g.settled.wait()) for g in self._by_channel.values() if g.starting]
        if starting:
            _done, late = await asyncio.wait(starting, timeout=SHUTDOWN_STARTING_WAIT)
            for waiter in late:
                waiter.cancel()
        running = self.running()
        for game in running:
            game.session.cancel("the bot is shutting down")
        await asyncio.gather(*(self._close(game) for game in running))
        if self._tasks:
            await asyncio.wait(set(self._tasks))

    async def _close(self, game: RunningGame) -> None:
        await game.session.wait()
        try:
            await asyncio.wait_for(game.presenter.show_shutdown(), SHUTDOWN_TELL_WAIT)
        except Exception:
            log.exception("Could not tell channel %s that its game ends", game.channel_id)
        await self._finish(game, GameStatus.INTERRUPTED)
