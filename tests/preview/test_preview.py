"""``ballerina-bot preview``: the demo server, the bot answering in it, real time, the page, the CLI.

The browser itself is driven in test_preview_browser.py; here everything runs in-process
(the page server on loopback) or as a quick subprocess.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot import preview
from bot.domain.content import Content
from bot.domain.trivia import score_answer
from bot.preview import GUIDE, PreviewWorld, RealTime, close_world, open_world, show
from bot.ui.replies import user_message
from tests.support.preview_process import URL, free_port, running_preview
from tests.support.spoiler_scan import TAGGED, leaks, spoiler_texts
from tests.support.trivia_driver import Trivia
from tests.support.world import World


class FakeWall:
    """A wall clock the test moves, so that "20 s later" takes no time."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def wall() -> FakeWall:
    return FakeWall()


@pytest_asyncio.fixture
async def demo(tmp_path: Path, wall: FakeWall) -> AsyncIterator[PreviewWorld]:
    world = await open_world(tmp_path / "preview.sqlite3", wall=wall)
    try:
        yield world
    finally:
        await close_world(world)
    unexpected = [error for error in world.env.errors if user_message(error) is None]
    assert not unexpected, f"the bot raised: {unexpected}"


def as_test_world(demo: PreviewWorld) -> World:
    """The demo server in the shape the e2e helpers (Trivia) expect."""
    ana, ben, _ = demo.members
    return World(demo.env, demo.bot, demo.guild, demo.general, demo.spoilers, ana, ben, demo.moderator)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------- the world


async def test_the_demo_server_has_its_channels_people_and_guide(demo: PreviewWorld) -> None:
    # The bot keeps no server cache (no guilds intent): ask the pretend Discord what it holds.
    assert sorted(demo.guild.channels) == ["general", "spoilers", "trivia"]
    assert len(demo.members) == 3 and len({viewer.id for viewer in demo.viewers}) == 5
    assert demo.viewers[0] == demo.members[0], "the page opens as a member, not the moderator"

    # Only the moderator has Manage Server: only she is offered the moderators' commands.
    assert any(name.startswith("spoilers") for name in demo.moderator.available_commands(demo.general))
    for member in demo.members:
        assert not any(name.startswith("spoilers") for name in member.available_commands(demo.general))

    # The guided start is the first thing in #general, and every command it suggests exists.
    history = demo.general.history()
    assert [m.content for m in history] == [preview.GUIDE]
    assert history[0].author.name == preview.GUIDE_AUTHOR
    suggested = re.findall(r"`/([^`]+)`", preview.GUIDE)
    offered = demo.moderator.available_commands(demo.general)
    assert len(suggested) >= 4
    for text in suggested:
        assert any(text == name or text.startswith(name + " ") for name in offered), f"/{text} does not exist"
    assert len(preview.GUIDE) <= 2000


async def test_trivia_shows_a_scheduled_nights_announcement_and_its_server_event(demo: PreviewWorld) -> None:
    (announcement,) = [m for m in demo.trivia.history() if m.embeds]
    embed = announcement.embeds[0]
    assert embed.title == "Ballerina trivia night" and f"<#{demo.trivia.id}>" in (embed.description or "")
    (event,) = demo.env.backend.get_guild(demo.guild.id).scheduled_events.values()
    tomorrow = demo.env.now().date() + timedelta(days=1)
    assert datetime.fromisoformat(event.scheduled_start_time) == datetime.combine(
        tomorrow, time(20, 0), tzinfo=UTC
    )
    assert f"<t:{int(datetime.fromisoformat(event.scheduled_start_time).timestamp())}:F>" in (
        embed.description or ""
    )


async def test_cast_winston_is_tagged_in_general_and_plain_in_the_spoiler_channel(
    demo: PreviewWorld, content: Content
) -> None:
    ana = demo.members[0]
    probes = spoiler_texts(content)

    general = await ana.slash(demo.general, "cast", name="winston")
    assert not general.ephemeral and general.response is not None
    embed = general.response.embeds[0].to_dict()
    assert leaks([embed], probes) == [], "a spoiler shows plainly in #general"
    assert any(TAGGED.search(field["value"]) for field in embed.get("fields", [])), "no ||tagged|| spoiler"

    # #spoilers was made a spoiler channel through /spoilers channel: the same answer is plain there.
    plain = await ana.slash(demo.spoilers, "cast", name="winston")
    assert plain.response is not None
    assert leaks([plain.response.embeds[0].to_dict()], probes), "#spoilers is not a spoiler channel"


