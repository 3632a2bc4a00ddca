"""The daily question in Discord: its message (with the previous day's reveal), the reveal at its
close time, its answer buttons, and the streak views.

Same rules as trivia's renderers: question text, options and answers go only into embed
descriptions, through the channel's ``Redactor``; button labels are letters; mentions sit in embeds
and every send passes ``NO_MENTIONS``, so naming the day's top answerers never pings them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import discord

from bot.domain import discord_limits as limits
from bot.domain.content import SpoilerLevel
from bot.domain.daily import DailySchedule, Streak, StreakRow, describe_time
from bot.domain.errors import UserError
from bot.domain.question_families.translated import asked_in, question_note
from bot.domain.spoilers import Action, Redactor
from bot.domain.text import truncate
from bot.domain.trivia.limits import LETTERS
from bot.i18n import _, ngettext
from bot.metrics import observe
from bot.services.daily import DailyClose, DailyPost, DailyQuestions, DailyReveal
from bot.ui.commands import ComponentPolicy
from bot.ui.paginator import list_pages
from bot.ui.replies import NO_MENTIONS, report_error
from bot.ui.rewards import note_after_answer
from bot.ui.style import BRAND_COLOUR
from bot.ui.trivia.render import player_name

DAILY_TEMPLATE = r"daily:(?P<guild>\d{1,20}):(?P<day>\d{8}):(?P<choice>[A-D])"


def daily_custom_id(guild_id: int, day: str, choice: str) -> str:
    # At most 6 + 20 + 1 + 8 + 2 = 37 characters (Discord allows 100).
    return f"daily:{guild_id}:{day.replace('-', '')}:{choice}"


def _day_from_id(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:6]}-{compact[6:]}"


def _redact(redactor: Redactor, text: str, level: SpoilerLevel) -> str:
    return redactor.apply(text, level, short=True)


def days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def reveal_lines(reveal: DailyReveal, redactor: Redactor) -> list[str]:
    asked, level = asked_in(reveal.asked), reveal.asked.question.spoiler  # in the language of the moment
    correct = asked.correct_letter or ""
    text = dict(asked.lettered_options()).get(correct, asked.correct_text)
    lines = [
        _("**The answer to the question of {day}:** {letter}. {answer}").format(
            day=reveal.day, letter=correct, answer=_redact(redactor, text, level)
        ),
    ]
    if reveal.first_right:
        names = ", ".join(player_name(u, reveal.hidden) for u in reveal.first_right)
        lines.append(
            ngettext(
                "First right: {names} ({n} answer in all).",
                "First right: {names} ({n} answers in all).",
                reveal.answers,
            ).format(names=names, n=reveal.answers)
        )
    else:
        lines.append(
            ngettext(
                "Nobody got it right ({n} answer in all).",
                "Nobody got it right ({n} answers in all).",
                reveal.answers,
            ).format(n=reveal.answers)
        )
    return lines


def daily_embed(post: DailyPost) -> discord.Embed:
    asked, redactor = asked_in(post.asked), post.redactor  # in the language of the moment
    level = asked.question.spoiler
    lines: list[str] = []
    if post.reveal is not None:
        lines += [*reveal_lines(post.reveal, redactor), ""]
    if level is not SpoilerLevel.NONE and redactor.action(level) is not Action.SHOW:
        lines.append(_("⚠️ *Spoiler question ({level})*").format(level=level.value))
    lines.append(f"**{_redact(redactor, asked.question.question, level)}**")
    lines.append("")
    lines += [f"**{letter}.** {_redact(redactor, text, level)}" for letter, text in asked.lettered_options()]
    if post.closes_at is None:
        lines += ["", _("Answer once with a letter below. The answer comes with tomorrow's question.")]
    else:
        when = int(post.closes_at.timestamp())
        lines += [
            "",
            _("Answer once with a letter below, until <t:{when}:t>; then the answer comes.").format(
                when=when
            ),
        ]
    embed = discord.Embed(
        title=_("Daily question: {day}").format(day=post.day),
        description=truncate("\n".join(lines), limits.EMBED_DESCRIPTION),
        colour=BRAND_COLOUR,
    )
    footer = _("One answer each · answer daily for a streak · /daily streak")
    note = question_note(asked.question)
    embed.set_footer(text=f"{footer}\n{note}" if note else footer)
    return embed


def close_embed(close: DailyClose) -> discord.Embed:
    """The answer of a question at its close time (posted in the question's channel)."""
    return discord.Embed(
        title=_("Daily question: {day} has closed").format(day=close.reveal.day),
        description=truncate("\n".join(reveal_lines(close.reveal, close.redactor)), limits.EMBED_DESCRIPTION),
        colour=BRAND_COLOUR,
    )


def daily_view(post: DailyPost, service: DailyQuestions) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for letter in LETTERS[: len(post.asked.options)]:
        view.add_item(DailyAnswerButton(post.guild_id, post.day, letter, service))
    return view


def schedule_text(schedule: DailySchedule, next_post: datetime | None) -> str:
    if schedule.paused:
        text = _("Daily question **paused**: <#{channel}> at **{time}** ({zone}).")
    else:
        text = _("Daily question **on**: <#{channel}> at **{time}** ({zone}).")
    parts = [
        text.format(
            channel=schedule.channel_id, time=describe_time(schedule.post_minute), zone=schedule.time_zone
        )
    ]
    if next_post and not schedule.paused:
        parts.append(_("Next question: <t:{when}:F>.").format(when=int(next_post.timestamp())))
    if schedule.close_minute is not None:
        parts.append(
            _("Each question closes at **{time}**, and its answer is posted then.").format(
                time=describe_time(schedule.close_minute)
            )
        )
    else:
        parts.append(_("Each question's answer comes with the next question."))
    parts.append(_("I need View Channel, Send Messages and Embed Links there."))
    return " ".join(parts)


def streak_text(streak: Streak) -> str:
    if streak.best == 0:
        return _("You have not answered a daily question here yet.")
    return _(
        "Your daily streak: **{current}** (best: {best}). Answer every daily question to keep it going."
    ).format(current=days(streak.current), best=days(streak.best))


def streak_pages(rows: Sequence[StreakRow]) -> list[discord.Embed]:
    title = _("Daily question: longest streaks")
    if not rows:
        return [
            discord.Embed(
                title=title,
                description=_("No streaks yet: answer the daily question (`/daily setup` starts one)."),
                colour=BRAND_COLOUR,
            )
        ]
    lines = [
        _("{place}. <@{user}> — {current} (best {best})").format(
            place=place, user=r.user_id, current=days(r.streak.current), best=r.streak.best
        )
        for place, r in enumerate(rows, start=1)
    ]
    return list_pages(title, lines, _("/daily streak shows yours"), max_lines=10)


class DailyAnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=DAILY_TEMPLATE):
    """A letter under a daily question; its custom id holds the server, the day and the letter."""

    declared = ComponentPolicy()  # replies "Locked in" or a refusal: never the question's text

    def __init__(self, guild_id: int, day: str, choice: str, service: DailyQuestions) -> None:
        super().__init__(
            discord.ui.Button(
                label=choice,
                style=discord.ButtonStyle.primary,
                custom_id=daily_custom_id(guild_id, day, choice),
            )
        )
        self.guild_id, self.day, self.choice, self.service = guild_id, day, choice, service

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any
    ) -> DailyAnswerButton:
        services = getattr(interaction.client, "services", None)
        service = getattr(services, "daily", None)
        assert isinstance(service, DailyQuestions), "the bot holds the daily question service"
        return cls(int(match["guild"]), _day_from_id(match["day"]), match["choice"], service)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            if interaction.guild_id != self.guild_id:
                raise UserError(_("This button belongs to another server's daily question."))
            streak = await self.service.answer(self.guild_id, self.day, interaction.user.id, self.choice)
        except UserError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True, allowed_mentions=NO_MENTIONS)
            observe(interaction, "refused")
            return
        except Exception as exc:  # dynamic items bypass View.on_error
            await report_error(interaction, exc, where="a daily question button")
            return
        text = _("Locked in: {letter}. Streak: {streak}.").format(
            letter=self.choice, streak=days(streak.current)
        )
        text += await note_after_answer(interaction, streak=streak.current)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        observe(interaction, "ok")
