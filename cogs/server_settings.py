"""/settings: server-wide options that are not about spoilers or trivia."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.cooldowns import LOOKUPS, REPORTS, TRIVIA
from bot.domain.errors import UserError
from bot.services.settings_changes import SettingsChanges
from bot.ui.channel_option import MESSAGE_CHANNEL
from bot.ui.commands import Access, Help, declare
from bot.ui.replies import NO_MENTIONS
from bot.ui.spoiler_render import describe_changes

if TYPE_CHECKING:
    from bot.client import BallerinaBot


@declare(help=Help.SERVER, access=Access.MODERATOR)
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SettingsGroup(
    app_commands.Group, name="settings", description="Moderators: server options for the bot."
):
    def __init__(self, settings: SettingsChanges) -> None:
        super().__init__()
        self.settings = settings

    @app_commands.command(
        name="profanity", description="Show swear words in quotes as printed, or masked (default)."
    )
    @app_commands.describe(allowed="True: as printed; False: masked like f******")
    async def profanity(self, interaction: discord.Interaction, allowed: bool) -> None:
        assert interaction.guild_id is not None
        changes = await self.settings.change(
            interaction.guild_id, interaction.user.id, allow_profanity=allowed
        )
        await interaction.response.send_message(describe_changes(changes), ephemeral=True)

    @app_commands.command(
        name="reports", description="Where /report sends members' corrections (empty: nowhere)."
    )
    @app_commands.describe(channel="A channel the moderators read; leave empty to stop posting reports")
    async def reports(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[discord.abc.Snowflake, MESSAGE_CHANNEL] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        if channel is not None:
            # Check the bot can post there now, rather than lose the first report.
            target = interaction.client.get_partial_messageable(channel.id, guild_id=interaction.guild_id)
            try:
                await target.send(
                    "Members' reports of mistakes in the bot's facts (/report) will appear here.",
                    allowed_mentions=NO_MENTIONS,
                )
            except discord.HTTPException:
                raise UserError(
                    f"I can't post in <#{channel.id}>. Give me View Channel and Send Messages there, "
                    "then try again."
                ) from None
        changes = await self.settings.change(
            interaction.guild_id, interaction.user.id, reports_channel_id=channel.id if channel else None
        )
        await interaction.response.send_message(
            describe_changes(changes), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="cooldowns", description="How often one member may use busy commands.")
    @app_commands.describe(
        lookups=f"Public /cast, /crew, /quote, /film replies per member per minute ({LOOKUPS}; 0: no limit)",
        trivia=f"/trivia start, and stop, per member per 10 minutes ({TRIVIA}; 0: no limit)",
        reports=f"/report per member per hour ({REPORTS}; 0: no limit)",
    )
    async def cooldowns(
        self,
        interaction: discord.Interaction,
        lookups: app_commands.Range[int, LOOKUPS.low, LOOKUPS.high] | None = None,
        trivia: app_commands.Range[int, TRIVIA.low, TRIVIA.high] | None = None,
        reports: app_commands.Range[int, REPORTS.low, REPORTS.high] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        wanted = {"cooldown_lookups": lookups, "cooldown_trivia": trivia, "cooldown_reports": reports}
        changes = {key: value for key, value in wanted.items() if value is not None}
        if not changes:
            current = (await self.settings.current(interaction.guild_id)).cooldowns
            await interaction.response.send_message(
                f"Public lookups per member per minute: **{current.lookups or 'no limit'}**\n"
                f"Trivia starts (and stops) per member per 10 minutes: **{current.trivia or 'no limit'}**\n"
                f"Reports per member per hour: **{current.reports or 'no limit'}**",
                ephemeral=True,
            )
            return
        made = await self.settings.change(interaction.guild_id, interaction.user.id, **changes)
        await interaction.response.send_message(describe_changes(made), ephemeral=True)


class ServerSettingsCog(commands.Cog):
    def __init__(self, bot: BallerinaBot, *, settings: SettingsChanges) -> None:
        self.bot = bot
        self.group = SettingsGroup(settings)
        bot.tree.add_command(self.group)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(ServerSettingsCog(bot, settings=bot.services.settings))
