"""Who may change what: every state-changing command and component, for a member, a moderator and the owner.

Table-driven (issue 14): each row is a command or a component with what it changes; each is run
by an ordinary member, a moderator (Manage Server via a role) and the server's owner, in the
server and in a direct message. A refusal must change nothing; an allowed use must change what it
says. Components of another member's private view are refused. And a moderator who loses Manage
Server while the spoiler panel is open can change nothing more with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import simcord

from tests.conftest import World
from tests.e2e.conftest import Trivia


async def state(world: World) -> tuple[Any, ...]:
    """Everything these commands can change, in one comparable value."""
    settings = await world.storage.settings.get(world.guild.id)
    history = await world.storage.settings.history(world.guild.id, 100)
    seen = [tuple(r) for r in await world.db.fetchall("SELECT user_id FROM member_seen ORDER BY user_id")]
    questions = await world.storage.trivia.questions(world.guild.id)
    games = await world.db.fetchall("SELECT id, status FROM trivia_games")
    return (settings, len(history), seen, len(questions), [tuple(g) for g in games])


@dataclass(frozen=True)
class Row:
    command: str
    options: dict[str, Any]
    moderators_only: bool
    opens_a_form: bool = False


ROWS = [
    Row("seen", {"seen": "yes"}, False),
    Row("spoilers mode", {"mode": "hide"}, True),
    Row("spoilers threshold", {"level": "major"}, True),
    Row("spoilers embargo", {"until": "2026-12-31"}, True),
    Row("settings profanity", {"allowed": True}, True),
    Row("settings cooldowns", {"lookups": 9}, True),
    Row("trivia settings", {"points": 250}, True),
    Row("trivia remove", {"id": 1}, True),
    Row("trivia add", {}, True, opens_a_form=True),
    Row("trivia start", {"questions": 1}, False),
]


def owner(world: World) -> simcord.MemberActor:
    """The server's owner as a member (the owner has every permission)."""
    return world.guild.add_member(world.guild.owner)


@pytest.mark.parametrize("row", ROWS, ids=[r.command for r in ROWS])
@pytest.mark.parametrize("who", ["member", "moderator", "owner"])
async def test_in_a_server(world: World, trivia: Trivia, row: Row, who: str) -> None:
    await trivia.add_custom()  # so "trivia remove id:1" has something to remove
    runner = {"member": world.member, "moderator": world.mod}.get(who) or owner(world)
    before = await state(world)
    allowed = who != "member" or not row.moderators_only
    try:
        result = await runner.slash(world.general, row.command, **row.options)
    except simcord.SetupError:  # Discord does not even offer the command (default permissions)
        assert not allowed, f"{who} should be able to use /{row.command}"
        assert await state(world) == before
        return
    after = await state(world)
    if not allowed:
        assert result.ephemeral and "Manage Server" in result.response.content, result.response.content
        assert after == before, f"a refused /{row.command} changed something"
    elif row.opens_a_form:
        assert result.modal is not None
    else:
        assert after != before, f"/{row.command} by {who} changed nothing"


DM_ROWS = [r for r in ROWS if not r.opens_a_form]


@pytest.mark.parametrize("row", DM_ROWS, ids=[r.command for r in DM_ROWS])
async def test_in_a_direct_message_nothing_changes(world: World, row: Row) -> None:
    before = await state(world)
    user = world.env.create_user("dm-user")
    with pytest.raises(simcord.SetupError):  # server-only commands are not offered in DMs at all
        await user.slash(row.command, **row.options)
    assert await state(world) == before


async def test_components_of_another_members_view_are_refused(world: World) -> None:
    """A public paginator answers only the member who asked; private views are not even reachable."""
    public = await world.member.slash(world.general, "film")
    for intruder in (world.other, world.mod):
        refused = await intruder.click(public.response, label="▶")
        assert refused.ephemeral and "run it yourself" in refused.response.content
    assert "Page 1" in (public.response.embeds[0].footer.text or "")  # not paged by anyone else
    await world.member.slash(world.general, "seen", seen="yes")
    openers = ((world.member, "privacy show"), (world.member, "film"), (world.mod, "spoilers panel"))
    for opener, command in openers:
        options = {"private": True} if command == "film" else {}
        private = await opener.slash(world.general, command, **options)
        assert private.ephemeral
        before = await state(world)
        for intruder in (world.other, world.mod, world.member):
            if intruder is not opener:
                with pytest.raises(simcord.SetupError, match="not visible"):
                    await intruder.click(private.response, custom_id=first_custom_id(private))
        assert await state(world) == before


def first_custom_id(result: simcord.InteractionResult) -> str:
    assert result.response is not None
    return str(result.response.components[0]["components"][-1]["custom_id"])


async def test_the_panel_obeys_the_permission_as_it_is_at_each_click(world: World) -> None:
    """Issue 14 item 7. Fails without ``still_allowed`` (mutation: drop the panel's interaction_check)."""
    opened = await world.mod.slash(world.general, "spoilers panel")
    message = opened.response
    custom_ids = [c["custom_id"] for row in message.components for c in row["components"]]
    form = await world.mod.click(message, label="Set embargo…")  # opened while still a moderator
    mods = world.guild.roles["Mods"]
    world.env.backend.remove_member_role(world.guild.id, world.mod.id, mods.id)  # loses Manage Server
    before = await state(world)
    attempts = [
        await world.mod.select(message, ["hide"], custom_id=custom_ids[0]),
        await world.mod.select(message, ["major"], custom_id=custom_ids[1]),
        await world.mod.click(message, label="End embargo"),
        await world.mod.submit_modal(form, {"until": "2026-12-31"}),
    ]
    for attempt in attempts:
        assert attempt.ephemeral and "no longer have the Manage Server permission" in attempt.response.content
    assert await state(world) == before
    panel = await world.mod.click(message, label="Set embargo…")
    assert panel.modal is None and panel.ephemeral
