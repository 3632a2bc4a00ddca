"""/settings rewards add|list|remove: opt-in roles for members who reach a threshold (Manage Server).

The subgroup joins ``/settings`` (cogs/server_settings.py, which loads first: cogs load by name). The
rules and Discord's checks live in ``RoleRewards`` (bot/services/rewards.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.rewards import MAX_POINTS, RewardKind
from bot.i18n import N_
from bot.services.rewards import RoleRewards
from bot.ui.commands import Access, Help, declare
from bot.ui.replies import NO_MENTIONS
from bot.ui.rewards import added_text, kind_label, removed_text, rewards_embed

if TYPE_CHECKING:
    from bot.client import BallerinaBot


async def _private(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


@declare(help=Help.SERVER, access=Access.MODERATOR)
@app_commands.guild_only()
class RewardsGroup(
    app_commands.Group, name="rewards", description=N_("Moderators: roles for members who reach a threshold.")
):
    def __init__(self, rewards: RoleRewards) -> None:
        super().__init__()
        self.rewards = rewards

    @app_commands.command(name="add", description=N_("Give a role to members who reach a threshold."))
    @app_commands.describe(
        role=N_("The role to give (below my highest role)"),
        kind=N_("All-time trivia points, or the current daily-question streak in days"),
        threshold=N_("The points or days a member needs"),
    )
    @app_commands.choices(kind=[app_commands.Choice(name=kind_label(k), value=k.value) for k in RewardKind])
    async def add(
        self,
        interaction: discord.Interaction,
        role: discord.Role,
        kind: str,
        threshold: app_commands.Range[int, 1, MAX_POINTS],
    ) -> None:
        assert interaction.guild_id is not None
        reward = await self.rewards.add(
            interaction.guild_id,
            role.id,
            RewardKind(kind),
            threshold,
            interaction.user.id,
            interaction.client.user.id if interaction.client.user else 0,
        )
        await _private(interaction, added_text(reward))

    @app_commands.command(name="list", description=N_("The server's role rewards."))
    async def list(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        view = await self.rewards.listed(interaction.guild_id)
        await interaction.response.send_message(
            embed=rewards_embed(view), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="remove", description=N_("Stop giving a role (members keep it)."))
    @app_commands.describe(role=N_("The reward's role"))
    async def remove(self, interaction: discord.Interaction, role: discord.Role) -> None:
        assert interaction.guild_id is not None
        await self.rewards.remove(interaction.guild_id, role.id)
        await _private(interaction, removed_text(role.id))


class RewardsCog(commands.Cog, name="Role rewards"):
    def __init__(self, bot: BallerinaBot, rewards: RoleRewards) -> None:
        self.bot = bot
        self.group = RewardsGroup(rewards)

    async def cog_load(self) -> None:
        settings = self.bot.tree.get_command("settings")
        assert isinstance(settings, app_commands.Group), "the settings cog loads first (cogs load by name)"
        settings.add_command(self.group)

    async def cog_unload(self) -> None:
        settings = self.bot.tree.get_command("settings")
        if isinstance(settings, app_commands.Group):
            settings.remove_command(self.group.name)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(RewardsCog(bot, bot.services.rewards))
