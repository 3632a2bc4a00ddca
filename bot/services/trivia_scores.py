"""Trivia scores: a server's leaderboards and a member's stats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.domain.clocks import WallClock
from bot.domain.errors import UserError
from bot.domain.records import LeaderboardRow, MemberStats
from bot.domain.trivia.limits import LEADERBOARD_ROWS
from bot.i18n import _
from bot.storage.protocols import MemberDataStore, ScoreStore

PERIODS = {"all": None, "month": timedelta(days=30), "week": timedelta(days=7)}


@dataclass(frozen=True, slots=True)
class Leaderboard:
    period: str
    rows: list[LeaderboardRow]  # the best LEADERBOARD_ROWS, best first
    players: int  # everyone who scored in the period


@dataclass(frozen=True, slots=True)
class PlayerStats:
    stats: MemberStats
    rank: int | None  # on the all-time leaderboard; None before a first answer
    players: int  # on the leaderboard (hidden members are not)
    hidden: bool = False  # off public leaderboards: ``rank`` is where they would be


class TriviaScores:
    def __init__(self, store: ScoreStore, wall_clock: WallClock, members: MemberDataStore) -> None:
        self._store = store
        self._now = wall_clock
        self._members = members

    async def leaderboard(self, guild_id: int, period: str = "all") -> Leaderboard:
        span = PERIODS[period]
        since = None if span is None else self._now() - span
        rows = await self._store.leaderboard(guild_id, since, LEADERBOARD_ROWS)
        players = await self._store.leaderboard_size(guild_id, since)
        return Leaderboard(period, rows, players)

    async def player(self, guild_id: int, user_id: int, asked_by: int | None = None) -> PlayerStats:
        """A member's stats; a member hidden from leaderboards shows them to themself only."""
        hidden = await self._members.is_hidden(guild_id, user_id)
        if hidden and asked_by is not None and asked_by != user_id:
            raise UserError(_("That member keeps their trivia stats private."))
        stats = await self._store.member_stats(guild_id, user_id)
        rank = await self._store.rank(guild_id, user_id)
        return PlayerStats(stats, rank, await self._store.leaderboard_size(guild_id), hidden)
