"""The daily question: set up, post once a day at each server's local time, answers and streaks.

No timer per server: one task asks the database every ``TICK_SECONDS`` for the servers whose
``next_due_at`` has passed (one indexed query), and each post is *claimed* before it is sent
(``DailyStore.claim``, one conditional UPDATE), so two shard processes, a restart at the due minute
or a crash after posting never post a day twice. A crash between the claim and the message loses
that day's question rather than risk a second one. After downtime, a server whose local day is not
over gets that day's question late; days already over are skipped, never posted as a backlog.

With a close time, the same tick reveals each question's answer when it closes (``due_closes``, one
indexed query; each reveal claimed with one conditional UPDATE, ``claim_close``); without one, or
when the next question comes first, the next post carries the reveal (claimed the same way).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clocks import GameClock, WallClock
from bot.domain.content import TriviaQuestion
from bot.domain.daily import (
    DailyAnswer,
    DailyError,
    DailySchedule,
    Streak,
    StreakRow,
    day_text,
    due_at,
    extend,
    next_close,
    next_due,
    parse_close,
    parse_day,
    parse_time,
    parse_zone,
    shown,
    zone,
)
from bot.domain.spoilers import Redactor
from bot.domain.trivia.game import AskedQuestion, TriviaMode, ask
from bot.domain.trivia.limits import LETTERS
from bot.domain.trivia.selection import select_questions
from bot.i18n import N_, _
from bot.services.audiences import Audiences
from bot.services.trivia_questions import TriviaQuestions
from bot.storage.protocols import DailyStore, MemberDataStore

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0
DUE_BATCH = 500  # servers handled per tick at most; the rest are still due at the next tick
TOP_ANSWERERS = 5
STREAK_ROWS = 10
_CACHED_QUESTIONS = 1024  # open questions kept for judging clicks (memory stays flat)


class NotSetUp(DailyError):
    default_message = N_("This server has no daily question. A moderator can start one with `/daily setup`.")


class AlreadyPosted(DailyError):
    default_message = N_("Today's question is already out; the next one comes tomorrow. Nothing was posted.")


class DailyClosed(DailyError):
    default_message = N_(
        "This daily question has closed. Its answer is in the channel, or comes with the next question."
    )


class AlreadyAnsweredToday(DailyError):
    default_message = N_("You already answered this question. The answer comes when it closes.")


class NoDailyQuestion(DailyError):
    default_message = N_("No question fits this channel's spoiler rules, so nothing was posted.")


@dataclass(frozen=True, slots=True)
class DailyReveal:
    """Yesterday's (the previous post's) answer and its first right answerers."""

    day: str
    asked: AskedQuestion
    first_right: list[int]  # user ids, fastest first
    answers: int
    hidden: frozenset[int]  # members who keep off public boards (named "a player")


@dataclass(frozen=True, slots=True)
class DailyPost:
    guild_id: int
    channel_id: int
    day: str
    asked: AskedQuestion
    redactor: Redactor  # the channel's spoiler rules now
    reveal: DailyReveal | None
    closes_at: datetime | None = None  # the close time; None: the answer comes with the next question
    language: str | None = None  # the server's /settings language (None: its Discord one)


@dataclass(frozen=True, slots=True)
class DailyClose:
    """A question's answer revealed at its close time, on its own."""

    guild_id: int
    channel_id: int
    reveal: DailyReveal
    redactor: Redactor
    reply_to: int | None  # the question's message
    language: str | None = None


