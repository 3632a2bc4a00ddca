"""The world the end-to-end tests play in (the real bot inside SimCord), and helpers on it.

The fixtures that build it (``world``, ``env``, ``sim_clock``...) live in ``tests/conftest.py``;
what a test module imports by name lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import simcord

from bot.client import BallerinaBot, create_bot
from bot.config import Config
from bot.domain.content import Content
from bot.preview import SimulatedClock
from bot.services import Services
from bot.storage import Storage
from bot.storage.driver import Driver

# Shaped like a token so settings validation passes; SimCord never sends it anywhere.
FAKE_TOKEN = "simcord-test-token-not-real.abcdef.never-sent-to-discord-at-all"

# The trivia clock on SimCord's time: only ``env.advance_time()`` moves it in tests. The preview's
# clock is the same thing (sleeps declared as external waits, so SimCord parks them instead of
# firing them on its own in real time): one class for both.
SimClock = SimulatedClock


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

    @property
    def services(self) -> Services:
        return self.bot.services

    @property
    def storage(self) -> Storage:
        """The stores, for tests that check what was (or was not) written."""
        return self.bot.storage

    @property
    def db(self) -> Driver:
        """The database under the stores (either backend), for tests that query it directly."""
        return self.bot.storage.database


async def restart(world: World, config: Config, content: Content, clock: SimClock) -> BallerinaBot:
    """Simulate a restart: a fresh bot process on the same database file."""
    old = world.bot
    await old.close_storage()
    new = create_bot(config, content=content, clock=clock, wall_clock=clock.wall)
    await world.env.restart_bot(new)
    world.bot = new
    return new


async def without_cooldowns(world: World) -> None:
    """For tests that run a command many times in one instant on purpose (scans, contract checks)."""
    await world.services.settings.change(
        world.guild.id, world.mod.id, cooldown_lookups=0, cooldown_trivia=0, cooldown_reports=0
    )


def button_labels(message: Any) -> list[str]:
    """Button labels of a message, as SimCord hands it back (raw rows or discord.py components)."""
    labels = []
    for row in message.components:
        children = row["components"] if isinstance(row, dict) else row.children
        labels += [c["label"] if isinstance(c, dict) else c.label for c in children]
    return labels
