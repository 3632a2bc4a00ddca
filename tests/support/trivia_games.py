"""The trivia games service over given stores, as ``build_services`` makes it, for service tests."""

from __future__ import annotations

import random

from bot.domain.content import Content
from bot.domain.question_families import generate_questions
from bot.services.audiences import Audiences
from bot.services.trivia_games import TriviaGames
from bot.services.trivia_questions import TriviaQuestions
from bot.storage.answer_writer import AnswerWriter
from bot.storage.bundle import Storage
from tests.support.stores import T0
from tests.support.virtual_clock import VirtualClock


def trivia_games(
    storage: Storage, content: Content, clock: VirtualClock, answers: AnswerWriter | None = None
) -> TriviaGames:
    """The games service as ``build_services`` makes it, over these stores (or another answer writer)."""
    questions = TriviaQuestions(content, generate_questions(content), storage.trivia, lambda: T0)
    return TriviaGames(
        storage.trivia,
        answers or storage.answers,
        questions,
        Audiences(storage.settings, lambda: T0),
        clock=clock,
        wall_clock=lambda: T0,
        rng=random.Random(7),
    )
