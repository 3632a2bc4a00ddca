"""A trivia game as Discord messages: the ``GamePresenter`` the games service drives.

Every message goes through a Redactor built for the game's channel at that moment (so an
embargo started mid-game applies at once), and every send passes ``AllowedMentions.none()``.
The channel reads every message, so each one is written in the server's language (its
``/settings language``, else its Discord language), read again for every message too.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import discord

from bot.domain.clocks import GameClock
from bot.domain.content import Content
from bot.domain.errors import UserError
from bot.domain.spoilers import Redactor
from bot.domain.trivia.game import AskedQuestion, Ending, Reveal
from bot.domain.trivia.questions import is_custom_question
from bot.i18n import N_, Language, _, use_language
from bot.services.audiences import Audiences
from bot.services.privacy import Privacy
from bot.services.trivia_games import TriviaGames
from bot.ui.item_buttons import ItemButtons
from bot.ui.replies import NO_MENTIONS
from bot.ui.trivia.buttons import AnswerButtons
from bot.ui.trivia.render import FAILURE_TEXT, end_embed, question_embed, question_source, reveal_embed

log = logging.getLogger(__name__)

# i18n: limit 2000
SHUTDOWN_TEXT = N_("The bot is shutting down, so this trivia game ends here. The scores so far are kept.")
# i18n: limit 2000
RECOVERED_TEXT = N_(
    "The trivia game in this channel was interrupted when the bot restarted. The scores so far are kept."
)

GameChannel = discord.TextChannel | discord.Thread | discord.VoiceChannel

UNKNOWN_CHANNEL, MISSING_ACCESS = 10003, 50001  # Discord's JSON error codes


def channel_gone(exc: discord.HTTPException) -> bool:
    """Whether a failed request means the channel is gone for the bot.

    Deleted (404 Unknown Channel), or the bot was removed from the server or can no longer see
    the channel (403 Missing Access). Not "Missing Permissions" (50013): the bot still sees the
    channel then, and tries to say that the game ended.
    """
    return (isinstance(exc, discord.NotFound) and exc.code == UNKNOWN_CHANNEL) or (
        isinstance(exc, discord.Forbidden) and exc.code == MISSING_ACCESS
    )


async def tell(channel: discord.abc.Messageable, text: str) -> None:
    """Post a notice; a channel that is gone or closed to the bot is logged, not raised."""
    try:
        await channel.send(text, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:
        log.warning("Could not post a trivia notice in channel %s: %s", getattr(channel, "id", "?"), exc)


class DiscordPresenter:
    def __init__(
        self,
        channel: GameChannel,
        *,
        game_id: int,
        guild_id: int,
        rules_channel_id: int,
        audiences: Audiences,
        content: Content,
        buttons: AnswerButtons,
        item_buttons: ItemButtons,
        clock: GameClock,
        privacy: Privacy,
        on_gone: Callable[[], None] = lambda: None,
    ) -> None:
        self.channel = channel
        self.game_id = game_id
        self.guild_id = guild_id
        self.rules_channel_id = rules_channel_id
        self.audiences = audiences
        self.content = content
        self.buttons = buttons
        self.item_buttons = item_buttons
        self.clock = clock
        self.privacy = privacy  # who asked to be "a hidden player" next to scores
        self.end_shown = False
        # The bot runs without the guilds intent, so no event says a channel was deleted or the
        # bot left the server: the game learns it when a message fails, and ends there quietly.
        self.gone = False
        self._on_gone = on_gone
        self._open: tuple[discord.Message, int, AskedQuestion] | None = None  # the question with live buttons

    async def redactor(self) -> Redactor:
        return await self.audiences.for_channel(self.guild_id, self.rules_channel_id)

    async def language(self) -> Language:
        """The server's language now (a moderator may change it mid-game: the next message follows)."""
        return await self.audiences.language(self.guild_id)

    def _went(self, exc: discord.HTTPException) -> bool:
        """Note a failure that means the channel is gone and end the game (cancelled, no more messages)."""
        if not channel_gone(exc):
            return False
        if not self.gone:
            self.gone = True
            log.info(
                "Trivia game %s: channel %s is gone (%s); the game ends.", self.game_id, self.channel.id, exc
            )
            self._on_gone()
        return True

    async def _send(self, **kwargs: object) -> discord.Message | None:
        """Post in the game's channel; None (and the game ends) when the channel is gone."""
        if self.gone:
            return None
        try:
            return await self.channel.send(allowed_mentions=NO_MENTIONS, **kwargs)  # type: ignore[call-overload]
        except discord.HTTPException as exc:
            if self._went(exc):
                return None
            raise

    async def show_question(self, asked: AskedQuestion, number: int, total: int, deadline: float) -> None:
        redactor, language = await self.redactor(), await self.language()
        closes_at = math.ceil(discord.utils.utcnow().timestamp() + (deadline - self.clock.now()))
        with use_language(language):
            embed = question_embed(asked, number, total, redactor, closes_at=closes_at)
            view = self.buttons.view(self.game_id, number, asked)
        message = await self._send(embed=embed, view=view)
        if message is not None:
            self._open = (message, number, asked)

    async def close_buttons(self, correct: str | None = None) -> None:
        """Disable the open question's buttons (marking the right letter). A failed edit is not fatal."""
        if self._open is None:
            return
        message, number, asked = self._open
        self._open = None
        with use_language(await self.language()):
            view = self.buttons.view(self.game_id, number, asked, closed=True, correct=correct)
        try:
            await message.edit(view=view)
        except discord.HTTPException as exc:
            if not self._went(exc):
                log.warning("Trivia game %s: could not close question %s (%s)", self.game_id, number, exc)

    async def show_reveal(self, reveal: Reveal, number: int, total: int) -> None:
        await self.close_buttons(reveal.correct_letter)
        redactor, language = await self.redactor(), await self.language()
        hidden = await self._hidden([*(user for user, _points in reveal.winners), *reveal.missed])
        question = reveal.question
        with use_language(language):
            source = question_source(self.content, question, redactor)
            embed = reveal_embed(reveal, number, total, redactor, source=source, hidden=hidden)
            # A server's own question has no sources to list.
            view = None if is_custom_question(question.id) else self.item_buttons.view("trivia", question.id)
        if view is None:
            await self._send(embed=embed)
        else:
            await self._send(embed=embed, view=view)

    async def show_end(self, ending: Ending) -> None:
        await self.close_buttons()
        players = [s.user_id for s in ending.standings]
        hidden = await self._hidden([*players, *([ending.stopped_by] if ending.stopped_by else [])])
        with use_language(await self.language()):
            embed = end_embed(ending, hidden)
        self.end_shown = await self._send(embed=embed) is not None

    async def _hidden(self, players: Iterable[int]) -> frozenset[int]:
        """Who stays off public boards; when that cannot be read (a storage fault), nobody is named."""
        try:
            return await self.privacy.hidden_players(self.guild_id)
        except UserError:  # the storage's fault (StorageFault): the set is unknown
            return frozenset(players)

    async def _notice(self, text: str) -> None:
        if not self.gone:
            with use_language(await self.language()):
                text = _(text)
            await tell(self.channel, text)

    async def show_failure(self) -> None:
        await self._notice(FAILURE_TEXT)

    async def show_shutdown(self) -> None:
        await self._notice(SHUTDOWN_TEXT)


@dataclass(frozen=True, eq=False)
class GameStage:
    """What every game's presenter works with, gathered once (``BallerinaBot.setup_hook``):
    ``/trivia start`` and a trivia night's start both make their presenters here."""

    games: TriviaGames
    audiences: Audiences
    content: Content
    buttons: AnswerButtons
    item_buttons: ItemButtons
    clock: GameClock
    privacy: Privacy

    def presenter(
        self, channel: GameChannel, *, game_id: int, guild_id: int, rules_channel_id: int
    ) -> DiscordPresenter:
        return DiscordPresenter(
            channel,
            game_id=game_id,
            guild_id=guild_id,
            rules_channel_id=rules_channel_id,
            audiences=self.audiences,
            content=self.content,
            buttons=self.buttons,
            item_buttons=self.item_buttons,
            clock=self.clock,
            privacy=self.privacy,
            # The bot has no guilds intent, so no event tells it a channel was deleted or that it
            # left the server; the game's next message fails instead, and the game ends there.
            on_gone=lambda: self.games.cancel_in_channel(channel.id, "the channel is gone"),
        )
