"""Commands that set several server settings at once (``/trivia settings``, ``/settings cooldowns``),
built from ``bot.domain.settings.SETTINGS``: one option per setting that names the command, with its
range or choices, its help text and default. A new row in the table is a new option here.

Without options such a command shows the current values; with some, it changes them through
``SettingsChanges`` (validated by the domain, recorded in the history) and says what changed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection
from typing import Any, Literal, Optional

import discord
from discord import app_commands

from bot.domain.settings import SETTINGS, GuildSettings, Spec, options_of, setting_text
from bot.i18n import _
from bot.services.settings_changes import SettingsChanges
from bot.ui.replies import NO_MENTIONS
from bot.ui.spoiler_render import describe_changes

# What a command shows without options: an embed of its own (naming the settings it covers; the
# others are added as fields), or None for one line per setting.
Show = Callable[[GuildSettings], discord.Embed]


def option_help(spec: Spec) -> str:
    """Command metadata (an option's description): English here; Discord gets its translations from
    the command translator (the ``commands`` catalogue)."""
    default = "none" if spec.default is None else setting_text(spec.default)
    off = "; 0: no limit" if spec.bounds is not None and spec.bounds.low == 0 else ""
    allowed = f"{spec.allowed}; " if spec.bounds is not None else ""
    return f"{spec.describe} ({allowed}default {default}{off})"


def option_type(spec: Spec) -> Any:
    if spec.bounds is not None:
        return app_commands.Range[int, spec.bounds.low, spec.bounds.high]
    if spec.choices is not None:
        return Literal[tuple(c.value for c in spec.choices)]
    raise TypeError(f"{spec.label}: only a range or choices make an option here; give it a command")


def current_lines(settings: GuildSettings, keys: Collection[str]) -> str:
    return "\n".join(
        _("{setting}: **{value}**").format(
            setting=_(SETTINGS[key].label), value=SETTINGS[key].text(settings[key])
        )
        for key in keys
    )


def settings_command(
    command: str,
    description: str,
    settings: SettingsChanges,
    *,
    show: Show | None = None,
    shown: Collection[str] = (),
    changed_note: str = "",
) -> app_commands.Command[Any, ..., None]:
    """The subcommand ``command`` ("trivia settings"), with an option per setting it sets.

    ``changed_note`` (added after what changed) is a marked constant (``N_``): it is translated here.
    """
    options = options_of(command)
    if not options:
        raise ValueError(f"no setting names /{command} as its command")

    async def callback(interaction: discord.Interaction, **given: Any) -> None:
        assert interaction.guild_id is not None
        wanted = {options[name]: value for name, value in given.items() if value is not None}
        if not wanted:
            current = await settings.current(interaction.guild_id)
            rest = [key for key in options.values() if key not in shown]
            if show is None:
                await interaction.response.send_message(
                    current_lines(current, rest), ephemeral=True, allowed_mentions=NO_MENTIONS
                )
                return
            embed = show(current)
            for key in rest:
                embed.add_field(name=_(SETTINGS[key].label), value=SETTINGS[key].text(current[key]))
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        made = await settings.change(interaction.guild_id, interaction.user.id, **wanted)
        note = _(changed_note) if made and changed_note else ""
        await interaction.response.send_message(
            describe_changes(made) + note, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    # discord.py reads the options from the callback's signature and their help from this mapping.
    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for name, key in options.items():
        annotation: Any = Optional.__getitem__(option_type(SETTINGS[key]))  # a runtime type
        parameters.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        )
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        name: option_help(SETTINGS[key]) for name, key in options.items()
    }
    return app_commands.Command(name=command.split()[-1], description=description, callback=callback)