async def test_cleo_and_jonas_read_their_own_language_and_the_channel_the_servers(demo: PreviewWorld) -> None:
    """Cleo's Discord is in French and Jonas's in German: their private replies say so; a public
    reply follows the server's language (English here), whoever asked."""
    _, _, cleo = demo.members
    french = await cleo.slash(demo.general, "privacy show")
    german = await demo.second_moderator.slash(demo.general, "spoilers show")
    english = await demo.moderator.slash(demo.general, "spoilers show")
    assert french.ephemeral and german.ephemeral and english.ephemeral
    assert french.response is not None and german.response is not None and english.response is not None
    words = lambda result: str([e.to_dict() for e in result.response.embeds]) + result.response.content  # noqa: E731
    assert words(german) != words(english)
    assert any(w in words(german) for w in ("Spoiler-Modus", "Modus", "Spoiler-Regeln")), words(german)
    assert "Vos données" in words(french) or "données" in words(french), words(french)
    public = await cleo.slash(demo.general, "cast", name="winston")
    assert not public.ephemeral and public.response is not None
    ana_public = await demo.members[0].slash(demo.general, "cast", name="winston")
    assert ana_public.response is not None
    assert words(public) == words(ana_public), "a public reply is in the server's language"


async def test_trivia_runs_on_the_wall_clock(demo: PreviewWorld, wall: FakeWall) -> None:
    """/trivia start and clicks: an answer 7 s in scores as 7 s in; the question closes when
    the wall clock passes its 20 s, with nobody moving SimCord's clock by hand."""
    trivia = Trivia(as_test_world(demo))
    ana, ben, _ = demo.members
    clock = RealTime(demo.env, wall)
    started = await trivia.start(ana)
    assert started.response is not None and not started.ephemeral
    shown = trivia.question()
    limit = trivia.time_left()  # 20 s, or more for a long question (time to read it)
    assert limit >= 20

    wall.advance(7)
    await clock.catch_up()
    assert await trivia.click(ana, shown.right) == f"Locked in: {shown.right}"
    assert await trivia.click(ben, shown.wrong) == f"Locked in: {shown.wrong}"
    clock.published()

    wall.advance(limit - 7 - 0.1)
    await clock.catch_up()
    assert trivia.question().message.id == shown.message.id and not clock.bot_acted(), "closed early"

    wall.advance(0.2)
    await clock.catch_up()
    assert clock.bot_acted(), "the page would not be told about the reveal"
    reveal = trivia.last_embed()
    assert reveal.title == "Question 1 of 10: the answer"
    assert reveal.fields[0].name == "Got it right (1 of 2)"
    assert reveal.fields[0].value == f"<@{ana.id}> +{score_answer(100, limit, limit - 7)}"


async def test_the_clock_starts_on_the_wall_clocks_date(demo: PreviewWorld, wall: FakeWall) -> None:
    # SimCord starts on 1 January 2026; dates the bot compares with (embargoes) must be today's.
    assert abs((demo.env.now() - wall()).total_seconds()) < 0.001


async def test_a_page_action_runs_at_the_wall_clocks_time(demo: PreviewWorld, wall: FakeWall) -> None:
    clock = RealTime(demo.env, wall)
    seen: list[object] = []

    async def action(context: str, body: dict[str, object]) -> str:  # stands for Preview._action
        seen.append(demo.env.now())
        await demo.members[0].slash(demo.general, "help")  # the bot answers: it calls Discord
        return f"done {context}"

    guarded = clock.guard(action, lambda: seen.append("presentation time moved"))
    wall.advance(7)
    assert await guarded("p_1", {}) == "done p_1"
    assert seen[0] == "presentation time moved"
    assert isinstance(seen[1], datetime) and abs((seen[1] - wall()).total_seconds()) < 0.001
    assert not clock.bot_acted(), "an action publishes the page itself: no second publication"


async def test_a_second_start_on_the_same_database_keeps_the_commands_and_the_rules(
    tmp_path: Path, wall: FakeWall, content: Content
) -> None:
    """The database remembers the command sync and the server; SimCord forgets both."""
    database = tmp_path / "preview.sqlite3"
    first = await open_world(database, wall=wall)
    ids = [handle.id for handle in (first.guild, first.general, first.spoilers, *first.viewers)]
    await close_world(first)
    again = await open_world(database, wall=wall)
    try:
        assert [handle.id for handle in (again.guild, again.general, again.spoilers, *again.viewers)] == ids
        assert "cast" in again.members[0].available_commands(again.general)
        plain = await again.members[0].slash(again.spoilers, "cast", name="winston")
        assert plain.response is not None and leaks(
            [plain.response.embeds[0].to_dict()], spoiler_texts(content)
        )
    finally:
        await close_world(again)


