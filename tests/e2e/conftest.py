"""End-to-end fixtures: every test here runs on SQLite and on PostgreSQL, and can play trivia
through a ``Trivia`` driver (``tests/support/trivia_driver.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Config, load_config
from tests.support.locales import Locales
from tests.support.trivia_driver import Trivia
from tests.support.world import FAKE_TOKEN, World


@pytest.fixture
def trivia(world: World) -> Trivia:
    return Trivia(world)


@pytest.fixture
def locales(world: World) -> Iterator[Locales]:
    """Members' and the server's Discord languages for this test (``tests/support/locales.py``)."""
    languages = Locales(world.bot)
    yield languages
    languages.close()


@pytest.fixture
def config(database_url: str) -> Config:
    """Every end-to-end test runs on SQLite and on PostgreSQL (see ``database_url``)."""
    return load_config({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": database_url})
