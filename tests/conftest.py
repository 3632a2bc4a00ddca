"""Shared fixtures: the real bot inside SimCord, with a real SQLite file per test.

SimCord (https://pypi.org/project/simcord/) runs discord.py's real parsers,
command tree and view store against an in-memory Discord, so every test here
goes through the same code paths as production, without a token or network.
All SimCord-specific setup lives in this file so an API change touches one place.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import discord
import pytest
import simcord

from bot.client import BallerinaBot, create_bot
from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.content import Content
from bot.settings import Settings, load_settings

# Shaped like a token so settings validation passes; SimCord never sends it anywhere.
FAKE_TOKEN = "simcord-test-token-not-real.abcdef.never-sent-to-discord-at-all"


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(DEFAULT_DATA_DIR)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return load_settings({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{db_path}"})


class SimClock:
    """The trivia clock on SimCord's virtual time: advance_time() moves it, nothing really sleeps."""

    def __init__(self) -> None:
        self.env: simcord.Env | None = None

    def now(self) -> float:
        assert self.env is not None
        return self.env.backend.clock.elapsed

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@pytest.fixture
def sim_clock() -> SimClock:
    return SimClock()


@pytest.fixture
def simcord_bot(settings: Settings, content: Content, sim_clock: SimClock) -> BallerinaBot:
    return create_bot(settings, content=content, clock=sim_clock)


@pytest.fixture
def env(simcord_env: simcord.Env, sim_clock: SimClock) -> simcord.Env:
    sim_clock.env = simcord_env
    return simcord_env


@dataclass
class World:
    env: simcord.Env
    bot: BallerinaBot
    guild: simcord.GuildHandle
    general: simcord.ChannelHandle
    spoiler_channel: simcord.ChannelHandle
    member: simcord.MemberActor  # an ordinary member
    other: simcord.MemberActor  # a second ordinary member
    mod: simcord.MemberActor  # has Manage Server and Manage Messages


@pytest.fixture
def world(env: simcord.Env) -> World:
    guild = env.create_guild("Ballerina Fans")
    general = guild.create_text_channel("general")
    spoiler_channel = guild.create_text_channel("spoilers")
    mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True, manage_messages=True))
    return World(
        env=env,
        bot=env.bot,  # type: ignore[arg-type]
        guild=guild,
        general=general,
        spoiler_channel=spoiler_channel,
        member=guild.add_member(env.create_user("alice")),
        other=guild.add_member(env.create_user("bob")),
        mod=guild.add_member(env.create_user("mod"), roles=[mods]),
    )
