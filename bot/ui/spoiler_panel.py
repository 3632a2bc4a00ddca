"""The moderators' spoiler panel: one private message with menus and buttons, and its embargo form.

Modelled on discord.py's examples/views/settings.py. Every change goes through the same
``SettingsChanges`` service as the slash commands. The panel stays open for 10 minutes, so every
click (and the embargo form) checks the clicker's Manage Server permission as it is now, not only
who opened it: a moderator who loses the permission can change nothing more.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.domain import discord_limits as limits
from bot.domain.errors import UserError
from bot.domain.settings import SettingChange
from bot.domain.spoilers import SpoilerRules
from bot.i18n import N_, _
from bot.services.settings_changes import SettingsChanges
from bot.ui.commands import Access, ComponentPolicy
from bot.ui.owned_view import OwnedView
from bot.ui.replies import report_error
from bot.ui.spoiler_render import describe_changes, rules_embed

PANEL_TIMEOUT = 600
LOST_PERMISSION = N_(
    "You no longer have the Manage Server permission, so this panel can't change anything for you. "
    "Nothing was changed."
)


async def still_allowed(interaction: discord.Interaction) -> bool:
    """The clicker's permissions as Discord computes them for this interaction, right now."""
    if interaction.permissions.manage_guild:
        return True
    await interaction.response.send_message(_(LOST_PERMISSION), ephemeral=True)
    return False


def name_options(menu: discord.ui.Select[Any], placeholder: str, words: list[tuple[str, str]]) -> None:
    """A menu's placeholder and its options' (label, description), in their order."""
    menu.placeholder = placeholder
    for option, (label, description) in zip(menu.options, words, strict=True):
        option.label, option.description = label, description


CHANNELS_SHOWN = limits.SELECT_VALUES  # a channel menu shows at most 25 chosen


class SpoilerPanel(OwnedView):
    """An ephemeral settings panel for the moderator who opened it."""

    declared = ComponentPolicy(access=Access.MODERATOR, opener_only=True)
    not_yours = N_("This panel belongs to someone else; open your own with `/spoilers panel`.")
    lost_permission = LOST_PERMISSION
    where = "the spoiler panel"

    def __init__(self, settings: SettingsChanges, *, owner_id: int, rules: SpoilerRules) -> None:
        super().__init__(owner_id=owner_id, timeout=PANEL_TIMEOUT)
        self.settings = settings
        self.translate_controls()
        option: discord.SelectOption
        for option in self.mode_select.options:
            option.default = option.value == rules.mode.value
        for option in self.threshold_select.options:
            option.default = option.value == rules.threshold.value
        # A menu shows at most 25 channels; only those can be removed through it, so a
        # server with more spoiler channels keeps the rest (use /spoilers channel for them).
        self.shown_channels = set(sorted(rules.spoiler_channels)[:CHANNELS_SHOWN])
        self.channel_select.default_values = [
            discord.SelectDefaultValue(id=c, type=discord.SelectDefaultValueType.channel)
            for c in sorted(self.shown_channels)
        ]

    def translate_controls(self) -> None:
        """The menus' and buttons' words in the moderator's language (the decorators hold English)."""
        name_options(
            self.mode_select,
            # i18n: limit 150
            _("Mode"),
            [
                # i18n: limit 100
                (_("Tag spoilers"), _("Shown inside spoiler tags")),
                # i18n: limit 100
                (_("Hide spoilers"), _("Withheld from the channel")),
                # i18n: limit 100
                (_("Open"), _("Shown plainly")),
            ],
        )
        name_options(
            self.threshold_select,
            # i18n: limit 150
            _("What counts as a spoiler"),
            [
                # i18n: limit 100
                (_("Minor and major"), _("Any plot detail")),
                # i18n: limit 100
                (_("Major only"), _("Only big reveals")),
            ],
        )
        # i18n: limit 150
        self.channel_select.placeholder = _("Spoiler channels (spoilers shown plainly)")
        # i18n: limit 80
        self.embargo_button.label = _("Set embargo…")
        # i18n: limit 80
        self.end_embargo.label = _("End embargo")
        # i18n: limit 80
        self.done.label = _("Done")

    async def refresh(self, interaction: discord.Interaction, changes: list[SettingChange]) -> None:
        assert interaction.guild_id is not None
        current = await self.settings.current(interaction.guild_id)
        embed = rules_embed(current, discord.utils.utcnow())
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
        changes = await self.settings.set_mode(interaction.guild_id, interaction.user.id, select.values[0])
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
        changes = await self.settings.set_threshold(
            interaction.guild_id, interaction.user.id, select.values[0]
        )
        await self.refresh(interaction, changes)

    @discord.ui.select(
        cls=discord.ui.ChannelSelect,
        placeholder="Spoiler channels (spoilers shown plainly)",
        channel_types=[discord.ChannelType.text, discord.ChannelType.forum, discord.ChannelType.voice],
        min_values=0,
        max_values=CHANNELS_SHOWN,
        row=2,
    )
    async def channel_select(
        self, interaction: discord.Interaction, select: discord.ui.ChannelSelect
    ) -> None:
        assert interaction.guild_id is not None
        selected = {channel.id for channel in select.values}
        current = (await self.settings.current(interaction.guild_id)).spoilers.spoiler_channels
        wanted = (current - self.shown_channels) | selected
        self.shown_channels = set(sorted(selected)[:CHANNELS_SHOWN])
        select.default_values = [
            discord.SelectDefaultValue(id=c, type=discord.SelectDefaultValueType.channel)
            for c in sorted(self.shown_channels)
        ]
        changes = await self.settings.set_spoiler_channels(interaction.guild_id, interaction.user.id, wanted)
        await self.refresh(interaction, changes)

    @discord.ui.button(label="Set embargo…", style=discord.ButtonStyle.primary, row=3)
    async def embargo_button(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_modal(EmbargoModal(self))

    @discord.ui.button(label="End embargo", style=discord.ButtonStyle.secondary, row=3)
    async def end_embargo(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        assert interaction.guild_id is not None
        changes = await self.settings.set_embargo(interaction.guild_id, interaction.user.id, "off")
        await self.refresh(interaction, changes)

    @discord.ui.button(label="Done", style=discord.ButtonStyle.success, row=3)
    async def done(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select | discord.ui.ChannelSelect):
                item.disabled = True
        self.stop()
        await interaction.response.edit_message(view=self)


class EmbargoModal(discord.ui.Modal):
    declared = ComponentPolicy(access=Access.MODERATOR, opener_only=True)  # re-checked on submit

    def __init__(self, panel: SpoilerPanel) -> None:
        # i18n: limit 45
        super().__init__(title=_("Spoiler embargo"), timeout=PANEL_TIMEOUT)
        self.panel = panel
        # Made here, not on the class, so its words are in the moderator's language.
        self.until: discord.ui.TextInput[EmbargoModal] = discord.ui.TextInput(
            # i18n: limit 45
            label=_("Withhold spoilers until (UTC unless offset)"),
            custom_id="until",
            # i18n: limit 100; keep "off": it is the word the moderator types
            placeholder=_("2026-06-06 18:00 +02:00, or off"),
            max_length=40,
        )
        self.add_item(self.until)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        if not await still_allowed(interaction):
            return
        try:
            changes = await self.panel.settings.set_embargo(
                interaction.guild_id, interaction.user.id, self.until.value
            )
        except UserError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        await self.panel.refresh(interaction, changes)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]  # Modal's own signature (discord.py's stubs compare it to View's)
        await report_error(interaction, error, where="the embargo form")
