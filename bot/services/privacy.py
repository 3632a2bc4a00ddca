"""What the bot keeps about a member in a server, and deleting it on request."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.records import MemberStats
from bot.storage.protocols import AnswerSink, MemberDataStore, ScoreStore, SettingsStore


@dataclass(frozen=True, slots=True)
class MemberData:
    seen: bool
    stats: MemberStats


class Privacy:
    def __init__(
        self, settings: SettingsStore, scores: ScoreStore, members: MemberDataStore, answers: AnswerSink
    ) -> None:
        self._settings = settings
        self._scores = scores
        self._members = members
        self._answers = answers

    async def summary(self, guild_id: int, user_id: int) -> MemberData:
        seen = await self._settings.has_seen(guild_id, user_id)
        return MemberData(seen, await self._scores.member_stats(guild_id, user_id))

    async def forget(self, guild_id: int, user_id: int) -> None:
        """Delete the member's seen mark, answers and scores in this server (nothing of anyone else's)."""
        # Answers still queued would otherwise be written after the delete and bring the member back.
        await self._answers.flush()
        await self._members.forget_member(guild_id, user_id)