# ---------------------------------------------------------------------------------------- the page


async def wait_for_state(
    http: aiohttp.ClientSession, base: str, headers: dict[str, str], check: Callable[[str], bool]
) -> dict[str, Any]:
    """Poll the page's state as the browser does until ``check`` holds for its messages."""
    for _ in range(100):
        async with http.get(f"{base}/api/state", headers=headers) as response:
            state: dict[str, Any] = await response.json()
        if check(json.dumps(state["messages"])):
            return state
        await asyncio.sleep(0.05)
    raise AssertionError("the page never showed it")


async def test_the_page_is_served_on_loopback_and_follows_the_bot(demo: PreviewWorld, wall: FakeWall) -> None:
    clock = RealTime(demo.env, wall)
    async with show(demo, clock) as page:
        match = URL.fullmatch(page.url)
        assert match is not None, page.url
        base, capability = page.url.split("/#")
        async with aiohttp.ClientSession() as http:
            async with http.get(base + "/") as response:
                assert response.status == 200 and "<html" in (await response.text()).lower()
            # Open a page as the browser does, then watch it without any page action.
            headers = {"X-Simcord-Capability": capability}
            async with http.post(f"{base}/api/pages", headers=headers, json={}) as response:
                opened = await response.json()
            headers["X-Simcord-Context"] = opened["context"]["id"]
            assert [m["content"] for m in opened["messages"].values()] == [preview.GUIDE]

            trivia = Trivia(as_test_world(demo))
            async with clock.lock:  # driving SimCord next to the page needs the page's lock
                await trivia.start(demo.members[0])
                limit = trivia.time_left()  # 20 s, or more for a long question (time to read it)
            await wait_for_state(http, base, headers, lambda text: '"Question 1 of 10"' in text)

            wall.advance(limit + 0.5)  # the ticker moves the clock, the question closes, the page shows it
            state = await wait_for_state(
                http, base, headers, lambda text: '"Question 1 of 10: the answer"' in text
            )
            assert '"Question 2 of 10"' not in json.dumps(state["messages"]), "the reveal came late"
            wall.advance(3)  # the pause after a reveal
            await wait_for_state(http, base, headers, lambda text: '"Question 2 of 10"' in text)


# ---------------------------------------------------------------------------------------- the command line


def test_without_the_extra_it_says_what_to_install() -> None:
    # `python -m bot preview` where SimCord cannot be imported (a plain `pip install -e .`).
    code = (
        "import runpy, sys; sys.modules['simcord'] = None; sys.argv = ['bot', 'preview']; "
        "runpy.run_module('bot', run_name='__main__', alter_sys=True)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and 'pip install -e ".[preview]"' in done.stderr


def test_the_command_prints_one_local_url_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    database = tmp_path / "nested" / "preview.sqlite3"
    port = free_port()
    with running_preview(database, port) as running:
        assert running.url.startswith(f"http://127.0.0.1:{port}/#")
        with urllib.request.urlopen(running.url.split("#")[0], timeout=10) as response:
            assert response.status == 200
        code, out, err = running.stop()
    print(f"preview started in {running.started_in:.2f} s")
    assert code == 0, err
    assert len(URL.findall(running.first_line + out + err)) == 1, "more than one URL printed"
    assert "http" not in out + err
    assert err == "", f"unexpected output on stderr: {err}"
    # The database was closed: SQLite removes its write-ahead log when the last connection closes.
    assert database.exists() and not Path(f"{database}-wal").exists()


async def test_the_moderator_posts_todays_daily_question_in_trivia_once(demo: PreviewWorld) -> None:
    """The guide's step: Nadia runs /daily now; the question comes to #trivia, and Ana answers it."""
    assert "/daily now" in GUIDE
    first = await demo.moderator.slash(demo.general, "daily now")
    assert first.ephemeral
    posted = [m for m in demo.trivia.history() if m.embeds and (m.embeds[0].title or "").startswith("Daily")]
    assert len(posted) == 1
    locked = await demo.members[0].click(posted[0], label="A")
    assert locked.ephemeral and locked.response is not None and "Locked in" in locked.response.content
    again = await demo.moderator.slash(demo.general, "daily now")
    told = [m.content for m in again.followups] or [again.response.content if again.response else ""]
    assert "already out" in " ".join(told)
    assert len([m for m in demo.trivia.history() if m.embeds and "Daily" in (m.embeds[0].title or "")]) == 1
