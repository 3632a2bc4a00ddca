"""Whole trivia games through SimCord: choice and typed mode, reveals, standings, stats, leaderboard.

The virtual clock only moves when a test moves it, so answers land at known times and
the points are exact: an instant correct answer earns 150 of 100 points (the speed
bonus), one halfway through 125. The first question always runs to its time limit
(nobody is known to be playing yet); later ones close as soon as every player answered.
"""

from __future__ import annotations

import discord

from bot.domain.trivia import score_answer
from tests.support.trivia_driver import Trivia
from tests.support.world import World


async def test_a_choice_game_from_start_to_standings(world: World, trivia: Trivia) -> None:
    alice, bob, general = world.member, world.other, world.general
    started = await trivia.start(questions=3, spoilers="exclude")
    assert not started.ephemeral
    intro = started.response.embeds[0]
    assert intro.title == "Ballerina trivia"
    assert f"<@{alice.id}> started a game of **3 questions**" in intro.description
    assert "20 seconds" in intro.description

    # Question 1: Alice right at once, Bob wrong after 10 s; it runs to the time limit.
    q1 = trivia.question()
    assert q1.number == 1 and q1.message.embeds[0].title == "Question 1 of 3"
    assert "Closes <t:" in q1.description
    assert await trivia.click(alice, q1.right) == f"Locked in: {q1.right}"
    await world.env.advance_time(10)
    assert await trivia.click(bob, q1.wrong) == f"Locked in: {q1.wrong}"
    await trivia.close()  # the rest of its time
    reveal = trivia.last_embed()
    assert reveal.title == "Question 1 of 3: the answer"
    assert reveal.description.startswith(f"The answer was **{q1.right}.** {q1.question.answer}")
    field = reveal.fields[0]
    assert field.name == "Got it right (1 of 2)"
    assert field.value == f"<@{alice.id}> +150"
    assert reveal.footer.text.startswith("Source")
    q1_buttons = general.history()[-2].components[0].children
    assert [(b.label, b.disabled) for b in q1_buttons] == [(x, True) for x in "ABCD"]
    assert next(b for b in q1_buttons if b.label == q1.right).style is discord.ButtonStyle.success

    # Question 2: both answer; it closes the moment the second answer arrives.
    await trivia.next()
    q2 = trivia.question()
    assert q2.number == 2
    await world.env.advance_time(10)
    await trivia.click(alice, q2.right)
    assert trivia.question().message.components[0].children[0].disabled is False
    await trivia.click(bob, q2.right)
    reveal = trivia.last_embed()
    assert reveal.title == "Question 2 of 3: the answer"
    assert reveal.fields[0].value == f"<@{alice.id}> +125 🔥 2 in a row\n<@{bob.id}> +125"

    # Question 3 and the end.
    await trivia.next()
    await trivia.click(bob, trivia.question().wrong)
    await trivia.click(alice, trivia.question().right)
    end = trivia.last_embed()
    assert end.title == "Trivia over: final standings"
    expected_alice = 150 + 125 + 150
    first = f"🥇 1. <@{alice.id}> — **{expected_alice}** points (3/3 correct · best streak 3)"
    assert first in end.description
    assert f"🥈 2. <@{bob.id}> — **125** points (1/3 correct)" in end.description
    assert f"🏆 Winner: <@{alice.id}>" in end.description

    game = await trivia.game()
    assert game.status.value == "finished" and game.question_count == 3
    stats = await world.storage.trivia.member_stats(world.guild.id, alice.id)
    assert (stats.points, stats.correct, stats.answered, stats.games_played, stats.games_won) == (
        expected_alice,
        3,
        3,
        1,
        1,
    )
    assert stats.best_streak == 3
    assert (await world.storage.trivia.member_stats(world.guild.id, bob.id)).games_won == 0

    mine = await alice.slash(general, "trivia stats")
    assert mine.ephemeral
    card = mine.response.embeds[0]
    values = {f.name: f.value for f in card.fields}
    assert values["Points"] == "425" and values["Rank"] == "#1 of 2"
    assert values["Accuracy"] == "100% (3 of 3)" and values["Games won"] == "1"
    assert values["Best streak"] == "3 correct answers"
    theirs = await alice.slash(general, "trivia stats", member=bob)
    assert {f.name: f.value for f in theirs.response.embeds[0].fields}["Accuracy"] == "33% (1 of 3)"

    for period in ("all", "week", "month"):
        board = await bob.slash(general, "trivia leaderboard", period=period)
        assert not board.ephemeral
        lines = board.response.embeds[0].description.splitlines()
        assert lines == [
            f"1. <@{alice.id}> — 425 points (3 correct)",
            f"2. <@{bob.id}> — 125 points (1 correct)",
        ]


