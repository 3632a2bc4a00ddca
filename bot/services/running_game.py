"""A channel's trivia game as the games service keeps it: its request, its plan, its state.

A game is ``starting`` from its start's checks until the start message is posted (no session
yet, but it holds its channel and can be stopped), then running until it ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.domain.content import TriviaQuestion
from bot.domain.settings import TriviaSettings
from bot.domain.spoilers import Redactor
from bot.domain.trivia.game import TriviaMode
from bot.domain.trivia.session import Presenter, TriviaSession
from bot.services.trivia_questions import QuestionSource


class GamePresenter(Presenter, Protocol):
    """The Discord side of one game: the session's presenter, plus two notices of its own."""

    end_shown: bool  # whether the final standings were posted

    async def show_failure(self) -> None:
        """The game broke and its end could not be shown: say so in the channel."""
        ...

    async def show_shutdown(self) -> None:
        """The bot is shutting down and this game ends here."""
        ...


@dataclass(frozen=True, slots=True)
class GameRequest:
    guild_id: int
    channel_id: int
    rules_channel_id: int  # whose spoiler rules apply: a thread's parent, else the channel
    starter_id: int
    count: int | None  # None: the server's setting
    difficulty: str  # "easy", "medium", "hard" or "mixed"
    include_spoilers: bool
    mode: TriviaMode
    source: QuestionSource = "both"


@dataclass(frozen=True, slots=True)
class GamePlan:
    """What a game will ask, decided before its start message (which shows it)."""

    game_id: int
    questions: tuple[TriviaQuestion, ...]
    requested: int
    settings: TriviaSettings
    redactor: Redactor  # the channel's spoiler rules when the game was set up


# Posts a planned game's start message; returns the game's presenter and the message's link.
PostStart = Callable[[GamePlan], Awaitable[tuple[GamePresenter, str]]]


class RunningGame:
    """A channel's game, from its start's checks to its end.

    It starts out ``starting``: its questions are being picked and its start message posted, so
    it has no session yet, but it already holds its channel and can already be stopped (it then
    ends when launched, before its first question).
    """

    def __init__(self, request: GameRequest) -> None:
        self.request = request
        self.plan: GamePlan | None = None  # once its questions are picked and its row exists
        self.start_url = ""
        self.stop_by: int | None = None  # a /trivia stop that came while it was starting
        self.settled = asyncio.Event()  # launched, or its start failed
        self._session: TriviaSession | None = None
        self._presenter: GamePresenter | None = None

    def launched(self, session: TriviaSession, presenter: GamePresenter, start_url: str) -> None:
        self._session, self._presenter, self.start_url = session, presenter, start_url

    @property
    def starting(self) -> bool:
        return self._session is None

    @property
    def session(self) -> TriviaSession:
        assert self._session is not None, "a game has a session once launched"
        return self._session

    @property
    def presenter(self) -> GamePresenter:
        assert self._presenter is not None, "a game has a presenter once launched"
        return self._presenter

    @property
    def game_id(self) -> int:
        assert self.plan is not None, "a game has an id once planned"
        return self.plan.game_id

    @property
    def guild_id(self) -> int:
        return self.request.guild_id

    @property
    def channel_id(self) -> int:
        return self.request.channel_id

    @property
    def rules_channel_id(self) -> int:
        return self.request.rules_channel_id

    @property
    def starter_id(self) -> int:
        return self.request.starter_id

    @property
    def mode(self) -> TriviaMode:
        return self.request.mode

    def here(self, channel_id: int) -> bool:
        """Whether a deleted channel ``channel_id`` is this game's channel (or a thread's parent)."""
        return channel_id in (self.channel_id, self.rules_channel_id)
