"""Who may use what: every moderator command and every state-changing one, for a member, a moderator
and the owner, in the server and in a direct message.

The rows are checked against the commands' declarations (``@declare``, ``bot/ui/commands.py``): a
command declared ``Access.MODERATOR`` without a row here fails the test, and whether a row is for
moderators only is read from its declaration, not written here. A refusal must change nothing; an
allowed use must change what it says. The bot re-checks Manage Server itself, so a server that opens
a moderator command to @everyone in Server Settings → Integrations still lets only members with
Manage Server use it. Components of another member's private view are refused, and a moderator who
loses Manage Server while the spoiler panel is open can change nothing more with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pytest
import simcord

from bot.domain.rewards import RewardKind
from bot.ui.commands import Access, policies
from tests.support.trivia_driver import Trivia
from tests.support.world import World

Effect = Literal["changes", "form", "reads"]  # "reads": a reply, a view or a file; nothing stored yet


@dataclass(frozen=True)
class Row:
    command: str
    effect: Effect = "changes"
    options: dict[str, Any] = field(default_factory=dict)


ROWS = [
    Row("seen", options={"seen": "yes"}),
    Row("spoilers show", "reads"),
    Row("spoilers mode", options={"mode": "hide"}),
    Row("spoilers threshold", options={"level": "major"}),
    Row("spoilers channel", options={"channel": "spoiler_channel", "allowed": True}),
    Row("spoilers embargo", options={"until": "2026-12-31"}),
    Row("spoilers history", "reads"),
    Row("spoilers panel", "reads"),
    Row("spoilers automod", options={"enabled": "on"}),
    Row("settings profanity", options={"allowed": True}),
    Row("settings reports", options={"channel": "general"}),
    Row("settings language", options={"language": "de"}),
    Row("settings cooldowns", options={"lookups": 9}),
    Row("settings rewards add", options={"role": "reward_role", "kind": "streak", "threshold": 3}),
    Row("settings rewards list", "reads"),
    Row("settings rewards remove", options={"role": "reward_role"}),  # set up first (prepare_rewards)
    Row("server export", "reads"),
    Row(
        "server reset", "reads"
    ),  # a confirmation first; its buttons re-check (tests/e2e/test_server_data.py)
    Row("trivia settings", options={"points": 250}),
    Row("trivia questions", "reads"),
    Row("trivia remove", options={"id": 1}),
    Row("trivia add", "form"),
    Row("trivia start", options={"questions": 1}),
    Row("trivia schedule add", options={"when": "2026-06-06 20:00 +02:00", "channel": "general"}),
    Row("trivia schedule list", "reads"),
    Row("trivia schedule cancel", options={"id": 1}),
    Row("privacy leaderboard", options={"hidden": True}),
    Row("daily setup", options={"channel": "general", "time": "07:15", "timezone": "Asia/Tokyo"}),
    Row("daily pause"),
    Row("daily resume"),  # the schedule is paused first (see prepare_daily)
    Row("daily off"),
    Row("daily now"),
]


async def prepare_daily(world: World, command: str) -> None:
    """A daily question set up (and paused for /daily resume), so its commands have one to change."""
    await world.mod.slash(
        world.general, "daily setup", channel=world.general, time="09:00", timezone="Europe/Prague"
    )
    if command == "daily resume":
        await world.mod.slash(world.general, "daily pause")


async def prepare_rewards(world: World) -> None:
    """A role reward, so /settings rewards remove has one to remove (and add one to change)."""
    role = world.guild.create_role("Regular")
    await world.services.rewards.add(
        world.guild.id, role.id, RewardKind.STREAK, 1, world.mod.id, world.env.backend.bot_user.id
    )


def options_for(world: World, row: Row) -> dict[str, Any]:
    """The row's options, with channel and role names turned into the world's channels and roles."""
    channels: dict[str, Any] = {"general": world.general, "spoiler_channel": world.spoiler_channel}
    if "Regular" in world.guild.roles:
        channels["reward_role"] = world.guild.roles["Regular"]
    return {k: channels.get(v, v) if isinstance(v, str) else v for k, v in row.options.items()}


def moderators_only(world: World, command: str) -> bool:
    declared = policies(world.bot.tree)[command]
    assert declared is not None, f"/{command} declares nothing"
    return declared.access is Access.MODERATOR


async def state(world: World) -> tuple[Any, ...]:
    """Everything these commands can change, in one comparable value."""
    settings = await world.storage.settings.get(world.guild.id)
    history = await world.storage.settings.history(world.guild.id, 100)
    seen = [tuple(r) for r in await world.db.fetchall("SELECT user_id FROM member_seen ORDER BY user_id")]
    hidden = [
        tuple(r)
        for r in await world.db.fetchall("SELECT guild_id, user_id FROM hidden_players ORDER BY user_id")
    ]
    questions = await world.storage.trivia.questions(world.guild.id)
    games = await world.db.fetchall("SELECT id, status FROM trivia_games")
    nights = [tuple(n) for n in await world.db.fetchall("SELECT id, status FROM trivia_nights ORDER BY id")]
    daily = [tuple(r) for r in await world.db.fetchall("SELECT * FROM daily_schedules")]
    rewards = [tuple(r) for r in await world.db.fetchall("SELECT role_id, kind, threshold FROM role_rewards")]
    return (
        settings,
        len(history),
        seen,
        hidden,
        len(questions),
        [tuple(g) for g in games],
        nights,
        daily,
        rewards,
    )


def test_every_moderator_command_has_a_row(world: World) -> None:
    """A new moderator command fails here until the matrix runs it."""
    declared = {name for name, p in policies(world.bot.tree).items() if p and p.access is Access.MODERATOR}
    assert declared - {r.command for r in ROWS} == set()
    assert len(declared) >= 15


def owner(world: World) -> simcord.MemberActor:
    """The server's owner as a member (the owner has every permission)."""
    return world.guild.add_member(world.guild.owner)


