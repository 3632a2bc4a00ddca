"""Each player's result is said in words in the reveal, not only by a button's colour.

Those who got it right are listed with their points under "Got it right"; those who missed are
listed under "Not this time", with the answer ("— the answer was **B.** …"). A member hidden from
public boards (``/privacy leaderboard``) is "a hidden player" there too.
"""

from __future__ import annotations

from tests.support.trivia_driver import Trivia
from tests.support.world import World


async def test_who_missed_is_named_with_the_answer(world: World, trivia: Trivia) -> None:
    alice, bob = world.member, world.other
    carol = world.guild.add_member(world.env.create_user("carol"))
    await trivia.start(questions=2, spoilers="exclude")
    shown = trivia.question()
    await trivia.click(alice, shown.right)
    await trivia.click(bob, shown.wrong)
    await trivia.click(carol, shown.wrong)
    await trivia.close()
    reveal = trivia.last_embed()
    right, missed = reveal.fields
    assert (right.name, right.value) == ("Got it right (1 of 3)", f"<@{alice.id}> +150")
    assert missed.name == "Not this time (2)"
    answer = shown.options[shown.right]
    assert missed.value == f"<@{bob.id}>, <@{carol.id}> — the answer was **{shown.right}.** {answer}"


async def test_when_nobody_is_right_everyone_who_answered_reads_not_this_time(
    world: World, trivia: Trivia
) -> None:
    await trivia.start(questions=2, spoilers="exclude", mode="typed")
    shown = trivia.question()
    await trivia.type(world.member, "Not the answer at all")
    await trivia.close()
    reveal = trivia.last_embed()
    nobody, missed = reveal.fields
    assert (nobody.name, nobody.value) == ("Got it right", "Nobody this time (1 answer).")
    assert missed.name == "Not this time (1)"
    assert missed.value == f"<@{world.member.id}> — the answer was {shown.question.answer}"


async def test_a_hidden_player_who_missed_is_not_named(world: World, trivia: Trivia) -> None:
    await world.other.slash(world.general, "privacy leaderboard", hidden=True)
    await trivia.start(questions=2, spoilers="exclude")
    shown = trivia.question()
    await trivia.click(world.member, shown.wrong)
    await trivia.click(world.other, shown.wrong)
    await trivia.close()
    missed = trivia.last_embed().fields[1]
    assert missed.value.startswith(f"<@{world.member.id}>, a hidden player — the answer was ")
    assert str(world.other.id) not in missed.value


async def test_a_crowd_that_missed_fits_one_field(world: World, trivia: Trivia) -> None:
    crowd = [world.guild.add_member(world.env.create_user(f"fan{n}")) for n in range(60)]
    await trivia.start(questions=2, spoilers="exclude")
    shown = trivia.question()
    for fan in crowd:
        await trivia.click(fan, shown.wrong, shown)
    await trivia.close()
    missed = trivia.last_embed().fields[1]
    assert missed.name == "Not this time (60)"
    assert len(missed.value) <= 1024
    assert "…and " in missed.value and missed.value.endswith(
        f"— the answer was **{shown.right}.** " + shown.options[shown.right]
    )
