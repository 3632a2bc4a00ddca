"""The use cases the cogs call: built once in ``setup_hook`` and handed to cogs and views.

Layers, top-down: cogs and views (Discord) → services (use cases) → domain (rules) and
storage (protocols). Services never import ``discord.ui`` and never reach back up.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import discord

from bot.domain.clocks import GameClock, WallClock
from bot.domain.content import Content
from bot.domain.items import ContentItems
from bot.domain.lifecycle import DEFAULT_PURGE_AFTER_DAYS
from bot.domain.question_families import generate_questions
from bot.services.audiences import Audiences
from bot.services.automod import AutoModGuard
from bot.services.cooldowns import CommandCooldowns
from bot.services.daily import DailyQuestions
from bot.services.lookups import Lookups
from bot.services.privacy import Privacy
from bot.services.reports import Reports
from bot.services.retention import Retention, ServerSource
from bot.services.rewards import RoleRewards
from bot.services.server_data import ServerData
from bot.services.settings_changes import SettingsChanges
from bot.services.trivia_games import TriviaGames
from bot.services.trivia_nights import TriviaNights
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
    trivia_nights: TriviaNights
    trivia_questions: TriviaQuestions
    trivia_scores: TriviaScores
    privacy: Privacy
    reports: Reports
    items: ContentItems
    server_data: ServerData
    retention: Retention
    cooldowns: CommandCooldowns
    daily: DailyQuestions
    rewards: RoleRewards


def build_services(
    storage: Storage,
    content: Content,
    http: discord.http.HTTPClient,
    *,
    clock: GameClock,
    wall_clock: WallClock,
    rng: random.Random,
    purge_after: timedelta = timedelta(days=DEFAULT_PURGE_AFTER_DAYS),
    is_member_of: Callable[[int], bool] = lambda guild_id: False,
    servers: ServerSource | None = None,
    bot_version: str = "",
    owns_guild: Callable[[int], bool] = lambda guild_id: True,
) -> Services:
    generated = generate_questions(content)
    audiences = Audiences(storage.settings, wall_clock)
    items = ContentItems(content, (*content.trivia, *generated))
    automod = AutoModGuard(http, storage.settings, content.film.spoiler_keywords, wall_clock)
    questions = TriviaQuestions(content, generated, storage.trivia, wall_clock)
    games = TriviaGames(
        storage.trivia,
        storage.answers,
        questions,
        audiences,
        clock=clock,
        wall_clock=wall_clock,
        rng=rng,
    )
    settings = SettingsChanges(storage.settings, automod, wall_clock)
    rewards = RoleRewards(storage.rewards, storage.trivia, http, wall_clock)
    return Services(
        content=content,
        audiences=audiences,
        settings=settings,
        lookups=Lookups(content, rng),
        trivia_games=games,
        trivia_nights=TriviaNights(storage.nights, http, clock=clock, wall_clock=wall_clock),
        trivia_questions=questions,
        reports=Reports(storage.reports, storage.settings, items, wall_clock),
        items=items,
        trivia_scores=TriviaScores(storage.trivia, wall_clock, storage.members),
        privacy=Privacy(
            storage.settings,
            storage.trivia,
            storage.members,
            storage.answers,
            wall_clock,
            bot_version,
            rewards=rewards,
        ),
        server_data=ServerData(
            storage.servers, storage.answers, settings, games, wall_clock, bot_version, rewards=rewards
        ),
        retention=Retention(
            storage.servers, wall_clock, purge_after, is_member_of=is_member_of, servers=servers
        ),
        cooldowns=CommandCooldowns(audiences, clock.now),
        daily=DailyQuestions(
            storage.daily,
            storage.members,
            questions,
            audiences,
            clock=clock,
            wall_clock=wall_clock,
            rng=rng,
            owns_guild=owns_guild,
        ),
        rewards=rewards,
    )
