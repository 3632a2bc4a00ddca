"""Moderators: the server's own questions (add, list, remove) and the trivia settings."""

from __future__ import annotations

import pytest

from bot.domain.text import spoiler_tag
from bot.domain.trivia.limits import CUSTOM_QUESTIONS_PER_SERVER as CUSTOM_QUESTION_LIMIT
from tests.support.trivia_driver import Trivia
from tests.support.world import World

FORM = {
    "question": "Which colour are the pointe shoes on the teaser poster?",
    "answer": "Crimson",
    "wrong1": "Teal",
    "wrong2": "Gold",
    "wrong3": "Ivory",
}
# The tree's handler names the permission from discord.py's flag (manage_guild).
NEEDS_MANAGE_SERVER = "You need the Manage Server permission to do that."


async def add(world: World, values: dict[str, str], **options: str) -> str:
    form = await world.mod.slash(world.general, "trivia add", **options)
    assert form.modal is not None, "/trivia add opens a form"
    labels = [row["components"][0]["label"] for row in form.modal["components"]]
    assert labels == ["Question", "Correct answer", "Wrong answer 1", "Wrong answer 2", "Wrong answer 3"]
    result = await world.mod.submit_modal(form, values)
    assert result.ephemeral
    return result.response.content


async def test_a_moderator_adds_a_question_and_it_is_asked(world: World, trivia: Trivia) -> None:
    reply = await add(world, FORM, difficulty="easy")
    assert reply.startswith("Saved as question **#1** (easy, no spoiler).")
    [row] = await world.storage.trivia.questions(world.guild.id)
    assert (row.question, row.answer, row.wrong) == (FORM["question"], "Crimson", ("Teal", "Gold", "Ivory"))
    assert (row.difficulty.value, row.spoiler.value, row.author_id) == ("easy", "none", world.mod.id)
    await trivia.ask_only([])  # the film's own questions were all asked: the new one is fresh
    await trivia.start(questions=1, difficulty="easy")
    shown = trivia.question()
    assert shown.question.question == FORM["question"] and shown.question.id == "custom-1"
    await trivia.click(world.member, shown.right)
    await trivia.close()
    reveal = trivia.recent_embeds(2)[0]
    assert reveal.description.startswith(f"The answer was **{shown.right}.** Crimson")
    assert reveal.footer.text == "Added by this server's moderators"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"wrong2": "crimson!"}, "The answer and the three wrong answers must all be different."),
        ({"wrong2": "   "}, "Wrong answer 2 can't be empty."),
        ({"question": " \n "}, "The question can't be empty."),
    ],
)
async def test_a_bad_question_is_explained_and_nothing_is_stored(
    world: World, change: dict[str, str], message: str
) -> None:
    reply = await add(world, {**FORM, **change})
    assert reply == f"Nothing was saved. {message}"
    assert await world.storage.trivia.count_questions(world.guild.id) == 0


async def test_listing_and_removing_questions(world: World, trivia: Trivia) -> None:
    empty = await world.mod.slash(world.general, "trivia questions")
    assert empty.ephemeral and "None yet" in empty.response.embeds[0].description
    await add(world, FORM)
    secret = {**FORM, "question": "Who is Eve's sister?", "answer": "A secret", "wrong1": "Nobody"}
    await add(world, secret, spoiler="major", difficulty="hard")
    listing = await world.mod.slash(world.general, "trivia questions")
    assert listing.ephemeral
    page = listing.response.embeds[0]
    assert page.title == f"This server's trivia questions (2 of {CUSTOM_QUESTION_LIMIT})"
    assert f"**#1** · medium · no spoiler · by <@{world.mod.id}>\n{FORM['question']}" in page.description
    assert f"**#2** · hard · major spoiler · by <@{world.mod.id}>" in page.description
    assert spoiler_tag("Who is Eve's sister?") in page.description  # tagged even for moderators
    assert "Right: ||A secret||" in page.description
    removed = await world.mod.slash(world.general, "trivia remove", id=1)
    assert removed.ephemeral and removed.response.content == "Removed question #1."
    assert [r.id for r in await world.storage.trivia.questions(world.guild.id)] == [2]
    unknown = await world.mod.slash(world.general, "trivia remove", id=1)
    assert unknown.ephemeral
    assert unknown.response.content == "This server has no question #1. `/trivia questions` lists them."


async def test_members_cannot_manage_questions_or_settings(world: World) -> None:
    for name, options in (
        ("trivia add", {}),
        ("trivia questions", {}),
        ("trivia remove", {"id": 1}),
        ("trivia settings", {}),
        ("trivia settings", {"time_limit": 60}),
    ):
        refused = await world.member.slash(world.general, name, **options)
        assert refused.ephemeral and refused.modal is None
        assert refused.response.content == NEEDS_MANAGE_SERVER
    settings = await world.storage.settings.get(world.guild.id)
    assert settings.trivia.time_limit == 20


async def test_a_server_has_at_most_200_questions(world: World, trivia: Trivia) -> None:
    for n in range(CUSTOM_QUESTION_LIMIT):
        await trivia.add_custom(f"Question number {n}?", "Yes", ("No", "Maybe", "Never"))
    refused = await world.mod.slash(world.general, "trivia add")
    assert refused.ephemeral and refused.modal is None
    assert refused.response.content.startswith(f"This server already has {CUSTOM_QUESTION_LIMIT} questions")


async def test_settings_show_change_and_are_audited(world: World) -> None:
    shown = await world.mod.slash(world.general, "trivia settings")
    assert shown.ephemeral
    values = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert values["Time limit"] == "20 s per question (10-60)"
    assert values["Questions per game"] == "10 (1-25)"
    assert values["Points"].startswith("100 per correct answer")
    changed = await world.mod.slash(world.general, "trivia settings", questions=5)
    assert changed.response.content.startswith("**Trivia questions per game**: 10 → 5")
    again = await world.mod.slash(world.general, "trivia settings", questions=5)
    assert again.response.content == "Nothing changed: that was already the setting."
    history = await world.mod.slash(world.general, "spoilers history")
    [line] = [x for x in history.response.embeds[0].description.splitlines() if "10 → 5" in x]
    assert f"<@{world.mod.id}>" in line and "question" in line
    started = await world.member.slash(world.general, "trivia start")
    assert "**5 questions**" in started.response.embeds[0].description


async def test_a_questions_markdown_cannot_act_on_the_message(world: World, trivia: Trivia) -> None:
    """Moderators' text is shown as typed: no spoiler bars, bold or pings of its own."""
    tricky = {**FORM, "question": "Who runs ||the Ruska Roma|| for @everyone?", "answer": "**The Director**"}
    await add(world, tricky, difficulty="easy")
    listing = (await world.mod.slash(world.general, "trivia questions")).response.embeds[0].description
    assert "\\|\\|the Ruska Roma\\|\\|" in listing and "@\u200beveryone" in listing
    assert "\\*\\*The Director\\*\\*" in listing
    await trivia.ask_only([])
    await trivia.start(questions=1, difficulty="easy")
    question = world.general.last_message.embeds[0].description
    assert "||the Ruska Roma||" not in question.replace("\\|", "")
    assert "\\|\\|the Ruska Roma\\|\\|" in question
