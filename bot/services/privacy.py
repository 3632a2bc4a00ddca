"""What the bot keeps about a member in a server: show it, export it, hide it from leaderboards, delete it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.clocks import WallClock
from bot.domain.records import MemberStats
from bot.services.data_export import encode_member, member_document
from bot.services.rewards import RoleRewards
from bot.storage.protocols import AnswerSink, MemberDataStore, ScoreStore, SettingsStore


@dataclass(frozen=True, slots=True)
class MemberData:
    seen: bool
    stats: MemberStats
    hidden: bool = False  # off public leaderboards (/privacy leaderboard)


@dataclass(frozen=True, slots=True)
class MemberExport:
    data: bytes  # the JSON file (README, "Your data")
    answers: int
    exported_at: datetime


class Privacy:
    def __init__(
        self,
        settings: SettingsStore,
        scores: ScoreStore,
        members: MemberDataStore,
        answers: AnswerSink,
        wall_clock: WallClock,
        bot_version: str,
        *,
        rewards: RoleRewards | None = None,
    ) -> None:
        self._settings = settings
        self._scores = scores
        self._members = members
        self._answers = answers
        self._now = wall_clock
        self._bot_version = bot_version
        self._rewards = rewards

    async def summary(self, guild_id: int, user_id: int) -> MemberData:
        # Answers still queued are the member's too: count them.
        await self._answers.flush()
        seen = await self._settings.has_seen(guild_id, user_id)
        stats = await self._scores.member_stats(guild_id, user_id)
        return MemberData(seen, stats, await self._members.is_hidden(guild_id, user_id))

    async def export(self, guild_id: int, user_id: int) -> MemberExport:
        """Every row that names the member in this server, as the JSON file /privacy export sends."""
        await self._answers.flush()
        records = await self._members.member_records(guild_id, user_id)
        now = self._now()
        document = member_document(records, exported_at=now, bot_version=self._bot_version)
        return MemberExport(encode_member(document), len(records.answers), now)

    async def set_hidden(self, guild_id: int, user_id: int, hidden: bool) -> bool:
        """Stay off (or come back onto) public leaderboards; False when that was already so."""
        return await self._members.set_hidden(guild_id, user_id, hidden, self._now())

    async def hidden_players(self, guild_id: int) -> frozenset[int]:
        return await self._members.hidden_players(guild_id)

    async def forget(self, guild_id: int, user_id: int) -> None:
        """Delete the member's seen mark, leaderboard choice, answers and scores in this server, and
        take back the roles the bot gave them as rewards."""
        if self._rewards is not None:  # before the rows that say which roles they were go
            await self._rewards.take_back(guild_id, user_id)
        # Answers still queued would otherwise be written after the delete and bring the member back.
        await self._answers.flush()
        await self._members.forget_member(guild_id, user_id)
