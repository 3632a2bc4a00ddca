"""/server's texts: what a reset deletes and keeps (with counts), its result, and its history line."""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.domain.lifecycle import RESET_DONE_KEEPING_QUESTIONS, parse_reset_counts
from bot.domain.text import plural
from bot.i18n import ngettext
from bot.services.server_data import ResetPlan


def deleted_words(counts: Mapping[str, int], *, keep_questions: bool) -> list[str]:
    """What a reset deletes, in words, from rows per table (``ServerDataStore.counts``)."""
    n = counts.get
    settings = "the server's settings, back to the defaults"
    if n("spoiler_channels", 0):
        settings += f" (and {plural(n('spoiler_channels', 0), 'spoiler channel')})"
    words = [settings]
    if n("member_seen", 0):
        words.append(f"the /seen marks of {plural(n('member_seen', 0), 'member')}")
    if n("trivia_games", 0) or n("trivia_answers", 0):
        games, answers = plural(n("trivia_games", 0), "trivia game"), plural(n("trivia_answers", 0), "answer")
        words.append(f"{games} and their {answers}")
    if n("member_stats", 0):
        words.append(f"the scores of {plural(n('member_stats', 0), 'player')}")
    if n("trivia_asked", 0):
        words.append("the list of questions already asked")
    if n("trivia_nights", 0):
        nights = plural(n("trivia_nights", 0), "trivia night")
        words.append(f"{nights} (the schedule: no game starts; delete their events in Discord)")
    if n("role_rewards", 0):
        words.append(
            ngettext("{n} role reward", "{n} role rewards", n("role_rewards", 0)).format(
                n=n("role_rewards", 0)
            )
        )
    if n("role_grants", 0):
        given = n("role_grants", 0)
        words.append(
            ngettext(
                "{n} role given as a reward (taken back)", "{n} roles given as rewards (taken back)", given
            ).format(n=given)
        )
    if not keep_questions and n("custom_questions", 0):
        words.append(plural(n("custom_questions", 0), "server question"))
    return words


def kept_words(counts: Mapping[str, int], *, keep_questions: bool) -> list[str]:
    n = counts.get
    entries = n("audit_log", 0)
    words = [
        f"the settings history ({entries:,} {'entry' if entries == 1 else 'entries'}), with this reset added"
    ]
    if keep_questions and n("custom_questions", 0):
        words.append(plural(n("custom_questions", 0), "server question"))
    if n("hidden_players", 0):
        words.append(f"the choice of {plural(n('hidden_players', 0), 'member')} to stay off leaderboards")
    if n("content_reports", 0):
        reports = plural(n("content_reports", 0), "report")
        words.append(f"{reports} of a mistake in the film's facts (/report)")
    return words


def reset_embed(plan: ResetPlan) -> discord.Embed:
    embed = discord.Embed(title="Reset this server's data?", colour=discord.Colour.red())
    deleted = deleted_words(plan.counts, keep_questions=plan.keep_questions)
    if plan.automod_on:
        deleted.append("the AutoMod spoiler rule (it is turned off first)")
    embed.add_field(name="Deleted", value="\n".join(f"• {w}" for w in deleted)[:1024], inline=False)
    kept = kept_words(plan.counts, keep_questions=plan.keep_questions)
    embed.add_field(name="Kept", value="\n".join(f"• {w}" for w in kept)[:1024], inline=False)
    embed.set_footer(
        text="This cannot be undone. /server export first keeps a copy. Members' data in other servers "
        "is not touched."
    )
    return embed


def describe_reset(old: str, new: str) -> str:
    """The audit history's line for a reset (``bot.domain.lifecycle.reset_record``)."""
    kept = new == RESET_DONE_KEEPING_QUESTIONS
    words = deleted_words(parse_reset_counts(old), keep_questions=kept)
    return "**Server data reset**: deleted " + "; ".join(words) + ("; server questions kept" if kept else "")


def reset_done(deleted: Mapping[str, int], *, keep_questions: bool) -> str:
    words = deleted_words(deleted, keep_questions=keep_questions)
    kept = " Server questions were kept." if keep_questions else ""
    return f"Done. Deleted: {'; '.join(words)}.{kept} The reset is recorded in `/spoilers history`."
