"""/daily: one trivia question a day at the server's local time, and members' streaks.

A thin adapter over ``DailyQuestions`` (bot/services/daily.py), which holds the schedule rules and
the scheduler; this cog posts the messages it is handed and starts and stops the scheduler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.daily import matching_zones
from bot.domain.errors import UserError
from bot.i18n import N_, _, use_language
from bot.i18n.guild_locales import public_language
from bot.services.daily import DailyClose, DailyPost, DailyQuestions
from bot.ui.channel_option import ChannelOption
from bot.ui.commands import Access, Help, Reply, declare
from bot.ui.daily import DailyAnswerButton, close_embed, daily_embed, daily_view, schedule_text, streak_text
from bot.ui.replies import NO_MENTIONS

if TYPE_CHECKING:
    from bot.client import BallerinaBot

DAILY_CHANNEL = ChannelOption(
    (discord.ChannelType.text, discord.ChannelType.news), N_("Pick a text channel for the daily question.")
)
NEEDS = N_("I need View Channel, Send Messages and Embed Links in <#{channel}>.")


async def _private(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


@declare(help=Help.TRIVIA, access=Access.MODERATOR)
@app_commands.guild_only()
class DailyGroup(
    app_commands.Group, name="daily", description=N_("A trivia question every day, and streaks.")
):
    def __init__(self, cog: DailyCog) -> None:
        super().__init__()
        self.cog = cog

    @app_commands.command(name="setup", description=N_("Moderators: post a daily question at a local time."))
    @app_commands.describe(
        channel=N_("Where to post it"),
        time=N_("Local time, HH:MM on a 24-hour clock (e.g. 09:00)"),
        timezone=N_("The server's time zone, e.g. Europe/Prague"),
        close=N_("Optional local time (HH:MM) the question closes and its answer is posted"),
    )
    async def setup(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[discord.abc.Snowflake, DAILY_CHANNEL],
        time: app_commands.Range[str, 1, 5],
        timezone: app_commands.Range[str, 1, 64],
        close: app_commands.Range[str, 1, 5] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        result = await self.cog.daily.setup(interaction.guild_id, channel.id, time, timezone, close)
        await _private(interaction, schedule_text(result.schedule, result.next_post))

    @setup.autocomplete("timezone")
    async def timezone_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=name) for name in matching_zones(current)]

    @app_commands.command(name="pause", description=N_("Moderators: stop posting until /daily resume."))
    async def pause(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await self.cog.daily.pause(interaction.guild_id, True)
        await _private(interaction, _("The daily question is paused. `/daily resume` starts it again."))

    @app_commands.command(name="resume", description=N_("Moderators: post the daily question again."))
    async def resume(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        when = await self.cog.daily.pause(interaction.guild_id, False)
        schedule = await self.cog.daily.schedule(interaction.guild_id)
        assert schedule is not None and when is not None
        await _private(interaction, schedule_text(schedule, when))

    @app_commands.command(
        name="off", description=N_("Moderators: stop the daily question (streaks are kept).")
    )
    async def off(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await self.cog.daily.turn_off(interaction.guild_id)
        await _private(interaction, _("The daily question is off. Members' streaks are kept."))

    @declare(help=Help.TRIVIA, access=Access.MODERATOR, spoilers=True)
    @app_commands.command(name="now", description=N_("Moderators: post today's question now."))
    async def now(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        day = await self.cog.daily.post_now(interaction.guild_id, self.cog.post)
        await interaction.followup.send(
            _("Posted the question of {day}.").format(day=day), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @declare(help=Help.TRIVIA, reply=Reply.PRIVATE)
    @app_commands.command(name="streak", description=N_("Your daily-question streak (only you see it)."))
    async def streak(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        streak = await self.cog.daily.streak(interaction.guild_id, interaction.user.id)
        await _private(interaction, streak_text(streak))


class DailyCog(commands.Cog, name="Daily"):
    def __init__(self, bot: BallerinaBot, daily: DailyQuestions, *, run_scheduler: bool = True) -> None:
        self.bot = bot
        self.daily = daily
        self.run_scheduler = run_scheduler
        self.group = DailyGroup(self)
        bot.tree.add_command(self.group)
        bot.add_dynamic_items(DailyAnswerButton)

    async def post(self, post: DailyPost) -> int | None:
        """Send a day's question, in the server's language; its message id."""
        channel = self.bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        with use_language(public_language(post.guild_id, post.language)):
            embed, view = daily_embed(post), daily_view(post, self.daily)
        try:
            message = await channel.send(embed=embed, view=view, allowed_mentions=NO_MENTIONS)
        except discord.Forbidden:
            # Said to the moderator (/daily now), in their language; the scheduler logs it.
            raise UserError(
                _(NEEDS).format(channel=post.channel_id) + " " + _("Today's question could not be posted.")
            ) from None
        return message.id

    async def reveal(self, close: DailyClose) -> None:
        """Send a question's answer at its close time, in the server's language (under the question)."""
        channel = self.bot.get_partial_messageable(close.channel_id, guild_id=close.guild_id)
        with use_language(public_language(close.guild_id, close.language)):
            embed = close_embed(close)
        if close.reply_to is None:
            await channel.send(embed=embed, allowed_mentions=NO_MENTIONS)
            return
        question = discord.MessageReference(
            message_id=close.reply_to, channel_id=close.channel_id, fail_if_not_exists=False
        )
        await channel.send(embed=embed, allowed_mentions=NO_MENTIONS, reference=question)

    async def cog_load(self) -> None:
        if self.run_scheduler:  # not for a `sync` next to a running bot
            await self.daily.start(self.post, self.reveal)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.group.name)
        self.bot.remove_dynamic_items(DailyAnswerButton)
        await self.daily.stop()


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(DailyCog(bot, bot.services.daily, run_scheduler=not bot.sync_only))
