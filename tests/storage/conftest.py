"""Stores against a real database, with times passed in explicitly.

``db`` is a SQLite file or a PostgreSQL schema (``database_url`` runs each test on both);
``sqlite_db`` is for tests of SQLite itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.cache import SettingsCache
from bot.storage.driver import Driver
from bot.storage.sql.members_store import SqlMemberDataStore
from bot.storage.sql.settings_store import SqlSettingsStore
from bot.storage.sql.trivia_store import SqlTriviaStore
from bot.storage.sqlite.database import Database
from tests.support.stores import open_driver


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Driver]:
    database = await open_driver(database_url)
    yield database
    await database.close()


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "bot.db")
    yield database
    await database.close()


@pytest.fixture
def cache() -> SettingsCache:
    return SettingsCache()


@pytest.fixture
def settings(db: Driver, cache: SettingsCache) -> SqlSettingsStore:
    return SqlSettingsStore(db, cache)


@pytest.fixture
def members(db: Driver, cache: SettingsCache) -> SqlMemberDataStore:
    return SqlMemberDataStore(db, cache)


@pytest.fixture
def trivia(db: Driver) -> SqlTriviaStore:
    return SqlTriviaStore(db)
