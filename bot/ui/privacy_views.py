"""/privacy's answers: what the bot keeps about a member, the button that deletes it, the replies."""

from __future__ import annotations

import discord

from bot.i18n import N_, _, ngettext
from bot.i18n.formatting import number
from bot.services.privacy import MemberData, Privacy
from bot.ui.commands import ComponentPolicy
from bot.ui.owned_view import OwnedView
from bot.ui.style import BRAND_COLOUR

CONFIRM_TIMEOUT = 120

FORGOTTEN = N_(
    "Done: your 'seen' mark, leaderboard choice, trivia answers and scores in this server are deleted. "
    "If you play again, you start from zero (and are shown on leaderboards unless you hide again)."
)
HIDDEN_NOW = N_(
    "Done: you're off this server's public leaderboards. You keep playing and scoring: "
    "`/trivia leaderboard` leaves you out, game results show you as *a hidden player*, and only you "
    "can see your `/trivia stats`. `/privacy leaderboard hidden:False` brings you back."
)
HIDDEN_ALREADY = N_("You were already hidden from this server's leaderboards; nothing changed.")
SHOWN_NOW = N_("Done: you're shown on this server's leaderboards and in game results again.")
SHOWN_ALREADY = N_("You're already shown on this server's leaderboards; nothing changed.")
# i18n: limit 256
YOUR_DATA = N_("Your data in this server")
# i18n: limit 256
DELETE_YOUR_DATA = N_("Delete your data in this server?")


def hidden_reply(hidden: bool, changed: bool) -> str:
    if hidden:
        return _(HIDDEN_NOW if changed else HIDDEN_ALREADY)
    return _(SHOWN_NOW if changed else SHOWN_ALREADY)


def trivia_totals(answered: int, points: int, games: int) -> str:
    """'1 answer kept, 150 points, 1 game played': a list of three counts, each its own phrase."""
    return ", ".join(
        (
            ngettext("{n} answer kept", "{n} answers kept", answered).format(n=number(answered)),
            ngettext("{n} point", "{n} points", points).format(n=number(points)),
            ngettext("{n} game played", "{n} games played", games).format(n=number(games)),
        )
    )


def privacy_embed(data: MemberData, *, title: str = YOUR_DATA) -> discord.Embed:
    """``title`` is a marked constant (``N_``): it is translated here."""
    stats = data.stats
    embed = discord.Embed(title=_(title), colour=BRAND_COLOUR)
    embed.add_field(
        # i18n: limit 256
        name=_("Seen the film (/seen)"),
        value=_("yes") if data.seen else _("not marked"),
        inline=False,
    )
    embed.add_field(
        # i18n: limit 256
        name=_("Trivia"),
        value=trivia_totals(stats.answered, stats.points, stats.games_played),
        inline=False,
    )
    embed.add_field(
        # i18n: limit 256
        name=_("Leaderboards"),
        # i18n: limit 1024
        value=_("hidden: game results show you as *a hidden player*") if data.hidden else _("shown"),
        inline=False,
    )
    embed.set_footer(
        # i18n: limit 2048
        text=_(
            "The bot keeps ids, never message text. /privacy export sends you all of it as a file. "
            "Settings changes you made as a moderator stay in the server's history."
        )
    )
    return embed


class ForgetMe(OwnedView):
    declared = ComponentPolicy(opener_only=True)
    not_yours = N_("This button is for the member who ran /privacy; run it yourself to see your own data.")
    where = "the privacy button"

    def __init__(self, privacy: Privacy, *, owner_id: int) -> None:
        super().__init__(owner_id=owner_id, timeout=CONFIRM_TIMEOUT)
        self.privacy = privacy
        # i18n: limit 80
        self.forget.label = _("Delete my data in this server")

    @discord.ui.button(label="Delete my data in this server", style=discord.ButtonStyle.danger)
    async def forget(self, interaction: discord.Interaction, button: discord.ui.Button[ForgetMe]) -> None:
        assert interaction.guild_id is not None
        await self.privacy.forget(interaction.guild_id, interaction.user.id)
        self.stop()
        await interaction.response.edit_message(content=_(FORGOTTEN), embed=None, view=None)


class ConfirmForget(ForgetMe):
    """``/privacy delete``: the same button, and a way out."""

    declared = ComponentPolicy(opener_only=True)

    def __init__(self, privacy: Privacy, *, owner_id: int) -> None:
        super().__init__(privacy, owner_id=owner_id)
        # i18n: limit 80
        self.keep.label = _("Keep my data")

    @discord.ui.button(label="Keep my data", style=discord.ButtonStyle.secondary)
    async def keep(self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmForget]) -> None:
        self.stop()
        await interaction.response.edit_message(content=_("Nothing was deleted."), embed=None, view=None)
