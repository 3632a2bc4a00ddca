"""/privacy show|export|leaderboard|delete: a member's own data in this server.

A group, because Discord cannot run a command that has subcommands: ``/privacy show`` is what
``/privacy`` alone used to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n import ngettext
from bot.i18n.formatting import number
from bot.services.privacy import Privacy
from bot.ui.commands import Help, declare
from bot.ui.data_files import file_stamp, send_files
from bot.ui.privacy_views import DELETE_YOUR_DATA, ConfirmForget, ForgetMe, hidden_reply, privacy_embed

if TYPE_CHECKING:
    from bot.client import BallerinaBot


@declare(help=Help.ABOUT)
@app_commands.guild_only()
class PrivacyGroup(
    app_commands.Group,
    name="privacy",
    description="Your data in this server: see it, export it, hide it, delete it.",
):
    def __init__(self, privacy: Privacy) -> None:
        super().__init__()
        self.privacy = privacy

    @app_commands.command(
        name="show", description="What the bot keeps about you here, with a button to delete it."
    )
    async def show(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        data = await self.privacy.summary(interaction.guild_id, interaction.user.id)
        view = ForgetMe(self.privacy, owner_id=interaction.user.id)
        await interaction.response.send_message(embed=privacy_embed(data), view=view, ephemeral=True)

    @app_commands.command(
        name="export", description="Everything the bot keeps about you here, as a JSON file."
    )
    async def export(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        export = await self.privacy.export(interaction.guild_id, interaction.user.id)
        stamp = file_stamp(export.exported_at)
        name = f"ballerina-{interaction.guild_id}-member-{interaction.user.id}-{stamp}.json"
        intro = ngettext(
            "Everything the bot keeps about you in this server ({n} trivia answer and more). "
            "The bot's README (section 'Your data') explains each field.",
            "Everything the bot keeps about you in this server ({n} trivia answers and more). "
            "The bot's README (section 'Your data') explains each field.",
            export.answers,
        ).format(n=number(export.answers))
        await send_files(interaction, name, export.data, intro)

    @app_commands.command(
        name="leaderboard", description="Stay off this server's public leaderboards, or come back."
    )
    @app_commands.describe(hidden="True: keep playing but stay off leaderboards; False: be shown again")
    async def leaderboard(self, interaction: discord.Interaction, hidden: bool) -> None:
        assert interaction.guild_id is not None
        changed = await self.privacy.set_hidden(interaction.guild_id, interaction.user.id, hidden)
        await interaction.response.send_message(hidden_reply(hidden, changed), ephemeral=True)

    @app_commands.command(
        name="delete", description="Delete your /seen mark, trivia answers and scores here."
    )
    async def delete(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        data = await self.privacy.summary(interaction.guild_id, interaction.user.id)
        embed = privacy_embed(data, title=DELETE_YOUR_DATA)
        view = ConfirmForget(self.privacy, owner_id=interaction.user.id)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)


class PrivacyCog(commands.Cog):
    def __init__(self, bot: BallerinaBot, privacy: Privacy) -> None:
        self.bot = bot
        self.group = PrivacyGroup(privacy)
        bot.tree.add_command(self.group)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(PrivacyCog(bot, bot.services.privacy))
