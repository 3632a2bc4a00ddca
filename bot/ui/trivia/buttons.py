"""Trivia's answer buttons and the typed-answer form.

* An answer button is a ``DynamicItem``: its custom_id (``trivia:<game>:<question>:<letter>``,
  or ``…:answer`` for the typed-mode button) is all it needs, so a click on any question
  message is routed to its game — even one posted before a restart, which then gets a
  friendly "this game is over". Labels are only letters (or "Answer", in the server's language,
  as the question is): a button label can never carry a spoiler.
* A click is answered once its answer is stored: ``TriviaGames.answer`` returns when the batch
  it joined has committed (group commit, a few milliseconds), then the member gets an ephemeral
  "Locked in" (in the member's own language, as every private reply). An answer that could not be
  stored gets a message saying so, and does not count.
* discord.py rebuilds a clicked button from its custom_id alone, so the button finds the games
  service on the bot (``bot.answer_buttons``, built in ``setup_hook``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from bot.domain.errors import UserError
from bot.domain.trivia.game import AskedQuestion, TriviaMode
from bot.domain.trivia.limits import LETTERS, TYPED_ANSWER_MAX
from bot.i18n import _
from bot.metrics import observe
from bot.services.trivia_games import TriviaGames
from bot.ui.commands import ComponentPolicy
from bot.ui.replies import NO_MENTIONS, report_error
from bot.ui.rewards import note_after_answer

TYPED_CHOICE = "answer"
ANSWER_TEMPLATE = rf"trivia:(?P<game>\d+):(?P<number>\d+):(?P<choice>[A-D]|{TYPED_CHOICE})"
FORM_TIMEOUT = 600.0


def answer_custom_id(game_id: int, number: int, choice: str) -> str:
    return f"trivia:{game_id}:{number}:{choice}"


def locked_in(mode: TriviaMode, choice: str) -> str:
    # Typed answers are not echoed: "Locked in." says nothing about right or wrong.
    if mode is TriviaMode.CHOICE:
        return _("Locked in: {choice}").format(choice=choice)
    return _("Locked in.")


async def _ephemeral(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


@dataclass(frozen=True, eq=False)
class AnswerButtons:
    """The answer buttons of every trivia question, bound to one games service."""

    games: TriviaGames

    def view(
        self,
        game_id: int,
        number: int,
        asked: AskedQuestion,
        *,
        closed: bool = False,
        correct: str | None = None,
    ) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        choices = LETTERS[: len(asked.options)] if asked.mode is TriviaMode.CHOICE else (TYPED_CHOICE,)
        for choice in choices:
            view.add_item(
                AnswerButton(
                    game_id, number, choice, self.games, disabled=closed, correct=closed and choice == correct
                )
            )
        return view


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ANSWER_TEMPLATE):
    declared = ComponentPolicy(spoilers=True)  # a reveal may show the answer (redacted per channel)

    def __init__(
        self,
        game_id: int,
        number: int,
        choice: str,
        games: TriviaGames,
        *,
        disabled: bool = False,
        correct: bool = False,
    ) -> None:
        if correct:
            style = discord.ButtonStyle.success
        elif disabled:
            style = discord.ButtonStyle.secondary
        else:
            style = discord.ButtonStyle.primary
        # i18n: limit 80
        label = _("Answer") if choice == TYPED_CHOICE else choice
        super().__init__(
            discord.ui.Button(
                label=label,
                style=style,
                custom_id=answer_custom_id(game_id, number, choice),
                disabled=disabled,
            )
        )
        self.game_id = game_id
        self.number = number
        self.choice = choice
        self.games = games

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any
    ) -> AnswerButton:
        # The bot holds them (``bot.answer_buttons``); a concrete isinstance costs nothing per click,
        # where a runtime-checked Protocol would cost some 20 µs.
        buttons = getattr(interaction.client, "answer_buttons", None)
        assert isinstance(buttons, AnswerButtons), "the bot holds the answer buttons' games service"
        return cls(int(match["game"]), int(match["number"]), match["choice"], buttons.games)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.answer(interaction)
        except Exception as exc:  # dynamic items bypass View.on_error
            await report_error(interaction, exc, where="a trivia answer button")

    async def answer(self, interaction: discord.Interaction) -> None:
        games, where = self.games, interaction.channel_id
        try:
            if self.choice == TYPED_CHOICE:
                running = games.check_open(self.game_id, where, self.number)
                time_limit = running.session.game.question_limit
                modal = TypedAnswerModal(games, self.game_id, self.number, timeout=time_limit + FORM_TIMEOUT)
                await interaction.response.send_modal(modal)
                observe(interaction, "ok")
                return
            await games.answer(self.game_id, where, interaction.user.id, self.number, self.choice)
        except UserError as exc:
            await _ephemeral(interaction, exc.message)
            observe(interaction, "refused")
            return
        unrevealed = games.unrevealed_points(interaction.guild_id or 0, interaction.user.id)
        note = await note_after_answer(interaction, unrevealed_points=unrevealed)
        await _ephemeral(interaction, locked_in(TriviaMode.CHOICE, self.choice) + note)
        observe(interaction, "ok")


class TypedAnswerModal(discord.ui.Modal):
    declared = ComponentPolicy()
    response: discord.ui.TextInput[TypedAnswerModal]

    def __init__(self, games: TriviaGames, game_id: int, number: int, *, timeout: float) -> None:
        # The title never carries question text: it shows in the form's header.
        # i18n: limit 45
        title = _("Question {number}: your answer").format(number=number)
        super().__init__(title=title, timeout=timeout)
        # Built here, not at import: the form speaks the member's language.
        self.response = discord.ui.TextInput(
            # i18n: limit 45
            label=_("Your answer"),
            custom_id="response",
            # i18n: limit 100
            placeholder=_("Small typos are fine"),
            max_length=TYPED_ANSWER_MAX,
        )
        self.add_item(self.response)
        self.games = games
        self.game_id = game_id
        self.number = number

    async def on_submit(self, interaction: discord.Interaction) -> None:
        try:
            await self.games.answer(
                self.game_id, interaction.channel_id, interaction.user.id, self.number, self.response.value
            )
        except UserError as exc:
            await _ephemeral(interaction, exc.message)
            observe(interaction, "refused")
            return
        unrevealed = self.games.unrevealed_points(interaction.guild_id or 0, interaction.user.id)
        note = await note_after_answer(interaction, unrevealed_points=unrevealed)
        await _ephemeral(interaction, locked_in(TriviaMode.TYPED, self.response.value) + note)
        observe(interaction, "ok")

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]  # Modal's own signature (discord.py's stubs compare it to View's)
        await report_error(interaction, error, where="a typed trivia answer")
