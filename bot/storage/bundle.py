"""``Storage``: one backend's stores, opened together and closed together."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.answer_writer import AnswerWriter
from bot.storage.driver import Driver
from bot.storage.protocols import (
    MemberDataStore,
    MetaStore,
    ReportStore,
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
    answers: AnswerWriter  # the single writer that batches trivia answers into ``trivia``
    database: Driver  # the stores' database (tests and tools query it directly)
    servers: ServerDataStore  # a whole server's data: export, reset, delete after the bot left

    async def close(self) -> None:
        """Write pending answers, then close the database (idempotent)."""
        await self.answers.close()
        await self.database.close()
