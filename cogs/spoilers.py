"""/spoilers (moderators) and /seen (everyone): the server's spoiler rules."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.spoilers import Mode, SpoilerRules, Threshold, parse_embargo
from bot.errors import UserFacingError
from bot.storage import SettingChange
from bot.tree import NO_MENTIONS, report_error
from bot.ui.owned_view import OwnedView
from bot.ui.spoiler_render import describe_change, history_embed, rules_embed

if TYPE_CHECKING:
    from bot.client import BallerinaBot

log = logging.getLogger(__name__)

AUTOMOD_RULE_NAME = "ballerina-bot: Ballerina spoilers"
AUTOMOD_MESSAGE = "That looks like a Ballerina spoiler: please post it in this server's spoiler channel."
PANEL_TIMEOUT = 600


def describe_changes(changes: list[SettingChange]) -> str:
    if not changes:
        return "Nothing changed: that was already the setting."
    return "\n".join(describe_change(c.setting, c.old, c.new) for c in changes)


class SpoilerSettings:
    """The operations both the slash commands and the panel use, so they cannot drift apart."""

    def __init__(self, bot: BallerinaBot) -> None:
        self.bot = bot
        self._background: set[asyncio.Task[None]] = set()

    async def set_mode(self, guild_id: int, actor_id: int, mode: Mode) -> list[SettingChange]:
        return await self.bot.settings_repo.update(guild_id, actor_id, spoiler_mode=mode)

    async def set_threshold(self, guild_id: int, actor_id: int, threshold: Threshold) -> list[SettingChange]:
        return await self.bot.settings_repo.update(guild_id, actor_id, spoiler_threshold=threshold)

    async def set_embargo(self, guild_id: int, actor_id: int, text: str) -> list[SettingChange]:
        try:
            until = parse_embargo(text, discord.utils.utcnow())
        except ValueError as exc:
            raise UserFacingError(str(exc)) from None
        return await self.bot.settings_repo.update(guild_id, actor_id, embargo_until=until)

    async def set_channels(
        self, guild: discord.Guild, actor_id: int, wanted: AbstractSet[int]
    ) -> list[SettingChange]:
        current = (await self.bot.settings_repo.get(guild.id)).spoilers.spoiler_channels
        changes: list[SettingChange] = []
        for channel_id in sorted(current ^ wanted):
            change = await self.bot.settings_repo.set_spoiler_channel(
                guild.id, actor_id, channel_id, channel_id in wanted
            )
            if change is not None:
                changes.append(change)
        if changes:
            # Two calls to Discord: done after the reply, so the moderator is answered at once.
            task = asyncio.create_task(self.refresh_automod_exemptions(guild))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return changes

    async def refresh_automod_exemptions(self, guild: discord.Guild) -> None:
        """Keep the AutoMod rule's exempt channels equal to the spoiler channels."""
        settings = await self.bot.settings_repo.get(guild.id)
        if not settings.automod_rule_id:
            return
        try:
            rule = await guild.fetch_automod_rule(settings.automod_rule_id)
            channels = [discord.Object(c) for c in sorted(settings.spoilers.spoiler_channels)[:50]]
            await rule.edit(exempt_channels=channels, reason="Spoiler channels changed")
        except discord.HTTPException as exc:
            log.warning("Could not update the AutoMod rule in guild %s: %s", guild.id, exc.status)
        except Exception:  # runs in the background: nobody else would see it
            log.exception("Updating the AutoMod rule in guild %s failed", guild.id)


