"""The Discord side of a trivia game: answer buttons, the answer and question forms, the presenter.

* ``AnswerButton`` is a ``DynamicItem``: its custom_id (``trivia:<game>:<question>:<letter>``,
  or ``…:answer`` for the typed-mode button) is all it needs, so a click on any question
  message is routed to its game — even one posted before a restart, which then gets
  a friendly "this game is over". Labels are only letters (or "Answer"): a button
  label can never carry a spoiler.
* A click does no database work before it responds: ``RunningGame.submit`` calls the
  session's synchronous ``answer`` (the answer is queued for the AnswerWriter by the
  session's on_answer hook) and the member gets an ephemeral "Locked in".
* ``DiscordPresenter`` implements the domain's Presenter protocol with messages.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord

from bot.domain.content import Difficulty, SpoilerLevel, TriviaQuestion
from bot.domain.spoilers import Redactor
from bot.domain.text import escape_markdown, escape_user_text
from bot.domain.trivia import (
    LETTERS,
    AnswerRecord,
    AskedQuestion,
    EndReason,
    QuestionClosed,
    Reveal,
    Standing,
    TriviaError,
    TriviaMode,
    TriviaSession,
    custom_question,
)
from bot.storage import AnswerRecord as StoredAnswer
from bot.storage import CustomQuestionRow
from bot.tree import NO_MENTIONS, report_error
from bot.ui.audience import channel_redactor
from bot.ui.trivia_render import end_embed, question_embed, question_source, reveal_embed

if TYPE_CHECKING:
    from bot.client import BallerinaBot

log = logging.getLogger(__name__)

COG_NAME = "Trivia"  # the cog's name, for routing clicks to the running games
TYPED_CHOICE = "answer"
ANSWER_TEMPLATE = rf"trivia:(?P<game>\d+):(?P<number>\d+):(?P<choice>[A-D]|{TYPED_CHOICE})"
GAME_OVER_TEXT = "This trivia game is over. Start a new one with `/trivia start`."
QUESTION_MAX = 300
ANSWER_MAX = 80
TYPED_MAX = 100
FORM_TIMEOUT = 600.0

GameChannel = discord.TextChannel | discord.Thread | discord.VoiceChannel


def answer_custom_id(game_id: int, number: int, choice: str) -> str:
    return f"trivia:{game_id}:{number}:{choice}"


# --------------------------------------------------------------------------- running games


@dataclass(eq=False)
class RunningGame:
    """One game in one channel, as the cog and the buttons see it."""

    game_id: int
    guild_id: int
    channel: GameChannel
    starter_id: int
    start_url: str
    mode: TriviaMode
    streaks: dict[int, int] = field(default_factory=dict)  # each player's streak after their last answer
    stopped_by: int | None = None
    presenter: DiscordPresenter | None = None
    _session: TriviaSession | None = None

    @property
    def session(self) -> TriviaSession:
        assert self._session is not None, "attach the session before starting the game"
        return self._session

    def attach(self, session: TriviaSession) -> None:
        self._session = session

    @property
    def channel_id(self) -> int:
        return self.channel.id

    @property
    def parent_id(self) -> int | None:
        return self.channel.parent_id if isinstance(self.channel, discord.Thread) else None

    def stored(self, record: AnswerRecord, *, answered_at_ms: int) -> StoredAnswer:
        """The session's record of an accepted answer, as the AnswerWriter stores it."""
        return StoredAnswer(
            game_id=self.game_id,
            guild_id=self.guild_id,
            question_no=record.question_no,
            question_id=record.question_id,
            user_id=record.user_id,
            correct=record.correct,
            points=record.points,
            streak=record.streak,
            answered_at_ms=answered_at_ms,
        )

    def refusal(self, number: int) -> str | None:
        """Why question ``number`` cannot take an answer now, or None if it can."""
        game = self.session.game
        if game.is_over:
            return GAME_OVER_TEXT
        if number != game.number or not game.is_open:
            return QuestionClosed.default_message
        return None

    def submit(self, user_id: int, number: int, response: str) -> str:
        """Answer question ``number`` now; returns the ephemeral reply. Synchronous: no I/O."""
        refusal = self.refusal(number)
        if refusal is not None:
            return refusal
        try:
            self.session.answer(user_id, response)
        except TriviaError as exc:
            return exc.message
        # Typed answers are not echoed: "Locked in." says nothing about right or wrong.
        return f"Locked in: {response}" if self.mode is TriviaMode.CHOICE else "Locked in."


