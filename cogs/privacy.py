"""/privacy: what the bot keeps about you in this server, and a button to delete it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.text import plural
from bot.ui.owned_view import OwnedView
from bot.ui.style import BRAND_COLOUR

if TYPE_CHECKING:
    from bot.client import BallerinaBot

CONFIRM_TIMEOUT = 120


class ForgetMe(OwnedView):
    not_yours = "This button is for the member who ran /privacy; run it yourself to see your own data."
    where = "the privacy button"

    def __init__(self, bot: BallerinaBot, *, owner_id: int) -> None:
        super().__init__(owner_id=owner_id, timeout=CONFIRM_TIMEOUT)
        self.bot = bot

    @discord.ui.button(label="Delete my data in this server", style=discord.ButtonStyle.danger)
    async def forget(self, interaction: discord.Interaction, button: discord.ui.Button[ForgetMe]) -> None:
        assert interaction.guild_id is not None
        await self.bot.settings_repo.forget_member(interaction.guild_id, interaction.user.id)
        self.stop()
        await interaction.response.edit_message(
            content="Done: your 'seen' mark, trivia answers and scores in this server are deleted.",
            embed=None,
            view=None,
        )


class PrivacyCog(commands.Cog):
    def __init__(self, bot: BallerinaBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="privacy", description="What the bot keeps about you here, and how to delete it."
    )
    @app_commands.guild_only()
    async def privacy(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        guild_id, user_id = interaction.guild_id, interaction.user.id
        seen = await self.bot.settings_repo.has_seen(guild_id, user_id)
        stats = await self.bot.trivia_repo.member_stats(guild_id, user_id)
        embed = discord.Embed(title="Your data in this server", colour=BRAND_COLOUR)
        embed.add_field(name="Seen the film (/seen)", value="yes" if seen else "not marked", inline=False)
        embed.add_field(
            name="Trivia",
            value=f"{plural(stats.answered, 'answer')} kept, {plural(stats.points, 'point')}, "
            f"{plural(stats.games_played, 'game')} played",
            inline=False,
        )
        embed.set_footer(
            text="The bot keeps ids, never message text. Settings changes you made as a moderator stay "
            "in the server's history."
        )
        view = ForgetMe(self.bot, owner_id=user_id)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(PrivacyCog(bot))
