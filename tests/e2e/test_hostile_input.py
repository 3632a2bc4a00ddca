"""Hostile text in every free-text option and form field (Hypothesis): a clear answer, nothing broken.

Each property runs in every language the bot speaks (the members and the server speak it): an
example per language, and Hypothesis draws the language for the rest.

For each option and modal field, Hypothesis draws text: arbitrary Unicode (up to 10,000 characters
where Discord allows that many), markdown, ``||``, mentions, zero-width characters, SQL
metacharacters and extreme dates. Every interaction must be answered (within 3 s), never with
"Something went wrong", within Discord's limits, without a ping, and without spoiler text outside
``||…||`` (short texts such as names included). Small and deterministic by default; more with
``pytest --hypothesis-profile=thorough``.
"""

from __future__ import annotations

import re
import time
from typing import Any

import simcord
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.i18n import LANGUAGES
from bot.ui.replies import user_message
from tests.support.locales import said_in, speak
from tests.support.spoiler_scan import leaks, spoiler_texts
from tests.support.world import World, without_cooldowns

HOSTILE = [
    "||",
    "|| spoiler? ||",
    "\\||",
    "@everyone",
    "@here",
    "<@1234567890123>",
    "<@&1234567890123>",
    "<#1234567890123>",
    "**__~~`bold`~~__**",
    "```code```",
    "\u200b\u200d\u2060\ufeff",
    "'; DROP TABLE guild_settings; --",
    '" OR 1=1 --',
    "%_\\",
    "0001-01-01 00:00 +14:00",
    "9999-12-31 23:59 -12:00",
    "+123",
    "2026-06-06 18:00 -13:00",
    "\U0001f525" * 50,
    "\u202eevil\u202c",
    "a" * 6000,
]


def texts(max_size: int) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=min(max_size, 200)),
        st.lists(pieces, max_size=8).map("".join),
        st.text(min_size=max_size // 2, max_size=max_size),
    ).map(lambda t: t[:max_size])


LOCALES = [language.discord[0] for language in LANGUAGES]
ERROR_ID = re.compile(r"`[0-9a-f]{8}`")  # "Something went wrong (error id `…`)", in any language


def every_language(**fixed: Any) -> Any:
    """One example per language, with these values (so no language depends on Hypothesis's draw)."""

    def decorate(test: Any) -> Any:
        for locale in LOCALES:
            test = example(locale=locale, **fixed)(test)
        return test

    return decorate


def in_language(world: World, locale: str) -> None:
    speak(world, members={world.member: locale, world.mod: locale}, server=locale)


LIMITS = {
    "content": 2000,
    "title": 256,
    "description": 4096,
    "footer": 2048,
    "field_name": 256,
    "field_value": 1024,
}


def within_limits(body: dict[str, Any]) -> None:
    data = body.get("data", body) if isinstance(body.get("data"), dict) else body
    assert len(data.get("content") or "") <= LIMITS["content"]
    embeds = data.get("embeds") or []
    assert len(embeds) <= 10
    for embed in embeds:
        total = 0
        for key in ("title", "description"):
            assert len(embed.get(key) or "") <= LIMITS[key]
            total += len(embed.get(key) or "")
        footer = (embed.get("footer") or {}).get("text") or ""
        assert len(footer) <= LIMITS["footer"]
        fields = embed.get("fields") or []
        assert len(fields) <= 25
        for f in fields:
            assert len(f["name"]) <= LIMITS["field_name"] and len(f["value"]) <= LIMITS["field_value"]
        total += len(footer) + sum(len(f["name"]) + len(f["value"]) for f in fields)
        assert total <= 6000
    for choice in data.get("choices") or []:
        assert len(choice["name"]) <= 100 and len(str(choice["value"])) <= 100
    assert len(data.get("choices") or []) <= 25
    if data.get("content") or embeds:
        assert data.get("allowed_mentions") == {"parse": []}, data


class Checker:
    def __init__(self, world: World) -> None:
        self.world = world
        self.probes = spoiler_texts(world.bot.content)
        self.mark = len(world.env.http_requests)
        self.errors = world.env.error_cursor
        self.started = time.perf_counter()  # real time (SimCord makes time.monotonic virtual)

    def done(self, result: simcord.InteractionResult | None) -> None:
        took = time.perf_counter() - self.started
        assert took < 3.0, f"answered after {took:.2f} s"
        if result is not None:
            assert result.acknowledged
            reply = result.response.content if result.response is not None else ""
            assert "Something went wrong" not in reply and not ERROR_ID.search(reply), reply
        bodies = [e.json for e in self.world.env.http_requests[self.mark :] if isinstance(e.json, dict)]
        for body in bodies:
            within_limits(body)
        assert leaks(bodies, self.probes) == []
        for channel in self.world.env.backend.messages.values():
            for message in channel.values():
                assert message.ping_user_ids == [] and message.ping_role_ids == []
                assert not message.mention_everyone
        bugs = [e for e in self.world.env.errors_since(self.errors) if user_message(e) is None]
        assert bugs == []


