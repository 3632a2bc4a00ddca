"""/privacy: what the bot keeps about you in this server, and a button to delete it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.services.privacy import Privacy
from bot.ui.privacy_views import ForgetMe, privacy_embed

if TYPE_CHECKING:
    from bot.client import BallerinaBot


class PrivacyCog(commands.Cog):
    def __init__(self, privacy: Privacy) -> None:
        self.privacy = privacy

    @app_commands.command(
        name="privacy", description="What the bot keeps about you here, and how to delete it."
    )
    @app_commands.guild_only()
    async def privacy_command(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        data = await self.privacy.summary(interaction.guild_id, interaction.user.id)
        view = ForgetMe(self.privacy, owner_id=interaction.user.id)
        await interaction.response.send_message(embed=privacy_embed(data), view=view, ephemeral=True)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(PrivacyCog(bot.services.privacy))
