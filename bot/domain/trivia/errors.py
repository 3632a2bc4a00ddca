"""Trivia refusals: each is a ``UserError`` whose message the member sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.errors import UserError

if TYPE_CHECKING:  # selection raises nothing; the service raises this with its result
    from bot.domain.trivia.selection import Shortfall


class TriviaError(UserError):
    """A refusal the player should hear about; ``message`` is friendly text for an ephemeral reply."""


class AlreadyAnswered(TriviaError):
    default_message = "You already locked in an answer for this question."


class QuestionClosed(TriviaError):
    default_message = "Too late — this question has closed."


class InvalidAnswer(TriviaError):
    default_message = "That isn't one of the options."


class GameNotRunning(TriviaError):
    default_message = "There's no trivia game running here right now."


class GameOver(TriviaError):
    default_message = "This trivia game is over. Start a new one with `/trivia start`."


class GameAlreadyRunning(TriviaError):
    default_message = "A game is already running in this channel."


class BotStopping(TriviaError):
    default_message = "The bot is restarting, so no new game can start right now. Try again in a minute."


class NoQuestions(TriviaError):
    default_message = "No questions match those options here. Try `difficulty: mixed`."


class NotYourGame(TriviaError):
    default_message = "Only the member who started this game, or someone with Manage Messages, can stop it."


class NotEnoughQuestions(TriviaError):
    """A game of one difficulty would have too few questions; nothing was started.

    The command shows ``shortfall`` through the ui's wording (``shortfall_message``).
    """

    default_message = "Too few questions match those options here. Try fewer questions or another difficulty."

    def __init__(self, shortfall: Shortfall) -> None:
        super().__init__()
        self.shortfall = shortfall
