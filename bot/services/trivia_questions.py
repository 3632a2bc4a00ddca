"""Where a game's questions come from: the film's, and each server's own (added by its moderators)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal

from bot.domain.clocks import WallClock
from bot.domain.content import Content, Difficulty, SpoilerLevel, TriviaQuestion
from bot.domain.errors import UserError
from bot.domain.trivia.answers import AnswerMatcher
from bot.domain.trivia.errors import NotEnoughQuestions, TriviaError
from bot.domain.trivia.knowledge import AnswerKnowledge
from bot.domain.trivia.limits import CUSTOM_QUESTIONS_PER_SERVER
from bot.domain.trivia.questions import CustomQuestion, custom_question, playable
from bot.domain.trivia.selection import shortfall
from bot.i18n import N_, _
from bot.storage.protocols import QuestionStore

QuestionSource = Literal["curated", "generated", "both"]

log = logging.getLogger(__name__)


class QuestionsFull(UserError):
    default_message = N_(
        "This server already has {count} questions, the most it can have. Remove one with `/trivia remove`."
    )

    def __init__(self) -> None:
        super().__init__(_(self.default_message).format(count=CUSTOM_QUESTIONS_PER_SERVER))


class UnknownQuestion(TriviaError):
    default_message = N_("This server has no such question.")


class TriviaQuestions:
    def __init__(
        self,
        content: Content,
        generated: Sequence[TriviaQuestion],
        store: QuestionStore,
        wall_clock: WallClock,
    ) -> None:
        self._curated = tuple(content.trivia)
        self._knowledge = AnswerKnowledge.of(content)
        self._generated = tuple(generated)
        self._store = store
        self._now = wall_clock

    @property
    def counts(self) -> tuple[int, int]:
        """How many questions the film has: (curated, generated)."""
        return len(self._curated), len(self._generated)

    def matcher_for(self, question: TriviaQuestion) -> AnswerMatcher:
        """How a typed answer to ``question`` is judged: with the content's names, aliases and job words."""
        return self._knowledge.matcher(question)

    async def pool(self, guild_id: int, source: QuestionSource = "both") -> list[TriviaQuestion]:
        """The questions a game in this server may ask.

        ``curated``: the film's hand-written questions and the server's own; ``generated``: the ones
        built from the content; ``both`` (the default): all of them.
        """
        pool: list[TriviaQuestion] = []
        if source in ("curated", "both"):
            pool += [*self._curated, *custom_pool(await self._store.questions(guild_id))]
        if source in ("generated", "both"):
            pool += self._generated
        return pool

    def require_enough(
        self,
        pool: Sequence[TriviaQuestion],
        count: int,
        difficulty: Difficulty | None,
        max_spoiler: SpoilerLevel,
        typed: bool,
        spoilers_excluded: bool,
    ) -> None:
        """``NotEnoughQuestions`` when a game of one difficulty cannot have ``count`` questions of ``pool``.

        A game of one difficulty has all its questions or does not start; a mixed one starts with
        what there is (``select_questions`` says how many).
        """
        short = shortfall(
            pool, count, difficulty, max_spoiler, typed=typed, spoilers_excluded=spoilers_excluded
        )
        if short is not None:
            raise NotEnoughQuestions(short)

    async def check_room(self, guild_id: int) -> None:
        """``QuestionsFull`` when the server cannot add another question (checked before the form opens)."""
        if await self._store.count_questions(guild_id) >= CUSTOM_QUESTIONS_PER_SERVER:
            raise QuestionsFull()

    async def add(
        self,
        guild_id: int,
        author_id: int,
        question: str,
        answer: str,
        wrong: tuple[str, str, str],
        *,
        spoiler: SpoilerLevel,
        difficulty: Difficulty,
    ) -> int:
        """Check and save a moderator's question; its number. ``InvalidInput`` or ``QuestionsFull``."""
        checked = custom_question(0, question, answer, wrong, spoiler=spoiler, difficulty=difficulty)
        number = await self._store.add_question(
            guild_id,
            author_id,
            checked.question,
            checked.answer,
            checked.wrong_answers,
            checked.spoiler,
            checked.difficulty,
            self._now(),
            CUSTOM_QUESTIONS_PER_SERVER,
        )
        if number is None:
            raise QuestionsFull()
        return number

    async def listed(self, guild_id: int) -> list[CustomQuestion]:
        return await self._store.questions(guild_id)

    async def remove(self, guild_id: int, number: int) -> None:
        if not await self._store.remove_question(guild_id, number):
            unknown = _("This server has no question #{number}. `/trivia questions` lists them.")
            raise UnknownQuestion(unknown.format(number=number))


def custom_pool(stored: Sequence[CustomQuestion]) -> list[TriviaQuestion]:
    """A server's stored questions as a game asks them; one that no longer validates is skipped."""
    pool = []
    for row in stored:
        try:
            pool.append(playable(row))
        except UserError as exc:  # stored before a rule changed: skip it rather than fail the game
            log.warning(
                "Skipping custom trivia question %s in guild %s: %s", row.id, row.guild_id, exc.message
            )
    return pool