class GameRegistry:
    """The running games, by channel (one per channel) and by game id (for the buttons)."""

    def __init__(self) -> None:
        self._by_channel: dict[int, RunningGame] = {}
        self._by_id: dict[int, RunningGame] = {}

    def add(self, running: RunningGame) -> None:
        self._by_channel[running.channel_id] = running
        self._by_id[running.game_id] = running

    def remove(self, running: RunningGame) -> None:
        if self._by_channel.get(running.channel_id) is running:
            del self._by_channel[running.channel_id]
        if self._by_id.get(running.game_id) is running:
            del self._by_id[running.game_id]

    def in_channel(self, channel_id: int) -> RunningGame | None:
        return self._by_channel.get(channel_id)

    def by_id(self, game_id: int) -> RunningGame | None:
        return self._by_id.get(game_id)

    def all(self) -> list[RunningGame]:
        return list(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def registry_of(client: discord.Client) -> GameRegistry | None:
    get_cog = getattr(client, "get_cog", None)
    cog = get_cog(COG_NAME) if get_cog is not None else None
    games = getattr(cog, "games", None)
    return games if isinstance(games, GameRegistry) else None


# --------------------------------------------------------------------------- answering


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ANSWER_TEMPLATE):
    def __init__(
        self, game_id: int, number: int, choice: str, *, disabled: bool = False, correct: bool = False
    ) -> None:
        if correct:
            style = discord.ButtonStyle.success
        elif disabled:
            style = discord.ButtonStyle.secondary
        else:
            style = discord.ButtonStyle.primary
        super().__init__(
            discord.ui.Button(
                label="Answer" if choice == TYPED_CHOICE else choice,
                style=style,
                custom_id=answer_custom_id(game_id, number, choice),
                disabled=disabled,
            )
        )
        self.game_id = game_id
        self.number = number
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any
    ) -> AnswerButton:
        return cls(int(match["game"]), int(match["number"]), match["choice"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.answer(interaction)
        except Exception as exc:  # dynamic items bypass View.on_error
            await report_error(interaction, exc, where="a trivia answer button")

    async def answer(self, interaction: discord.Interaction) -> None:
        games = registry_of(interaction.client)
        running = games.by_id(self.game_id) if games is not None else None
        # The channel check matters after a database reset or restore: game ids start again,
        # and a button left on an old message must not answer a new game elsewhere.
        if running is None or interaction.channel_id != running.channel_id:
            await _ephemeral(interaction, GAME_OVER_TEXT)
        elif self.choice == TYPED_CHOICE:
            refusal = running.refusal(self.number)
            if refusal is not None:
                await _ephemeral(interaction, refusal)
            else:
                await interaction.response.send_modal(TypedAnswerModal(running, self.number))
        else:
            await _ephemeral(interaction, running.submit(interaction.user.id, self.number, self.choice))


async def _ephemeral(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


def question_view(
    game_id: int, number: int, asked: AskedQuestion, *, closed: bool = False, correct: str | None = None
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    choices = LETTERS[: len(asked.options)] if asked.mode is TriviaMode.CHOICE else (TYPED_CHOICE,)
    for choice in choices:
        view.add_item(
            AnswerButton(game_id, number, choice, disabled=closed, correct=closed and choice == correct)
        )
    return view


class TypedAnswerModal(discord.ui.Modal):
    response: discord.ui.TextInput[TypedAnswerModal] = discord.ui.TextInput(
        label="Your answer",
        custom_id="response",
        placeholder="Small typos are fine",
        max_length=TYPED_MAX,
    )

    def __init__(self, running: RunningGame, number: int) -> None:
        # The title never carries question text: it shows in the form's header.
        super().__init__(
            title=f"Question {number}: your answer",
            timeout=running.session.game.settings.time_limit + FORM_TIMEOUT,
        )
        self.running = running
        self.number = number

    async def on_submit(self, interaction: discord.Interaction) -> None:
        if interaction.channel_id != self.running.channel_id:
            await _ephemeral(interaction, GAME_OVER_TEXT)
            return
        await _ephemeral(
            interaction, self.running.submit(interaction.user.id, self.number, self.response.value)
        )

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]  # Modal's own signature (discord.py's stubs compare it to View's)
        await report_error(interaction, error, where="a typed trivia answer")


# --------------------------------------------------------------------------- moderators' questions


def check_custom_question(
    question: str,
    answer: str,
    wrong: tuple[str, str, str],
    *,
    spoiler: SpoilerLevel,
    difficulty: Difficulty,
) -> TriviaQuestion:
    """Validate a moderator's question; raises ValueError with a message naming the field."""
    fields = [("The question", question, QUESTION_MAX), ("The correct answer", answer, ANSWER_MAX)]
    fields += [(f"Wrong answer {i}", text, ANSWER_MAX) for i, text in enumerate(wrong, start=1)]
    for label, text, limit in fields:
        size = len(text.strip())
        if not size:
            raise ValueError(f"{label} can't be empty.")
        if size > limit:
            raise ValueError(f"{label} is too long ({size} characters; at most {limit}).")
    return custom_question(0, question, answer, wrong, spoiler=spoiler, difficulty=difficulty)


class AddQuestionModal(discord.ui.Modal, title="New trivia question"):
    question: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Question",
        custom_id="question",
        style=discord.TextStyle.paragraph,
        max_length=QUESTION_MAX,
        placeholder="Who plays Eve Macarro?",
    )
    answer: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Correct answer", custom_id="answer", max_length=ANSWER_MAX
    )
    wrong1: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Wrong answer 1", custom_id="wrong1", max_length=ANSWER_MAX
    )
    wrong2: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Wrong answer 2", custom_id="wrong2", max_length=ANSWER_MAX
    )
    wrong3: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Wrong answer 3", custom_id="wrong3", max_length=ANSWER_MAX
    )

    def __init__(
        self, bot: BallerinaBot, *, spoiler: SpoilerLevel, difficulty: Difficulty, limit: int
    ) -> None:
        super().__init__(timeout=FORM_TIMEOUT)
        self.bot = bot
        self.spoiler = spoiler
        self.difficulty = difficulty
        self.limit = limit

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        wrong = (self.wrong1.value, self.wrong2.value, self.wrong3.value)
        try:
            checked = check_custom_question(
                self.question.value,
                self.answer.value,
                wrong,
                spoiler=self.spoiler,
                difficulty=self.difficulty,
            )
        except ValueError as exc:
            await _ephemeral(interaction, f"Nothing was saved. {exc}")
            return
        repo = self.bot.trivia_repo
        if await repo.count_questions(interaction.guild_id) >= self.limit:
            await _ephemeral(interaction, limit_text(self.limit))
            return
        number = await repo.add_question(
            interaction.guild_id,
            interaction.user.id,
            checked.question,
            checked.answer,
            checked.wrong_answers,
            spoiler=self.spoiler,
            difficulty=self.difficulty,
        )
        spoiler = "no spoiler" if self.spoiler is SpoilerLevel.NONE else f"{self.spoiler.value} spoiler"
        await _ephemeral(
            interaction,
            f"Saved as question **#{number}** ({self.difficulty.value}, {spoiler}). It can come up from the "
            "next game on; `/trivia questions` lists this server's questions.",
        )

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]  # Modal's own signature (discord.py's stubs compare it to View's)
        await report_error(interaction, error, where="the new trivia question form")


