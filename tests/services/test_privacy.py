"""/privacy delete against the real stores and the real answer writer (both backends)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.domain.records import AnswerRow
from bot.services.privacy import Privacy
from bot.storage.bundle import Storage
from bot.storage.sql import sql_storage
from tests.support.server_data import fill_server
from tests.support.stores import GUILD, T0, open_driver

MEMBER, OTHER, MODERATOR = 7, 8, 9


@pytest.fixture
async def storage(database_url: str) -> AsyncIterator[Storage]:
    stores = sql_storage(await open_driver(database_url))
    stores.answers.start()
    yield stores
    await stores.close()


async def test_an_answer_still_queued_when_a_member_deletes_their_data_is_not_written_back(
    storage: Storage,
) -> None:
    game = await fill_server(storage, GUILD, (MEMBER, OTHER), MODERATOR, T0)
    privacy = Privacy(storage.settings, storage.trivia, storage.members, storage.answers, lambda: T0, "test")
    late = AnswerRow(game, GUILD, 2, "trivia-003", MEMBER, True, 150, 1, int(T0.timestamp() * 1000) + 5)
    clicked = asyncio.create_task(storage.answers.submit(late))  # the member's click, still saving
    await asyncio.sleep(0)
    assert storage.answers.pending == 1, "the answer is queued, not yet committed"

    await privacy.forget(GUILD, MEMBER)
    await clicked  # the click was acknowledged: its answer was committed, before the delete
    await storage.answers.flush()

    records = await storage.members.member_records(GUILD, MEMBER)
    assert records.answers == [], "a deleted member's answer came back"
    assert records.stats.points == 0 and records.stats.answered == 0
    assert (await storage.members.member_records(GUILD, OTHER)).answers, "the other member keeps theirs"
