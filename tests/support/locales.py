"""Members and servers in other languages: SimCord's interactions all say ``en-US``, so these
rewrite an interaction's ``locale`` (the member's client) and ``guild_locale`` (the server's) as
Discord would send them, before the bot reads it."""

from __future__ import annotations

from typing import Any

from tests.support.world import World


def _user_id(data: dict[str, Any]) -> int | None:
    user = (data.get("member") or {}).get("user") or data.get("user") or {}
    return int(user["id"]) if user.get("id") else None


def speak(world: World, *, members: dict[Any, str] | None = None, server: str | None = None) -> None:
    """From now on, each of ``members`` (actors) uses that client locale ("fr", "de"…) and the
    server's own Discord language is ``server``. Call again to change them."""
    parsers = world.bot._connection.parsers
    original = getattr(world.bot, "_english_interactions", None) or parsers["INTERACTION_CREATE"]
    world.bot._english_interactions = original  # type: ignore[attr-defined]
    by_user = {actor.id: locale for actor, locale in (members or {}).items()}

    def in_locales(data: dict[str, Any]) -> None:
        user = _user_id(data)
        if user in by_user:
            data["locale"] = by_user[user]
        if server is not None and data.get("guild_id"):
            data["guild_locale"] = server
        original(data)

    parsers["INTERACTION_CREATE"] = in_locales


def said_in(locale: str, text: str) -> str:
    """``text`` (a string of the bot's, as written in the code) as a member with ``locale`` reads it:
    to click a button by its label in that language."""
    from bot.i18n import _, for_discord_locale, use_language

    with use_language(for_discord_locale(locale)):
        return _(text)
