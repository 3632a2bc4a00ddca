"""Cooldowns through the real command tree: friendly, ephemeral, nothing changed; moderators adjust them."""

from __future__ import annotations

from tests.support.trivia_driver import Trivia
from tests.support.world import World

SLOW = "Slow down a little"


async def test_public_lookups_are_limited_per_member_private_ones_are_not(world: World) -> None:
    replies = [await world.member.slash(world.general, "quote") for _ in range(7)]
    public = [r for r in replies if not r.ephemeral]
    refused = [r for r in replies if r.ephemeral]
    assert len(public) == 5 and len(refused) == 2
    assert all(SLOW in r.response.content and "Nothing was changed" in r.response.content for r in refused)
    before = len(world.general.history())
    private = await world.member.slash(world.general, "cast", name="keanu", private=True)
    assert private.ephemeral and private.response.embeds  # answered, only to her
    other = await world.other.slash(world.general, "cast", name="keanu")
    assert not other.ephemeral  # another member is not slowed down by her
    assert len(world.general.history()) == before + 1
    await world.env.advance_time(13)  # one use comes back every 12 s
    assert not (await world.member.slash(world.general, "quote")).ephemeral


async def test_a_start_stop_loop_is_slowed_down_and_changes_nothing(world: World, trivia: Trivia) -> None:
    outcomes = []
    for _ in range(5):
        start = await trivia.start(questions=1)
        stop = await world.member.slash(world.general, "trivia stop")
        outcomes.append((start.ephemeral, stop.ephemeral and SLOW in stop.response.content))
    started = [o for o in outcomes if not o[0]]
    assert len(started) == 3, outcomes  # three games per member per 10 minutes by default
    rows = await world.db.fetchall("SELECT status FROM trivia_games ORDER BY id")
    assert [r[0] for r in rows] == ["stopped"] * 3, "a refused start creates no game"
    assert not any(game.channel_id == world.general.id for game in world.services.trivia_games.running())


async def test_moderators_adjust_the_limits_per_server(world: World) -> None:
    shown = await world.mod.slash(world.general, "settings cooldowns")
    assert shown.ephemeral and "Public lookups per member per minute: **5**" in shown.response.content
    changed = await world.mod.slash(world.general, "settings cooldowns", lookups=2)
    assert "**Public lookups per member per minute**: 5 → 2" in changed.response.content
    replies = [await world.member.slash(world.general, "film") for _ in range(3)]
    assert [r.ephemeral for r in replies] == [False, False, True]
    history = await world.storage.settings.history(world.guild.id, 5)
    assert history[0].setting == "cooldown_lookups" and history[0].actor_id == world.mod.id
    await world.mod.slash(world.general, "settings cooldowns", lookups=0)  # no limit
    assert not any([(await world.member.slash(world.general, "film")).ephemeral for _ in range(10)])


async def test_the_report_button_counts_against_the_report_limit(world: World) -> None:
    """The button opens /report's form, so it is no way around /report's limit (and the reverse)."""
    await world.mod.slash(world.general, "settings cooldowns", reports=2)
    answer = (await world.member.slash(world.general, "cast", name="winston")).response
    first = await world.member.click(answer, label="Report a mistake")
    second = await world.member.slash(world.general, "report")
    assert first.modal is not None and second.modal is not None
    third = await world.member.click(answer, label="Report a mistake")
    assert third.modal is None and third.ephemeral and SLOW in third.response.content
    refused = await world.member.slash(world.general, "report")
    assert refused.modal is None and SLOW in refused.response.content
    assert (await world.other.click(answer, label="Report a mistake")).modal is not None  # per member


async def test_members_taking_turns_cannot_flood_one_channel_with_games(world: World, trivia: Trivia) -> None:
    """Each member is within their own limit; the channel's (twice a member's) still holds."""
    await world.mod.slash(world.general, "settings cooldowns", trivia=1)  # a member: 1, a channel: 2
    members = [world.guild.add_member(world.env.create_user(f"player{n}")) for n in range(3)]
    outcomes = []
    for member in members:
        start = await trivia.start(member, questions=1)
        if not start.ephemeral:
            await member.slash(world.general, "trivia stop")
        outcomes.append(start.ephemeral and SLOW in start.response.content)
    assert outcomes == [False, False, True], "the third member's game is one too many for the channel"
    rows = await world.db.fetchall("SELECT status FROM trivia_games ORDER BY id")
    assert [r[0] for r in rows] == ["stopped"] * 2, "the refused start created no game"

    elsewhere = await trivia.start(members[2], world.spoiler_channel, questions=1)
    assert not elsewhere.ephemeral, "another channel has its own limit"
