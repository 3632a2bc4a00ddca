"""/server's texts: what a reset deletes and keeps (with counts), its result, and its history line."""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.domain import discord_limits as limits
from bot.domain.lifecycle import RESET_DONE_KEEPING_QUESTIONS, parse_reset_counts
from bot.i18n import _, ngettext
from bot.i18n.formatting import number
from bot.services.server_data import ResetPlan


def deleted_words(counts: Mapping[str, int], *, keep_questions: bool) -> list[str]:
    """What a reset deletes, in words, from rows per table (``ServerDataStore.counts``)."""
    n = counts.get
    channels = n("spoiler_channels", 0)
    if channels:
        settings = ngettext(
            "the server's settings, back to the defaults (and {n} spoiler channel)",
            "the server's settings, back to the defaults (and {n} spoiler channels)",
            channels,
        ).format(n=number(channels))
    else:
        settings = _("the server's settings, back to the defaults")
    words = [settings]
    if seen := n("member_seen", 0):
        words.append(
            ngettext("the /seen marks of {n} member", "the /seen marks of {n} members", seen).format(
                n=number(seen)
            )
        )
    games, answers = n("trivia_games", 0), n("trivia_answers", 0)
    if games or answers:
        words.append(
            _("{games} and their {answers}").format(
                games=ngettext("{n} trivia game", "{n} trivia games", games).format(n=number(games)),
                answers=ngettext("{n} answer", "{n} answers", answers).format(n=number(answers)),
            )
        )
    if players := n("member_stats", 0):
        words.append(
            ngettext("the scores of {n} player", "the scores of {n} players", players).format(
                n=number(players)
            )
        )
    if n("trivia_asked", 0):
        words.append(_("the list of questions already asked"))
    if nights := n("trivia_nights", 0):
        words.append(
            ngettext(
                "{n} trivia night (the schedule: no game starts; delete their events in Discord)",
                "{n} trivia nights (the schedule: no game starts; delete their events in Discord)",
                nights,
            ).format(n=number(nights))
        )
    if rewards := n("role_rewards", 0):
        words.append(ngettext("{n} role reward", "{n} role rewards", rewards).format(n=number(rewards)))
    if given := n("role_grants", 0):
        words.append(
            ngettext(
                "{n} role given as a reward (taken back)", "{n} roles given as rewards (taken back)", given
            ).format(n=number(given))
        )
    if not keep_questions and (questions := n("custom_questions", 0)):
        words.append(server_questions(questions))
    return words


def server_questions(count: int) -> str:
    return ngettext("{n} server question", "{n} server questions", count).format(n=number(count))


def kept_words(counts: Mapping[str, int], *, keep_questions: bool) -> list[str]:
    n = counts.get
    entries = n("audit_log", 0)
    words = [
        ngettext(
            "the settings history ({n} entry), with this reset added",
            "the settings history ({n} entries), with this reset added",
            entries,
        ).format(n=number(entries))
    ]
    if keep_questions and (questions := n("custom_questions", 0)):
        words.append(server_questions(questions))
    if hidden := n("hidden_players", 0):
        words.append(
            ngettext(
                "the choice of {n} member to stay off leaderboards",
                "the choice of {n} members to stay off leaderboards",
                hidden,
            ).format(n=number(hidden))
        )
    if reports := n("content_reports", 0):
        words.append(
            ngettext(
                "{n} report of a mistake in the film's facts (/report)",
                "{n} reports of a mistake in the film's facts (/report)",
                reports,
            ).format(n=number(reports))
        )
    return words


def reset_embed(plan: ResetPlan) -> discord.Embed:
    # i18n: limit 256
    embed = discord.Embed(title=_("Reset this server's data?"), colour=discord.Colour.red())
    deleted = deleted_words(plan.counts, keep_questions=plan.keep_questions)
    if plan.automod_on:
        deleted.append(_("the AutoMod spoiler rule (it is turned off first)"))
    # i18n: limit 256
    name = _("Deleted")
    embed.add_field(
        name=name, value="\n".join(f"• {w}" for w in deleted)[: limits.EMBED_FIELD_VALUE], inline=False
    )
    kept = kept_words(plan.counts, keep_questions=plan.keep_questions)
    # i18n: limit 256
    name = _("Kept")
    embed.add_field(
        name=name, value="\n".join(f"• {w}" for w in kept)[: limits.EMBED_FIELD_VALUE], inline=False
    )
    embed.set_footer(
        # i18n: limit 2048
        text=_(
            "This cannot be undone. /server export first keeps a copy. Members' data in other servers "
            "is not touched."
        )
    )
    return embed


def describe_reset(old: str, new: str) -> str:
    """The audit history's line for a reset (``bot.domain.lifecycle.reset_record``)."""
    kept = new == RESET_DONE_KEEPING_QUESTIONS
    words = "; ".join(deleted_words(parse_reset_counts(old), keep_questions=kept))
    if kept:
        return _("**Server data reset**: deleted {what}; server questions kept").format(what=words)
    return _("**Server data reset**: deleted {what}").format(what=words)


def reset_done(deleted: Mapping[str, int], *, keep_questions: bool) -> str:
    words = "; ".join(deleted_words(deleted, keep_questions=keep_questions))
    if keep_questions:
        # i18n: limit 2000
        text = _(
            "Done. Deleted: {what}. Server questions were kept. The reset is recorded in `/spoilers history`."
        )
    else:
        # i18n: limit 2000
        text = _("Done. Deleted: {what}. The reset is recorded in `/spoilers history`.")
    return text.format(what=words)
