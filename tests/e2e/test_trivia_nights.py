"""Trivia nights: /trivia schedule creates a Discord scheduled event, and the game starts on time.

Driven through SimCord (its scheduled-event routes) on its virtual clock: the tick is run by hand
after moving the clock (``nights.tick``), as the periodic task would every 30 s.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import discord
import pytest

from bot.config import Config
from bot.domain.content import Content
from bot.services.trivia_nights import NO_MANAGE_EVENTS, WATCH_SECONDS
from tests.support.world import SimClock, World, restart

WHEN = "2026-06-06 20:00 +02:00"
STARTS = datetime(2026, 6, 6, 18, 0, tzinfo=UTC)
PRAGUE_SUMMER = timezone(timedelta(hours=2))


def events(world: World) -> dict[int, Any]:
    return world.env.backend.get_guild(world.guild.id).scheduled_events


async def games(world: World) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in await world.db.fetchall("SELECT channel_id, status FROM trivia_games")]


async def nights(world: World) -> list[tuple[Any, ...]]:
    rows = await world.db.fetchall("SELECT id, status, starts_at FROM trivia_nights ORDER BY id")
    return [tuple(r) for r in rows]


async def schedule(world: World, **options: Any) -> Any:
    wanted: dict[str, Any] = {"when": WHEN, "channel": world.general, "questions": 2, **options}
    return await world.mod.slash(world.general, "trivia schedule add", **wanted)


async def schedule_soon(world: World) -> datetime:
    """A night 10 minutes from SimCord's now (written in +02:00); returns its start, in UTC.

    Close, because the periodic tick also runs while the clock moves (every 30 s of it).
    """
    starts = (world.env.now() + timedelta(minutes=10)).replace(second=0, microsecond=0)
    result = await schedule(world, when=starts.astimezone(PRAGUE_SUMMER).strftime("%Y-%m-%d %H:%M +02:00"))
    assert not result.ephemeral, result.response.content
    return starts


async def until(world: World, moment: datetime) -> None:
    """Move SimCord's clock to ``moment``."""
    await world.env.advance_time((moment - world.env.now()).total_seconds())


async def tick(world: World) -> list[int]:
    return await world.services.trivia_nights.tick(
        world.bot.owns_guild, world.bot.get_cog("Trivia nights").starter
    )  # type: ignore[union-attr]


async def test_scheduling_creates_a_server_event_at_the_time_given(world: World) -> None:
    result = await schedule(world)
    assert not result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == "Ballerina trivia night"
    assert f"<t:{int(STARTS.timestamp())}:F>" in (embed.description or "")
    assert f"<#{world.general.id}>" in (embed.description or "")
    (event,) = events(world).values()
    assert datetime.fromisoformat(event.scheduled_start_time) == STARTS
    assert datetime.fromisoformat(event.scheduled_end_time) == STARTS + timedelta(hours=1)
    assert event.entity_type == 3 and event.entity_metadata == {"location": "#general"}
    assert await nights(world) == [(1, "scheduled", int(STARTS.timestamp()))]
    listed = await world.mod.slash(world.general, "trivia schedule list")
    assert listed.ephemeral and "**#1**" in (listed.response.embeds[0].description or "")


async def test_without_manage_events_nothing_is_scheduled_and_the_moderator_is_told(world: World) -> None:
    backend = world.env.backend
    guild = backend.get_guild(world.guild.id)
    bot_role = next(r for r in guild.roles.values() if r.managed)
    permissions = discord.Permissions(bot_role.permissions)
    permissions.manage_events = False
    backend.edit_role(world.guild.id, bot_role.id, {"permissions": permissions.value})
    refused = await schedule(world)
    assert refused.ephemeral and refused.response.content == NO_MANAGE_EVENTS
    assert "Manage Events" in NO_MANAGE_EVENTS and "nothing was scheduled" in NO_MANAGE_EVENTS
    assert events(world) == {} and await nights(world) == []


async def test_a_server_with_100_scheduled_events_gets_a_clear_refusal(world: World) -> None:
    for n in range(100):
        world.guild.create_scheduled_event(
            f"event {n}",
            start_time="2026-07-01T18:00:00+00:00",
            entity_type=3,
            end_time="2026-07-01T19:00:00+00:00",
            location="somewhere",
        )
    refused = await schedule(world)
    assert refused.ephemeral and "100 scheduled events" in refused.response.content
    assert "nothing was scheduled" in refused.response.content
    assert len(events(world)) == 100 and await nights(world) == []


