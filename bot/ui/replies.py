"""How the bot answers a member: no pings, friendly refusals, and an error id for the logs.

Views, forms and cogs all reply through these, so a refusal reads the same wherever it happens.
A ``UserError`` (from any layer) becomes a short ephemeral message, as do Discord's own refusals
(missing permissions, DMs). Anything unexpected is logged with its traceback under a short error
id, and the member is told that id so an owner can find the log line.
"""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot.domain.errors import UserError
from bot.metrics import observe

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


def new_error_id() -> str:
    return secrets.token_hex(4)


def permission_names(names: list[str]) -> str:
    """Permissions as Discord's own menus name them ("Manage Server", not "Manage Guild")."""
    return ", ".join(p.replace("guild", "server").replace("_", " ").title() for p in names)


def user_message(error: BaseException) -> str | None:
    """The friendly text for a known error, or None when it is a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserError):
        return error.message
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server, not in direct messages."
    if isinstance(error, app_commands.MissingPermissions):
        perms = permission_names(error.missing_permissions)
        return f"You need the {perms} permission to do that."
    if isinstance(error, app_commands.BotMissingPermissions):
        perms = permission_names(error.missing_permissions)
        return f"I need the {perms} permission here to do that. Ask a server admin to grant it."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.TransformerError):
        return f"I could not understand {str(error.value)[:50]!r} for that option."
    if isinstance(error, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
        return "That command has changed since Discord last heard about it. Try again in a minute."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here."
    return None


UNKNOWN_INTERACTION = 10062  # Discord's code for an interaction not answered within 3 s


def expired(error: BaseException) -> bool:
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


async def send_ephemeral(interaction: discord.Interaction, content: str) -> None:
    """Respond, or follow up if the interaction was already answered."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.NotFound:
        log.debug("Could not tell the user about an error: the interaction expired")  # counted, not logged
    except discord.HTTPException:
        log.warning("Could not tell the user about an error (interaction expired?)")


async def report_error(interaction: discord.Interaction, error: BaseException, *, where: str) -> None:
    if expired(getattr(error, "original", error)):  # answered too late: nobody to tell, one per click
        observe(interaction, "expired", error)
        return
    message = user_message(error)
    observe(interaction, "refused" if message is not None else "error", getattr(error, "original", error))
    if message is None:
        error_id = new_error_id()
        original = getattr(error, "original", error)
        log.error(
            "Error %s in %s (guild %s, user %s)",
            error_id,
            where,
            interaction.guild_id,
            interaction.user.id,
            exc_info=original,
        )
        message = f"Something went wrong (error id `{error_id}`). The bot's owner can find it in the logs."
    await send_ephemeral(interaction, message)
