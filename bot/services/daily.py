"""The daily question: set up, post once a day at each server's local time, answers and streaks.

No timer per server: one task asks the database every ``TICK_SECONDS`` for the servers whose
``next_due_at`` has passed (one indexed query), and each post is *claimed* before it is sent
(``DailyStore.claim``, one conditional UPDATE), so two shard processes, a restart at the due minute
or a crash after posting never post a day twice. A crash between the claim and the message loses
that day's question rather than risk a second one. After downtime, a server whose local day is not
over gets that day's question late; days already over are skipped, never posted as a backlog.
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
    DailySchedule,
    Streak,
    StreakRow,
    day_text,
    due_at,
    extend,
    next_due,
    parse_day,
    parse_time,
    parse_zone,
    shown,
    zone,
)
from bot.domain.errors import UserError
from bot.domain.spoilers import Redactor
from bot.domain.trivia.game import AskedQuestion, TriviaMode, ask
from bot.domain.trivia.limits import LETTERS
from bot.domain.trivia.selection import select_questions
from bot.services.audiences import Audiences
from bot.services.trivia_questions import TriviaQuestions
from bot.storage.protocols import DailyStore, MemberDataStore

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0
DUE_BATCH = 500  # servers handled per tick at most; the rest are still due at the next tick
TOP_ANSWERERS = 5
STREAK_ROWS = 10
_CACHED_QUESTIONS = 1024  # open questions kept for judging clicks (memory stays flat)


class NotSetUp(UserError):
    default_message = "This server has no daily question. A moderator can start one with `/daily setup`."


class AlreadyPosted(UserError):
    default_message = "Today's question is already out; the next one comes tomorrow. Nothing was posted."


class DailyClosed(UserError):
    default_message = "This daily question has closed. Today's question is the newest one in the channel."


class AlreadyAnsweredToday(UserError):
    default_message = "You already answered this question. The answer comes with the next question."


class NoDailyQuestion(UserError):
    default_message = "No question fits this channel's spoiler rules, so nothing was posted."


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


# Sends a day's question (and the reveal of the one before) to Discord; returns the message id.
DailyPoster = Callable[[DailyPost], Awaitable[int | None]]


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
        self.ticked = asyncio.Event()  # set after each scheduler round (tests wait on it)

    # -- moderators -----------------------------------------------------------------------------
    async def setup(self, guild_id: int, channel_id: int, time_text: str, zone_text: str) -> SetupResult:
        """Create or change the schedule (``BadDailyInput`` changes nothing). Changing the time zone
        keeps the last posted day, so the same question is never posted twice for one date."""
        minute, tz = parse_time(time_text), parse_zone(zone_text)
        current = await self._store.schedule(guild_id)
        last = current.last_posted_day if current else ""
        when = next_due(self._now(), minute, tz, last)
        await self._store.set_schedule(guild_id, channel_id, minute, tz.key, int(when.timestamp()))
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
    async def start(self, poster: DailyPoster) -> None:
        self._poster = poster
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

    async def tick(self, poster: DailyPoster | None = None) -> int:
        """Post every due question of this process's servers; how many were posted."""
        poster = poster or self._poster
        assert poster is not None, "start(poster) first, or pass one"
        now = self._now()
        posted = 0
        for row in await self._store.due(int(now.timestamp()), DUE_BATCH):
            if not self._owns(row.guild_id):  # another shard process posts it
                continue
            try:
                posted += await self._due(row, now, poster)
            except Exception:
                log.exception("The daily question of server %s could not be posted.", row.guild_id)
        return posted

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
        now = int(self._now().timestamp())
        won = await self._store.claim(
            guild_id,
            day,
            int(following.timestamp()),
            question.id,
            now,
            reset_history=selection.reset_history,
            active_only=active_only,
        )
        if not won:  # another process (or an earlier run) has this day
            return False
        reveal = await self._reveal(row, pool)
        asked_today = asked_for_day(question, guild_id, day)
        self._remember(guild_id, day, asked_today)
        message_id = await poster(DailyPost(guild_id, row.channel_id, day, asked_today, redactor, reveal))
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
            raise DailyClosed("That is not one of this question's answers.")
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