@pytest.mark.parametrize("row", ROWS, ids=[r.command for r in ROWS])
@pytest.mark.parametrize("who", ["member", "opened to everyone", "moderator", "owner"])
async def test_in_a_server(world: World, trivia: Trivia, row: Row, who: str) -> None:
    await trivia.add_custom()  # so "trivia remove id:1" has something to remove
    # ...and "trivia schedule cancel id:1" a night to cancel
    await world.services.trivia_nights.schedule(
        world.guild.id, world.general.id, world.general.id, "#general", "2026-06-07", 5, "easy", world.mod.id
    )
    await prepare_daily(world, row.command)
    await prepare_rewards(world)
    if who == "opened to everyone":
        await open_to_everyone(world, row.command)
    runner = {"member": world.member, "opened to everyone": world.member, "moderator": world.mod}.get(
        who
    ) or owner(world)
    before = await state(world)
    allowed = who in ("moderator", "owner") or not moderators_only(world, row.command)
    try:
        result = await runner.slash(world.general, row.command, **options_for(world, row))
    except simcord.SetupError:  # Discord does not even offer the command (default permissions)
        assert not allowed, f"{who} should be able to use /{row.command}"
        assert who == "member", "a command the server opened to everyone must be offered"
        assert await state(world) == before
        return
    after = await state(world)
    if not allowed:
        assert result.ephemeral and "Manage Server" in result.response.content, result.response.content
        assert after == before, f"a refused /{row.command} changed something"
    elif row.effect == "form":
        assert result.modal is not None
    elif row.effect == "reads":
        assert after == before
        reply = result.response.content if result.response is not None else ""
        assert "permission" not in (reply or ""), reply
    else:
        assert after != before, f"/{row.command} by {who} changed nothing"


async def open_to_everyone(world: World, qualified_name: str) -> None:
    """What a server does in Server Settings → Integrations: allow the command for @everyone."""
    top = qualified_name.split()[0]
    command = next(c for c in await world.bot.tree.fetch_commands() if c.name == top)
    world.guild.set_command_permissions(command, {world.guild.roles["@everyone"]: True})


DM_ROWS = [r for r in ROWS if r.effect == "changes"]


@pytest.mark.parametrize("row", DM_ROWS, ids=[r.command for r in DM_ROWS])
async def test_in_a_direct_message_nothing_changes(world: World, row: Row) -> None:
    before = await state(world)
    user = world.env.create_user("dm-user")
    with pytest.raises(simcord.SetupError):  # server-only commands are not offered in DMs at all
        await user.slash(row.command, **options_for(world, row))
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
    """Fails without ``still_allowed`` (mutation: drop the panel's interaction_check)."""
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
