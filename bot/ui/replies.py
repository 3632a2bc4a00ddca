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
from bot.i18n import N_, _, for_discord_locale, use_language
from bot.i18n.formatting import number
from bot.metrics import observe

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


def new_error_id() -> str:
    return secrets.token_hex(4)


# The permissions a refusal can name, as Discord's own menus name them in each language.
PERMISSIONS = {
    # i18n: limit 100
    "manage_guild": N_("Manage Server"),
    # i18n: limit 100
    "manage_messages": N_("Manage Messages"),
}


def permission_names(names: list[str]) -> str:
    """Permissions as Discord's own menus name them ("Manage Server", not "Manage Guild")."""
    return ", ".join(
        _(PERMISSIONS[p]) if p in PERMISSIONS else p.replace("guild", "server").replace("_", " ").title()
        for p in names
    )


def user_message(error: BaseException) -> str | None:
    """The friendly text for a known error (in the language of the moment), or None when it is a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserError):
        return error.message
    if isinstance(error, app_commands.NoPrivateMessage):
        # i18n: limit 2000
        return _("This command only works in a server, not in direct messages.")
    if isinstance(error, app_commands.MissingPermissions):
        perms = permission_names(error.missing_permissions)
        # i18n: limit 2000
        return _("You need the {permissions} permission to do that.").format(permissions=perms)
    if isinstance(error, app_commands.BotMissingPermissions):
        perms = permission_names(error.missing_permissions)
        # i18n: limit 2000
        return _(
            "I need the {permissions} permission here to do that. Ask a server admin to grant it."
        ).format(permissions=perms)
    if isinstance(error, app_commands.CommandOnCooldown):
        # i18n: limit 2000
        return _("Slow down a little: try again in {seconds} s.").format(
            seconds=number(round(error.retry_after))
        )
    if isinstance(error, app_commands.TransformerError):
        # i18n: limit 2000
        return _("I could not understand {value} for that option.").format(value=repr(str(error.value)[:50]))
    if isinstance(error, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
        # i18n: limit 2000
        return _("That command has changed since Discord last heard about it. Try again in a minute.")
    if isinstance(error, app_commands.CheckFailure):
        # i18n: limit 2000
        return _("You can't use that command here.")
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
    """Tell the member what went wrong, privately and in their own language (even when the command
    was answering the channel in the server's)."""
    if expired(getattr(error, "original", error)):  # answered too late: nobody to tell, one per click
        observe(interaction, "expired", error)
        return
    with use_language(for_discord_locale(str(interaction.locale))):
        await _report_error(interaction, error, where)


async def _report_error(interaction: discord.Interaction, error: BaseException, where: str) -> None:
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
        # i18n: limit 2000
        message = _(
            "Something went wrong (error id `{error_id}`). The bot's owner can find it in the logs."
        ).format(error_id=error_id)
    await send_ephemeral(interaction, message)
