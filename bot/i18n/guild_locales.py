"""Each server's Discord language, as its interactions carry it (``guild_locale``).

The bot has no guilds intent, so it learns a server's language from the interactions it receives;
a post made on its own (the daily question, a trivia night) before any interaction since the bot
started uses the server's ``/settings language``, else English.
"""

from __future__ import annotations

from bot.i18n.languages import Language, server_language

_seen: dict[int, str] = {}


def remember(guild_id: int | None, guild_locale: str | None) -> None:
    if guild_id is not None and guild_locale:
        _seen[guild_id] = guild_locale


def public_language(guild_id: int, chosen: str | None) -> Language:
    """The language of what the bot posts in a server: ``chosen`` (the setting), else its Discord one."""
    return server_language(chosen, _seen.get(guild_id))


def forget_all() -> None:
    """Forget every server's language (a test's servers are not the next test's)."""
    _seen.clear()
