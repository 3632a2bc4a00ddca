"""/daily through SimCord: setting it up, posting today's question once, answering once, streaks."""

from __future__ import annotations

import re
from datetime import timedelta

import discord
import simcord

from bot.domain.content import SpoilerLevel
from bot.domain.question_families import generate_questions
from tests.support.spoiler_scan import leaks, spoiler_texts
from tests.support.world import World

BUTTON_ID = re.compile(r"^daily:\d+:\d{8}:[A-D]$")


def daily_messages(world: World) -> list[discord.Message]:
    return [
        m
        for m in world.general.history()
        if m.embeds and (m.embeds[0].title or "").startswith("Daily question")
    ]


def said(result: simcord.InteractionResult) -> str:
    """What the member was told: a deferred reply's follow-up, or the reply itself."""
    texts = [m.content for m in result.followups] or [result.response.content if result.response else ""]
    return " ".join(texts)


async def set_up(world: World, time: str = "09:00", zone: str = "Europe/Prague") -> str:
    result = await world.mod.slash(
        world.general, "daily setup", channel=world.general, time=time, timezone=zone
    )
    assert result.ephemeral
    return result.response.content


async def test_setup_says_where_when_and_which_permissions_it_needs(world: World) -> None:
    text = await set_up(world, "07:30", "europe/prague")  # zone names are matched without case
    assert f"<#{world.general.id}>" in text and "07:30" in text and "Europe/Prague" in text
    assert "View Channel, Send Messages and Embed Links" in text
    row = await world.db.fetchone("SELECT post_minute, time_zone, paused FROM daily_schedules")
    assert row is not None and tuple(row) == (7 * 60 + 30, "Europe/Prague", 0)


async def test_a_bad_time_or_zone_is_refused_privately_and_changes_nothing(world: World) -> None:
    for time, zone, expected in (
        ("25:00", "Europe/Prague", "HH:MM"),
        ("9h", "Europe/Prague", "HH:MM"),
        ("09:00", "Mars/Olympus_Mons", "time zone"),
        ("09:00", "localtime", "time zone"),
    ):
        result = await world.mod.slash(
            world.general, "daily setup", channel=world.general, time=time, timezone=zone
        )
        assert result.ephemeral and expected in result.response.content, result.response.content
    assert await world.db.fetchall("SELECT * FROM daily_schedules") == []


async def test_time_zone_autocomplete_offers_at_most_25_iana_names(world: World) -> None:
    prague = await world.mod.autocomplete(world.general, "daily setup", "timezone", "prag")
    assert [c["value"] for c in prague] == ["Europe/Prague"]
    many = await world.mod.autocomplete(world.general, "daily setup", "timezone", "")
    assert len(many) == 25


async def test_daily_now_posts_once_and_then_says_today_is_already_out(world: World) -> None:
    await set_up(world)
    first = await world.mod.slash(world.general, "daily now")
    assert first.ephemeral and "Posted" in said(first)
    [message] = daily_messages(world)
    buttons = message.components[0].children  # type: ignore[union-attr]
    assert [b.label for b in buttons] == ["A", "B", "C", "D"]  # type: ignore[union-attr]
    assert all(BUTTON_ID.match(b.custom_id or "") for b in buttons)  # type: ignore[union-attr]
    again = await world.mod.slash(world.general, "daily now")
    assert "already out" in said(again)
    assert len(daily_messages(world)) == 1


async def test_daily_now_without_a_setup_says_how_to_start(world: World) -> None:
    result = await world.mod.slash(world.general, "daily now")
    assert "/daily setup" in said(result)
    assert daily_messages(world) == []


