"""Command sync: pushed on the first start, then only when the command set changes."""

from __future__ import annotations

import discord

from bot.client import create_bot
from bot.command_sync import scope_key
from tests.support.world import World, restart


async def test_commands_sync_once_then_only_when_changed(world: World, config, content, sim_clock) -> None:  # type: ignore[no-untyped-def]
    first = world.bot
    assert first.synced_commands, "a fresh database has no stored hash: the first start syncs"
    stored = await first.storage.meta.get(scope_key(None))
    assert stored

    second = await restart(world, config, content, sim_clock)
    assert not second.synced_commands, "an unchanged command set must not be synced again"
    result = await world.member.slash(world.general, "about")
    assert result.response.embeds, "commands still work after a restart without sync"

    third = create_bot(config, content=content, clock=sim_clock, wall_clock=sim_clock.wall)

    @third.tree.command(name="newthing", description="A command added in an upgrade.")
    async def newthing(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("new", ephemeral=True)

    await second.close_storage()
    await world.env.restart_bot(third)
    world.bot = third
    assert third.synced_commands, "a changed command set is synced"
    assert await third.storage.meta.get(scope_key(None)) != stored
    assert (await world.member.slash(world.general, "newthing")).response.content == "new"
