"""A whole server's data, for its owners (Manage Server): export it as JSON, or reset it.

A reset is planned first (what would go, with counts, shown for confirmation), refused while a
trivia game runs in the server, turns off the AutoMod guard (its rule lives in Discord) and is
recorded in the server's audit history, which it keeps.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import discord

from bot.domain.clocks import WallClock
from bot.domain.errors import UserError
from bot.i18n import _
from bot.services.data_export import SERVER_FORMAT, SERVER_VERSION, encode_server, iso
from bot.services.rewards import RoleRewards
from bot.services.settings_changes import SettingsChanges
from bot.services.trivia_games import TriviaGames
from bot.storage.protocols import SERVER_TABLES, AnswerSink, ServerDataStore

EXPORT_PAGE_ROWS = 5000


@dataclass(frozen=True, slots=True)
class ServerExport:
    data: bytes  # the JSON file (README, "Your data")
    counts: dict[str, int]  # rows per table, as exported
    exported_at: datetime


@dataclass(frozen=True, slots=True)
class ResetPlan:
    """What ``/server reset`` would delete and keep, for the confirmation."""

    counts: dict[str, int]  # rows per table now
    keep_questions: bool
    automod_on: bool  # the AutoMod guard's rule is removed first


class ServerData:
    def __init__(
        self,
        store: ServerDataStore,
        answers: AnswerSink,
        settings: SettingsChanges,
        games: TriviaGames,
        wall_clock: WallClock,
        bot_version: str,
        *,
        rewards: RoleRewards | None = None,
    ) -> None:
        self._store = store
        self._answers = answers
        self._settings = settings
        self._games = games
        self._now = wall_clock
        self._bot_version = bot_version
        self._rewards = rewards

    async def export(self, guild_id: int) -> ServerExport:
        await self._answers.flush()  # answers already acknowledged belong in the file
        now = self._now()
        header = {
            "format": SERVER_FORMAT,
            "version": SERVER_VERSION,
            "exported_at": iso(now),
            "bot_version": self._bot_version,
            "server_id": str(guild_id),
        }
        exported: dict[str, int] = dict.fromkeys(SERVER_TABLES, 0)

        async def rows(table: str) -> AsyncIterator[list[dict[str, Any]]]:
            async for page in self._store.rows(guild_id, table, EXPORT_PAGE_ROWS):
                exported[table] += len(page)
                yield page

        data = await encode_server(header, list(SERVER_TABLES), rows)
        return ServerExport(data, exported, now)

    def _refuse_while_playing(self, guild_id: int) -> None:
        channels = [g.channel_id for g in self._games.running() if g.guild_id == guild_id]
        if channels:
            where = ", ".join(f"<#{c}>" for c in channels)
            raise UserError(
                _(
                    "A trivia game is running in {where}. Stop it with `/trivia stop` (or let it finish), "
                    "then reset. Nothing was changed."
                ).format(where=where)
            )

    async def plan_reset(self, guild_id: int, *, keep_questions: bool) -> ResetPlan:
        self._refuse_while_playing(guild_id)
        await self._answers.flush()
        counts = await self._store.counts(guild_id)
        automod = (await self._settings.current(guild_id)).automod_rule_id is not None
        return ResetPlan(counts, keep_questions, automod)

    async def reset(self, guild_id: int, actor_id: int, *, keep_questions: bool) -> dict[str, int]:
        """Delete the server's settings and play (``ServerDataStore.reset``); rows deleted per table."""
        self._refuse_while_playing(guild_id)
        if (await self._settings.current(guild_id)).automod_rule_id is not None:
            try:
                await self._settings.automod_off(guild_id, actor_id)
            except discord.HTTPException:
                raise UserError(
                    _(
                        "Discord would not remove the AutoMod spoiler rule, so nothing was reset. "
                        "Try `/spoilers automod enabled:off`, then reset again."
                    )
                ) from None
        # Queued answers of finished games would otherwise be written after the delete.
        await self._answers.flush()
        if self._rewards is not None:  # the roles given, taken back before the rows naming them go
            await self._rewards.take_back(guild_id)
        return await self._store.reset(
            guild_id, keep_questions=keep_questions, actor_id=actor_id, at=self._now()
        )
