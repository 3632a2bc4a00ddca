"""A live bot on PostgreSQL that goes away or is locked: every interaction answered, nothing lost, recovery.

The bot reaches the test's PostgreSQL schema through a loopback TCP proxy the test cuts (the
server stopping, or the network dropping) and restores; a lock is held by another session.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import asyncpg
import pytest

from tests.support.tcp_proxy import TcpProxy
from tests.support.world import World

pytestmark = pytest.mark.postgresql


class Stamped(list[Any]):
    """SimCord's log of the bot's HTTP requests, with when each arrived (real time).

    SimCord returns from a click once the whole bot has settled, background reconnects
    included; Discord's deadline is about when the interaction's response arrives.
    """

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self.at: list[float] = [0.0] * len(items)

    def append(self, item: Any) -> None:
        super().append(item)
        self.at.append(time.perf_counter())


def response_delay(world: World, clicked_at: float) -> float:
    """Seconds from ``clicked_at`` to the first interaction response the bot sent after it."""
    log = world.env.backend.http_requests
    assert isinstance(log, Stamped)
    return next(
        at - clicked_at
        for entry, at in zip(log, log.at, strict=True)
        if at >= clicked_at and entry.method == "POST" and entry.path.endswith("/callback")
    )


@pytest.fixture
def proxy(postgres_url: str) -> Iterator[tuple[TcpProxy, str]]:
    proxy, through = TcpProxy.to_url(postgres_url)
    yield proxy, through
    proxy.close()


@pytest.fixture
def database_url(proxy: tuple[TcpProxy, str]) -> str:
    """The bot's DATABASE_URL: the test's PostgreSQL schema, through the proxy."""
    return proxy[1]


async def test_while_the_server_is_away_lookups_go_on_and_changes_are_refused_clearly(
    world: World, proxy: tuple[TcpProxy, str]
) -> None:
    cable = proxy[0]
    world.env.backend.http_requests = Stamped(world.env.backend.http_requests)
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    cable.cut()

    clicked_at = time.perf_counter()
    changed = await world.mod.slash(world.general, "spoilers mode", mode="open")
    assert response_delay(world, clicked_at) < 3.0, "answered within Discord's 3 s"
    assert changed.ephemeral and "can't save anything right now" in changed.response.content
    assert world.storage.health.state()["fault"] == "unreachable"
    looked_up = await world.member.slash(world.general, "cast", name="winston")
    assert not looked_up.ephemeral and looked_up.response.embeds, "lookups need no database"
    assert "Hidden: spoiler" in str(looked_up.response.embeds[0].to_dict())  # rules unknown: withheld

    cable.restore()  # the server is back: no restart
    done = await world.mod.slash(world.general, "spoilers mode", mode="open")
    assert "hide → open" in done.response.content
    assert world.storage.health.healthy


async def test_a_lock_held_elsewhere_answers_busy_in_time_and_reads_do_not_wait(
    world: World, postgres_url: str
) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")  # the server's settings row exists
    other = await asyncpg.connect(postgres_url)
    try:
        held = other.transaction()
        await held.start()
        await other.execute("SELECT * FROM guild_settings WHERE guild_id = $1 FOR UPDATE", world.guild.id)
        timings = {}
        for name, actor, command, options in (
            ("mode", world.mod, "spoilers mode", {"mode": "open"}),
            ("leaderboard", world.member, "trivia leaderboard", {}),
            ("show", world.mod, "spoilers show", {}),
        ):
            started = time.perf_counter()
            result = await actor.slash(world.general, command, **options)
            timings[name] = time.perf_counter() - started
            assert result.acknowledged and result.response is not None, name
            if name == "mode":
                assert "busy" in result.response.content and "nothing was changed" in result.response.content
        assert all(t < 3.0 for t in timings.values()), timings
        assert timings["leaderboard"] < 0.5 and timings["show"] < 0.5, timings
        await held.rollback()
    finally:
        await other.close()
    assert (await world.storage.settings.get(world.guild.id)).spoilers.mode.value == "hide"  # unchanged
    done = await world.mod.slash(world.general, "spoilers mode", mode="open")
    assert "hide → open" in done.response.content
    assert world.storage.health.healthy
