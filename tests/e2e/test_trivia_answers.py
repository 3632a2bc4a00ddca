"""Answering: once per member and question, late answers refused, crowds counted exactly once.

Plus two invariants over everything a game sends: answer buttons carry only a letter
(or "Answer"), never question text; and no message ever pings anyone.
"""

from __future__ import annotations

from typing import Any

from tests.support.db_queries import answer_count
from tests.support.trivia_driver import Trivia, buttons
from tests.support.world import World

LABELS = {"A", "B", "C", "D", "Answer"}


def sent(world: World) -> list[Any]:
    return [entry.json for entry in world.env.http_requests if entry.json is not None]


def assert_no_pings(world: World) -> None:
    for channel in world.env.backend.messages.values():
        for message in channel.values():
            assert message.ping_user_ids == [] and message.ping_role_ids == [], message.content
            assert not message.mention_everyone
    bodies = [body for body in sent(world) if isinstance(body, dict)]
    posted = [body.get("data", body) for body in bodies if "embeds" in body.get("data", body)]
    assert posted
    for body in posted:
        assert body.get("allowed_mentions") == {"parse": []}, body


async def play_a_game(world: World, trivia: Trivia, mode: str) -> None:
    await trivia.start(questions=3, mode=mode)
    for number in (1, 2, 3):
        shown = trivia.question()
        if mode == "choice":
            await trivia.click(world.member, shown.right)
            await trivia.click(world.other, shown.wrong)
        else:
            await trivia.type(world.member, shown.question.answer)
            await trivia.type(world.other, "no idea")
        if number == 1:
            await trivia.close()
        await trivia.next()


async def test_buttons_carry_only_letters_and_nothing_pings(world: World, trivia: Trivia) -> None:
    # A question of the server's own that is full of would-be pings.
    await trivia.add_custom(
        f"Who told @everyone and <@{world.other.id}> and <@&{world.guild.id}> to rehearse?",
        "The Director",
        ("@here", f"<@{world.member.id}>", "Nobody"),
    )
    await trivia.ask_only([])  # the film's questions count as asked: the custom one comes first
    await play_a_game(world, trivia, "choice")
    await play_a_game(world, trivia, "typed")
    refused = await world.other.slash(world.general, "trivia stop")  # no game: an ephemeral refusal
    assert refused.ephemeral
    await trivia.start(questions=1)
    await world.other.slash(world.general, "trivia stop")  # not the starter: names the starter, no ping
    await world.other.slash(world.general, "trivia leaderboard")
    await world.other.slash(world.general, "trivia stats", member=world.member)

    answer_buttons = [
        b for body in sent(world) for b in buttons(body) if b["custom_id"].startswith("trivia:")
    ]
    assert len(answer_buttons) >= 2 * 3 * 2
    for button in answer_buttons:
        assert button["label"] in LABELS, button
        assert len(button["custom_id"]) <= 100
    assert_no_pings(world)


async def test_each_member_answers_once_and_late_answers_are_refused(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=3, spoilers="exclude")
    first = trivia.question()
    assert await trivia.click(world.member, first.wrong) == f"Locked in: {first.wrong}"
    assert (
        await trivia.click(world.member, first.right) == "You already locked in an answer for this question."
    )
    # The buttons of question 1 stay clickable if Discord refuses to update the message...
    world.env.inject_error("PATCH", f"/channels/{world.general.id}/messages/*", status=404, code=10008)
    await trivia.close()
    await trivia.next()
    assert trivia.question().number == 2
    assert first.message.components[0].children[0].disabled is False
    # ...and a click on them now is too late: it counts for nothing.
    assert await trivia.click(world.other, first.right, first) == "Too late — this question has closed."
    stats = await world.storage.trivia.member_stats(world.guild.id, world.member.id)
    assert (stats.answered, stats.correct) == (1, 0)
    assert (await world.storage.trivia.member_stats(world.guild.id, world.other.id)).answered == 0


