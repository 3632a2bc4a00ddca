"""The moderators' form for a server's own trivia question."""

from __future__ import annotations

import discord

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.errors import InvalidInput, UserError
from bot.domain.trivia.limits import ANSWER_TEXT_MAX, QUESTION_TEXT_MAX
from bot.i18n import _
from bot.services.trivia_questions import TriviaQuestions
from bot.ui.commands import Access, ComponentPolicy
from bot.ui.replies import NO_MENTIONS, report_error
from bot.ui.trivia.words import difficulty_name, spoiler_label

FORM_TIMEOUT = 600.0


class AddQuestionModal(discord.ui.Modal, title="New trivia question"):
    """The form, in the moderator's language: its title and labels are set as it opens."""

    declared = ComponentPolicy(access=Access.MODERATOR, opener_only=True)  # re-checked on submit
    question: discord.ui.TextInput[AddQuestionModal]
    answer: discord.ui.TextInput[AddQuestionModal]
    wrong1: discord.ui.TextInput[AddQuestionModal]
    wrong2: discord.ui.TextInput[AddQuestionModal]
    wrong3: discord.ui.TextInput[AddQuestionModal]

    def __init__(self, questions: TriviaQuestions, *, spoiler: SpoilerLevel, difficulty: Difficulty) -> None:
        # i18n: limit 45
        super().__init__(title=_("New trivia question"), timeout=FORM_TIMEOUT)
        # Built here, not at import: the form speaks the moderator's language.
        self.question = discord.ui.TextInput(
            # i18n: limit 45
            label=_("Question"),
            custom_id="question",
            style=discord.TextStyle.paragraph,
            max_length=QUESTION_TEXT_MAX,
            # i18n: limit 100
            placeholder=_("Who plays Eve Macarro?"),
        )
        self.answer = discord.ui.TextInput(
            # i18n: limit 45
            label=_("Correct answer"),
            custom_id="answer",
            max_length=ANSWER_TEXT_MAX,
        )
        # i18n: limit 45
        wrong = _("Wrong answer {number}")
        self.wrong1, self.wrong2, self.wrong3 = (
            discord.ui.TextInput(
                label=wrong.format(number=n), custom_id=f"wrong{n}", max_length=ANSWER_TEXT_MAX
            )
            for n in (1, 2, 3)
        )
        for field in (self.question, self.answer, self.wrong1, self.wrong2, self.wrong3):
            self.add_item(field)
        self.questions = questions
        self.spoiler = spoiler
        self.difficulty = difficulty

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        if not interaction.permissions.manage_guild:  # checked again: the form stays open 10 minutes
            await self._reply(
                interaction, _("You no longer have the Manage Server permission. Nothing was saved.")
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
            await self._reply(interaction, _("Nothing was saved. {reason}").format(reason=exc.message))
            return
        except UserError as exc:
            await self._reply(interaction, exc.message)
            return
        saved = _(
            "Saved as question **#{number}** ({difficulty}, {spoiler}). It can come up from the next game "
            "on; `/trivia questions` lists this server's questions."
        )
        difficulty = difficulty_name(self.difficulty.value)
        await self._reply(
            interaction,
            saved.format(number=number, difficulty=difficulty, spoiler=spoiler_label(self.spoiler)),
        )

    @staticmethod
    async def _reply(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]  # Modal's own signature (discord.py's stubs compare it to View's)
        await report_error(interaction, error, where="the new trivia question form")
