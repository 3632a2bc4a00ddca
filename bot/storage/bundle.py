"""``Storage``: one backend's stores, opened together and closed together."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.storage.answer_writer import AnswerWriter
from bot.storage.driver import Driver
from bot.storage.health import StorageHealth
from bot.storage.protocols import (
    DailyStore,
    MemberDataStore,
    MetaStore,
    NightStore,
    ReportStore,
    RewardStore,
    ServerDataStore,
    SettingsStore,
    TriviaStore,
)


@dataclass(eq=False)
class Storage:
    settings: SettingsStore
    members: MemberDataStore
    trivia: TriviaStore
    meta: MetaStore
    reports: ReportStore
    nights: NightStore  # trivia nights (/trivia schedule)
    answers: AnswerWriter  # the single writer that batches trivia answers into ``trivia``
    database: Driver  # the stores' database (tests and tools query it directly)
    servers: ServerDataStore  # a whole server's data: export, reset, delete after the bot left
    daily: DailyStore  # the daily question's schedule, answers and streaks
    rewards: RewardStore  # role rewards and the roles given to members
    # Storage faults (bot/storage/health.py): ``health.healthy`` and ``health.state()`` for /healthz.
    health: StorageHealth = field(default_factory=lambda: StorageHealth("storage"))

    async def check_health(self) -> dict[str, Any]:
        """Look again (the backend may probe: a write, the files) and return ``health.state()``."""
        probe = getattr(self.database, "check_health", None)
        if probe is not None:
            await probe()
        return self.health.state()

    async def close(self) -> None:
        """Write pending answers, then close the database (idempotent)."""
        await self.answers.close()
        await self.database.close()