async def test_a_member_answers_once_privately_and_the_answer_is_stored_first(world: World) -> None:
    await set_up(world)
    await world.mod.slash(world.general, "daily now")
    [message] = daily_messages(world)
    locked = await world.member.click(message, label="B")
    assert locked.ephemeral and locked.response.content.startswith("Locked in: B")
    row = await world.db.fetchone("SELECT user_id FROM daily_answers")  # stored before "Locked in"
    assert row is not None and row[0] == world.member.id
    again = await world.member.click(message, label="C")
    assert again.ephemeral and "already answered" in again.response.content
    assert len(await world.db.fetchall("SELECT * FROM daily_answers")) == 1
    streak = await world.member.slash(world.general, "daily streak")
    assert streak.ephemeral and "**1 day**" in streak.response.content
    board = await world.member.slash(world.general, "trivia leaderboard", period="streak")
    assert f"<@{world.member.id}>" in (board.response.embeds[0].description or "")


async def test_pause_resume_and_off(world: World) -> None:
    await set_up(world)
    await world.mod.slash(world.general, "daily pause")
    assert (await world.db.fetchone("SELECT paused FROM daily_schedules"))[0] == 1  # type: ignore[index]
    resumed = await world.mod.slash(world.general, "daily resume")
    assert "**on**" in resumed.response.content
    await world.mod.slash(world.general, "daily off")
    assert await world.db.fetchall("SELECT * FROM daily_schedules") == []
    again = await world.mod.slash(world.general, "daily pause")
    assert "/daily setup" in again.response.content


async def ask_only_spoilers(world: World) -> None:
    """Mark every spoiler-free question as asked, so the next draw is a spoiler one where allowed."""
    content = world.bot.content
    for question in (*content.trivia, *generate_questions(content)):
        if question.spoiler is SpoilerLevel.NONE:
            await world.db.execute(
                "INSERT INTO daily_asked (guild_id, question_id, day) VALUES (?, ?, '2026-01-01') "
                "ON CONFLICT DO NOTHING",
                (world.guild.id, question.id),
            )


async def test_daily_question_follows_the_channels_spoiler_rules(world: World) -> None:
    """tag: a spoiler question is posted inside ||tags||; hide: no spoiler question is asked at all."""
    probes = spoiler_texts(world.bot.content)
    for mode in ("tag", "hide"):
        await world.mod.slash(world.general, "spoilers mode", mode=mode)
        await world.db.execute("DELETE FROM daily_schedules")
        await ask_only_spoilers(world)
        await set_up(world)
        before = len(world.env.http_requests)
        await world.mod.slash(world.general, "daily now")
        sent = [e.json for e in world.env.http_requests[before:] if e.json is not None]
        assert leaks(sent, probes) == []
        asked = (await world.db.fetchone("SELECT question_id FROM daily_schedules"))[0]  # type: ignore[index]
        spoiler = asked not in {
            q.id
            for q in (*world.bot.content.trivia, *generate_questions(world.bot.content))
            if q.spoiler is SpoilerLevel.NONE
        }
        description = daily_messages(world)[-1].embeds[0].description or ""
        if mode == "tag":
            assert spoiler and "||" in description
        else:
            assert not spoiler
        await world.db.execute("DELETE FROM daily_asked")


async def test_with_a_close_time_the_answer_is_posted_under_the_question_when_it_closes(world: World) -> None:
    now = world.env.now()
    close = (now + timedelta(minutes=5)).strftime("%H:%M")
    result = await world.mod.slash(
        world.general, "daily setup", channel=world.general, time="23:30", timezone="UTC", close=close
    )
    assert f"closes at **{close}**" in result.response.content
    await world.mod.slash(world.general, "daily now")
    [question] = daily_messages(world)
    assert "then the answer comes" in (question.embeds[0].description or "")
    await world.member.click(question, label="A")
    await world.env.advance_time(6 * 60)  # the bot's own scheduler closes it
    [_, closed] = daily_messages(world)
    assert (closed.embeds[0].title or "").endswith("has closed")
    assert closed.reference is not None and closed.reference.message_id == question.id
    assert "1 answer in all" in (closed.embeds[0].description or "")
    late = await world.other.click(question, label="A")
    assert late.ephemeral and "has closed" in late.response.content
