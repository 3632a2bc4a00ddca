"""The daily question service over given stores, a wall clock a test sets, and a recording poster."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.content import Content
from bot.domain.question_families import generate_questions
from bot.services.audiences import Audiences
from bot.services.daily import DailyClose, DailyPost, DailyQuestions
from bot.services.trivia_questions import TriviaQuestions
from bot.storage.bundle import Storage
from tests.support.virtual_clock import VirtualClock


@dataclass
class SetClock:
    """The wall clock a test moves by hand (aware UTC)."""

    at: datetime

    def __call__(self) -> datetime:
        return self.at


@dataclass
class Channel:
    """Where the posts go: every post in order, with the wall time it was sent (and the reveals at
    close times, ``reveal``)."""

    clock: SetClock
    posts: list[tuple[datetime, DailyPost]] = field(default_factory=list)
    closes: list[tuple[datetime, DailyClose]] = field(default_factory=list)
    fail_after_sending: bool = False  # the process dies right after Discord took the message

    async def __call__(self, post: DailyPost) -> int:
        self.posts.append((self.clock(), post))
        if self.fail_after_sending:
            raise ConnectionResetError("the process died after posting")
        return 1000 + len(self.posts)

    async def reveal(self, close: DailyClose) -> None:
        self.closes.append((self.clock(), close))

    @property
    def days(self) -> list[str]:
        return [post.day for _, post in self.posts]


def daily_service(
    storage: Storage,
    content: Content,
    clock: SetClock,
    *,
    owns_guild: object = None,
    game_clock: VirtualClock | None = None,
) -> DailyQuestions:
    """The service as ``build_services`` makes it (one per "process"), over these stores."""
    questions = TriviaQuestions(content, generate_questions(content), storage.trivia, clock)
    return DailyQuestions(
        storage.daily,
        storage.members,
        questions,
        Audiences(storage.settings, clock),
        clock=game_clock or VirtualClock(),
        wall_clock=clock,
        rng=random.Random(11),
        owns_guild=owns_guild if callable(owns_guild) else (lambda guild_id: True),
    )
