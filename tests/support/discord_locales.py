"""Members' and a server's Discord languages in SimCord, which sends every interaction as en-US.

Discord puts the member's client language in each interaction (``locale``) and the server's in
``guild_locale``; the bot reads both as the interaction arrives (``bot/client.py``). SimCord 3.2
writes "en-US" into both and has no option for them, so ``speak`` wraps the one function that
builds every interaction payload (``simcord.interactions.base_payload``: slash commands, clicks,
menus and forms alike) for the length of a test, through pytest's ``monkeypatch``. It also gives
the bot a fresh memory of servers' languages (``bot.i18n.guild_locales``), so a test's server
language does not outlive it. simcord is pinned; if that function changes, this fails at once.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

import pytest
import simcord
import simcord.interactions

from bot.i18n import guild_locales

_build = simcord.interactions.base_payload
assert {"user_id", "guild_id"} <= set(inspect.signature(_build).parameters), (
    "simcord changed: revisit tests/support/discord_locales.py"
)


def speak(
    monkeypatch: pytest.MonkeyPatch,
    members: Mapping[simcord.MemberActor, str] | None = None,
    *,
    server: str | None = None,
) -> None:
    """From now on in this test, ``members`` use Discord in these locales ("fr", "de", "es-419"...)
    and the server's Discord language is ``server``; everyone else stays en-US."""
    by_id = {member.id: locale for member, locale in (members or {}).items()}

    def base_payload(backend: Any, **fields: Any) -> tuple[Any, dict[str, Any]]:
        record, payload = _build(backend, **fields)
        if fields["user_id"] in by_id:
            payload["locale"] = by_id[fields["user_id"]]
        if server is not None and fields["guild_id"] is not None:
            payload["guild_locale"] = server
        return record, payload

    monkeypatch.setattr(simcord.interactions, "base_payload", base_payload)
    monkeypatch.setattr(guild_locales, "_seen", {})