def custom_pool(rows: Sequence[CustomQuestionRow]) -> list[TriviaQuestion]:
    """A server's stored questions as questions a game can ask (one that no longer validates is skipped)."""
    pool = []
    for row in rows:
        try:
            # Moderators' text is shown as typed: its markdown (|| included) cannot act on the message.
            question = custom_question(
                row.id,
                escape_markdown(row.question),
                escape_markdown(row.answer),
                tuple(escape_markdown(w) for w in row.wrong),
                spoiler=row.spoiler,
                difficulty=row.difficulty,
            )
        except ValueError as exc:  # stored before a rule changed: skip it rather than fail the game
            log.warning("Skipping custom trivia question %s in guild %s: %s", row.id, row.guild_id, exc)
            continue
        pool.append(question)
    return pool


def limit_text(limit: int) -> str:
    return (
        f"This server already has {limit} questions, the most it can have. Remove one with `/trivia remove`."
    )


# --------------------------------------------------------------------------- the presenter


class DiscordPresenter:
    """The domain Presenter as Discord messages in the game's channel.

    Every message goes through a Redactor built for that channel at that moment, and
    every send passes ``AllowedMentions.none()``.
    """

    def __init__(self, bot: BallerinaBot, running: RunningGame) -> None:
        self.bot = bot
        self.running = running
        self.end_shown = False
        self.asked_count = 0
        self._open: tuple[discord.Message, int, AskedQuestion] | None = None  # the question with live buttons

    async def redactor(self) -> Redactor:
        return await channel_redactor(self.bot, self.running.guild_id, self.running.channel)

    async def show_question(self, asked: AskedQuestion, number: int, total: int, deadline: float) -> None:
        redactor = await self.redactor()
        closes_at = math.ceil(discord.utils.utcnow().timestamp() + (deadline - self.bot.clock.now()))
        running = self.running
        message = await running.channel.send(
            embed=question_embed(asked, number, total, redactor, closes_at=closes_at),
            view=question_view(running.game_id, number, asked),
            allowed_mentions=NO_MENTIONS,
        )
        self.asked_count = number
        self._open = (message, number, asked)

    async def close_buttons(self, correct: str | None = None) -> None:
        """Disable the open question's buttons (marking the right letter). A failed edit is not fatal."""
        if self._open is None:
            return
        message, number, asked = self._open
        self._open = None
        view = question_view(self.running.game_id, number, asked, closed=True, correct=correct)
        try:
            await message.edit(view=view)
        except discord.HTTPException as exc:
            log.warning("Trivia game %s: could not close question %s (%s)", self.running.game_id, number, exc)

    async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None:
        await self.close_buttons(reveal.correct_letter)
        redactor = await self.redactor()
        embed = reveal_embed(
            reveal,
            number,
            total,
            redactor,
            source=question_source(self.bot.content, reveal.question, redactor),
            streaks=self.running.streaks,
            idle_questions=self.running.session.game.idle_questions,
        )
        await self.running.channel.send(embed=embed, allowed_mentions=NO_MENTIONS)

    async def show_end(self, standings: list[Standing], reason: EndReason) -> None:
        await self.close_buttons()
        game = self.running.session.game
        embed = end_embed(
            standings,
            reason,
            winners=game.winners(),
            asked=self.asked_count,
            total=game.total,
            stopped_by=self.running.stopped_by,
        )
        await self.running.channel.send(embed=embed, allowed_mentions=NO_MENTIONS)
        self.end_shown = True


def display_name(member: discord.abc.User) -> str:
    return escape_user_text(member.display_name, 80)
