"""Embeds that describe a server's spoiler rules and their history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.domain import discord_limits as limits
from bot.domain.lifecycle import RESET_SETTING
from bot.domain.records import AuditEntry
from bot.domain.settings import SETTINGS, SPOILER_CHANNEL, GuildSettings, SettingChange, value_words
from bot.domain.spoilers import Mode, Threshold, describe_remaining
from bot.i18n import N_, _, by_code
from bot.ui.server_render import describe_reset
from bot.ui.style import BRAND_COLOUR

# Field values of the rules embed (translated where shown; the bold word is the command's value).
MODE_TEXT = {
    Mode.TAG: N_("**tag**: spoilers are shown inside spoiler tags, ||like this||"),
    Mode.HIDE: N_(
        "**hide**: spoilers are withheld; members who marked the film as seen can read them privately"
    ),
    Mode.OPEN: N_("**open**: spoilers are shown plainly"),
}
THRESHOLD_TEXT = {
    Threshold.MINOR: N_("**minor and major**: any plot detail counts as a spoiler"),
    Threshold.MAJOR: N_("**major only**: only big reveals count; early-film details are shown plainly"),
}


# The history's names for settings: their labels in the settings table, and the spoiler channels
# (marked N_, translated where shown).
SETTING_NAMES = {
    SPOILER_CHANNEL: N_("Spoiler channel"),
    **{key: spec.label for key, spec in SETTINGS.items()},
}


def _embargo_text(value: str) -> str:
    if value == "none":
        return _("off")
    try:
        return timestamp(datetime.fromisoformat(value))
    except ValueError:  # not a time: show what was stored
        return value


def language_name(code: str) -> str:
    found = by_code(code)
    return found.name if found is not None else _(SETTINGS["language"].none_reads)


def describe_change(setting: str, old: str, new: str) -> str:
    """One audit line's 'what: old → new', in words a moderator reads.

    Values are the canonical text the history keeps (``bot.domain.settings.setting_text``).
    """
    key, _sep, channel = setting.partition(":")
    if key == SPOILER_CHANNEL and channel.isdigit():
        return _("**{setting}** <#{channel}>: {old} → {new}").format(
            setting=_(SETTING_NAMES[key]), channel=channel, old=value_words(old), new=value_words(new)
        )
    if key == RESET_SETTING:  # /server reset: what it deleted
        return describe_reset(old, new)
    if key == "automod_rule_id":  # the stored value is a rule id; what matters is on/off
        old, new = (_("off") if old == "none" else _("on")), (_("off") if new == "none" else _("on"))
    elif key == "embargo_until":
        old, new = _embargo_text(old), _embargo_text(new)
    elif key == "reports_channel_id":
        old, new = (f"<#{v}>" if v.isdigit() else value_words(v) for v in (old, new))
    elif key == "language":  # a code: its own name reads better ("Deutsch")
        old, new = (language_name(v) for v in (old, new))
    else:
        old, new = value_words(old), value_words(new)
    name = _(SETTING_NAMES[key]) if key in SETTING_NAMES else key
    return _("**{setting}**: {old} → {new}").format(setting=name, old=old, new=new)


def describe_changes(changes: Sequence[SettingChange]) -> str:
    """What a settings command changed, for the moderator who ran it."""
    if not changes:
        return _("Nothing changed: that was already the setting.")
    return "\n".join(describe_change(c.setting, c.old, c.new) for c in changes)


def timestamp(moment: datetime, style: str = "f") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def rules_embed(
    settings: GuildSettings, now: datetime, *, member_has_seen: bool | None = None
) -> discord.Embed:
    rules = settings.spoilers
    # i18n: limit 256
    embed = discord.Embed(title=_("Spoiler rules for this server"), colour=BRAND_COLOUR)
    # i18n: limit 256
    embed.add_field(name=_("Mode"), value=_(MODE_TEXT[rules.mode]), inline=False)
    embed.add_field(
        # i18n: limit 256
        name=_("What counts as a spoiler"),
        value=_(THRESHOLD_TEXT[rules.threshold]),
        inline=False,
    )
    if rules.spoiler_channels:
        channels = " ".join(f"<#{c}>" for c in sorted(rules.spoiler_channels))
        # i18n: limit 200
        value = _("Spoilers are shown plainly in: {channels}").format(channels=channels)
    else:
        # i18n: limit 1024
        value = _("None. Add one with `/spoilers channel`.")
    # i18n: limit 256
    embed.add_field(name=_("Spoiler channels"), value=value[: limits.EMBED_FIELD_VALUE], inline=False)
    if rules.embargo_until is not None and rules.embargo_active(now):
        # i18n: limit 900
        value = _(
            "Until {moment} ({remaining} left): every spoiler is withheld, in spoiler channels too."
        ).format(
            moment=timestamp(rules.embargo_until), remaining=describe_remaining(rules.embargo_until, now)
        )
    else:
        # i18n: limit 1024
        value = _("Off.")
    # i18n: limit 256
    embed.add_field(name=_("Embargo"), value=value, inline=False)
    automod = (
        # i18n: limit 1024
        _("On: messages with spoiler keywords are blocked outside spoiler channels.")
        if (settings.automod_rule_id)
        # i18n: limit 1024
        else _("Off.")
    )
    # i18n: limit 256
    embed.add_field(name=_("AutoMod guard"), value=automod, inline=False)
    if member_has_seen is not None:
        footer = (
            # i18n: limit 2048
            _("You have seen the film (/seen). Only you can see this message.")
            if member_has_seen
            # i18n: limit 2048
            else _("You have not marked the film as seen (/seen). Only you can see this message.")
        )
        embed.set_footer(text=footer)
    return embed


def history_embed(entries: Sequence[AuditEntry]) -> discord.Embed:
    # i18n: limit 256
    embed = discord.Embed(title=_("Recent settings changes"), colour=BRAND_COLOUR)
    if not entries:
        # i18n: limit 4096
        embed.description = _("No changes yet: this server uses the default rules.")
        return embed
    lines = []
    for entry in entries:
        change = describe_change(entry.setting, entry.old, entry.new)
        lines.append(f"{timestamp(entry.at, 'R')} <@{entry.actor_id}> {change}")
    embed.description = "\n".join(lines)[:4000]
    return embed
