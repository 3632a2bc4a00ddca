"""Trivia's scores as embeds: a server's leaderboards and a member's stats."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.domain import discord_limits as limits
from bot.domain.records import LeaderboardRow, MemberStats
from bot.domain.text import truncate
from bot.i18n import N_, _, ngettext
from bot.ui.paginator import list_pages
from bot.ui.style import BRAND_COLOUR
from bot.ui.trivia.words import points

PERIOD_TITLES = {
    # i18n: limit 256
    "all": N_("Trivia leaderboard: all time"),
    # i18n: limit 256
    "month": N_("Trivia leaderboard: the last 30 days"),
    # i18n: limit 256
    "week": N_("Trivia leaderboard: the last 7 days"),
}


def leaderboard_pages(
    rows: Sequence[LeaderboardRow], *, period: str, players: int, per_page: int = 10
) -> list[discord.Embed]:
    title = _(PERIOD_TITLES.get(period, PERIOD_TITLES["all"]))
    if not rows:
        embed = discord.Embed(
            title=title,
            description=_("Nobody has scored in this period yet. Start a game with `/trivia start`."),
            colour=BRAND_COLOUR,
        )
        return [embed]
    lines = []
    for place, row in enumerate(rows, start=1):
        line = ngettext(
            "{place}. <@{member}> — {points} point ({correct} correct)",
            "{place}. <@{member}> — {points} points ({correct} correct)",
            row.points,
        )
        lines.append(
            line.format(
                place=place, member=row.user_id, points=points(row.points), correct=points(row.correct)
            )
        )
    if players > len(rows):
        # i18n: limit 2000
        shown = _("top {shown} of {players} · /trivia stats for details").format(
            shown=len(rows), players=points(players)
        )
    else:
        shown = ngettext(
            "{count} player · /trivia stats for details",
            "{count} players · /trivia stats for details",
            players,
        ).format(count=points(players))
    return list_pages(title, lines, shown, max_lines=per_page)


def stats_embed(
    user_id: int, name: str, stats: MemberStats, rank: int | None, players: int, *, hidden: bool = False
) -> discord.Embed:
    title = _("Trivia stats: {name}").format(name=name)
    embed = discord.Embed(title=truncate(title, limits.EMBED_TITLE), colour=BRAND_COLOUR)
    if stats.answered == 0:
        embed.description = _("<@{member}> has not answered a trivia question in this server yet.").format(
            member=user_id
        )
        return embed
    accuracy = round(100 * stats.correct / stats.answered)
    embed.description = f"<@{user_id}>"
    # i18n: limit 256
    embed.add_field(name=_("Points"), value=points(stats.points))
    # i18n: limit 256
    rank_name = _("Rank")
    if hidden:  # ``players`` counts those shown; a hidden member would be one more
        shown_as = _("hidden (#{rank} of {players} if shown)").format(rank=rank, players=points(players + 1))
        embed.add_field(name=rank_name, value=shown_as if rank else _("hidden"))
    else:
        place = _("#{rank} of {players}").format(rank=rank, players=points(players))
        embed.add_field(name=rank_name, value=place if rank else "—")
    accuracy_value = _("{percent}% ({correct} of {answered})").format(
        percent=accuracy, correct=points(stats.correct), answered=points(stats.answered)
    )
    # i18n: limit 256
    embed.add_field(name=_("Accuracy"), value=accuracy_value)
    # i18n: limit 256
    embed.add_field(name=_("Games played"), value=points(stats.games_played))
    # i18n: limit 256
    embed.add_field(name=_("Games won"), value=points(stats.games_won))
    streak = ngettext("{count} correct answer", "{count} correct answers", stats.best_streak)
    # i18n: limit 256
    embed.add_field(name=_("Best streak"), value=streak.format(count=points(stats.best_streak)))
    # i18n: limit 2048
    footer = _("All-time numbers for this server. A game counts as won when all its questions were played.")
    embed.set_footer(text=footer)
    return embed
