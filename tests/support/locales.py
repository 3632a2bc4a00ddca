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

from collections.abc import Callable
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
