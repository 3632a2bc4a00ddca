"""How games end: stopped, idle, channel deleted, errors; restarts, crashes and shutdowns."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import discord
import pytest

from bot.config import Config, load_config
from bot.ui.trivia.presenter import FAILURE_TEXT, RECOVERED_TEXT, SHUTDOWN_TEXT
from tests.support.db_queries import answer_count
from tests.support.trivia_driver import Trivia
from tests.support.world import FAKE_TOKEN, SimClock, World, restart


def running_games(world: World) -> int:
    return len(world.services.trivia_games.running())


async def test_one_game_per_channel(world: World, trivia: Trivia) -> None:
    started = await trivia.start(questions=2)
    message = started.response.message
    link = f"https://discord.com/channels/{world.guild.id}/{world.general.id}/{message.id}"
    second = await trivia.start(world.other)
    assert second.ephemeral
    assert second.response.content == f"A game is already running in this channel: {link}"
    elsewhere = await trivia.start(world.other, world.spoiler_channel, questions=1)
    assert not elsewhere.ephemeral
    assert running_games(world) == 2


async def test_the_starter_can_stop_a_game(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=5, spoilers="exclude")
    shown = trivia.question()
    await trivia.click(world.member, shown.right)
    stopped = await world.member.slash(world.general, "trivia stop")
    assert stopped.ephemeral and stopped.response.content.startswith("Stopping the game")
    end = trivia.last_embed()
    assert end.title == "Trivia stopped"
    assert f"<@{world.member.id}> stopped the game after 1 question." in end.description
    assert f"<@{world.member.id}> — **150** points (1/1 correct)" in end.description
    assert "Winner" not in end.description  # a game that was cut short has no winner
    assert all(b.disabled for b in world.general.history()[-2].components[0].children)
    game = await trivia.game()
    assert game.status.value == "stopped"
    stats = await world.storage.trivia.member_stats(world.guild.id, world.member.id)
    assert (stats.games_played, stats.games_won, stats.points) == (1, 0, 150)
    assert running_games(world) == 0
    assert not (await trivia.start(questions=1)).ephemeral  # the channel is free again


async def test_a_moderator_can_stop_anyone_s_game_and_others_cannot(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=5)
    refused = await world.other.slash(world.general, "trivia stop")
    assert refused.ephemeral
    assert refused.response.content == (
        f"Only <@{world.member.id}>, who started this game, or someone with the Manage Messages "
        "permission can stop it."
    )
    assert running_games(world) == 1 and trivia.last_embed().title == "Question 1 of 5"
    await world.mod.slash(world.general, "trivia stop")
    assert f"<@{world.mod.id}> stopped the game after 1 question." in trivia.last_embed().description
    assert (await trivia.game()).status.value == "stopped"
    nothing = await world.mod.slash(world.general, "trivia stop")
    assert nothing.response.content == "There's no trivia game running in this channel."


async def test_a_game_nobody_answers_ends_after_three_questions(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=10)
    await trivia.close()
    assert trivia.last_embed().fields[0].value == (
        "Nobody answered. The game ends if the next 2 questions get no answers either."
    )
    await trivia.next()
    await trivia.close()
    assert trivia.last_embed().fields[0].value == (
        "Nobody answered. The game ends if the next question gets no answer either."
    )
    await trivia.next()
    await trivia.close()
    end = trivia.last_embed()
    assert end.title == "Trivia ended: nobody is answering"
    assert "Nobody answered 3 questions in a row" in end.description
    assert (await trivia.game()).status.value == "stopped"
    assert running_games(world) == 0


async def test_deleting_the_channel_ends_its_game(
    world: World, trivia: Trivia, caplog: pytest.LogCaptureFixture
) -> None:
    await trivia.start(questions=5)
    await trivia.click(world.member, trivia.question().right)
    world.env.backend.delete_channel(world.general.id)  # as a moderator would in Discord
    await world.env.settle()
    # No guilds intent: no event reaches the bot, so the game learns it when it posts next.
    assert running_games(world) == 1
    await trivia.close()  # the question runs out; its reveal cannot be posted
    assert running_games(world) == 0
    game = await trivia.game()
    assert game.status.value == "interrupted"
    stats = await world.storage.trivia.member_stats(world.guild.id, world.member.id)
    assert (stats.answered, stats.games_played) == (1, 1)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "a deleted channel is not a bug"
    posts = [c for c in world.env.http_requests if c.method == "POST" and "/messages" in c.path]
    await world.env.advance_time(60)  # nothing is left to wake up and post in the missing channel
    assert [c for c in world.env.http_requests if c.method == "POST" and "/messages" in c.path] == posts


async def test_a_game_the_bot_can_no_longer_see_ends_quietly(world: World, trivia: Trivia) -> None:
    """Removed from the server, or the channel hidden from it: Discord answers 403 Missing Access."""
    await trivia.start(questions=5, spoilers="exclude")
    await trivia.click(world.member, trivia.question().right)
    before = len(world.general.history())
    path = f"/channels/{world.general.id}/messages"
    world.env.inject_error("POST", path, status=403, code=50001, message="Missing Access", times=1)
    await trivia.close()
    assert running_games(world) == 0 and (await trivia.game()).status.value == "interrupted"
    await world.env.advance_time(60)
    assert len(world.general.history()) == before, "no failure notice, no next question"
    assert (await world.storage.trivia.member_stats(world.guild.id, world.member.id)).games_played == 1


async def test_trivia_needs_embed_links_where_it_is_started(world: World, trivia: Trivia) -> None:
    quiet = world.guild.create_text_channel(
        "quiet", overwrites={world.bot.user: discord.PermissionOverwrite(embed_links=False)}
    )
    refused = await trivia.start(channel=quiet)
    assert refused.ephemeral
    assert "Embed Links" in refused.response.content
    assert running_games(world) == 0 and await world.storage.trivia.running_games() == []


@pytest.mark.simcord(check_errors=False)  # the test makes Discord fail: the session's error is expected
async def test_a_failing_game_tells_the_channel_and_is_recorded_as_interrupted(
    world: World, trivia: Trivia, caplog: pytest.LogCaptureFixture
) -> None:
    await trivia.start(questions=3)
    await trivia.click(world.member, trivia.question().right)
    # Discord refuses the reveal and the standings: the game ends with an error...
    path = f"/channels/{world.general.id}/messages"
    world.env.inject_error("POST", path, status=403, code=50013, message="Missing Permissions", times=2)
    await trivia.close()
    # ...and the channel still hears about it once Discord accepts messages again.
    assert world.general.last_message.content == FAILURE_TEXT
    assert (await trivia.game()).status.value == "interrupted"
    assert (await world.storage.trivia.member_stats(world.guild.id, world.member.id)).answered == 1
    failures = [r for r in caplog.records if r.getMessage().endswith("ended with an error")]
    assert [type(r.exc_info[1]) for r in failures if r.exc_info] == [discord.Forbidden]
    assert running_games(world) == 0


async def test_scores_survive_a_restart(
    world: World, trivia: Trivia, config: Config, sim_clock: SimClock
) -> None:
    await trivia.start(questions=1, spoilers="exclude")
    await trivia.click(world.member, trivia.question().right)
    await trivia.close()
    await restart(world, config, world.bot.content, sim_clock)
    stats = await world.member.slash(world.general, "trivia stats")
    assert {f.name: f.value for f in stats.response.embeds[0].fields}["Points"] == "150"
    board = await world.other.slash(world.general, "trivia leaderboard")
    assert board.response.embeds[0].description == f"1. <@{world.member.id}> — 150 points (1 correct)"
    assert not (await trivia.start(questions=1)).ephemeral  # and a new game starts normally


async def test_a_game_cut_short_by_a_crash_is_closed_on_the_next_start(
    world: World, trivia: Trivia, config: Config, sim_clock: SimClock
) -> None:
    await trivia.start(questions=5, spoilers="exclude")
    shown = trivia.question()
    await trivia.click(world.member, shown.right)
    assert (await trivia.game()).status.value == "running"
    # The process dies mid-question (nothing is shut down cleanly) and a new one starts.
    await restart(world, config, world.bot.content, sim_clock)
    assert world.general.last_message.content == RECOVERED_TEXT
    assert (await trivia.game()).status.value == "interrupted"
    stats = await world.storage.trivia.member_stats(world.guild.id, world.member.id)
    assert (stats.points, stats.games_played, stats.games_won) == (150, 1, 0)
    # The old question's buttons are still on screen; a click is answered, not ignored.
    late = await world.other.click(shown.message, label=shown.wrong)
    assert late.ephemeral
    assert late.response.content == "This trivia game is over. Start a new one with `/trivia start`."


async def test_shutting_down_ends_games_and_keeps_their_answers(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=5, spoilers="exclude")
    await trivia.click(world.member, trivia.question().right)
    await world.bot.unload_extension("cogs.trivia")  # what BallerinaBot.close() does first
    assert world.general.last_message.content == SHUTDOWN_TEXT
    assert (await trivia.game()).status.value == "interrupted"
    stats = await world.storage.trivia.member_stats(world.guild.id, world.member.id)
    assert (stats.points, stats.games_played) == (150, 1)
    assert world.bot.tree.get_command("trivia") is None


async def test_no_game_starts_once_shutting_down_began(world: World, trivia: Trivia) -> None:
    await trivia.start(questions=5, spoilers="exclude")
    stopping = asyncio.ensure_future(world.bot.unload_extension("cogs.trivia"))
    await asyncio.sleep(0)  # shutdown has begun: the running game is being closed
    refused = await trivia.start(world.other, channel=world.spoiler_channel, questions=1)
    await stopping
    assert refused.ephemeral
    assert (
        refused.response.content
        == "The bot is restarting, so no new game can start right now. Try again in a minute."
    )
    assert (await trivia.game()).status.value == "interrupted"
    games = await world.db.fetchone("SELECT count(*) FROM trivia_games")
    assert games is not None and games[0] == 1, "the refused start created no game"


async def test_old_buttons_never_answer_a_new_game_in_another_channel(
    world: World, trivia: Trivia, config: Config, sim_clock: SimClock, tmp_path: Path
) -> None:
    """After a database reset (or a restored backup) game ids start again at 1."""
    await trivia.start(questions=5, spoilers="exclude")
    old = trivia.question()
    assert old.message.channel.id == world.general.id
    fresh = load_config(
        {"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    )
    await restart(world, fresh, world.bot.content, sim_clock)
    await trivia.start(channel=world.spoiler_channel, questions=5, spoilers="exclude")
    new = trivia.question(world.spoiler_channel)
    assert new.message.components[0].children[0].custom_id == old.message.components[0].children[0].custom_id
    late = await world.member.click(old.message, label=old.right)
    assert late.ephemeral and late.response.content.startswith("This trivia game is over")
    assert await answer_count(world.db, 1) == 0
