"""The use cases the cogs call: built once in ``setup_hook`` and handed to cogs and views.

Layers, top-down: cogs and views (Discord) → services (use cases) → domain (rules) and
storage (protocols). Services never import ``discord.ui`` and never reach back up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import discord

from bot.domain.clocks import GameClock, WallClock
from bot.domain.content import Content
from bot.services.audiences import Audiences
from bot.services.automod import AutoModGuard
from bot.services.cooldowns import CommandCooldowns
from bot.services.lookups import Lookups
from bot.services.privacy import Privacy
from bot.services.settings_changes import SettingsChanges
from bot.services.trivia_games import TriviaGames
from bot.services.trivia_questions import TriviaQuestions
from bot.services.trivia_scores import TriviaScores
from bot.storage.bundle import Storage


@dataclass(frozen=True, eq=False)
class Services:
    content: Content
    audiences: Audiences
    settings: SettingsChanges
    lookups: Lookups
    trivia_games: TriviaGames
    trivia_questions: TriviaQuestions
    trivia_scores: TriviaScores
    privacy: Privacy
    cooldowns: CommandCooldowns


def build_services(
    storage: Storage,
    content: Content,
    http: discord.http.HTTPClient,
    *,
    clock: GameClock,
    wall_clock: WallClock,
    rng: random.Random,
) -> Services:
    audiences = Audiences(storage.settings, wall_clock)
    automod = AutoModGuard(http, storage.settings, content.film.spoiler_keywords, wall_clock)
    questions = TriviaQuestions(content, storage.trivia, wall_clock)
    games = TriviaGames(
        storage.trivia,
        storage.answers,
        questions,
        audiences,
        clock=clock,
        wall_clock=wall_clock,
        rng=rng,
    )
    return Services(
        content=content,
        audiences=audiences,
        settings=SettingsChanges(storage.settings, automod, wall_clock),
        lookups=Lookups(content, rng),
        trivia_games=games,
        trivia_questions=questions,
        trivia_scores=TriviaScores(storage.trivia, wall_clock),
        privacy=Privacy(storage.settings, storage.trivia, storage.members, storage.answers),
        cooldowns=CommandCooldowns(audiences, clock.now),
    )
