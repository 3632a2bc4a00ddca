"""The command tree: cooldowns before any command runs, and one error handler (after Red's RedTree).

What a command is allowed to do is declared where it is defined (``bot/ui/commands.py``); the
tree reads those declarations. Replies and refusals are worded in ``bot/ui/replies.py``.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.domain.cooldowns import Use, slow_down_message
from bot.i18n import set_language
from bot.metrics import observe
from bot.services.audiences import Audiences
from bot.services.cooldowns import CommandCooldowns
from bot.ui.commands import Policy, Reply, policy_of
from bot.ui.replies import report_error, send_ephemeral

log = logging.getLogger(__name__)


def invoked(
    tree: app_commands.CommandTree, data: Any
) -> tuple[app_commands.Command[Any, ..., Any] | None, list[dict[str, Any]]]:
    """The slash command a raw interaction payload names, and the options given to it.

    (The tree's check runs before discord.py resolves the command and its namespace.)
    """
    data = data or {}
    found: Any = tree.get_command(str(data.get("name", "")))
    options = data.get("options") or []
    while isinstance(found, app_commands.Group) and options and options[0].get("type") in (1, 2):
        found = found.get_command(str(options[0]["name"]))  # a subcommand (group)
        options = options[0].get("options") or []
    return (found if isinstance(found, app_commands.Command) else None), options


def replies_publicly(declared: Policy | None, options: list[dict[str, Any]]) -> bool:
    """Whether this use of a command replies in the channel (its declaration, and the member's choice)."""
    if declared is None:
        return False
    return declared.reply is Reply.PUBLIC or (
        declared.reply is Reply.MEMBER_CHOOSES
        and not any(o.get("name") == declared.private_option and o.get("value") is True for o in options)
    )


def command_use(declared: Policy | None, public: bool, interaction: discord.Interaction) -> Use | None:
    """The cooldown rule a command use counts against (``public``: its reply is); None: no rule."""
    if declared is None or declared.cooldown is None:
        return None
    return Use(declared.cooldown, interaction.guild_id, interaction.channel_id, interaction.user.id, public)


async def speak_to_channel(audiences: Audiences, interaction: discord.Interaction) -> None:
    """A public reply is read by the whole channel: it speaks the server's language, not the member's."""
    if interaction.guild_id is None:
        return
    set_language(await audiences.language(interaction.guild_id))


class BotTree(app_commands.CommandTree):
    cooldowns: CommandCooldowns | None = None  # set in setup_hook, once the services exist
    audiences: Audiences | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Cooldowns, in one place for every command: a command over its limit does not run at all.

        Then the reply's language: the member's (set as the interaction arrived), or the server's
        for a reply the channel reads.
        """
        if self.cooldowns is None or interaction.type is not discord.InteractionType.application_command:
            return True
        command, options = invoked(self, interaction.data)  # resolved once, for both steps
        declared = policy_of(command) if command is not None else None
        public = replies_publicly(declared, options)
        use = command_use(declared, public, interaction)
        if use is not None:
            wait = await self.cooldowns.check(use)
            if wait > 0:
                observe(interaction, "refused")
                await send_ephemeral(interaction, slow_down_message(wait))
                return False
        if public and self.audiences is not None:
            await speak_to_channel(self.audiences, interaction)
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        command = interaction.command.qualified_name if interaction.command else "an interaction"
        await report_error(interaction, error, where=f"/{command}")
