"""Stores against a real database, with times passed in explicitly.

``db`` is a SQLite file or a PostgreSQL schema (``database_url`` runs each test on both);
``sqlite_db`` and ``postgres_db`` are for tests of one of them itself (a module of those tests
names its own ``db`` after the one it needs); ``info_logs`` for tests that read fault lines.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.cache import SettingsCache
from bot.storage.driver import Driver
from bot.storage.postgres.database import PostgresDatabase
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
async def postgres_db(postgres_url: str) -> AsyncIterator[PostgresDatabase]:
    database = await PostgresDatabase.open(postgres_url)
    yield database
    await database.close()


@pytest.fixture
def info_logs(caplog: pytest.LogCaptureFixture) -> None:
    """Capture from INFO: a storage fault episode's lines are logged there."""
    caplog.set_level(logging.INFO)


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