async def test_a_deleted_question_message_does_not_stop_the_game(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=2, spoilers="exclude")
    shown = trivia.question()
    await trivia.click(world.member, shown.right)
    await world.mod.delete(shown.message)
    await trivia.close()
    assert trivia.last_embed().title == "Question 1 of 2: the answer"
    await trivia.next()
    assert trivia.question().number == 2


async def test_fifty_members_clicking_at_once_are_each_counted_once(world: World, trivia: Trivia) -> None:
    crowd = [world.guild.add_member(world.env.create_user(f"fan{n}")) for n in range(50)]
    await trivia.start(questions=2, spoilers="exclude")
    shown = trivia.question()
    letters = "ABCD"
    replies = [await trivia.click(fan, letters[n % 4], shown) for n, fan in enumerate(crowd)]
    assert replies == [f"Locked in: {letters[n % 4]}" for n in range(50)]
    for fan in crowd[:10]:  # double clicks
        assert (
            await trivia.click(fan, shown.right, shown)
            == "You already locked in an answer for this question."
        )
    repo = world.storage.trivia
    assert await answer_count(world.db, 1, 1) == 50
    assert world.storage.answers.failed == 0
    await trivia.close()
    right = [fan for n, fan in enumerate(crowd) if letters[n % 4] == shown.right]
    assert trivia.last_embed().fields[0].name == f"Got it right ({len(right)} of 50)"
    for fan in right[:3]:
        stats = await repo.member_stats(world.guild.id, fan.id)
        assert (stats.answered, stats.correct, stats.points) == (1, 1, 150)
    # Question 2 closes the moment all fifty players have answered.
    await trivia.next()
    second = trivia.question()
    for fan in crowd:
        await trivia.click(fan, second.right, second)
    reveal, end = trivia.recent_embeds(2)
    assert reveal.fields[0].name == "Got it right (50 of 50)"
    assert await answer_count(world.db, 1) == 100
    assert (await trivia.game()).status.value == "finished"
    standings = end.description.splitlines()
    assert len([line for line in standings if "> — **" in line]) == 10  # the top ten...
    assert standings[-3] == "…and 40 more players (50 in all)"  # ...and a count of the rest
    board = await world.member.slash(world.general, "trivia leaderboard")
    first_page = board.response.embeds[0]
    assert len(first_page.description.splitlines()) == 10
    assert first_page.footer.text == "Page 1 of 5 · 50 players · /trivia stats for details"
    assert [c.label for c in board.response.message.components[0].children] == ["◀", "1 / 5", "▶"]


async def test_a_typed_game_judges_with_the_contents_names_dates_and_grades(
    world: World, trivia: Trivia
) -> None:
    alice, bob = world.member, world.other
    pool = {q.id: q for q in trivia.content_pool}
    # (right for Alice, wrong for Bob): a date in another form, a swapped-letters surname, a grade,
    # a surname without its particle and an alias (both known only from cast.yaml).
    typed = {
        "trivia-006": ("6/6/2025", "June 7"),
        "trivia-017": ("Bryne", "Brine"),
        "trivia-013": ("A minus", "A"),
        "trivia-001": ("Armas", "Pugh"),
        "trivia-025": ("SNSD Sooyoung", "Katla Park"),
    }
    await trivia.ask_only([pool[qid] for qid in typed])
    await trivia.start(mode="typed", questions=len(typed))
    for number in range(1, len(typed) + 1):
        shown = trivia.question()
        right, wrong = typed[shown.question.id]
        assert await trivia.type(alice, right) == "Locked in."
        assert await trivia.type(bob, wrong) == "Locked in."
        if number == 1:
            await trivia.close()
        reveal = trivia.last_embed() if number < len(typed) else trivia.recent_embeds(2)[0]
        assert reveal.fields[0].value.startswith(f"<@{alice.id}> +"), (shown.question.id, reveal.fields)
        assert f"<@{bob.id}>" not in reveal.fields[0].value
        await trivia.next()
