"""/settings: server-wide options that are not about spoilers or trivia."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import UserError
from bot.i18n import LANGUAGES, _, use_language
from bot.i18n.guild_locales import public_language
from bot.services.settings_changes import SettingsChanges
from bot.ui.channel_option import MESSAGE_CHANNEL
from bot.ui.commands import Access, Help, add_declared, declare
from bot.ui.replies import NO_MENTIONS
from bot.ui.setting_options import settings_command
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
        # Options built from the settings table (bot/domain/settings.py): one per cooldown setting.
        add_declared(
            self,
            settings_command("settings cooldowns", "How often one member may use busy commands.", settings),
        )

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
        name="language", description="The language of the server's public posts (trivia, the daily question)."
    )
    @app_commands.describe(
        language="Empty: follow the server's Discord language. Private replies follow each member"
    )
    @app_commands.choices(
        language=[app_commands.Choice(name=found.name, value=found.code) for found in LANGUAGES]
    )
    async def language(self, interaction: discord.Interaction, language: str | None = None) -> None:
        assert interaction.guild_id is not None
        changes = await self.settings.change(interaction.guild_id, interaction.user.id, language=language)
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
            chosen = (await self.settings.current(interaction.guild_id))["language"]
            with use_language(public_language(interaction.guild_id, chosen)):  # the channel reads it
                notice = _("Members' reports of mistakes in the bot's facts (/report) will appear here.")
            try:
                await target.send(notice, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException:
                raise UserError(
                    _(
                        "I can't post in <#{channel}>. Give me View Channel and Send Messages there, "
                        "then try again."
                    ).format(channel=channel.id)
                ) from None
        changes = await self.settings.change(
            interaction.guild_id, interaction.user.id, reports_channel_id=channel.id if channel else None
        )
        await interaction.response.send_message(
            describe_changes(changes), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


class ServerSettingsCog(commands.Cog):
    def __init__(self, bot: BallerinaBot, *, settings: SettingsChanges) -> None:
        self.bot = bot
        self.group = SettingsGroup(settings)
        bot.tree.add_command(self.group)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(ServerSettingsCog(bot, settings=bot.services.settings))
