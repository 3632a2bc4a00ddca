"""Role rewards through SimCord: configured by moderators (refused clearly when Discord would refuse),
given once when a member reaches the threshold (told privately, never pinged), and taken back with
the member's or the server's data."""

from __future__ import annotations

import json
from typing import Any

import discord
import pytest
import simcord

from bot.domain.rewards import MAX_REWARDS
from tests.support.trivia_driver import Trivia
from tests.support.world import World


def roles_of(world: World, member: simcord.MemberActor) -> set[int]:
    return set(world.env.backend.get_member(world.guild.id, member.id).role_ids)


async def grants(world: World) -> list[tuple[Any, ...]]:
    rows = await world.db.fetchall("SELECT user_id, role_id FROM role_grants ORDER BY user_id, role_id")
    return [tuple(r) for r in rows]


async def rewards(world: World) -> list[tuple[Any, ...]]:
    rows = await world.db.fetchall("SELECT role_id, kind, threshold FROM role_rewards ORDER BY role_id")
    return [tuple(r) for r in rows]


def bot_role(world: World) -> Any:
    guild = world.env.backend.get_guild(world.guild.id)
    return next(r for r in guild.roles.values() if r.managed)


def take_manage_roles(world: World) -> None:
    role = bot_role(world)
    permissions = discord.Permissions(role.permissions)
    permissions.manage_roles = False
    world.env.backend.edit_role(world.guild.id, role.id, {"permissions": permissions.value})


def raise_above_the_bot(world: World, role: simcord.RoleHandle) -> None:
    world.env.backend.edit_role(world.guild.id, role.id, {"position": bot_role(world).position + 1})


async def add(world: World, role: simcord.RoleHandle, kind: str = "streak", threshold: int = 1) -> str:
    result = await world.mod.slash(
        world.general, "settings rewards add", role=role, kind=kind, threshold=threshold
    )
    assert result.ephemeral
    return str(result.response.content)


async def answer_daily(world: World, member: simcord.MemberActor) -> str:
    await world.mod.slash(world.general, "daily now")
    posted = [m for m in world.general.history() if m.embeds and "Daily" in (m.embeds[0].title or "")]
    result = await member.click(posted[-1], label="A")
    assert result.ephemeral
    return str(result.response.content)


async def set_up_daily(world: World) -> None:
    await world.mod.slash(world.general, "daily setup", channel=world.general, time="09:00", timezone="UTC")


async def test_a_streak_reward_is_given_and_said_privately_without_a_ping(world: World) -> None:
    regular = world.guild.create_role("Daily regular")
    said = await add(world, regular)
    assert f"<@&{regular.id}>" in said and "1-day daily streak" in said
    await set_up_daily(world)
    reply = await answer_daily(world, world.member)
    assert f"You earned the role <@&{regular.id}>." in reply
    assert regular.id in roles_of(world, world.member)
    assert await grants(world) == [(world.member.id, regular.id)]
    for message in world.general.history():  # nothing public names or pings the role
        assert f"<@&{regular.id}>" not in (message.content or "")
        assert not message.role_mentions


async def test_points_count_once_their_question_is_revealed_and_the_role_is_given_once(
    world: World, trivia: Trivia
) -> None:
    """The answer being locked in is not counted yet: a role then would give the answer away."""
    scorer = world.guild.create_role("Scorer")
    await add(world, scorer, kind="points", threshold=1)
    await trivia.start(questions=3, spoilers="exclude")
    first = trivia.question()
    assert "earned" not in await trivia.click(world.member, first.right, first)
    assert scorer.id not in roles_of(world, world.member)
    await trivia.close()
    await trivia.next()
    reply = await trivia.click(world.member, trivia.question().wrong)
    assert f"You earned the role <@&{scorer.id}>." in reply
    assert scorer.id in roles_of(world, world.member)
    await trivia.next()  # the only player answered: the question closed at once
    again = await trivia.click(world.member, trivia.question().right)
    assert again.startswith("Locked in") and "earned" not in again
    assert await grants(world) == [(world.member.id, scorer.id)]


