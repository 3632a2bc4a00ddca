"""Trivia nights on Discord: the announcement, the list, and starting the game in its channel."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.domain.errors import UserError
from bot.domain.trivia.game import TriviaMode
from bot.domain.trivia.nights import TriviaNight
from bot.i18n import N_, _, ngettext, use_language
from bot.services.running_game import GamePlan, GameRequest
from bot.ui.replies import NO_MENTIONS
from bot.ui.style import BRAND_COLOUR
from bot.ui.trivia.presenter import DiscordPresenter, GameChannel, GameStage, tell
from bot.ui.trivia.render import spoiler_summary, start_embed

log = logging.getLogger(__name__)

NIGHT_TITLE = N_("Ballerina trivia night")


def night_link(guild_id: int, event_id: int) -> str:
    return f"https://discord.com/events/{guild_id}/{event_id}"


def announcement_embed(night: TriviaNight) -> discord.Embed:
    """What the channel sees when a night is scheduled (and the preview shows)."""
    when = int(night.starts_at.timestamp())
    if night.questions:
        count = ngettext("**{n} question**", "**{n} questions**", night.questions).format(n=night.questions)
    else:
        count = _("the server's number of questions")
    lines = [
        _(
            "A trivia game starts in <#{channel}> on <t:{when}:F> (<t:{when}:R>): {count}, "
            "difficulty **{difficulty}**."
        ).format(channel=night.channel_id, when=when, count=count, difficulty=night.difficulty),
        _(
            "It is on the server's calendar: [open the event]({link}) and press **Interested** to be "
            "reminded when it starts."
        ).format(link=night_link(night.guild_id, night.event_id)),
    ]
    embed = discord.Embed(title=_(NIGHT_TITLE), description="\n\n".join(lines), colour=BRAND_COLOUR)
    embed.set_footer(text=_("Trivia night #{id} · moderators: /trivia schedule cancel").format(id=night.id))
    return embed


NIGHTS_LISTED = 25  # a list a moderator reads at a glance; the rest are counted


def schedule_list_embed(nights: Sequence[TriviaNight]) -> discord.Embed:
    if not nights:
        text = _("No trivia nights are scheduled. Moderators add one with `/trivia schedule add`.")
    else:
        lines = []
        for n in nights[:NIGHTS_LISTED]:
            if n.questions:
                count = ngettext("{n} question", "{n} questions", n.questions).format(n=n.questions)
            else:
                count = _("the server's number of questions")
            lines.append(
                _("**#{id}** <t:{when}:F> in <#{channel}>, {count}, {difficulty} · [event]({link})").format(
                    id=n.id,
                    when=int(n.starts_at.timestamp()),
                    channel=n.channel_id,
                    count=count,
                    difficulty=n.difficulty,
                    link=night_link(n.guild_id, n.event_id),
                )
            )
        text = "\n".join(lines)
        if len(nights) > NIGHTS_LISTED:
            text += "\n" + _("…and {n} more.").format(n=len(nights) - NIGHTS_LISTED)
    return discord.Embed(title=_("Trivia nights to come"), description=text, colour=BRAND_COLOUR)


@dataclass(frozen=True, eq=False)
class NightStarter:
    """Starts a due night's game in its channel, through ``TriviaGames.start`` like ``/trivia start``."""

    client: discord.Client
    stage: GameStage

    async def __call__(self, night: TriviaNight) -> None:
        try:  # no channel cache (no guilds intent): ask Discord
            channel = await self.client.fetch_channel(night.channel_id)
        except discord.HTTPException as exc:  # deleted, or closed to the bot: nobody to tell
            log.warning(
                "Trivia night %s: channel %s is unavailable (%s); no game.", night.id, night.channel_id, exc
            )
            return
        if not isinstance(channel, GameChannel):
            log.warning(
                "Trivia night %s: channel %s cannot hold a game; no game.", night.id, night.channel_id
            )
            return
        # The game is public: the server's language, for its start and everything the game's tasks
        # post (they are created inside this block, so they keep it).
        with use_language(await self.stage.audiences.language(night.guild_id)):
            await self._start(night, channel)

    async def _start(self, night: TriviaNight, channel: GameChannel) -> None:
        request = GameRequest(
            guild_id=night.guild_id,
            channel_id=night.channel_id,
            rules_channel_id=night.rules_channel_id,
            starter_id=night.created_by,
            count=night.questions,
            difficulty=night.difficulty,
            include_spoilers=True,
            mode=TriviaMode.CHOICE,
        )

        async def post(plan: GamePlan) -> tuple[DiscordPresenter, str]:
            embed = start_embed(
                starter_id=night.created_by,
                total=len(plan.questions),
                requested=plan.requested,
                mode=request.mode,
                difficulty=night.difficulty,
                settings=plan.settings,
                spoilers=spoiler_summary(plan.redactor, True),
            )
            embed.title = _(NIGHT_TITLE)
            message = await channel.send(embed=embed, allowed_mentions=NO_MENTIONS)
            presenter = self.stage.presenter(
                channel,
                game_id=plan.game_id,
                guild_id=night.guild_id,
                rules_channel_id=night.rules_channel_id,
            )
            return presenter, message.jump_url

        try:
            await self.stage.games.start(request, post)
        except UserError as exc:  # e.g. a game already running there: say so where people wait
            await tell(channel, _("The trivia night could not start: {reason}").format(reason=exc.message))
            raise
