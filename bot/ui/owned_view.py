"""A view only the member who opened it can use, with errors reported like the tree's.

A moderator's view (declared ``Access.MODERATOR``) also re-checks Manage Server at every click.
"""

from __future__ import annotations

from typing import Any, ClassVar

import discord

from bot.i18n import N_, _
from bot.ui.commands import Access, ComponentPolicy
from bot.ui.replies import report_error


class OwnedView(discord.ui.View):
    """Subclasses set ``declared``, ``not_yours`` (what others are told), ``where`` (for error
    reports, in English) and, for moderators' views, ``lost_permission``; the two texts members
    read are marked with ``N_`` and translated here, in the clicker's language."""

    declared: ClassVar[ComponentPolicy] = ComponentPolicy(opener_only=True)
    # i18n: limit 2000
    not_yours = N_("These controls belong to whoever opened them.")
    # i18n: limit 2000
    lost_permission = N_("You need the Manage Server permission to do that.")
    where = "a button"

    def __init__(self, *, owner_id: int, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(_(self.not_yours), ephemeral=True)
            return False
        # The clicker's permissions as Discord computes them for this interaction, right now.
        if self.declared.access is Access.MODERATOR and not interaction.permissions.manage_guild:
            await interaction.response.send_message(_(self.lost_permission), ephemeral=True)
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_error(interaction, error, where=self.where)
