"""Members and servers in other languages: the Discord locales an interaction carries.

SimCord's interactions always say ``locale: en-US`` and ``guild_locale: en-US``. Discord sends
the member's client language and the server's language there; ``Locales`` rewrites those two
fields of each INTERACTION_CREATE before the bot's own parser reads it, as Discord would have
sent them. Nothing else about the payload changes.

    locales = Locales(world.bot)
    locales.member(world.member, "fr")     # this member's Discord client is in French
    locales.server("de")                   # the server's Discord language is German
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from bot.client import BallerinaBot
from bot.i18n.guild_locales import remember

EVENT = "INTERACTION_CREATE"


class Actor(Protocol):
    @property
    def id(self) -> int: ...


class Locales:
    def __init__(self, bot: BallerinaBot) -> None:
        self._members: dict[int, str] = {}
        self._server: str | None = None
        self._guild_ids: set[int] = set()
        parsers: dict[str, Callable[[Any], None]] = bot._connection.parsers
        self._parsers = parsers
        self._inner = parsers[EVENT]
        parsers[EVENT] = self._parse

    def member(self, actor: Actor, locale: str) -> None:
        """``actor``'s Discord client speaks ``locale`` ("fr", "de", "es-419", "pt-BR"...)."""
        self._members[actor.id] = locale

    def server(self, locale: str) -> None:
        """Every server's Discord language (``guild_locale``) is ``locale`` from now on."""
        self._server = locale

    def close(self) -> None:
        """Back to SimCord's payloads; the servers' languages the bot learnt are English again."""
        self._parsers[EVENT] = self._inner
        for guild_id in self._guild_ids:
            remember(guild_id, "en-US")

    def _parse(self, data: Any) -> None:
        user = (data.get("member") or {}).get("user") or data.get("user") or {}
        changed = dict(data)
        locale = self._members.get(int(user.get("id", 0)))
        if locale is not None:
            changed["locale"] = locale
        if self._server is not None and data.get("guild_id"):
            changed["guild_locale"] = self._server
            self._guild_ids.add(int(data["guild_id"]))
        self._inner(changed)


def speak(world: Any, *, members: dict[Any, str] | None = None, server: str | None = None) -> None:
    """Shorthand on a ``World``: these members' clients and the server speak these locales (one
    ``Locales`` per bot, so calling again changes them rather than stacking rewrites)."""
    locales = getattr(world.bot, "_test_locales", None)
    if locales is None:
        locales = world.bot._test_locales = Locales(world.bot)
    for actor, locale in (members or {}).items():
        locales.member(actor, locale)
    if server is not None:
        locales.server(server)


def said_in(locale: str, text: str) -> str:
    """``text`` (a string of the bot's, as written in the code) as a member with ``locale`` reads it:
    to click a button by its label in that language."""
    from bot.i18n import _, for_discord_locale, use_language

    with use_language(for_discord_locale(locale)):
        return _(text)


@contextmanager
def speaking(
    world: Any, members: dict[Any, str] | None = None, *, guild: str | None = None
) -> Iterator[None]:
    """Within the block, ``members``' clients speak their locale ("fr", "de", "es-419") and the
    server's Discord language is ``guild`` (if given); afterwards, SimCord's English again."""
    locales = Locales(world.bot)
    for actor, locale in (members or {}).items():
        locales.member(actor, locale)
    if guild is not None:
        locales.server(guild)
    try:
        yield
    finally:
        locales.close()