@pytest.mark.parametrize(
    "when", ["yesterday", "off", "2025-12-31 20:00", "2028-01-01", "2026-06-06 20:00 +123", "2026-02-30"]
)
async def test_a_time_that_cannot_be_used_changes_nothing(world: World, when: str) -> None:
    refused = await schedule(world, when=when)
    assert refused.ephemeral and "`off`" not in refused.response.content  # the embargo's word, not here
    assert events(world) == {} and await nights(world) == []


async def test_the_game_starts_at_the_start_time_and_only_once(world: World) -> None:
    starts = await schedule_soon(world)
    await until(world, starts - timedelta(minutes=1))
    await tick(world)
    assert await games(world) == []
    await until(world, starts)
    await tick(world)
    assert await games(world) == [(world.general.id, "running")]
    titles = [m.embeds[0].title for m in world.general.history() if m.embeds]
    assert titles.count("Ballerina trivia night") == 2  # the announcement, then the game's start
    assert await tick(world) == [] and len(await games(world)) == 1
    assert await nights(world) == [(1, "started", int(starts.timestamp()))]


async def test_two_ticks_at_once_start_one_game(world: World) -> None:
    starts = await schedule_soon(world)
    await world.bot.get_cog("Trivia nights").nights.stop_ticking()  # type: ignore[union-attr]
    await until(world, starts)
    first, second = await asyncio.gather(tick(world), tick(world))
    assert sorted(first + second) == [1]
    assert len(await games(world)) == 1


async def test_a_cancelled_event_starts_no_game(world: World) -> None:
    starts = await schedule_soon(world)
    (event,) = events(world).values()
    world.env.backend.edit_scheduled_event(world.guild.id, event.id, {"status": 4})
    await until(world, starts)
    await tick(world)
    assert await games(world) == [] and (await nights(world))[0][1] == "dropped"


async def test_a_deleted_event_starts_no_game(world: World) -> None:
    starts = await schedule_soon(world)
    (event,) = events(world).values()
    world.env.backend.delete_scheduled_event(world.guild.id, event.id)
    await until(world, starts + timedelta(seconds=30))
    await tick(world)
    assert await games(world) == [] and (await nights(world))[0][1] == "dropped"


async def test_a_moved_event_starts_the_game_at_its_new_time(world: World) -> None:
    starts = await schedule_soon(world)
    (event,) = events(world).values()
    later = starts + timedelta(minutes=20)
    world.env.backend.edit_scheduled_event(
        world.guild.id, event.id, {"scheduled_start_time": later.isoformat()}
    )
    await until(world, starts)
    await tick(world)
    assert await games(world) == []
    assert await nights(world) == [(1, "scheduled", int(later.timestamp()))]
    await until(world, later - timedelta(seconds=1))
    await tick(world)
    assert await games(world) == []
    await until(world, later)
    await tick(world)
    assert len(await games(world)) == 1


async def test_cancel_deletes_the_event_and_no_game_starts(world: World) -> None:
    starts = await schedule_soon(world)
    cancelled = await world.mod.slash(world.general, "trivia schedule cancel", id=1)
    assert cancelled.ephemeral and cancelled.response.content.startswith("Cancelled trivia night #1")
    assert events(world) == {}
    await until(world, starts)
    await tick(world)
    assert await games(world) == []
    again = await world.mod.slash(world.general, "trivia schedule cancel", id=1)
    assert again.ephemeral and "no trivia night #1" in again.response.content


async def test_a_restart_at_the_start_minute_starts_one_game(
    world: World, config: Config, content: Content, sim_clock: SimClock
) -> None:
    starts = await schedule_soon(world)
    await until(world, starts)
    await tick(world)  # the old process started it just before it went down
    assert len(await games(world)) == 1
    await restart(world, config, content, sim_clock)
    assert await tick(world) == []
    assert len(await games(world)) == 1 and (await nights(world))[0][1] == "started"