async def test_a_typed_game_matches_answers_loosely_and_reveals_nothing_early(
    world: World, trivia: Trivia
) -> None:
    alice, bob = world.member, world.other
    # Known questions with forgiving answers: mark the rest of the film's questions as asked.
    pool = {q.id: q for q in trivia.content_pool}
    await trivia.ask_only([pool["trivia-001"], pool["trivia-002"], pool["trivia-003"]])
    await trivia.start(mode="typed", questions=3)
    first = trivia.question()
    assert first.options == {}
    assert [b.label for b in first.message.components[0].children] == ["Answer"]
    # Lower case, a typo, a surname only: all accepted.
    answers = {"trivia-001": "ana de armas", "trivia-002": "len wisemann", "trivia-003": "Hatten"}
    assert await trivia.type(alice, answers[first.question.id]) == "Locked in."
    assert await trivia.type(bob, "Keanu Reeves") == "Locked in."
    again = await trivia.open_form(alice)
    assert again.modal is not None
    refused = await alice.submit_modal(again, {"response": "whatever"})
    assert refused.response.content == "You already locked in an answer for this question."
    await trivia.close()
    reveal = trivia.last_embed()
    assert reveal.description.startswith(f"The answer was {first.question.answer}")
    assert reveal.fields[0].value == f"<@{alice.id}> +150"

    await trivia.next()
    second = trivia.question()
    late = await trivia.open_form(bob)  # Bob opens the form in time but sends it too late
    await trivia.close()
    assert trivia.last_embed().fields[0].value == "Nobody answered."
    sent = await bob.submit_modal(late, {"response": answers[second.question.id]})
    assert sent.response.content == "Too late — this question has closed."

    await trivia.next()
    third = trivia.question()
    assert await trivia.type(bob, answers[third.question.id]) == "Locked in."
    assert await trivia.type(alice, "Chad Stahelski") == "Locked in."  # both answered: closes at once
    reveal, end = trivia.recent_embeds(2)
    assert reveal.fields[0].value == f"<@{bob.id}> +150"
    assert end.title == "Trivia over: final standings"
    assert f"<@{alice.id}> — **150** points (1/2 correct)" in end.description
    assert "🏆 Winners (a tie)" in end.description
    assert (await world.storage.trivia.member_stats(world.guild.id, bob.id)).answered == 2


async def test_the_server_time_limit_and_points_apply_to_new_games(world: World, trivia: Trivia) -> None:
    changed = await world.mod.slash(world.general, "trivia settings", time_limit=30, points=200)
    assert changed.ephemeral
    assert "Trivia time limit (seconds)**: 20 → 30" in changed.response.content
    assert "Trivia points per answer**: 100 → 200" in changed.response.content
    started = await trivia.start(questions=2, spoilers="exclude")
    assert "**30 seconds** per question" in started.response.embeds[0].description
    assert "earns 200 points, up to 300" in started.response.embeds[0].description
    shown = trivia.question()
    limit = trivia.time_left()  # the server's 30 s, or more for a long question (time to read it)
    assert limit >= 30
    await trivia.close(limit - 1)
    assert trivia.question().message.components[0].children[0].disabled is False
    assert await trivia.click(world.member, shown.right) == f"Locked in: {shown.right}"
    await trivia.close(1)
    assert trivia.last_embed().fields[0].value == f"<@{world.member.id}> +{score_answer(200, limit, 1)}"


async def test_questions_do_not_repeat_until_the_pool_is_used_up(world: World, trivia: Trivia) -> None:
    curated = world.bot.content.trivia
    easy = [q.id for q in curated if q.difficulty.value == "easy" and q.spoiler.value == "none"]
    # Two games share the easy spoiler-free pool; a third asks for more than it holds (at most 25).
    count = len(easy)
    assert 10 <= count < 25
    half = count // 2
    options = {"difficulty": "easy", "spoilers": "exclude", "source": "curated"}
    repo, guild_id = world.storage.trivia, world.guild.id
    await trivia.start(questions=half, **options)
    first = await repo.asked_ids(guild_id)
    await world.member.slash(world.general, "trivia stop")
    await trivia.start(questions=count - half, **options)
    second = await repo.asked_ids(guild_id) - first
    assert len(first) == half and len(second) == count - half and first | second == set(easy)
    await world.member.slash(world.general, "trivia stop")
    # The easy pool is used up: the next game starts its cycle again.
    third = await trivia.start(questions=count, **options)
    assert not third.ephemeral and "instead of" not in (third.response.embeds[0].description or "")
    assert await repo.asked_ids(guild_id) == set(easy)
