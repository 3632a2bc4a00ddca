"""/server reset's confirmation: two buttons, for the moderator who ran it, re-checking Manage Server."""

from __future__ import annotations

import discord

from bot.i18n import N_, _
from bot.services.server_data import ServerData
from bot.ui.commands import Access, ComponentPolicy
from bot.ui.owned_view import OwnedView
from bot.ui.replies import NO_MENTIONS
from bot.ui.server_render import reset_done

CONFIRM_TIMEOUT = 120


class ResetConfirm(OwnedView):
    declared = ComponentPolicy(access=Access.MODERATOR, opener_only=True)
    not_yours = N_("This confirmation belongs to the moderator who ran /server reset.")
    where = "the server reset buttons"

    def __init__(self, server_data: ServerData, *, owner_id: int, keep_questions: bool) -> None:
        super().__init__(owner_id=owner_id, timeout=CONFIRM_TIMEOUT)
        self.server_data = server_data
        self.keep_questions = keep_questions
        # i18n: limit 80
        self.confirm.label = _("Delete this server's data")
        # i18n: limit 80
        self.cancel.label = _("Cancel")

    @discord.ui.button(label="Delete this server's data", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[ResetConfirm]
    ) -> None:
        assert interaction.guild_id is not None
        deleted = await self.server_data.reset(
            interaction.guild_id, interaction.user.id, keep_questions=self.keep_questions
        )
        self.stop()
        await interaction.response.edit_message(
            content=reset_done(deleted, keep_questions=self.keep_questions),
            embed=None,
            view=None,
            allowed_mentions=NO_MENTIONS,
        )

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[ResetConfirm]) -> None:
        self.stop()
        await interaction.response.edit_message(
            content=_("Cancelled: nothing was deleted."), embed=None, view=None
        )
