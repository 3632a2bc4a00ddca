"""A view only the member who opened it can use, with errors reported like the tree's."""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.replies import report_error


class OwnedView(discord.ui.View):
    """Set ``not_yours`` (what others are told) and ``where`` (for error reports) in subclasses."""

    not_yours = "These controls belong to whoever opened them."
    where = "a button"

    def __init__(self, *, owner_id: int, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(self.not_yours, ephemeral=True)
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_error(interaction, error, where=self.where)
