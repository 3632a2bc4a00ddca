"""Spoilers in trivia follow the channel's rules: tagged, plain in a spoiler channel, or never asked.

A spoiler question is forced deterministically: every other question of the film is
marked as already asked in this server, and selection prefers questions not asked yet.
"""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest

from bot.domain.content import SpoilerLevel, TriviaQuestion
from bot.domain.question_families import generate_questions
from bot.domain.spoilers import WITHHELD_SHORT
from bot.domain.text import spoiler_tag
from tests.support.spoiler_scan import leaks, spoiler_texts, untagged
from tests.support.trivia_driver import Shown, Trivia, plain
from tests.support.world import World


def sent_since(world: World, before: int) -> list[object]:
    return [entry.json for entry in world.env.http_requests[before:] if entry.json is not None]


@pytest.mark.parametrize("source", ["curated", "generated"])
async def test_tag_mode_asks_every_spoiler_question_inside_spoiler_tags(
    world: World, trivia: Trivia, source: str
) -> None:
    pool = world.bot.content.trivia if source == "curated" else generate_questions(world.bot.content)
    spoilers = await trivia.ask_only([q for q in pool if q.spoiler is not SpoilerLevel.NONE])
    total = len(spoilers)
    # One question a fact leaves the generated source fewer spoiler questions: still a game's worth.
    assert 5 <= total <= 25, "each source should have a game's worth of spoiler questions"
    before = len(world.env.http_requests)
    started = await trivia.start(questions=total, source=source)
    assert "hidden in spoiler tags" in started.response.embeds[0].description
    seen: list[TriviaQuestion] = []
    for number in range(1, total + 1):
        shown = trivia.question()
        assert shown.number == number and shown.message.embeds[0].title == f"Question {number} of {total}"
        seen.append(shown.question)
        assert_all_tagged(shown)
        assert f"⚠️ *Spoiler question ({shown.question.spoiler.value})*" in shown.description
        assert await trivia.click(world.member, shown.right) == f"Locked in: {shown.right}"
        if number == 1:
            await trivia.close()  # later questions close as soon as the only player answered
        reveal = trivia.recent_embeds(2)[0] if number == total else trivia.last_embed()
        tagged = spoiler_tag(shown.question.answer)
        assert reveal.description.startswith(f"The answer was **{shown.right}.** {tagged}")
        if shown.question.explanation:
            assert spoiler_tag(shown.question.explanation) in reveal.description
        await trivia.next()
    assert sorted(q.id for q in seen) == sorted(q.id for q in spoilers)
    # Nothing of a spoiler question ever went out untagged: not in a title, a footer, a button.
    probes = {t for q in spoilers for t in (q.question, q.answer, q.explanation) if len(t) >= 12}
    assert leaks(sent_since(world, before), probes) == []
    assert leaks(sent_since(world, before), spoiler_texts(world.bot.content)) == []


def assert_all_tagged(shown: Shown) -> None:
    assert shown.question_line == spoiler_tag(shown.question.question)
    assert len(shown.options) == 4
    for text in shown.options.values():
        assert text.startswith("||") and text.endswith("||")
    assert sorted(plain(t) for t in shown.options.values()) == sorted(
        [shown.question.answer, *shown.question.wrong_answers]
    )
    visible = untagged(shown.description)
    for text in (shown.question.question, shown.question.answer, *shown.question.wrong_answers):
        assert text not in visible


async def test_hide_mode_never_asks_a_spoiler_question(world: World, trivia: Trivia) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    await trivia.ask_only(spoiler=True)  # only spoiler questions are still fresh...
    started = await trivia.start(questions=25, spoilers="include")
    assert "not asked here" in started.response.embeds[0].description
    # ...yet the game took its 25 from the spoiler-free questions, starting their cycle again.
    shown = trivia.question()
    assert shown.question.spoiler is SpoilerLevel.NONE
    asked = await world.storage.trivia.asked_ids(world.guild.id)
    by_id = {q.id: q for q in trivia.content_pool}
    assert len(asked) == 25
    assert all(by_id[qid].spoiler is SpoilerLevel.NONE for qid in asked)


async def test_spoilers_exclude_keeps_them_out_even_where_they_would_be_tagged(
    world: World, trivia: Trivia
) -> None:
    await trivia.ask_only(spoiler=True)
    started = await trivia.start(questions=1, spoilers="exclude")
    assert "**excluded**" in started.response.embeds[0].description
    assert trivia.question().question.spoiler is SpoilerLevel.NONE


async def test_a_spoiler_channel_shows_spoiler_questions_plainly(world: World, trivia: Trivia) -> None:
    await world.mod.slash(world.general, "spoilers channel", channel=world.spoiler_channel, allowed=True)
    spoilers = await trivia.ask_only(spoiler=True)
    started = await trivia.start(channel=world.spoiler_channel, questions=1)
    assert "shown plainly" in started.response.embeds[0].description
    shown = trivia.question(world.spoiler_channel)
    assert shown.question in spoilers
    assert "||" not in shown.description
    assert shown.question_line == shown.question.question
    await trivia.click(world.member, shown.right, shown)
    await trivia.close()
    reveal = trivia.recent_embeds(2, world.spoiler_channel)[0]
    assert reveal.description.startswith(f"The answer was **{shown.right}.** {shown.question.answer}")


async def test_an_embargo_started_mid_game_withholds_the_rest(world: World, trivia: Trivia) -> None:
    await trivia.ask_only(spoiler=True)
    await trivia.start(questions=2, difficulty="easy")
    shown = trivia.question()
    assert shown.question.spoiler is not SpoilerLevel.NONE
    await world.services.settings.change(
        world.guild.id, world.mod.id, embargo_until=discord.utils.utcnow() + timedelta(days=2)
    )
    await trivia.close()
    reveal = trivia.last_embed()
    assert reveal.description.startswith(f"The answer was **{shown.right}.** {WITHHELD_SHORT}")
    assert shown.question.answer not in reveal.description
    await trivia.next()
    second = trivia.last_embed()
    assert second.title == "Question 2 of 2"
    assert second.description.count(WITHHELD_SHORT) == 5  # the question and its four options


async def test_open_mode_asks_spoiler_questions_plainly(world: World, trivia: Trivia) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="open")
    spoilers = await trivia.ask_only(spoiler=True)
    await trivia.start(questions=1)
    shown = trivia.question()
    assert shown.question in spoilers
    assert "||" not in shown.description
    assert shown.question_line == shown.question.question
