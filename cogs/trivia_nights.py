"""/trivia schedule: trivia nights as Discord scheduled events (moderators).

A thin adapter: the schedule and its tick are ``TriviaNights`` (``bot/services/trivia_nights.py``);
the game starts through ``TriviaGames.start`` (``bot/ui/trivia/nights.py``). The group hangs under
``/trivia``, which the trivia cog owns, so it is attached when this cog loads (after that cog).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import UserError
from bot.domain.trivia.limits import QUESTION_COUNT
from bot.i18n import N_, _
from bot.services.trivia_nights import NO_MANAGE_EVENTS, TriviaNights
from bot.ui.channel_option import GAME_CHANNEL
from bot.ui.commands import Access, Help, Reply, declare
from bot.ui.replies import NO_MENTIONS
from bot.ui.trivia.nights import NightStarter, announcement_embed, schedule_list_embed

if TYPE_CHECKING:
    from bot.client import BallerinaBot


@declare(help=Help.TRIVIA, access=Access.MODERATOR)
@app_commands.guild_only()
class ScheduleGroup(
    app_commands.Group, name="schedule", description=N_("Moderators: trivia nights on the calendar.")
):
    def __init__(self, cog: TriviaNightsCog) -> None:
        super().__init__()
        self.cog = cog

    @declare(help=Help.TRIVIA, access=Access.MODERATOR, reply=Reply.PUBLIC)
    @app_commands.command(
        name="add", description=N_("Moderators: schedule a trivia night as a server event.")
    )
    @app_commands.describe(
        when=N_("When it starts: 2026-06-06 20:00 +02:00 (a time without an offset is UTC)"),
        channel=N_("The text channel the game is played in"),
        questions=N_("How many questions ({range}; default: the server's setting)").format(
            range=QUESTION_COUNT
        ),
        difficulty=N_("easy, medium, hard, or mixed (default)"),
    )
    async def add(
        self,
        interaction: discord.Interaction,
        when: app_commands.Range[str, 1, 40],
        channel: app_commands.Transform[discord.abc.Snowflake, GAME_CHANNEL],
        questions: app_commands.Range[int, QUESTION_COUNT.low, QUESTION_COUNT.high] | None = None,
        difficulty: Literal["easy", "medium", "hard", "mixed"] = "mixed",
    ) -> None:
        assert interaction.guild_id is not None
        if not interaction.app_permissions.manage_events:
            raise UserError(_(NO_MANAGE_EVENTS))  # checked here too: Discord would refuse the event
        name = getattr(channel, "name", None) or str(channel.id)
        night = await self.cog.nights.schedule(
            interaction.guild_id,
            channel.id,
            channel.id,
            f"#{name}",
            when,
            questions,
            difficulty,
            interaction.user.id,
        )
        await interaction.response.send_message(embed=announcement_embed(night), allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="list", description=N_("Moderators: the trivia nights still to come."))
    async def list(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        nights = await self.cog.nights.listed(interaction.guild_id)
        await interaction.response.send_message(embed=schedule_list_embed(nights), ephemeral=True)

    @app_commands.command(name="cancel", description=N_("Moderators: cancel a trivia night and its event."))
    @app_commands.describe(id=N_("The night's number, from /trivia schedule list"))
    async def cancel(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        assert interaction.guild_id is not None
        night = await self.cog.nights.cancel(interaction.guild_id, id)
        await interaction.response.send_message(
            _("Cancelled trivia night #{id} (<t:{when}:F>) and its event.").format(
                id=night.id, when=int(night.starts_at.timestamp())
            ),
            ephemeral=True,
        )


class TriviaNightsCog(commands.Cog, name="Trivia nights"):
    def __init__(self, bot: BallerinaBot, *, nights: TriviaNights, starter: NightStarter, tick: bool) -> None:
        self.bot = bot
        self.nights = nights
        self.starter = starter
        self.ticking = tick
        self.group = ScheduleGroup(self)

    async def cog_load(self) -> None:
        trivia = self.bot.tree.get_command("trivia")
        assert isinstance(trivia, app_commands.Group), "the trivia cog loads first (cogs load by name)"
        trivia.add_command(self.group)

    async def tick(self) -> list[int]:
        """One look for due nights (the periodic task does this every ``TICK_SECONDS``)."""
        return await self.nights.tick(self.bot.owns_guild, self.starter)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self.ticking:  # not for `ballerina-bot sync`, which runs next to the real bot
            self.nights.start_ticking(self.bot.owns_guild, self.starter)

    async def cog_unload(self) -> None:
        await self.nights.stop_ticking()
        trivia = self.bot.tree.get_command("trivia")
        if isinstance(trivia, app_commands.Group):
            trivia.remove_command(self.group.name)


async def setup(bot: BallerinaBot) -> None:
    services = bot.services
    starter = NightStarter(client=bot, stage=bot.game_stage)
    await bot.add_cog(
        TriviaNightsCog(bot, nights=services.trivia_nights, starter=starter, tick=not bot.sync_only)
    )
