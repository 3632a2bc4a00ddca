"""When the bot leaves a server its data is kept for PURGE_AFTER_DAYS, then deleted; coming back keeps it.

The bot runs with a wall clock the test moves by days (the retention task compares departures
with it), while SimCord's virtual time wakes the hourly task.
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
from tests.conftest import SimClock, World
from tests.support.db_queries import every_row, rows_of, without
from tests.support.server_data import fill_server

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
    """The bot is removed from the server (GUILD_DELETE); returns what ``add_back`` needs."""
    backend = env.backend
    model = backend.guilds[guild.id]
    saved = {"guild": model, **{cid: backend.channels[cid] for cid in model.channel_ids}}
    backend.remove_guild(guild.id)
    return saved  # type: ignore[return-value]


def add_back(env: simcord.Env, saved: dict[object, object]) -> None:
    """The server adds the bot again (GUILD_CREATE for a server it does not know: on_guild_join)."""
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


async def tick(world: World, wall: ShiftedClock, offset: timedelta) -> None:
    """Move the wall clock to ``offset`` after now, then let the hourly check run once.

    With no departure pending there is no periodic check at all (nothing to wait for).
    """
    wall.offset = offset
    before = world.services.retention.last_check
    pending = await world.storage.servers.departures()
    await world.env.advance_time(CHECK_EVERY)
    ran = world.services.retention.last_check not in (None, before)
    if pending:
        assert ran, "the periodic check did not run while a departure was pending"


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

    left_at = wall()
    kick(world.env, leaving)
    await world.env.advance_time(1)
    [departure] = await world.storage.servers.departures()
    assert departure.guild_id == leaving.id and abs(departure.left_at - left_at) < timedelta(seconds=2)
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
    await world.env.advance_time(1)
    assert [d.guild_id for d in await world.storage.servers.departures()] == [leaving.id]

    wall.offset = GRACE - timedelta(days=1)
    add_back(world.env, saved)
    await world.env.advance_time(1)
    assert await world.storage.servers.departures() == [], "the clock should stop"
    before = await every_row(world.db)
    await tick(world, wall, GRACE * 3)
    assert await every_row(world.db) == before


async def test_a_stale_departure_of_a_server_the_bot_is_in_deletes_nothing(
    world: World, wall: ShiftedClock, config: Config, content: Content, sim_clock: SimClock
) -> None:
    """E.g. the bot was added back while it was offline and the event was missed."""
    await fill(world, world.guild.id)
    await world.env.advance_time(1)
    await world.storage.servers.record_departure(world.guild.id, wall() - GRACE * 2)
    await restart_on(world, config, content, sim_clock, wall)  # the next start reads the departure
    before = await every_row(world.db)
    await tick(world, wall, timedelta())
    assert await world.storage.servers.departures() == []
    assert await every_row(world.db) == without(before, {"guild_departures": before["guild_departures"]})


async def test_a_departure_outlives_a_restart(
    world: World, wall: ShiftedClock, config: Config, content: Content, sim_clock: SimClock
) -> None:
    leaving = world.env.create_guild("Leaving")
    await fill(world, leaving.id)
    await world.env.advance_time(1)
    kick(world.env, leaving)
    await world.env.advance_time(1)
    [departure] = await world.storage.servers.departures()

    await restart_on(world, config, content, sim_clock, wall)
    assert await world.storage.servers.departures() == [departure]  # start-up did not count as a return
    await tick(world, wall, GRACE + timedelta(hours=1))
    assert set((await world.storage.servers.counts(leaving.id)).values()) == {0}


async def test_no_periodic_work_while_no_departure_is_pending(world: World, wall: ShiftedClock) -> None:
    """A bot in many servers that left none runs no timer (and a clock jump fires nothing)."""
    retention = world.services.retention
    await world.env.advance_time(1)
    assert not retention.checking
    leaving = world.env.create_guild("Leaving")
    await world.env.advance_time(1)
    saved = kick(world.env, leaving)
    await world.env.advance_time(1)
    assert retention.checking
    add_back(world.env, saved)
    await world.env.advance_time(CHECK_EVERY + 1)  # the check already waiting runs once, then stops
    assert not retention.checking
