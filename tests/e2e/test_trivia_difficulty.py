"""`/trivia start difficulty:` asks that difficulty only, and says so when there are too few.

When the channel's spoiler rules, `spoilers: exclude`, the source or typed mode leave fewer
questions of the chosen difficulty than the game needs, the member is told why, privately, and
nothing starts: no game row, no message in the channel, nothing marked as asked.
"""

from __future__ import annotations

from bot.domain.content import Difficulty, SpoilerLevel, TriviaQuestion
from tests.support.db_queries import game_count
from tests.support.trivia_driver import Trivia
from tests.support.world import World


def easy(pool: list[TriviaQuestion], *, spoiler_free: bool = False) -> list[TriviaQuestion]:
    return [
        q
        for q in pool
        if q.difficulty is Difficulty.EASY and (not spoiler_free or q.spoiler is SpoilerLevel.NONE)
    ]


def of_level(pool: list[TriviaQuestion], level: str, *, spoiler_free: bool = False) -> list[TriviaQuestion]:
    return [
        q
        for q in pool
        if q.difficulty.value == level and (not spoiler_free or q.spoiler is SpoilerLevel.NONE)
    ]


def scarcest(pool: list[TriviaQuestion]) -> str:
    """The difficulty with the fewest hand-written questions, so that a game of 25 can outgrow it."""
    return min((d.value for d in Difficulty), key=lambda level: len(of_level(pool, level)))


async def assert_nothing_started(world: World, trivia: Trivia, channel_messages: int) -> None:
    assert await world.storage.trivia.asked_ids(world.guild.id) == set()
    assert await game_count(world.storage.database) == 0
    assert len(world.general.history()) == channel_messages


async def test_an_easy_game_asks_easy_questions_only(world: World, trivia: Trivia) -> None:
    started = await trivia.start(questions=10, difficulty="easy")
    assert not started.ephemeral
    by_id = {q.id: q for q in trivia.content_pool}
    asked = await world.storage.trivia.asked_ids(world.guild.id)
    assert len(asked) == 10 and {by_id[i].difficulty for i in asked} == {Difficulty.EASY}
    assert trivia.question().question.difficulty is Difficulty.EASY


async def test_too_few_under_the_channels_spoiler_rules_starts_nothing_and_says_why(
    world: World, trivia: Trivia
) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    curated = list(world.bot.content.trivia)
    level = scarcest(curated)
    allowed = len(of_level(curated, level, spoiler_free=True))
    # The rules, not the pool, are what is short (and the game asked for is within the 25 allowed).
    assert allowed < len(of_level(curated, level)) and allowed + 1 <= 25
    messages = len(world.general.history())
    refused = await trivia.start(questions=allowed + 1, difficulty=level, source="curated")
    assert refused.ephemeral
    assert refused.response.content == (
        f"Questions allowed by this channel's spoiler rules (difficulty: {level}): {allowed}; "
        f"a game needs {allowed + 1}. Try fewer questions or another difficulty."
    )
    await assert_nothing_started(world, trivia, messages)
    # Nothing is left half-started: the game the message suggests starts at once.
    started = await trivia.start(questions=allowed, difficulty=level, source="curated")
    assert not started.ephemeral
    assert (await trivia.game(1)).question_count == allowed


async def test_spoilers_exclude_is_named_as_the_reason(world: World, trivia: Trivia) -> None:
    curated = list(world.bot.content.trivia)
    level = scarcest(curated)
    allowed = len(of_level(curated, level, spoiler_free=True))
    refused = await trivia.start(
        questions=allowed + 1, difficulty=level, source="curated", spoilers="exclude"
    )
    assert refused.ephemeral
    assert refused.response.content.startswith(
        f"Questions free of spoilers (difficulty: {level}): {allowed}; a game needs {allowed + 1}."
    )
    assert "`spoilers: include`" in refused.response.content


async def test_the_servers_own_questions_count_and_too_few_of_them_is_said(
    world: World, trivia: Trivia
) -> None:
    await world.mod.slash(world.general, "spoilers channel", channel=world.general, allowed=True)
    level = scarcest(list(world.bot.content.trivia))
    await trivia.add_custom("Which studio made the film?", "Lionsgate", difficulty=level)
    available = len(of_level(list(world.bot.content.trivia), level)) + 1
    assert available < 25
    messages = len(world.general.history())
    refused = await trivia.start(questions=available + 1, difficulty=level, source="curated")
    assert refused.ephemeral
    assert refused.response.content == (
        f"Questions among the film's hand-written ones and this server's own (difficulty: {level}): "
        f"{available}; a game needs {available + 1}. Try fewer questions or another difficulty."
    )
    await assert_nothing_started(world, trivia, messages)
    await trivia.start(questions=available, difficulty=level, source="curated")
    asked = await world.storage.trivia.asked_ids(world.guild.id)
    assert "custom-1" in asked and len(asked) == available


async def test_typed_mode_counts_only_questions_that_can_be_typed(world: World, trivia: Trivia) -> None:
    await world.mod.slash(world.general, "spoilers channel", channel=world.general, allowed=True)
    level = scarcest(list(world.bot.content.trivia))
    typeable = [q for q in of_level(list(world.bot.content.trivia), level) if not q.needs_options]
    refused = await trivia.start(
        questions=len(typeable) + 1, difficulty=level, mode="typed", source="curated"
    )
    assert refused.ephemeral
    assert refused.response.content == (
        "Questions among the film's hand-written ones and this server's own "
        f"(difficulty: {level}, answerable by typing): {len(typeable)}; a game needs {len(typeable) + 1}. "
        "Try fewer questions or another difficulty."
    )


async def test_a_mixed_game_still_starts_with_what_there_is(world: World, trivia: Trivia) -> None:
    await world.mod.slash(world.general, "spoilers mode", mode="hide")
    started = await trivia.start(questions=25, source="curated", spoilers="exclude")
    assert not started.ephemeral