@every_language(command="cast name", text="|| spoiler? || @everyone")
@given(
    command=st.sampled_from(["cast name", "crew name", "quote search", "quote speaker"]),
    text=texts(6000),
    locale=st.sampled_from(LOCALES),
)
async def test_lookup_options(world: World, command: str, text: str, locale: str) -> None:
    assume(text.strip())
    in_language(world, locale)
    await without_cooldowns(world)
    name, option = command.split()
    check = Checker(world)
    check.done(await world.member.slash(world.general, name, **{option: text}))
    check = Checker(world)
    choices = await world.member.autocomplete(world.general, name, option, text[:100])
    within_limits({"choices": choices})
    check.done(None)


@example(
    text="0001-01-01 00:00 +14:00", locale="en-US"
)  # used to be "Something went wrong" (datetime overflow)
@example(text="9999-12-31 23:59 -12:00", locale="en-US")
@example(text="2026-06-06 18:00 +123", locale="en-US")
@every_language(text="9999-12-31 23:59 -12:00")
@given(text=texts(40), locale=st.sampled_from(LOCALES))
async def test_embargo_option(world: World, text: str, locale: str) -> None:
    assume(text.strip())
    in_language(world, locale)
    check = Checker(world)
    result = await world.mod.slash(world.general, "spoilers embargo", until=text)
    check.done(result)
    assert result.ephemeral


@example(
    text="0001-01-01 00:00 +14:00", locale="en-US"
)  # used to be "Something went wrong" (datetime overflow)
@example(text="9999-12-31 23:59 -12:00", locale="en-US")
@example(text="2026-06-06 18:00 +123", locale="en-US")
@every_language(text="0001-01-01 00:00 +14:00")
@given(text=texts(40), locale=st.sampled_from(LOCALES))
async def test_embargo_form(world: World, text: str, locale: str) -> None:
    assume(text.strip())
    in_language(world, locale)
    panel = await world.mod.slash(world.general, "spoilers panel")
    form = await world.mod.click(panel.response, label=said_in(locale, "Set embargo…"))
    check = Checker(world)
    check.done(await world.mod.submit_modal(form, {"until": text}))
    # close it: a thousand open panels slow the run
    await world.mod.click(panel.response, label=said_in(locale, "Done"))


@every_language(question="Who ||is|| @everyone?", answers=["a", "b", "c", "d"])
@given(
    question=texts(300), answers=st.lists(texts(80), min_size=4, max_size=4), locale=st.sampled_from(LOCALES)
)
async def test_new_question_form(world: World, question: str, answers: list[str], locale: str) -> None:
    assume(question.strip() and all(a.strip() for a in answers))
    in_language(world, locale)
    form = await world.mod.slash(world.general, "trivia add")
    check = Checker(world)
    values = {
        "question": question,
        "answer": answers[0],
        "wrong1": answers[1],
        "wrong2": answers[2],
        "wrong3": answers[3],
    }
    result = await world.mod.submit_modal(form, values)
    check.done(result)
    saved = await world.services.trivia_questions.listed(world.guild.id)
    if saved:  # then it shows in the list, escaped and in limits
        check = Checker(world)
        check.done(await world.mod.slash(world.general, "trivia questions"))
        for question_saved in saved:
            await world.services.trivia_questions.remove(
                world.guild.id, question_saved.id
            )  # room for the next example


_members: list[simcord.MemberActor] = []


@every_language(text="'; DROP TABLE guild_settings; --")
@given(text=texts(100), locale=st.sampled_from(LOCALES))
async def test_typed_answer_form(world: World, text: str, locale: str) -> None:
    assume(text.strip())
    if not any(game.channel_id == world.general.id for game in world.services.trivia_games.running()):
        await without_cooldowns(world)
        started = await world.mod.slash(world.general, "trivia start", mode="typed", questions=25)
        assert not started.ephemeral
    player = world.guild.add_member(world.env.create_user(f"player{len(_members)}"))
    _members.append(player)
    question = next(m for m in reversed(world.general.history()) if m.components)
    speak(world, members={player: locale}, server=locale)
    # The question was posted in the server's language of that moment, maybe another example's.
    labels = {said_in(other, "Answer") for other in LOCALES}
    button = next(c for row in question.components for c in row.children if getattr(c, "label", "") in labels)
    form = await player.click(question, custom_id=button.custom_id)
    check = Checker(world)
    result = await player.submit_modal(form, {"response": text})
    check.done(result)
    assert result.ephemeral