# Sends a day's question (and the reveal of the one before) to Discord; returns the message id.
DailyPoster = Callable[[DailyPost], Awaitable[int | None]]
# Sends a reveal at its close time.
DailyRevealer = Callable[[DailyClose], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class SetupResult:
    schedule: DailySchedule
    next_post: datetime


def asked_for_day(question: TriviaQuestion, guild_id: int, day: str) -> AskedQuestion:
    """The question as posted that day: its options' order follows from the server, day and question,
    so a click after a restart is judged the same without storing the order."""
    return ask(question, TriviaMode.CHOICE, random.Random(f"{guild_id}:{day}:{question.id}"))


class DailyQuestions:
    def __init__(
        self,
        store: DailyStore,
        members: MemberDataStore,
        questions: TriviaQuestions,
        audiences: Audiences,
        *,
        clock: GameClock,
        wall_clock: WallClock,
        rng: random.Random,
        owns_guild: Callable[[int], bool] = lambda guild_id: True,
    ) -> None:
        self._store = store
        self._members = members
        self._questions = questions
        self._audiences = audiences
        self._clock = clock
        self._now = wall_clock
        self._rng = rng
        self._owns = owns_guild
        self._open: OrderedDict[tuple[int, str], AskedQuestion] = OrderedDict()
        self._task: asyncio.Task[None] | None = None
        self._poster: DailyPoster | None = None
        self._revealer: DailyRevealer | None = None
        self.ticked = asyncio.Event()  # set after each scheduler round (tests wait on it)

    # -- moderators -----------------------------------------------------------------------------
    async def setup(
        self, guild_id: int, channel_id: int, time_text: str, zone_text: str, close_text: str | None = None
    ) -> SetupResult:
        """Create or change the schedule (``BadDailyInput`` changes nothing). Changing the time zone
        keeps the last posted day, so the same question is never posted twice for one date. A close
        time set while a question is open applies to it."""
        minute, tz = parse_time(time_text), parse_zone(zone_text)
        close = parse_close(close_text, minute)
        current = await self._store.schedule(guild_id)
        last = current.last_posted_day if current else ""
        now = self._now()
        when = next_due(now, minute, tz, last)
        open_now = current is not None and bool(last) and current.closed_day < last
        close_due = int(next_close(now, close, tz).timestamp()) if close is not None and open_now else None
        await self._store.set_schedule(
            guild_id, channel_id, minute, tz.key, int(when.timestamp()), close, close_due
        )
        schedule = await self._require(guild_id)
        self._wake()
        return SetupResult(schedule, when)

    async def schedule(self, guild_id: int) -> DailySchedule | None:
        return await self._store.schedule(guild_id)

    async def pause(self, guild_id: int, paused: bool) -> datetime | None:
        """Pause or resume; on resume, the next post (today's if its time has not passed)."""
        row = await self._require(guild_id)
        tz = zone(row.time_zone)
        when = next_due(self._now(), row.post_minute, tz, row.last_posted_day)
        await self._store.set_paused(guild_id, paused, int(when.timestamp()))
        if paused:
            await self._rest_if_idle()
        else:
            self._wake()
        return None if paused else when

    async def turn_off(self, guild_id: int) -> None:
        if not await self._store.remove(guild_id):
            raise NotSetUp()
        await self._rest_if_idle()

    async def post_now(self, guild_id: int, poster: DailyPoster) -> str:
        """Post today's question now (even when paused); ``AlreadyPosted`` if today's is out."""
        row = await self._require(guild_id)
        tz = zone(row.time_zone)
        today = day_text(self._now().astimezone(tz).date())
        if row.last_posted_day >= today:
            raise AlreadyPosted()
        if not await self._post(row, today, poster, active_only=False):
            raise AlreadyPosted()
        return today

    async def _require(self, guild_id: int) -> DailySchedule:
        row = await self._store.schedule(guild_id)
        if row is None:
            raise NotSetUp()
        return row

    # -- the scheduler ----------------------------------------------------------------------------
    # The loop runs while some server has an active schedule, like the retention task: a bot with
    # no daily question anywhere has no task and no timer at all. Schedules are only set up, paused
    # and removed through the process that owns the server, and read again at every start.
    async def start(self, poster: DailyPoster, revealer: DailyRevealer | None = None) -> None:
        self._poster = poster
        self._revealer = revealer
        if await self._store.has_active():
            self._wake()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def _wake(self) -> None:
        if self._poster is not None and not self.running:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="daily question")

    async def _rest_if_idle(self) -> None:
        if self.running and not await self._store.has_active():
            await self.stop()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # a storage fault: try again at the next tick
                log.exception("The daily question's scheduler failed; trying again in %s s.", TICK_SECONDS)
            self.ticked.set()
            await self._clock.sleep(TICK_SECONDS)

    async def tick(self, poster: DailyPoster | None = None, revealer: DailyRevealer | None = None) -> int:
        """Reveal every question whose close time has come, then post every due question, for this
        process's servers; how many questions were posted."""
        poster = poster or self._poster
        revealer = revealer or self._revealer
        assert poster is not None, "start(poster) first, or pass one"
        now = self._now()
        if revealer is not None:
            await self._close_due(now, revealer)
        posted = 0
        for row in await self._store.due(int(now.timestamp()), DUE_BATCH):
            if not self._owns(row.guild_id):  # another shard process posts it
                continue
            try:
                posted += await self._due(row, now, poster)
            except Exception:
                log.exception("The daily question of server %s could not be posted.", row.guild_id)
        return posted

    async def _close_due(self, now: datetime, revealer: DailyRevealer) -> None:
        for row in await self._store.due_closes(int(now.timestamp()), DUE_BATCH):
            if not self._owns(row.guild_id):
                continue
            try:
                await self._close(row, revealer)
            except Exception:
                log.exception("The daily question of server %s could not be closed.", row.guild_id)

    async def _close(self, row: DailySchedule, revealer: DailyRevealer) -> bool:
        """Reveal the open question's answer at its close time, once (the claim comes first)."""
        if not await self._store.claim_close(row.guild_id, row.last_posted_day):
            return False  # revealed by another process, or the next question is out
        reveal = await self._reveal(row, await self._questions.pool(row.guild_id))
        if reveal is None:  # its server question was removed: nothing to reveal
            return True
        redactor = await self._audiences.for_channel(row.guild_id, row.channel_id)
        language = (await self._audiences.settings(row.guild_id))["language"]
        await revealer(DailyClose(row.guild_id, row.channel_id, reveal, redactor, row.message_id, language))
        return True

    async def _due(self, row: DailySchedule, now: datetime, poster: DailyPoster) -> int:
        tz = zone(row.time_zone)
        today = now.astimezone(tz).date()
        if due_at(today, row.post_minute, tz) > now or row.last_posted_day >= day_text(today):
            # Due for a day that is over (downtime), or today's is out: wait for the next time.
            later = next_due(now, row.post_minute, tz, row.last_posted_day)
            await self._store.reschedule(row.guild_id, row.next_due_at, int(later.timestamp()))
            return 0
        try:
            return int(await self._post(row, day_text(today), poster, active_only=True))
        except NoDailyQuestion:
            tomorrow = due_at(today + timedelta(days=1), row.post_minute, tz)
            await self._store.reschedule(row.guild_id, row.next_due_at, int(tomorrow.timestamp()))
            log.warning("No daily question fits server %s's channel rules; skipped today.", row.guild_id)
            return 0

    async def _post(self, row: DailySchedule, day: str, poster: DailyPoster, *, active_only: bool) -> bool:
        guild_id, tz = row.guild_id, zone(row.time_zone)
        redactor = await self._audiences.for_channel(guild_id, row.channel_id)
        pool = await self._questions.pool(guild_id)
        asked = await self._store.asked(guild_id)
        selection = select_questions(pool, 1, None, redactor.highest_allowed_level(), asked, self._rng)
        if not selection.questions:
            raise NoDailyQuestion()
        question = selection.questions[0]
        following = due_at(parse_day(day) + timedelta(days=1), row.post_minute, tz)
        posted_at = self._now()
        closes_at = None if row.close_minute is None else next_close(posted_at, row.close_minute, tz)
        if closes_at is not None and closes_at >= following:
            closes_at = None  # posted so late that the next question comes first: it reveals this one
        won = await self._store.claim(
            guild_id,
            day,
            int(following.timestamp()),
            question.id,
            int(posted_at.timestamp()),
            reset_history=selection.reset_history,
            active_only=active_only,
            close_due_at=None if closes_at is None else int(closes_at.timestamp()),
        )
        if not won:  # another process (or an earlier run) has this day
            return False
        # The question before, unless it was revealed at its close time (the claim decides).
        previous = row.last_posted_day
        revealed = bool(previous) and await self._store.claim_reveal(guild_id, previous)
        reveal = await self._reveal(row, pool) if revealed else None
        asked_today = asked_for_day(question, guild_id, day)
        self._remember(guild_id, day, asked_today)
        language = (await self._audiences.settings(guild_id))["language"]
        message_id = await poster(
            DailyPost(guild_id, row.channel_id, day, asked_today, redactor, reveal, closes_at, language)
        )
        if message_id is not None:
            await self._store.set_message(guild_id, day, message_id)
        return True

    async def _reveal(self, row: DailySchedule, pool: list[TriviaQuestion]) -> DailyReveal | None:
        if not row.last_posted_day or row.question_id is None:
            return None
        question = next((q for q in pool if q.id == row.question_id), None)
        if question is None:  # a server question removed since: nothing to reveal
            return None
        day = row.last_posted_day
        right = await self._store.first_right(row.guild_id, day, TOP_ANSWERERS)
        return DailyReveal(
            day,
            asked_for_day(question, row.guild_id, day),
            [a.user_id for a in right],
            await self._store.count_answers(row.guild_id, day),
            await self._members.hidden_players(row.guild_id),
        )

    # -- members ------------------------------------------------------------------------------------
    async def answer(self, guild_id: int, day: str, user_id: int, choice: str) -> Streak:
        """Store a member's answer to the question of ``day``; returns once stored (their new streak)."""
        asked = await self._asked(guild_id, day)
        if choice not in LETTERS[: len(asked.options)]:
            raise DailyClosed(_("That is not one of this question's answers."))
        now = self._now()
        row = DailyAnswer(user_id, choice == asked.correct_letter, int(now.timestamp() * 1000))
        try:
            streak = await self._store.answer(guild_id, day, row, extend)
        except LookupError:
            raise DailyClosed() from None
        if streak is None:
            raise AlreadyAnsweredToday()
        return streak

    async def _asked(self, guild_id: int, day: str) -> AskedQuestion:
        cached = self._open.get((guild_id, day))
        if cached is not None:
            return cached
        row = await self._store.schedule(guild_id)
        if row is None or row.last_posted_day != day or row.question_id is None:
            raise DailyClosed()
        pool = await self._questions.pool(guild_id)
        question = next((q for q in pool if q.id == row.question_id), None)
        if question is None:
            raise DailyClosed()
        asked = asked_for_day(question, guild_id, day)
        self._remember(guild_id, day, asked)
        return asked

    def _remember(self, guild_id: int, day: str, asked: AskedQuestion) -> None:
        self._open[(guild_id, day)] = asked
        self._open.move_to_end((guild_id, day))
        while len(self._open) > _CACHED_QUESTIONS:
            self._open.popitem(last=False)

    async def streak(self, guild_id: int, user_id: int) -> Streak:
        """A member's streak as it stands today (0 once they let a question pass)."""
        stored = await self._store.streak(guild_id, user_id)
        row = await self._store.schedule(guild_id)
        if row is None:
            return shown(stored, "", "")
        return shown(stored, row.last_posted_day, row.previous_day)

    async def streak_board(self, guild_id: int) -> list[StreakRow]:
        """The longest streaks alive in the server, hidden members left out."""
        row = await self._store.schedule(guild_id)
        if row is None or not row.last_posted_day:
            return []
        hidden = await self._members.hidden_players(guild_id)
        rows = await self._store.streaks(
            guild_id, (row.last_posted_day, row.previous_day), STREAK_ROWS + len(hidden)
        )
        return [r for r in rows if r.user_id not in hidden][:STREAK_ROWS]
