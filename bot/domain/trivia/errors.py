"""Trivia refusals: each is a ``UserError`` whose message the member sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.errors import UserError
from bot.i18n import N_, _

if TYPE_CHECKING:  # selection raises nothing; the service raises this with its result
    from bot.domain.trivia.selection import Shortfall


class TriviaError(UserError):
    """A refusal the player should hear about; ``message`` is friendly text for an ephemeral reply.

    ``default_message`` is marked for translation (``N_``) and translated when the error is raised,
    in the language of the moment (the member's, for a refusal).
    """

    def __init__(self, message: str | None = None) -> None:
        super().__init__(_(self.default_message) if message is None else message)


class AlreadyAnswered(TriviaError):
    default_message = N_("You already locked in an answer for this question.")


class QuestionClosed(TriviaError):
    default_message = N_("Too late — this question has closed.")


class InvalidAnswer(TriviaError):
    default_message = N_("That isn't one of the options.")


class GameNotRunning(TriviaError):
    default_message = N_("There's no trivia game running here right now.")


class GameOver(TriviaError):
    default_message = N_("This trivia game is over. Start a new one with `/trivia start`.")


class GameAlreadyRunning(TriviaError):
    default_message = N_("A game is already running in this channel.")


class BotStopping(TriviaError):
    default_message = N_("The bot is restarting, so no new game can start right now. Try again in a minute.")


class NoQuestions(TriviaError):
    default_message = N_("No questions match those options here. Try `difficulty: mixed`.")


class NotYourGame(TriviaError):
    default_message = N_(
        "Only the member who started this game, or someone with Manage Messages, can stop it."
    )


class NotEnoughQuestions(TriviaError):
    """A game of one difficulty would have too few questions; nothing was started.

    The command shows ``shortfall`` through the ui's wording (``shortfall_message``).
    """

    default_message = N_(
        "Too few questions match those options here. Try fewer questions or another difficulty."
    )

    def __init__(self, shortfall: Shortfall) -> None:
        super().__init__()
        self.shortfall = shortfall
