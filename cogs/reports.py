"""/report: tell the moderators (and the bot's operator) about a mistake in the film's facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain import discord_limits as limits
from bot.domain.content import SpoilerLevel
from bot.domain.errors import UserError
from bot.domain.items import ContentItem, ContentItems
from bot.domain.text import fold, truncate
from bot.i18n import _
from bot.services.audiences import Audiences
from bot.services.reports import Reports
from bot.ui.commands import Help, declare
from bot.ui.item_buttons import ReportModal

if TYPE_CHECKING:
    from bot.client import BallerinaBot


class ReportsCog(commands.Cog):
    def __init__(self, reports: Reports, audiences: Audiences, items: ContentItems) -> None:
        self.reports = reports
        self.audiences = audiences
        self.items = items

    @declare(help=Help.FILM, cooldown="report")
    @app_commands.command(name="report", description="Report a mistake in the bot's facts to the moderators.")
    @app_commands.describe(about="What it is about: a cast or crew member, a quote, a fact (optional)")
    async def report(self, interaction: discord.Interaction, about: str | None = None) -> None:
        item: ContentItem | None = None
        if about:
            kind, _sep, item_id = about.partition(":")
            item = self.items.get(kind, item_id)
            if item is None:
                raise UserError(_("Pick what the report is about from the list, or leave it empty."))
        await interaction.response.send_modal(ReportModal(self.reports, self.audiences, item))

    @report.autocomplete("about")
    async def about_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Only spoiler-free items are offered: a choice name can never spoil.
        wanted = fold(current)
        found = [
            item
            for item in self.items.all()
            if item.level is SpoilerLevel.NONE and item.kind != "trivia" and wanted in fold(item.label)
        ]
        return [
            app_commands.Choice(
                name=truncate(f"{item.kind}: {item.label}", limits.CHOICE_NAME),
                value=f"{item.kind}:{item.id}",
            )
            for item in found[: limits.CHOICES]
        ]


async def setup(bot: BallerinaBot) -> None:
    services = bot.services
    await bot.add_cog(ReportsCog(services.reports, services.audiences, services.items))
