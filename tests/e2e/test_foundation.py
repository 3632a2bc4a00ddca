"""The bot's frame through the real command tree: /about, /help, errors, command sync."""

from __future__ import annotations

import logging
import re

import discord
import pytest

from bot.client import create_bot
from tests.support.world import World

ERROR_ID = re.compile(r"error id `([0-9a-f]{8})`")


async def test_about_is_ephemeral_and_names_sources(world: World) -> None:
    result = await world.member.slash(world.general, "about")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert world.bot.version in embed.title
    text = " ".join(f"{f.name} {f.value}" for f in embed.fields)
    assert f"{len(world.bot.content.sources)} published sources" in text
    privacy = next(f.value for f in embed.fields if f.name == "Privacy")
    # /about points to the README's privacy section in words (an embed field cannot link to a file).
    assert "`/privacy`" in privacy and "Privacy section of the bot's README" in privacy


async def test_help_lists_every_command_grouped(world: World) -> None:
    result = await world.member.slash(world.general, "help")
    assert result.ephemeral
    embed = result.response.embeds[0]
    listed = "\n".join(field.value for field in embed.fields)
    for command in world.bot.tree.walk_commands():
        if isinstance(command, discord.app_commands.Command):
            assert f"`/{command.qualified_name}`" in listed
    assert len(embed) <= 6000
    assert all(len(field.value) <= 1024 for field in embed.fields)


@pytest.fixture
def simcord_bot(config, content, sim_clock):  # type: ignore[no-untyped-def]
    """The real bot plus one command that fails the way a bug would."""
    bot = create_bot(config, content=content, clock=sim_clock, wall_clock=sim_clock.wall)

    @bot.tree.command(name="boom", description="Fails on purpose (test only).")
    async def boom(interaction: discord.Interaction) -> None:
        raise RuntimeError("kaboom")

    return bot


@pytest.mark.simcord(check_errors=False)
async def test_unexpected_error_gives_an_error_id_and_logs_the_traceback(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.ui.replies"):
        result = await world.member.slash(world.general, "boom")
    assert result.ephemeral
    match = ERROR_ID.search(result.response.content)
    assert match, result.response.content
    records = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert records, "the error id must appear in the log"
    assert records[0].exc_info and "kaboom" in str(records[0].exc_info[1])
    assert "kaboom" not in result.response.content  # internals stay in the log
    assert any(isinstance(getattr(e, "original", e), RuntimeError) for e in world.env.errors)


async def test_user_facing_error_is_a_short_ephemeral_message(world: World) -> None:
    result = await world.member.slash(world.general, "cast", name="zzzzqqq")
    assert result.ephemeral
    assert result.response.content.startswith("No cast member matches")
    assert "error id" not in result.response.content


async def test_bot_asks_for_no_intents_and_keeps_no_server_cache(world: World) -> None:
    """Interactions carry what the bot needs; discord.py's copy of every server is what costs memory."""
    assert world.bot.intents.value == 0
    assert not world.bot.guilds and world.bot.get_channel(world.general.id) is None
    # ...and commands still work in the server, from what the interaction itself says.
    result = await world.member.slash(world.general, "film")
    assert result.response.embeds and not result.ephemeral
