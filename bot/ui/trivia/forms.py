"""The moderators' form for a server's own trivia question."""

from __future__ import annotations

import discord

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.errors import InvalidInput, UserError
from bot.domain.trivia.limits import ANSWER_TEXT_MAX, QUESTION_TEXT_MAX
from bot.services.trivia_questions import TriviaQuestions
from bot.ui.commands import Access, ComponentPolicy
from bot.ui.replies import NO_MENTIONS, report_error

FORM_TIMEOUT = 600.0


class AddQuestionModal(discord.ui.Modal, title="New trivia question"):
    declared = ComponentPolicy(access=Access.MODERATOR, opener_only=True)  # re-checked on submit
    question: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Question",
        custom_id="question",
        style=discord.TextStyle.paragraph,
        max_length=QUESTION_TEXT_MAX,
        placeholder="Who plays Eve Macarro?",
    )
    answer: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Correct answer", custom_id="answer", max_length=ANSWER_TEXT_MAX
    )
    wrong1: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Wrong answer 1", custom_id="wrong1", max_length=ANSWER_TEXT_MAX
    )
    wrong2: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Wrong answer 2", custom_id="wrong2", max_length=ANSWER_TEXT_MAX
    )
    wrong3: discord.ui.TextInput[AddQuestionModal] = discord.ui.TextInput(
        label="Wrong answer 3", custom_id="wrong3", max_length=ANSWER_TEXT_MAX
    )

    def __init__(self, questions: TriviaQuestions, *, spoiler: SpoilerLevel, difficulty: Difficulty) -> None:
        super().__init__(timeout=FORM_TIMEOUT)
        self.questions = questions
        self.spoiler = spoiler
        self.difficulty = difficulty

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        if not interaction.permissions.manage_guild:  # checked again: the form stays open 10 minutes
            await self._reply(
                interaction, "You no longer have the Manage Server permission. Nothing was saved."
            )
            return
        try:
            number = await self.questions.add(
                interaction.guild_id,
                interaction.user.id,
                self.question.value,
                self.answer.value,
                (self.wrong1.value, self.wrong2.value, self.wrong3.value),
                spoiler=self.spoiler,
                difficulty=self.difficulty,
            )
        except InvalidInput as exc:
            await self._reply(interaction, f"Nothing was saved. {exc.message}")
            return
        except UserError as exc:
            await self._reply(interaction, exc.message)
            return
        spoiler = "no spoiler" if self.spoiler is SpoilerLevel.NONE else f"{self.spoiler.value} spoiler"
        await self._reply(
            interaction,
            f"Saved as question **#{number}** ({self.difficulty.value}, {spoiler}). It can come up from the "
            "next game on; `/trivia questions` lists this server's questions.",
        )

    @staticmethod
    async def _reply(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]  # Modal's own signature (discord.py's stubs compare it to View's)
        await report_error(interaction, error, where="the new trivia question form")
