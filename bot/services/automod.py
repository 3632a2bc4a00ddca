"""The optional AutoMod guard: a Discord keyword rule that blocks spoiler words outside spoiler channels.

It talks to Discord's REST API by server id (no cached guild object needed) and keeps the rule's
id in the server's settings, so turning it on twice updates the same rule.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence

import discord

from bot.domain.clocks import WallClock
from bot.domain.errors import UserError
from bot.domain.settings import SettingChange, normalise
from bot.i18n import N_, _, use_language
from bot.i18n.guild_locales import public_language
from bot.storage.protocols import SettingsStore

log = logging.getLogger(__name__)

# Shown by Discord (the rule's name to moderators in Server Settings → AutoMod, its message to the
# member whose message it blocks): in the server's language, as the rule is made or updated.
# i18n: limit 100
RULE_NAME = N_("ballerina-bot: Ballerina spoilers")
# i18n: limit 150
BLOCK_MESSAGE = N_("That looks like a Ballerina spoiler: please post it in this server's spoiler channel.")
MAX_KEYWORDS = 1000  # Discord's limit for a keyword rule
MAX_EXEMPT_CHANNELS = 50  # Discord's limit


class AutoModGuard:
    def __init__(
        self,
        http: discord.http.HTTPClient,
        settings: SettingsStore,
        keywords: Sequence[str],
        wall_clock: WallClock,
    ) -> None:
        self._http = http
        self._settings = settings
        self.keywords = list(keywords)[:MAX_KEYWORDS]
        self._now = wall_clock

    async def _exempt(self, guild_id: int) -> list[str]:
        channels = (await self._settings.get(guild_id)).spoilers.spoiler_channels
        return [str(c) for c in sorted(channels)[:MAX_EXEMPT_CHANNELS]]

    async def _record(self, guild_id: int, actor_id: int, rule_id: int | None) -> list[SettingChange]:
        wanted = {"automod_rule_id": normalise("automod_rule_id", rule_id)}
        return await self._settings.update(guild_id, actor_id, wanted, self._now())

    async def turn_on(self, guild_id: int, actor_id: int) -> list[SettingChange]:
        """Create the rule (or bring the existing one up to date); ``UserError`` when Discord refuses."""
        settings = await self._settings.get(guild_id)
        rule_id = settings.automod_rule_id
        with use_language(public_language(guild_id, settings["language"])):
            name, message = _(RULE_NAME), _(BLOCK_MESSAGE)
        trigger = discord.AutoModTrigger(
            type=discord.AutoModRuleTriggerType.keyword, keyword_filter=self.keywords
        )
        payload = {
            "trigger_metadata": trigger.to_metadata_dict(),
            "actions": [discord.AutoModRuleAction(custom_message=message).to_dict()],
            "enabled": True,
            "exempt_channels": await self._exempt(guild_id),
        }
        try:
            if rule_id is not None:
                try:
                    await self._http.get_auto_moderation_rule(guild_id, rule_id)
                except discord.NotFound:  # removed by hand in Server Settings
                    rule_id = None
            if rule_id is None:
                created = await self._http.create_auto_moderation_rule(
                    guild_id,
                    name=name,
                    event_type=discord.AutoModRuleEventType.message_send.value,
                    trigger_type=trigger.type.value,
                    reason=f"Turned on by {actor_id}",
                    **payload,
                )
                rule_id = int(created["id"])
            else:
                await self._http.edit_auto_moderation_rule(guild_id, rule_id, reason=None, **payload)
        except discord.HTTPException as exc:
            log.warning("AutoMod rule failed in guild %s: %s %s", guild_id, exc.status, exc.code)
            raise UserError(
                _(
                    "Discord refused the AutoMod rule (a server can have at most 6 keyword rules). "
                    "Remove one in Server Settings → AutoMod and try again."
                )
            ) from None
        return await self._record(guild_id, actor_id, rule_id)

    async def turn_off(self, guild_id: int, actor_id: int) -> list[SettingChange]:
        rule_id = (await self._settings.get(guild_id)).automod_rule_id
        if rule_id is not None:
            reason = f"Turned off by {actor_id}"
            with contextlib.suppress(discord.NotFound):  # already removed by hand in Server Settings
                await self._http.delete_auto_moderation_rule(guild_id, rule_id, reason=reason)
        return await self._record(guild_id, actor_id, None)

    async def refresh_exemptions(self, guild_id: int) -> None:
        """Keep the rule's exempt channels equal to the spoiler channels (runs in the background)."""
        try:
            rule_id = (await self._settings.get(guild_id)).automod_rule_id
            if rule_id is None:
                return
            await self._http.edit_auto_moderation_rule(
                guild_id,
                rule_id,
                reason="Spoiler channels changed",
                exempt_channels=await self._exempt(guild_id),
            )
        except discord.HTTPException as exc:
            log.warning("Could not update the AutoMod rule in guild %s: %s", guild_id, exc.status)
        except Exception:  # runs in the background: nobody else would see it
            log.exception("Updating the AutoMod rule in guild %s failed", guild_id)