async def require_guild(interaction: discord.Interaction) -> discord.Guild:
    if interaction.guild is None:
        raise UserFacingError("This command only works in a server.")
    return interaction.guild


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SpoilersGroup(
    app_commands.Group, name="spoilers", description="Moderators: how this server handles spoilers."
):
    def __init__(self, bot: BallerinaBot) -> None:
        super().__init__()
        self.bot = bot
        self.ops = SpoilerSettings(bot)

    async def reply_changes(self, interaction: discord.Interaction, changes: list[SettingChange]) -> None:
        await interaction.response.send_message(
            describe_changes(changes), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="show", description="Show this server's spoiler rules.")
    async def show(self, interaction: discord.Interaction) -> None:
        guild = await require_guild(interaction)
        settings = await self.bot.settings_repo.get(guild.id)
        seen = await self.bot.settings_repo.has_seen(guild.id, interaction.user.id)
        embed = rules_embed(settings, discord.utils.utcnow(), member_has_seen=seen)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="mode", description="How spoilers are shown: tagged, hidden or open.")
    @app_commands.describe(mode="tag: ||wrapped||; hide: withheld; open: shown plainly")
    async def mode(self, interaction: discord.Interaction, mode: Literal["tag", "hide", "open"]) -> None:
        guild = await require_guild(interaction)
        await self.reply_changes(
            interaction, await self.ops.set_mode(guild.id, interaction.user.id, Mode(mode))
        )

    @app_commands.command(name="threshold", description="Which spoiler levels count as spoilers here.")
    @app_commands.describe(level="minor: any plot detail is a spoiler; major: only big reveals are")
    async def threshold(self, interaction: discord.Interaction, level: Literal["minor", "major"]) -> None:
        guild = await require_guild(interaction)
        changes = await self.ops.set_threshold(guild.id, interaction.user.id, Threshold(level))
        await self.reply_changes(interaction, changes)

    @app_commands.command(name="channel", description="Allow or stop plain spoilers in a channel.")
    @app_commands.describe(channel="The channel", allowed="True: spoilers are shown plainly there")
    async def channel(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | discord.ForumChannel | discord.VoiceChannel,
        allowed: bool,
    ) -> None:
        guild = await require_guild(interaction)
        current = (await self.bot.settings_repo.get(guild.id)).spoilers.spoiler_channels
        wanted = (current | {channel.id}) if allowed else (current - {channel.id})
        await self.reply_changes(interaction, await self.ops.set_channels(guild, interaction.user.id, wanted))

    @app_commands.command(name="embargo", description="Withhold every spoiler until a date, or 'off'.")
    @app_commands.describe(until="YYYY-MM-DD, optionally HH:MM and a UTC offset like +02:00; or off")
    async def embargo(self, interaction: discord.Interaction, until: app_commands.Range[str, 1, 40]) -> None:
        guild = await require_guild(interaction)
        await self.reply_changes(
            interaction, await self.ops.set_embargo(guild.id, interaction.user.id, until)
        )

    @app_commands.command(name="history", description="The last changes to this server's settings.")
    async def history(self, interaction: discord.Interaction) -> None:
        guild = await require_guild(interaction)
        entries = await self.bot.settings_repo.history(guild.id, limit=15)
        await interaction.response.send_message(
            embed=history_embed(entries), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="panel", description="Change the spoiler rules with buttons and menus.")
    async def panel(self, interaction: discord.Interaction) -> None:
        guild = await require_guild(interaction)
        settings = await self.bot.settings_repo.get(guild.id)
        view = SpoilerPanel(self.ops, owner_id=interaction.user.id, rules=settings.spoilers)
        await interaction.response.send_message(
            embed=rules_embed(settings, discord.utils.utcnow()), view=view, ephemeral=True
        )

    @app_commands.command(
        name="automod", description="Block messages with spoiler keywords outside spoiler channels."
    )
    @app_commands.describe(enabled="on: create or update the AutoMod rule; off: remove it")
    async def automod(self, interaction: discord.Interaction, enabled: Literal["on", "off"]) -> None:
        guild = await require_guild(interaction)
        if not interaction.app_permissions.manage_guild:
            raise UserFacingError(
                "I need the **Manage Server** permission to manage AutoMod rules. Give my role that "
                "permission in Server Settings → Roles, then try again."
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        settings = await self.bot.settings_repo.get(guild.id)
        if enabled == "off":
            if settings.automod_rule_id:
                try:
                    old_rule = await guild.fetch_automod_rule(settings.automod_rule_id)
                    await old_rule.delete(reason=f"Turned off by {interaction.user.id}")
                except discord.NotFound:
                    pass  # already removed by hand in Server Settings
            changes = await self.bot.settings_repo.update(guild.id, interaction.user.id, automod_rule_id=None)
            await interaction.followup.send(describe_changes(changes), ephemeral=True)
            return
        keywords = list(self.bot.content.film.spoiler_keywords)[:1000]
        exempt = [discord.Object(c) for c in sorted(settings.spoilers.spoiler_channels)[:50]]
        trigger = discord.AutoModTrigger(type=discord.AutoModRuleTriggerType.keyword, keyword_filter=keywords)
        action = discord.AutoModRuleAction(custom_message=AUTOMOD_MESSAGE)
        rule: discord.AutoModRule | None = None
        if settings.automod_rule_id:
            try:
                rule = await guild.fetch_automod_rule(settings.automod_rule_id)
            except discord.NotFound:
                rule = None
        try:
            if rule is None:
                rule = await guild.create_automod_rule(
                    name=AUTOMOD_RULE_NAME,
                    event_type=discord.AutoModRuleEventType.message_send,
                    trigger=trigger,
                    actions=[action],
                    enabled=True,
                    exempt_channels=exempt,
                    reason=f"Turned on by {interaction.user.id}",
                )
            else:
                rule = await rule.edit(
                    trigger=trigger, actions=[action], enabled=True, exempt_channels=exempt
                )
        except discord.HTTPException as exc:
            log.warning("AutoMod rule failed in guild %s: %s %s", guild.id, exc.status, exc.code)
            raise UserFacingError(
                "Discord refused the AutoMod rule (a server can have at most 6 keyword rules). "
                "Remove one in Server Settings → AutoMod and try again."
            ) from None
        changes = await self.bot.settings_repo.update(guild.id, interaction.user.id, automod_rule_id=rule.id)
        summary = describe_changes(changes) if changes else "The AutoMod rule is up to date."
        await interaction.followup.send(
            f"{summary}\nAutoMod now blocks {len(keywords)} spoiler keywords outside the spoiler channels. "
            "It cannot tell a tagged ||spoiler|| from an untagged one, so it blocks both. "
            "Heads-up: the keyword list in Server Settings → AutoMod is itself a list of spoilers.",
            ephemeral=True,
        )


class SpoilerPanel(OwnedView):
    """An ephemeral settings panel (discord.py examples/views/settings.py), for its opener only."""

    not_yours = "This panel belongs to someone else; open your own with `/spoilers panel`."
    where = "the spoiler panel"

    def __init__(self, ops: SpoilerSettings, *, owner_id: int, rules: SpoilerRules) -> None:
        super().__init__(owner_id=owner_id, timeout=PANEL_TIMEOUT)
        self.ops = ops
        option: discord.SelectOption
        for option in self.mode_select.options:
            option.default = option.value == rules.mode.value
        for option in self.threshold_select.options:
            option.default = option.value == rules.threshold.value
        # A menu shows at most 25 channels; only those can be removed through it, so a
        # server with more spoiler channels keeps the rest (use /spoilers channel for them).
        self.shown_channels = set(sorted(rules.spoiler_channels)[:25])
        self.channel_select.default_values = [
            discord.SelectDefaultValue(id=c, type=discord.SelectDefaultValueType.channel)
            for c in sorted(self.shown_channels)
        ]

    async def refresh(self, interaction: discord.Interaction, changes: list[SettingChange]) -> None:
        assert interaction.guild_id is not None
        settings = await self.ops.bot.settings_repo.get(interaction.guild_id)
        embed = rules_embed(settings, discord.utils.utcnow())
        embed.description = describe_changes(changes) if changes else None
        await interaction.response.edit_message(embed=embed, view=self)

    @discord.ui.select(
        placeholder="Mode",
        options=[
            discord.SelectOption(label="Tag spoilers", value="tag", description="Shown inside spoiler tags"),
            discord.SelectOption(
                label="Hide spoilers", value="hide", description="Withheld from the channel"
            ),
            discord.SelectOption(label="Open", value="open", description="Shown plainly"),
        ],
        row=0,
    )
    async def mode_select(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        assert interaction.guild_id is not None
        for option in select.options:
            option.default = option.value == select.values[0]
        changes = await self.ops.set_mode(interaction.guild_id, interaction.user.id, Mode(select.values[0]))
        await self.refresh(interaction, changes)

    @discord.ui.select(
        placeholder="What counts as a spoiler",
        options=[
            discord.SelectOption(label="Minor and major", value="minor", description="Any plot detail"),
            discord.SelectOption(label="Major only", value="major", description="Only big reveals"),
        ],
        row=1,
    )
    async def threshold_select(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        assert interaction.guild_id is not None
        for option in select.options:
            option.default = option.value == select.values[0]
        level = Threshold(select.values[0])
        await self.refresh(
            interaction, await self.ops.set_threshold(interaction.guild_id, interaction.user.id, level)
        )

    @discord.ui.select(
        cls=discord.ui.ChannelSelect,
        placeholder="Spoiler channels (spoilers shown plainly)",
        channel_types=[discord.ChannelType.text, discord.ChannelType.forum, discord.ChannelType.voice],
        min_values=0,
        max_values=25,
        row=2,
    )
    async def channel_select(
        self, interaction: discord.Interaction, select: discord.ui.ChannelSelect
    ) -> None:
        assert interaction.guild is not None
        selected = {channel.id for channel in select.values}
        current = (await self.ops.bot.settings_repo.get(interaction.guild.id)).spoilers.spoiler_channels
        wanted = (current - self.shown_channels) | selected
        self.shown_channels = set(sorted(selected)[:25])
        select.default_values = [
            discord.SelectDefaultValue(id=c, type=discord.SelectDefaultValueType.channel)
            for c in sorted(self.shown_channels)
        ]
        await self.refresh(
            interaction, await self.ops.set_channels(interaction.guild, interaction.user.id, wanted)
        )

    @discord.ui.button(label="Set embargo…", style=discord.ButtonStyle.primary, row=3)
    async def embargo_button(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_modal(EmbargoModal(self))

    @discord.ui.button(label="End embargo", style=discord.ButtonStyle.secondary, row=3)
    async def end_embargo(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        assert interaction.guild_id is not None
        await self.refresh(
            interaction, await self.ops.set_embargo(interaction.guild_id, interaction.user.id, "off")
        )

    @discord.ui.button(label="Done", style=discord.ButtonStyle.success, row=3)
    async def done(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select | discord.ui.ChannelSelect):
                item.disabled = True
        self.stop()
        await interaction.response.edit_message(view=self)


class EmbargoModal(discord.ui.Modal, title="Spoiler embargo"):
    until: discord.ui.TextInput = discord.ui.TextInput(
        label="Withhold spoilers until (UTC unless offset)",
        custom_id="until",
        placeholder="2026-06-06 18:00 +02:00, or off",
        max_length=40,
    )

    def __init__(self, panel: SpoilerPanel) -> None:
        super().__init__(timeout=PANEL_TIMEOUT)
        self.panel = panel

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        try:
            changes = await self.panel.ops.set_embargo(
                interaction.guild_id, interaction.user.id, self.until.value
            )
        except UserFacingError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        await self.panel.refresh(interaction, changes)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]  # Modal's own signature (discord.py's stubs compare it to View's)
        await report_error(interaction, error, where="the embargo form")


class SpoilersCog(commands.Cog):
    def __init__(self, bot: BallerinaBot) -> None:
        self.bot = bot
        self.group = SpoilersGroup(bot)
        bot.tree.add_command(self.group)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)

    @app_commands.command(name="seen", description="Tell the bot whether you have seen the film.")
    @app_commands.describe(seen="yes: private replies to you show spoilers plainly")
    @app_commands.guild_only()
    async def seen(self, interaction: discord.Interaction, seen: Literal["yes", "no"]) -> None:
        assert interaction.guild_id is not None
        await self.bot.settings_repo.set_seen(interaction.guild_id, interaction.user.id, seen == "yes")
        if seen == "yes":
            text = (
                "Noted: you have seen *Ballerina*. Replies only you can see (`private: True`) now show "
                "spoilers plainly; public replies still follow the server's rules."
            )
        else:
            text = "Noted: you have not seen *Ballerina* yet. Spoilers stay hidden or tagged for you."
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(SpoilersCog(bot))