async def test_a_night_due_while_the_bot_was_down_starts_once_after_the_restart(
    world: World, config: Config, content: Content, sim_clock: SimClock
) -> None:
    starts = await schedule_soon(world)
    await world.bot.get_cog("Trivia nights").nights.stop_ticking()  # type: ignore[union-attr]
    await until(world, starts + timedelta(minutes=5))  # down: nothing ticks through the start time
    assert await games(world) == []
    await restart(world, config, content, sim_clock)  # its ready tick starts it
    await tick(world)
    await tick(world)
    assert len(await games(world)) == 1


async def test_after_long_downtime_the_night_is_dropped_not_started_late(world: World) -> None:
    starts = await schedule_soon(world)
    await world.bot.get_cog("Trivia nights").nights.stop_ticking()  # type: ignore[union-attr]
    await until(world, starts + timedelta(minutes=61))
    await tick(world)
    assert await games(world) == [] and (await nights(world))[0][1] == "dropped"


async def test_a_process_that_does_not_own_the_server_leaves_its_night_alone(world: World) -> None:
    starts = await schedule_soon(world)
    await world.bot.get_cog("Trivia nights").nights.stop_ticking()  # type: ignore[union-attr]
    await until(world, starts)
    starter = world.bot.get_cog("Trivia nights").starter  # type: ignore[union-attr]
    assert await world.services.trivia_nights.tick(lambda _guild: False, starter) == []
    assert await nights(world) == [(1, "scheduled", int(starts.timestamp()))]


async def test_a_deleted_channel_starts_no_game_and_is_logged_once(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    starts = await schedule_soon(world)
    await world.bot.get_cog("Trivia nights").nights.stop_ticking()  # type: ignore[union-attr]
    world.env.backend.delete_channel(world.general.id)
    await until(world, starts)
    await tick(world)
    await tick(world)
    assert await games(world) == [] and (await nights(world))[0][1] == "started"
    unavailable = [r for r in caplog.records if "is unavailable" in r.getMessage()]
    assert len(unavailable) == 1


async def test_a_game_already_running_in_the_channel_is_said_in_the_channel(world: World) -> None:
    starts = await schedule_soon(world)
    await world.bot.get_cog("Trivia nights").nights.stop_ticking()  # type: ignore[union-attr]
    await until(world, starts - timedelta(seconds=5))
    await world.member.slash(world.general, "trivia start", questions=5)
    await until(world, starts)
    await tick(world)
    assert len(await games(world)) == 1
    assert world.general.last_message.content.startswith(
        "The trivia night could not start: A game is already"
    )


async def test_the_bot_starts_the_night_by_itself_at_its_time(world: World) -> None:
    starts = await schedule_soon(world)
    await until(world, starts - timedelta(seconds=1))
    assert await games(world) == []
    await until(world, starts + timedelta(seconds=1))  # no tick by hand: the bot's own timer
    assert await games(world) == [(world.general.id, "running")]


async def test_a_night_scheduled_sooner_than_the_next_one_wakes_the_timer(world: World) -> None:
    await schedule(world)  # in June: the timer sleeps (at most an hour at a time) towards it
    starts = await schedule_soon(world)
    await until(world, starts + timedelta(seconds=1))
    assert await games(world) == [(world.general.id, "running")]


async def test_an_event_moved_earlier_is_followed_and_the_game_starts_at_the_new_time(world: World) -> None:
    """Without an intent nothing says an event moved: the bot's timer reads the events every few
    minutes while nights are scheduled, and follows one moved earlier before its old start."""
    starts = (world.env.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    when = starts.astimezone(PRAGUE_SUMMER).strftime("%Y-%m-%d %H:%M +02:00")
    assert not (await schedule(world, when=when)).ephemeral
    (event,) = events(world).values()
    earlier = starts - timedelta(hours=2, minutes=30)  # 30 minutes from now
    world.env.backend.edit_scheduled_event(
        world.guild.id, event.id, {"scheduled_start_time": earlier.isoformat()}
    )
    await until(world, world.env.now() + timedelta(seconds=WATCH_SECONDS + 1))
    assert await nights(world) == [(1, "scheduled", int(earlier.timestamp()))]
    await until(world, earlier - timedelta(seconds=1))
    assert await games(world) == []
    await until(world, earlier + timedelta(seconds=1))  # no tick by hand: the bot's own timer
    assert await games(world) == [(world.general.id, "running")]
