"""Role rewards in Discord: the moderators' list and replies, and the line a member is told privately
when a reward's role was given to them.

Roles are written ``<@&id>`` only inside ephemeral replies and embeds, and every send passes
``NO_MENTIONS``: naming a role never pings it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot.domain.rewards import KIND_LABELS, MAX_REWARDS, RewardKind, RoleReward
from bot.i18n import _, ngettext
from bot.services.rewards import RewardsView, RoleRewards
from bot.ui.style import BRAND_COLOUR

log = logging.getLogger(__name__)


def _threshold(reward: RoleReward) -> str:
    if reward.kind is RewardKind.POINTS:
        return ngettext("{n} trivia point", "{n} trivia points", reward.threshold).format(n=reward.threshold)
    return ngettext("a {n}-day daily streak", "a {n}-day daily streak", reward.threshold).format(
        n=reward.threshold
    )


def added_text(reward: RoleReward) -> str:
    return _(
        "Members who reach {threshold} now get <@&{role}>, once each; I tell them privately. "
        "Members who are already there get it with their next answer."
    ).format(threshold=_threshold(reward), role=reward.role_id)


def removed_text(role_id: int) -> str:
    return _("<@&{role}> is no longer a reward. Members who have it keep it.").format(role=role_id)


def rewards_embed(view: RewardsView) -> discord.Embed:
    if not view.rewards:
        text = _(
            "No role rewards. Add one with `/settings rewards add role: kind: threshold:` "
            "(I need the Manage Roles permission, and my role above the reward's)."
        )
    else:
        lines = []
        for reward in view.rewards:
            line = _("<@&{role}> at {threshold}").format(role=reward.role_id, threshold=_threshold(reward))
            if reward.needs_attention:
                line += " · " + _(
                    "**needs attention**: I could not give it (is my role still above it, with Manage Roles?)"
                )
            lines.append("• " + line)
        text = "\n".join(lines)
    embed = discord.Embed(title=_("Role rewards"), description=text, colour=BRAND_COLOUR)
    embed.set_footer(
        text=ngettext(
            "{n} of {most} rewards · {given} role given so far",
            "{n} of {most} rewards · {given} roles given so far",
            view.granted,
        ).format(n=len(view.rewards), most=MAX_REWARDS, given=view.granted)
    )
    return embed


def kind_label(kind: RewardKind) -> str:
    return _(KIND_LABELS[kind])


def reward_note(roles: Sequence[int]) -> str:
    """What a member is told, after their reply's own text, when rewards were given ("" for none)."""
    if not roles:
        return ""
    names = ", ".join(f"<@&{r}>" for r in roles)
    return " " + ngettext("You earned the role {roles}.", "You earned the roles {roles}.", len(roles)).format(
        roles=names
    )


async def note_after_answer(
    interaction: discord.Interaction, *, unrevealed_points: int | None = None, streak: int | None = None
) -> str:
    """Give the rewards an answer just reached, and what to add to the member's private reply.

    Crossing is detected here, at the reply the member already gets once their answer is stored:
    a daily answer extends the streak whatever it was (nothing is given away), and a trivia answer
    counts the member's points *without* those of questions still open, this one's and any other
    game's in the server (a role given now would tell them they were right); they count at their
    next answer after the reveal. A game's end has
    no private reply to anyone, so it is not where rewards are given. Never raises: a reward that
    cannot be given is the moderators' to fix (``RoleRewards`` logs it once and marks it).
    """
    services = getattr(interaction.client, "services", None)
    rewards = getattr(services, "rewards", None)
    guild_id = interaction.guild_id
    if not isinstance(rewards, RoleRewards) or guild_id is None:
        return ""
    user_id = interaction.user.id
    try:
        if streak is not None:
            return reward_note(await rewards.after_streak(guild_id, user_id, streak))
        if unrevealed_points is not None:
            return reward_note(await rewards.revealed_points(guild_id, user_id, unrevealed_points))
    except Exception:
        log.exception("Role rewards could not be checked for member %s of server %s", user_id, guild_id)
    return ""
