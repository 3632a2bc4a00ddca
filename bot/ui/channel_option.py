"""A channel option read from the interaction itself.

The bot keeps no channel cache (no guilds intent), so discord.py's ``TextChannel`` option type
could not resolve the channel; the interaction's own description of it has the id and the type,
which is all the commands need.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands

from bot.domain.errors import UserError
from bot.i18n import N_


class ChannelOption(app_commands.Transformer):
    """``refusal``: what a member who picks another kind of channel is told (marked ``N_``; a
    ``UserError`` translates it as it is shown)."""

    def __init__(self, types: Sequence[discord.ChannelType], refusal: str) -> None:
        self._types = tuple(types)
        self._refusal = refusal

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return list(self._types)

    async def transform(self, interaction: discord.Interaction, value: object) -> discord.abc.Snowflake:
        channel = (
            value if isinstance(value, app_commands.AppCommandChannel | discord.abc.GuildChannel) else None
        )
        if channel is None or channel.type not in self._types:
            raise UserError(self._refusal)
        return channel


SPOILER_CHANNEL = ChannelOption(
    (
        discord.ChannelType.text,
        discord.ChannelType.news,
        discord.ChannelType.forum,
        discord.ChannelType.media,
        discord.ChannelType.voice,
    ),
    # i18n: limit 2000
    N_("Pick a text, forum or voice channel."),
)
MESSAGE_CHANNEL = ChannelOption(
    (discord.ChannelType.text, discord.ChannelType.news),
    # i18n: limit 2000
    N_("Pick a text channel the moderators read."),
)
GAME_CHANNEL = ChannelOption(
    (discord.ChannelType.text, discord.ChannelType.news),
    # i18n: limit 2000
    N_("Pick a text channel for the trivia game."),
)
