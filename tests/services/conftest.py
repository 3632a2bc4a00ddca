"""Services over real SQLite stores (a file in a temp folder), a fixed wall clock and a virtual game clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.content import Content
from bot.services.trivia_games import TriviaGames
from bot.storage.bundle import Storage
from bot.storage.sql import sql_storage
from bot.storage.sqlite.database import Database
from tests.support.trivia_games import trivia_games
from tests.support.virtual_clock import VirtualClock


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    stores = sql_storage(await Database.open(tmp_path / "bot.sqlite3"))
    stores.answers.start()
    yield stores
    await stores.close()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def games(storage: Storage, content: Content, clock: VirtualClock) -> TriviaGames:
    return trivia_games(storage, content, clock)
