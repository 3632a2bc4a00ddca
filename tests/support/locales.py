"""Members and servers in other languages: the Discord locales their interactions carry.

SimCord sends every interaction with ``locale`` and ``guild_locale`` "en-US". ``speaking`` puts
other values in the payloads as Discord would (a member whose client is in French, a server whose
Discord language is German), before the bot reads them: nothing in the bot is patched, only what
arrives. It wraps the bot's INTERACTION_CREATE parser, the entry every interaction goes through.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import simcord

from bot.i18n.guild_locales import remember
from tests.support.world import World

ENGLISH = "en-US"  # what SimCord sends


@contextmanager
def speaking(
    world: World, members: Mapping[simcord.MemberActor, str] | None = None, *, guild: str | None = None
) -> Iterator[None]:
    """Within the block, ``members``' interactions carry their Discord locale ("fr", "de", "es-419")
    and every interaction in the world's server carries ``guild`` as the server's (if given)."""
    by_id = {actor.id: locale for actor, locale in (members or {}).items()}
    parsers = world.bot._connection.parsers
    parse = parsers["INTERACTION_CREATE"]

    def with_locales(data: Any) -> None:
        user = (data.get("member") or {}).get("user") or data.get("user") or {}
        locale = by_id.get(int(user.get("id", 0)))
        if locale is not None:
            data["locale"] = locale
        if guild is not None and str(data.get("guild_id")) == str(world.guild.id):
            data["guild_locale"] = guild
        parse(data)

    parsers["INTERACTION_CREATE"] = with_locales
    try:
        yield
    finally:
        parsers["INTERACTION_CREATE"] = parse
        remember(world.guild.id, ENGLISH)  # the bot's memory of the server's language, as SimCord's
