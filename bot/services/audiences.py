"""Who sees a reply, as the spoiler policy needs it: the server's rules and the member's seen mark."""

from __future__ import annotations

from bot.domain.clocks import WallClock
from bot.domain.settings import GuildSettings
from bot.domain.spoilers import DEFAULT_RULES, Audience, Mode, Redactor, SpoilerRules
from bot.i18n import Language
from bot.i18n.guild_locales import public_language
from bot.storage.health import StorageFault
from bot.storage.protocols import SettingsStore

WHEN_UNKNOWN = SpoilerRules(mode=Mode.HIDE)  # a server's rules that cannot be read: withhold spoilers


class Audiences:
    def __init__(self, settings: SettingsStore, wall_clock: WallClock) -> None:
        self._settings = settings
        self._now = wall_clock

    async def settings(self, guild_id: int) -> GuildSettings:
        """The server's settings; when the storage cannot be read, the strictest spoiler rules.

        Settings are cached, so this only happens for a server not seen since the fault began:
        its replies withhold spoilers (the rules are unknown) and everything else is the default.
        """
        try:
            return await self._settings.get(guild_id)
        except StorageFault:
            return GuildSettings(guild_id).with_values(spoiler_mode=WHEN_UNKNOWN.mode)

    async def language(self, guild_id: int) -> Language:
        """The language of what the whole channel reads in this server (public replies, the bot's own
        posts): its ``/settings language``, else the server's Discord language, else English."""
        return public_language(guild_id, (await self.settings(guild_id))["language"])

    async def for_reply(
        self, guild_id: int | None, rules_channel_id: int | None, user_id: int, *, ephemeral: bool
    ) -> Redactor:
        """The Redactor for a reply to a member; ``rules_channel_id`` is a thread's parent for a thread."""
        now = self._now()
        if guild_id is None:
            # A direct message is seen by that member alone, but "seen" is per server,
            # so spoilers stay tagged there.
            return Redactor(DEFAULT_RULES, Audience(channel_id=None, ephemeral=True), now=now)
        settings = await self.settings(guild_id)
        seen = ephemeral and await self.has_seen(guild_id, user_id)
        audience = Audience(channel_id=rules_channel_id, ephemeral=ephemeral, member_has_seen=seen)
        return Redactor(settings.spoilers, audience, now=now)

    async def for_channel(self, guild_id: int, rules_channel_id: int | None) -> Redactor:
        """The Redactor for a public message the bot posts on its own (a trivia question, a reveal).

        Built again for every message, so a rule changed mid-game (an embargo) applies at once.
        """
        settings = await self.settings(guild_id)
        audience = Audience(channel_id=rules_channel_id, ephemeral=False)
        return Redactor(settings.spoilers, audience, now=self._now())

    async def has_seen(self, guild_id: int, user_id: int) -> bool:
        try:
            return await self._settings.has_seen(guild_id, user_id)
        except StorageFault:
            return False  # unknown: spoilers stay hidden or tagged for them

    async def set_seen(self, guild_id: int, user_id: int, seen: bool) -> None:
        await self._settings.set_seen(guild_id, user_id, seen, self._now())
