"""Turns an interaction into the spoiler policy's inputs (the Discord side of ``Audiences``)."""

from __future__ import annotations

import discord

from bot.domain.spoilers import Redactor
from bot.services.audiences import Audiences


def rules_channel_id(channel: object, channel_id: int | None) -> int | None:
    """Threads follow their parent channel's rules."""
    if isinstance(channel, discord.Thread):
        return channel.parent_id
    return channel_id


async def redactor_for(
    audiences: Audiences, interaction: discord.Interaction, *, ephemeral: bool
) -> Redactor:
    return await audiences.for_reply(
        interaction.guild_id,
        rules_channel_id(interaction.channel, interaction.channel_id),
        interaction.user.id,
        ephemeral=ephemeral,
    )
