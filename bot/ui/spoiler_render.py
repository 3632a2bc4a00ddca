"""Embeds that describe a server's spoiler rules and their history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.domain.lifecycle import RESET_SETTING
from bot.domain.records import AuditEntry
from bot.domain.settings import SETTINGS, SPOILER_CHANNEL, GuildSettings, SettingChange
from bot.domain.spoilers import Mode, Threshold, describe_remaining
from bot.i18n import by_code
from bot.ui.server_render import describe_reset
from bot.ui.style import BRAND_COLOUR

MODE_TEXT = {
    Mode.TAG: "**tag**: spoilers are shown inside spoiler tags, ||like this||",
    Mode.HIDE: "**hide**: spoilers are withheld; members who marked the film as seen can read them privately",
    Mode.OPEN: "**open**: spoilers are shown plainly",
}
THRESHOLD_TEXT = {
    Threshold.MINOR: "**minor and major**: any plot detail counts as a spoiler",
    Threshold.MAJOR: "**major only**: only big reveals count; early-film details are shown plainly",
}


# The history's names for settings: their labels in the settings table, and the spoiler channels.
SETTING_NAMES = {SPOILER_CHANNEL: "Spoiler channel", **{key: spec.label for key, spec in SETTINGS.items()}}


def _embargo_text(value: str) -> str:
    if value == "none":
        return "off"
    try:
        return timestamp(datetime.fromisoformat(value))
    except ValueError:  # not a time: show what was stored
        return value


def language_name(code: str) -> str:
    found = by_code(code)
    return found.name if found is not None else SETTINGS["language"].none_reads


def describe_change(setting: str, old: str, new: str) -> str:
    """One audit line's 'what: old → new', in words a moderator reads.

    Values are the canonical text the history keeps (``bot.domain.settings.setting_text``).
    """
    key, _, channel = setting.partition(":")
    if key == SPOILER_CHANNEL and channel.isdigit():
        return f"**{SETTING_NAMES[key]}** <#{channel}>: {old} → {new}"
    if key == RESET_SETTING:  # /server reset: what it deleted
        return describe_reset(old, new)
    if key == "automod_rule_id":  # the stored value is a rule id; what matters is on/off
        old, new = ("off" if old == "none" else "on"), ("off" if new == "none" else "on")
    elif key == "embargo_until":
        old, new = _embargo_text(old), _embargo_text(new)
    elif key == "reports_channel_id":
        old, new = (f"<#{v}>" if v.isdigit() else v for v in (old, new))
    elif key == "language":  # a code: its own name reads better ("Deutsch")
        old, new = (
            found.name if (found := by_code(v)) else "the server's Discord language" for v in (old, new)
        )
    return f"**{SETTING_NAMES.get(key, key)}**: {old} → {new}"


def describe_changes(changes: Sequence[SettingChange]) -> str:
    """What a settings command changed, for the moderator who ran it."""
    if not changes:
        return "Nothing changed: that was already the setting."
    return "\n".join(describe_change(c.setting, c.old, c.new) for c in changes)


def timestamp(moment: datetime, style: str = "f") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def rules_embed(
    settings: GuildSettings, now: datetime, *, member_has_seen: bool | None = None
) -> discord.Embed:
    rules = settings.spoilers
    embed = discord.Embed(title="Spoiler rules for this server", colour=BRAND_COLOUR)
    embed.add_field(name="Mode", value=MODE_TEXT[rules.mode], inline=False)
    embed.add_field(name="What counts as a spoiler", value=THRESHOLD_TEXT[rules.threshold], inline=False)
    if rules.spoiler_channels:
        channels = " ".join(f"<#{c}>" for c in sorted(rules.spoiler_channels))
        value = f"Spoilers are shown plainly in: {channels}"
    else:
        value = "None. Add one with `/spoilers channel`."
    embed.add_field(name="Spoiler channels", value=value[:1024], inline=False)
    if rules.embargo_until is not None and rules.embargo_active(now):
        value = (
            f"Until {timestamp(rules.embargo_until)} ({describe_remaining(rules.embargo_until, now)} left): "
            "every spoiler is withheld, in spoiler channels too."
        )
    else:
        value = "Off."
    embed.add_field(name="Embargo", value=value, inline=False)
    automod = (
        "On: messages with spoiler keywords are blocked outside spoiler channels."
        if (settings.automod_rule_id)
        else "Off."
    )
    embed.add_field(name="AutoMod guard", value=automod, inline=False)
    if member_has_seen is not None:
        seen = "You have seen the film" if member_has_seen else "You have not marked the film as seen"
        embed.set_footer(text=f"{seen} (/seen). Only you can see this message.")
    return embed


def history_embed(entries: Sequence[AuditEntry]) -> discord.Embed:
    embed = discord.Embed(title="Recent settings changes", colour=BRAND_COLOUR)
    if not entries:
        embed.description = "No changes yet: this server uses the default rules."
        return embed
    lines = []
    for entry in entries:
        change = describe_change(entry.setting, entry.old, entry.new)
        lines.append(f"{timestamp(entry.at, 'R')} <@{entry.actor_id}> {change}")
    embed.description = "\n".join(lines)[:4000]
    return embed