async def test_an_open_answer_in_another_game_of_the_server_is_not_counted_either(
    world: World, trivia: Trivia
) -> None:
    """Two games at once: points still open in the other channel's game would give that answer away."""
    scorer = world.guild.create_role("Scorer")
    await add(world, scorer, kind="points", threshold=1)
    elsewhere = world.guild.create_text_channel("trivia-two")
    await trivia.start(questions=3, spoilers="exclude")
    await trivia.start(world.other, elsewhere, questions=3, spoilers="exclude")
    there = trivia.question(elsewhere)
    assert "earned" not in await trivia.click(world.member, there.right, there)
    here = trivia.question()
    reply = await trivia.click(world.member, here.wrong, here)
    assert reply.startswith("Locked in") and "earned" not in reply, reply
    assert scorer.id not in roles_of(world, world.member)
    await trivia.close()  # both questions revealed: now the points count
    await trivia.next()
    later = await trivia.click(world.member, trivia.question().wrong)
    assert f"You earned the role <@&{scorer.id}>." in later


async def test_a_role_above_the_bots_is_refused_clearly_and_nothing_is_saved(world: World) -> None:
    top = world.guild.create_role("Top")
    raise_above_the_bot(world, top)
    said = await add(world, top)
    assert "move my role above" in said and f"<@&{top.id}>" in said and "Nothing was saved" in said
    assert await rewards(world) == []


async def test_without_manage_roles_it_is_refused_clearly_and_nothing_is_saved(world: World) -> None:
    take_manage_roles(world)
    said = await add(world, world.guild.create_role("Regular"))
    assert "**Manage Roles**" in said and "Nothing was saved" in said
    assert await rewards(world) == []


async def test_a_grant_that_fails_later_is_no_error_for_the_member_and_marks_the_reward(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    regular = world.guild.create_role("Daily regular")
    await add(world, regular)
    raise_above_the_bot(world, regular)  # moved in Server Settings after it was set up
    await set_up_daily(world)
    first = await answer_daily(world, world.member)
    second = await answer_daily(world, world.other)
    assert first.startswith("Locked in") and "earned" not in first and second.startswith("Locked in")
    assert await grants(world) == []
    failures = [r for r in caplog.records if "could not be given" in r.getMessage()]
    assert len(failures) == 1  # once per episode, not once per answer
    listed = await world.mod.slash(world.general, "settings rewards list")
    assert "needs attention" in (listed.response.embeds[0].description or "")


async def test_privacy_export_shows_the_role_and_privacy_delete_takes_it_back(world: World) -> None:
    regular = world.guild.create_role("Daily regular")
    await add(world, regular)
    await set_up_daily(world)
    await answer_daily(world, world.member)
    assert regular.id in roles_of(world, world.member)
    exported = await world.member.slash(world.general, "privacy export")  # the record is theirs to see
    [attachment] = exported.response.attachments
    roles_given = json.loads(await attachment.read())["roles_given"]
    assert [r["role_id"] for r in roles_given] == [str(regular.id)]
    asked = await world.member.slash(world.general, "privacy delete")
    await world.member.click(asked.response, label="Delete my data in this server")
    assert regular.id not in roles_of(world, world.member)
    assert await grants(world) == [] and await rewards(world) == [(regular.id, "streak", 1)]


async def test_server_reset_takes_every_role_back_and_forgets_the_rewards(world: World) -> None:
    regular = world.guild.create_role("Daily regular")
    await add(world, regular)
    await set_up_daily(world)
    await answer_daily(world, world.member)
    await answer_daily(world, world.other)
    asked = await world.mod.slash(world.general, "server reset")
    deleted = {f.name: f.value for f in asked.response.embeds[0].fields}["Deleted"]
    assert "2 roles given as rewards (taken back)" in deleted
    await world.mod.click(asked.response, label="Delete this server's data")
    assert regular.id not in roles_of(world, world.member) | roles_of(world, world.other)
    assert await grants(world) == [] and await rewards(world) == []


async def test_one_reward_per_role_and_at_most_25_per_server(world: World) -> None:
    roles = [world.guild.create_role(f"Tier {n}") for n in range(MAX_REWARDS + 1)]
    for n, role in enumerate(roles[:MAX_REWARDS], start=1):
        await add(world, role, kind="points", threshold=100 * n)
    changed = await add(world, roles[0], kind="points", threshold=50)  # the same role: changed, not added
    assert "50 trivia points" in changed
    refused = await add(world, roles[-1])
    assert "already has 25 role rewards" in refused and "Nothing was saved" in refused
    assert len(await rewards(world)) == MAX_REWARDS
    removed = await world.mod.slash(world.general, "settings rewards remove", role=roles[0])
    assert "no longer a reward" in removed.response.content
    assert len(await rewards(world)) == MAX_REWARDS - 1


async def test_a_streak_longer_than_ten_years_is_refused(world: World) -> None:
    said = await add(world, world.guild.create_role("Forever"), threshold=5000)
    assert "between 1 and 3650" in said and await rewards(world) == []
