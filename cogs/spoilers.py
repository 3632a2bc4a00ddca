"""/spoilers (moderators) and /seen (everyone): the server's spoiler rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import UserError
from bot.domain.settings import SettingChange
from bot.i18n import N_, _, ngettext
from bot.i18n.formatting import number
from bot.services.audiences import Audiences
from bot.services.settings_changes import SettingsChanges
from bot.ui.channel_option import SPOILER_CHANNEL
from bot.ui.commands import Access, Help, declare
from bot.ui.replies import NO_MENTIONS
from bot.ui.spoiler_panel import SpoilerPanel
from bot.ui.spoiler_render import describe_changes, history_embed, rules_embed

if TYPE_CHECKING:
    from bot.client import BallerinaBot

SEEN_YES = N_(
    "Noted: you have seen *Ballerina*. Replies only you can see (`private: True`) now show "
    "spoilers plainly; public replies still follow the server's rules."
)
SEEN_NO = N_("Noted: you have not seen *Ballerina* yet. Spoilers stay hidden or tagged for you.")


def guild_id_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise UserError(_("This command only works in a server."))
    return interaction.guild_id


async def reply_changes(interaction: discord.Interaction, changes: list[SettingChange]) -> None:
    await interaction.response.send_message(
        describe_changes(changes), ephemeral=True, allowed_mentions=NO_MENTIONS
    )


@declare(help=Help.SPOILERS, access=Access.MODERATOR)
@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SpoilersGroup(
    app_commands.Group, name="spoilers", description="Moderators: how this server handles spoilers."
):
    def __init__(self, settings: SettingsChanges, audiences: Audiences) -> None:
        super().__init__()
        self.settings = settings
        self.audiences = audiences

    @app_commands.command(name="show", description="Show this server's spoiler rules.")
    async def show(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        current = await self.settings.current(guild_id)
        seen = await self.audiences.has_seen(guild_id, interaction.user.id)
        embed = rules_embed(current, discord.utils.utcnow(), member_has_seen=seen)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="mode", description="How spoilers are shown: tagged, hidden or open.")
    @app_commands.describe(mode="tag: ||wrapped||; hide: withheld; open: shown plainly")
    async def mode(self, interaction: discord.Interaction, mode: Literal["tag", "hide", "open"]) -> None:
        changes = await self.settings.set_mode(guild_id_of(interaction), interaction.user.id, mode)
        await reply_changes(interaction, changes)

    @app_commands.command(name="threshold", description="Which spoiler levels count as spoilers here.")
    @app_commands.describe(level="minor: any plot detail is a spoiler; major: only big reveals are")
    async def threshold(self, interaction: discord.Interaction, level: Literal["minor", "major"]) -> None:
        changes = await self.settings.set_threshold(guild_id_of(interaction), interaction.user.id, level)
        await reply_changes(interaction, changes)

    @app_commands.command(name="channel", description="Allow or stop plain spoilers in a channel.")
    @app_commands.describe(channel="The channel", allowed="True: spoilers are shown plainly there")
    async def channel(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[discord.abc.Snowflake, SPOILER_CHANNEL],
        allowed: bool,
    ) -> None:
        changes = await self.settings.set_spoiler_channel(
            guild_id_of(interaction), interaction.user.id, channel.id, allowed
        )
        await reply_changes(interaction, changes)

    @app_commands.command(name="embargo", description="Withhold every spoiler until a date, or 'off'.")
    @app_commands.describe(until="YYYY-MM-DD, optionally HH:MM and a UTC offset like +02:00; or off")
    async def embargo(self, interaction: discord.Interaction, until: app_commands.Range[str, 1, 40]) -> None:
        changes = await self.settings.set_embargo(guild_id_of(interaction), interaction.user.id, until)
        await reply_changes(interaction, changes)

    @app_commands.command(name="history", description="The last changes to this server's settings.")
    async def history(self, interaction: discord.Interaction) -> None:
        entries = await self.settings.history(guild_id_of(interaction))
        await interaction.response.send_message(
            embed=history_embed(entries), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="panel", description="Change the spoiler rules with buttons and menus.")
    async def panel(self, interaction: discord.Interaction) -> None:
        current = await self.settings.current(guild_id_of(interaction))
        view = SpoilerPanel(self.settings, owner_id=interaction.user.id, rules=current.spoilers)
        await interaction.response.send_message(
            embed=rules_embed(current, discord.utils.utcnow()), view=view, ephemeral=True
        )

    @app_commands.command(
        name="automod", description="Block messages with spoiler keywords outside spoiler channels."
    )
    @app_commands.describe(enabled="on: create or update the AutoMod rule; off: remove it")
    async def automod(self, interaction: discord.Interaction, enabled: Literal["on", "off"]) -> None:
        guild_id = guild_id_of(interaction)
        if not interaction.app_permissions.manage_guild:
            raise UserError(
                _(
                    "I need the **Manage Server** permission to manage AutoMod rules. Give my role that "
                    "permission in Server Settings → Roles, then try again."
                )
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        if enabled == "off":
            changes = await self.settings.automod_off(guild_id, interaction.user.id)
            await interaction.followup.send(describe_changes(changes), ephemeral=True)
            return
        changes = await self.settings.automod_on(guild_id, interaction.user.id)
        summary = describe_changes(changes) if changes else _("The AutoMod rule is up to date.")
        count = self.settings.automod_keyword_count
        explained = ngettext(
            "AutoMod now blocks {n} spoiler keyword outside the spoiler channels. It cannot tell a tagged "
            "||spoiler|| from an untagged one, so it blocks both. Heads-up: the keyword list in Server "
            "Settings → AutoMod is itself a list of spoilers.",
            "AutoMod now blocks {n} spoiler keywords outside the spoiler channels. It cannot tell a tagged "
            "||spoiler|| from an untagged one, so it blocks both. Heads-up: the keyword list in Server "
            "Settings → AutoMod is itself a list of spoilers.",
            count,
        ).format(n=number(count))
        await interaction.followup.send(f"{summary}\n{explained}", ephemeral=True)


class SpoilersCog(commands.Cog):
    def __init__(self, bot: BallerinaBot, *, settings: SettingsChanges, audiences: Audiences) -> None:
        self.bot = bot
        self.audiences = audiences
        self.group = SpoilersGroup(settings, audiences)
        bot.tree.add_command(self.group)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)

    @declare(help=Help.SPOILERS)
    @app_commands.command(name="seen", description="Tell the bot whether you have seen the film.")
    @app_commands.describe(seen="yes: private replies to you show spoilers plainly")
    @app_commands.guild_only()
    async def seen(self, interaction: discord.Interaction, seen: Literal["yes", "no"]) -> None:
        await self.audiences.set_seen(guild_id_of(interaction), interaction.user.id, seen == "yes")
        await interaction.response.send_message(_(SEEN_YES if seen == "yes" else SEEN_NO), ephemeral=True)


async def setup(bot: BallerinaBot) -> None:
    services = bot.services
    await bot.add_cog(SpoilersCog(bot, settings=services.settings, audiences=services.audiences))
