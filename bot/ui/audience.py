"""Turns an interaction into the spoiler policy's inputs (the Discord side of the policy)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.domain.spoilers import DEFAULT_RULES, Audience, Redactor

if TYPE_CHECKING:
    from bot.client import BallerinaBot


def rules_channel_id(channel: object, channel_id: int | None) -> int | None:
    """Threads follow their parent channel's rules."""
    if isinstance(channel, discord.Thread):
        return channel.parent_id
    return channel_id


async def redactor_for(bot: BallerinaBot, interaction: discord.Interaction, *, ephemeral: bool) -> Redactor:
    now = discord.utils.utcnow()
    if interaction.guild_id is None:
        # A direct message is seen by that member alone, but "seen" is per server,
        # so spoilers stay tagged there.
        return Redactor(DEFAULT_RULES, Audience(channel_id=None, ephemeral=True), now=now)
    settings = await bot.settings_repo.get(interaction.guild_id)
    seen = ephemeral and await bot.settings_repo.has_seen(interaction.guild_id, interaction.user.id)
    audience = Audience(
        channel_id=rules_channel_id(interaction.channel, interaction.channel_id),
        ephemeral=ephemeral,
        member_has_seen=seen,
    )
    return Redactor(settings.spoilers, audience, now=now)


async def channel_redactor(bot: BallerinaBot, guild_id: int, channel: object) -> Redactor:
    """A Redactor for a public message the bot posts in ``channel`` on its own (no interaction).

    Used by trivia, whose questions and reveals are sent long after the command that
    started the game: build it again for every message so rule changes (an embargo
    started mid-game) apply at once.
    """
    settings = await bot.settings_repo.get(guild_id)
    channel_id = rules_channel_id(channel, getattr(channel, "id", None))
    return Redactor(
        settings.spoilers, Audience(channel_id=channel_id, ephemeral=False), now=discord.utils.utcnow()
    )
