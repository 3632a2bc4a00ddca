"""/privacy's answer: what the bot keeps about a member, and the button that deletes it."""

from __future__ import annotations

import discord

from bot.domain.text import plural
from bot.services.privacy import MemberData, Privacy
from bot.ui.owned_view import OwnedView
from bot.ui.style import BRAND_COLOUR

CONFIRM_TIMEOUT = 120


def privacy_embed(data: MemberData) -> discord.Embed:
    stats = data.stats
    embed = discord.Embed(title="Your data in this server", colour=BRAND_COLOUR)
    embed.add_field(name="Seen the film (/seen)", value="yes" if data.seen else "not marked", inline=False)
    embed.add_field(
        name="Trivia",
        value=f"{plural(stats.answered, 'answer')} kept, {plural(stats.points, 'point')}, "
        f"{plural(stats.games_played, 'game')} played",
        inline=False,
    )
    embed.set_footer(
        text="The bot keeps ids, never message text. Settings changes you made as a moderator stay "
        "in the server's history."
    )
    return embed


class ForgetMe(OwnedView):
    not_yours = "This button is for the member who ran /privacy; run it yourself to see your own data."
    where = "the privacy button"

    def __init__(self, privacy: Privacy, *, owner_id: int) -> None:
        super().__init__(owner_id=owner_id, timeout=CONFIRM_TIMEOUT)
        self.privacy = privacy

    @discord.ui.button(label="Delete my data in this server", style=discord.ButtonStyle.danger)
    async def forget(self, interaction: discord.Interaction, button: discord.ui.Button[ForgetMe]) -> None:
        assert interaction.guild_id is not None
        await self.privacy.forget(interaction.guild_id, interaction.user.id)
        self.stop()
        await interaction.response.edit_message(
            content="Done: your 'seen' mark, trivia answers and scores in this server are deleted.",
            embed=None,
            view=None,
        )
