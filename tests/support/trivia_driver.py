"""Trivia test helpers: play a game through SimCord the way members do.

A ``Trivia`` driver starts games with ``/trivia start``, reads the question a channel
shows (parsing the embed, spoiler tags included, back into the TriviaQuestion it came
from, so a test knows the right letter without seeding any random generator), clicks
letters, types answers in the form, and moves SimCord's virtual clock to close
questions. Nothing here mocks the bot: every step is a real interaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import discord
import simcord

from bot.domain.content import Difficulty, SpoilerLevel, TriviaQuestion
from bot.domain.question_families import generate_questions
from bot.domain.question_families.translated import question_in
from bot.domain.records import GameRow
from bot.domain.trivia.session import DEFAULT_REVEAL_PAUSE
from bot.i18n import LANGUAGES
from bot.services.trivia_questions import custom_pool
from tests.support.db_queries import game_row
from tests.support.world import World

OPTION = re.compile(r"^\*\*([A-D])\.\*\* (.*)$")
ANSWER_BUTTON = re.compile(r"^trivia:\d+:(\d+):")  # a question's buttons, whatever its language
BOLD_LINE = re.compile(r"^\*\*(.+)\*\*$")


def plain(text: str) -> str:
    """Text as a reader sees it once every ||spoiler|| is revealed."""
    if text.startswith("||") and text.endswith("||") and len(text) >= 4:
        text = text[2:-2].replace("\\|", "|").replace("\\\\", "\\")
    return text


@dataclass
class Shown:
    """A question as its message shows it, matched back to the question it was made from."""

    message: discord.Message
    number: int
    question: TriviaQuestion
    question_line: str  # as rendered (maybe ||tagged||)
    options: dict[str, str]  # letter -> rendered option text (maybe ||tagged||)

    @property
    def description(self) -> str:
        return self.message.embeds[0].description or ""

    @property
    def right(self) -> str:
        return next(letter for letter, text in self.options.items() if plain(text) == self.question.answer)

    @property
    def wrong(self) -> str:
        return next(letter for letter in self.options if letter != self.right)


class Trivia:
    def __init__(self, world: World) -> None:
        self.world = world
        self.custom: list[TriviaQuestion] = []

    @property
    def env(self) -> simcord.Env:
        return self.world.env

    @property
    def content_pool(self) -> list[TriviaQuestion]:
        """The film's questions a game can ask: the curated ones, then the generated ones."""
        return [*self.world.bot.content.trivia, *generate_questions(self.world.bot.content)]

    async def start(
        self,
        actor: simcord.MemberActor | None = None,
        channel: simcord.ChannelHandle | None = None,
        **options: Any,
    ) -> simcord.InteractionResult:
        rows = await self.world.storage.trivia.questions(self.world.guild.id)
        self.custom = custom_pool(rows)  # as the game sees them (moderators' markdown escaped)
        return await (actor or self.world.member).slash(
            channel or self.world.general, "trivia start", **options
        )

    def question(self, channel: simcord.ChannelHandle | None = None) -> Shown:
        """The latest question message in the channel (the one with answer buttons, in any language)."""
        for message in reversed((channel or self.world.general).history()):
            if message.embeds and question_number(message) is not None:
                return self.parse(message)
        raise AssertionError("no question message in this channel")

    def parse(self, message: discord.Message) -> Shown:
        embed = message.embeds[0]
        number = question_number(message)
        assert number is not None, "not a question message"
        lines = (embed.description or "").splitlines()
        question_line = next(m.group(1) for line in lines if (m := BOLD_LINE.match(line)))
        options = {m.group(1): m.group(2) for line in lines if (m := OPTION.match(line))}
        text = plain(question_line)
        # The question in the language it was asked in (the server's): each question as each
        # language shows it; the match is that version (its answer is the option shown).
        shown_as = [
            question_in(q, language) for q in (*self.content_pool, *self.custom) for language in LANGUAGES
        ]
        matches = [q for q in shown_as if q.question == text]
        if options:  # generated questions can share a text ("Which came first?"): the options tell
            shown = {plain(o) for o in options.values()}
            matches = [q for q in matches if {q.answer, *q.wrong_answers} == shown]
        assert matches, f"unknown question: {question_line!r}"
        return Shown(message, number, matches[0], question_line, options)

    async def click(self, actor: simcord.MemberActor, letter: str, shown: Shown | None = None) -> str:
        shown = shown or self.question()
        result = await actor.click(shown.message, label=letter)
        assert result.ephemeral and result.response is not None
        return result.response.content

    async def open_form(
        self, actor: simcord.MemberActor, shown: Shown | None = None
    ) -> simcord.InteractionResult:
        shown = shown or self.question()
        return await actor.click(shown.message, label="Answer")

    async def type(self, actor: simcord.MemberActor, text: str, shown: Shown | None = None) -> str:
        form = await self.open_form(actor, shown)
        assert form.modal is not None, "the Answer button should open a form"
        result = await actor.submit_modal(form, {"response": text})
        assert result.ephemeral and result.response is not None
        return result.response.content

    async def close(self, seconds: float | None = None) -> None:
        """Let the open question run out: ``seconds``, or what is left of its time (at least the
        server's limit; more for a long question, ``bot/domain/trivia/reading.py``)."""
        await self.env.advance_time(self.time_left() if seconds is None else seconds)

    def time_left(self) -> float:
        """Seconds until the latest deadline of the open questions (20, the default limit, if none)."""
        now = self.world.bot.clock.now()
        left = [
            g.session.game.deadline - now
            for g in self.world.services.trivia_games.running()
            if g.session.game.is_open
        ]
        return max(left, default=20.0)

    async def next(self) -> None:
        """Wait out the pause between a reveal and the next question."""
        await self.env.advance_time(DEFAULT_REVEAL_PAUSE)

    def last_embed(self, channel: simcord.ChannelHandle | None = None) -> discord.Embed:
        message = (channel or self.world.general).last_message
        assert message is not None and message.embeds
        return message.embeds[0]

    def recent_embeds(self, count: int, channel: simcord.ChannelHandle | None = None) -> list[discord.Embed]:
        """The first embed of each of the channel's last ``count`` messages, oldest first."""
        return [m.embeds[0] for m in (channel or self.world.general).history()[-count:] if m.embeds]

    async def game(self, game_id: int = 1) -> GameRow:
        row = await game_row(self.world.storage.database, game_id)
        assert row is not None
        return row

    async def ask_only(
        self, keep: Iterable[TriviaQuestion] | None = None, *, spoiler: bool | None = None
    ) -> list[TriviaQuestion]:
        """Mark every content question as already asked except ``keep`` (or those of a spoiler kind).

        Selection prefers questions a server has not had yet, so the next game asks the
        kept ones first: a deterministic way to get (or avoid) a spoiler question.
        """
        pool = self.content_pool
        if keep is None:
            kept = [q for q in pool if (q.spoiler is not SpoilerLevel.NONE) == spoiler]
        else:
            kept = list(keep)
        ids = {q.id for q in kept}
        await self.world.storage.trivia.mark_asked(
            self.world.guild.id, [q.id for q in pool if q.id not in ids], discord.utils.utcnow()
        )
        return kept

    async def add_custom(
        self,
        question: str = "What colour are the ballet shoes on the poster?",
        answer: str = "Crimson",
        wrong: tuple[str, str, str] = ("Teal", "Gold", "Ivory"),
        *,
        spoiler: str = "none",
        difficulty: str = "medium",
    ) -> int:
        return await self.world.services.trivia_questions.add(
            self.world.guild.id,
            self.world.mod.id,
            question,
            answer,
            wrong,
            spoiler=SpoilerLevel(spoiler),
            difficulty=Difficulty(difficulty),
        )


def question_number(message: discord.Message) -> int | None:
    """The number of the question a message asks (from its answer buttons' custom ids), or None."""
    for row in message.components:
        for child in getattr(row, "children", ()):
            match = ANSWER_BUTTON.match(getattr(child, "custom_id", None) or "")
            if match:
                return int(match.group(1))
    return None


def buttons(payload: Any) -> Iterator[dict[str, Any]]:
    """Every button (type 2) anywhere in a request body (a command option of type 2, a subcommand
    group such as ``/trivia schedule``, has a ``name`` and no ``style``: not a button)."""
    if isinstance(payload, dict):
        if payload.get("type") == 2 and "style" in payload:
            yield payload
        for value in payload.values():
            yield from buttons(value)
    elif isinstance(payload, list):
        for value in payload:
            yield from buttons(value)
