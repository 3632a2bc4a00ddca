"""/privacy's answers: what the bot keeps about a member, the button that deletes it, the replies."""

from __future__ import annotations

import discord

from bot.domain.text import plural
from bot.services.privacy import MemberData, Privacy
from bot.ui.commands import ComponentPolicy
from bot.ui.owned_view import OwnedView
from bot.ui.style import BRAND_COLOUR

CONFIRM_TIMEOUT = 120

FORGOTTEN = (
    "Done: your 'seen' mark, leaderboard choice, trivia answers and scores in this server are deleted. "
    "If you play again, you start from zero (and are shown on leaderboards unless you hide again)."
)
HIDDEN_NOW = (
    "Done: you're off this server's public leaderboards. You keep playing and scoring: "
    "`/trivia leaderboard` leaves you out, game results show you as *a hidden player*, and only you "
    "can see your `/trivia stats`. `/privacy leaderboard hidden:False` brings you back."
)
HIDDEN_ALREADY = "You were already hidden from this server's leaderboards; nothing changed."
SHOWN_NOW = "Done: you're shown on this server's leaderboards and in game results again."
SHOWN_ALREADY = "You're already shown on this server's leaderboards; nothing changed."


def hidden_reply(hidden: bool, changed: bool) -> str:
    if hidden:
        return HIDDEN_NOW if changed else HIDDEN_ALREADY
    return SHOWN_NOW if changed else SHOWN_ALREADY


def privacy_embed(data: MemberData, *, title: str = "Your data in this server") -> discord.Embed:
    stats = data.stats
    embed = discord.Embed(title=title, colour=BRAND_COLOUR)
    embed.add_field(name="Seen the film (/seen)", value="yes" if data.seen else "not marked", inline=False)
    embed.add_field(
        name="Trivia",
        value=f"{plural(stats.answered, 'answer')} kept, {plural(stats.points, 'point')}, "
        f"{plural(stats.games_played, 'game')} played",
        inline=False,
    )
    embed.add_field(
        name="Leaderboards",
        value="hidden: game results show you as *a hidden player*" if data.hidden else "shown",
        inline=False,
    )
    embed.set_footer(
        text="The bot keeps ids, never message text. /privacy export sends you all of it as a file. "
        "Settings changes you made as a moderator stay in the server's history."
    )
    return embed


class ForgetMe(OwnedView):
    declared = ComponentPolicy(opener_only=True)
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
        await interaction.response.edit_message(content=FORGOTTEN, embed=None, view=None)


class ConfirmForget(ForgetMe):
    """``/privacy delete``: the same button, and a way out."""

    declared = ComponentPolicy(opener_only=True)

    @discord.ui.button(label="Keep my data", style=discord.ButtonStyle.secondary)
    async def keep(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmForget]) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing was deleted.", embed=None, view=None)
