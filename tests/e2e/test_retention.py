"""When the bot leaves a server its data is kept for PURGE_AFTER_DAYS, then deleted; coming back keeps it.

The bot has no guilds intent: it learns it was removed (or added back) at its hourly check, by
asking Discord which servers it is in (SimCord answers GET /users/@me/guilds from its model). The
bot runs with a wall clock the test moves by days, while SimCord's virtual time wakes the task.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
import simcord
from simcord.backend import serializers

from bot.client import BallerinaBot, create_bot
from bot.config import Config
from bot.domain.content import Content
from bot.services.retention import CHECK_EVERY
from bot.storage.protocols import SERVER_TABLES
from tests.support.db_queries import every_row, rows_of, without
from tests.support.server_data import fill_server
from tests.support.tasks import live_task
from tests.support.world import SimClock, World

GRACE = timedelta(days=30)


class ShiftedClock:
    """SimCord's wall clock plus an offset the test sets: days pass without simulating every hour."""

    def __init__(self, sim_clock: SimClock) -> None:
        self.sim_clock = sim_clock
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return self.sim_clock.wall() + self.offset


@pytest.fixture
def wall(sim_clock: SimClock) -> ShiftedClock:
    return ShiftedClock(sim_clock)


@pytest.fixture
def simcord_bot(
    config: Config, content: Content, sim_clock: SimClock, wall: ShiftedClock, rng: random.Random
) -> BallerinaBot:
    return create_bot(config, content=content, clock=sim_clock, wall_clock=wall, rng=rng)


def kick(env: simcord.Env, guild: simcord.GuildHandle) -> dict[int, object]:
    """The bot is removed from the server; returns what ``add_back`` needs."""
    backend = env.backend
    model = backend.guilds[guild.id]
    saved = {"guild": model, **{cid: backend.channels[cid] for cid in model.channel_ids}}
    backend.remove_guild(guild.id)
    return saved  # type: ignore[return-value]


def add_back(env: simcord.Env, saved: dict[object, object]) -> None:
    """The server adds the bot again."""
    backend = env.backend
    model = saved.pop("guild")
    backend.guilds[model.id] = model  # type: ignore[attr-defined]
    backend.channels.update(saved)  # type: ignore[arg-type]
    backend.emit("GUILD_CREATE", serializers.guild_create_payload(backend, model))  # type: ignore[arg-type]


async def restart_on(
    world: World, config: Config, content: Content, sim_clock: SimClock, wall: ShiftedClock
) -> None:
    """A fresh bot process on the same database, on the shifted wall clock."""
    await world.bot.close_storage()
    new = create_bot(config, content=content, clock=sim_clock, wall_clock=wall)
    await world.env.restart_bot(new)
    world.bot = new
    await world.env.advance_time(1)


async def tick(world: World, wall: ShiftedClock, offset: timedelta | None = None) -> None:
    """Move the wall clock to ``offset`` after now (if given), then let the hourly check run once."""
    if offset is not None:
        wall.offset = offset
    before = world.services.retention.last_check
    await world.env.advance_time(CHECK_EVERY)
    assert world.services.retention.last_check not in (None, before), "the hourly check did not run"


async def fill(world: World, guild_id: int) -> None:
    await fill_server(
        world.storage, guild_id, (world.member.id, world.other.id), world.mod.id, world.env.now()
    )


async def test_a_departed_servers_data_is_kept_for_the_grace_period_then_deleted(
    world: World, wall: ShiftedClock
) -> None:
    leaving = world.env.create_guild("Leaving")
    await fill(world, leaving.id)
    await fill(world, world.guild.id)
    await world.env.advance_time(1)  # the bot is ready: the retention task is running

    kick(world.env, leaving)
    await tick(world, wall)  # the hourly check notices
    [departure] = await world.storage.servers.departures()
    assert departure.guild_id == leaving.id and abs(departure.left_at - wall()) < timedelta(seconds=2)
    before = await every_row(world.db)

    await tick(world, wall, GRACE - timedelta(hours=2))
    assert await every_row(world.db) == before, "deleted before the grace period ended"

    theirs = {table: await rows_of(world.db, table, "guild_id = ?", (leaving.id,)) for table in SERVER_TABLES}
    await tick(world, wall, GRACE + timedelta(hours=1))
    assert await every_row(world.db) == without(before, theirs)
    assert await world.storage.servers.departures() == []


async def test_a_server_that_adds_the_bot_back_in_time_loses_nothing(
    world: World, wall: ShiftedClock
) -> None:
    leaving = world.env.create_guild("Leaving")
    await fill(world, leaving.id)
    await world.env.advance_time(1)
    saved = kick(world.env, leaving)
    await tick(world, wall)
    assert [d.guild_id for d in await world.storage.servers.departures()] == [leaving.id]

    add_back(world.env, saved)
    await tick(world, wall, GRACE - timedelta(days=1))
    assert await world.storage.servers.departures() == [], "the clock should stop"
    before = await every_row(world.db)
    await tick(world, wall, GRACE * 3)
    assert await every_row(world.db) == before


async def test_a_stale_departure_of_a_server_the_bot_is_in_deletes_nothing(
    world: World, wall: ShiftedClock, config: Config, content: Content, sim_clock: SimClock
) -> None:
    """E.g. recorded by an older version, or by a process that had the guilds intent."""
    await fill(world, world.guild.id)
    await world.env.advance_time(1)
    await world.storage.servers.record_departure(world.guild.id, wall() - GRACE * 2)
    await restart_on(world, config, content, sim_clock, wall)  # the start reconciles at once
    before = await every_row(world.db)
    await tick(world, wall)
    assert await world.storage.servers.departures() == []
    assert await every_row(world.db) == before


async def test_a_departure_outlives_a_restart(
    world: World, wall: ShiftedClock, config: Config, content: Content, sim_clock: SimClock
) -> None:
    leaving = world.env.create_guild("Leaving")
    await fill(world, leaving.id)
    await world.env.advance_time(1)
    kick(world.env, leaving)
    await tick(world, wall)
    [departure] = await world.storage.servers.departures()

    await restart_on(world, config, content, sim_clock, wall)
    assert await world.storage.servers.departures() == [departure]  # start-up did not count as a return
    await tick(world, wall, GRACE + timedelta(hours=1))
    assert set((await world.storage.servers.counts(leaving.id)).values()) == {0}


async def test_the_bot_asks_discord_for_its_servers_at_start_and_every_hour(world: World) -> None:
    def asked() -> int:
        return sum(r.path.startswith("/users/@me/guilds") for r in world.env.http_requests)

    await world.env.advance_time(1)
    at_start = asked()
    assert at_start >= 1 and live_task("retention") is not None
    await world.env.advance_time(CHECK_EVERY * 2)
    assert asked() == at_start + 2
