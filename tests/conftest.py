"""Shared fixtures: the real bot inside SimCord, with a real SQLite file per test.

SimCord (https://pypi.org/project/simcord/) runs discord.py's real parsers,
command tree and view store against an in-memory Discord, so every test here
goes through the same code paths as production, without a token or network.
SimCord-specific setup lives in this file and in tests/support/ (world.py: the World a test
plays in; simcord_settle.py: SimCord's settle interval), so an API change touches few places.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import random
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiosqlite
import asyncpg
import discord
import pytest
import pytest_asyncio
import simcord
from hypothesis import HealthCheck, settings

import tests.support.simcord_settle  # noqa: F401  (speeds up SimCord; see there)
from bot.client import BallerinaBot, create_bot
from bot.config import Config, load_config
from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.content import Content
from bot.i18n import guild_locales
from bot.ui.replies import user_message
from tests.support.environment import needs
from tests.support.postgres import SKIP_REASON, URL_VARIABLE, SchemaPool, with_search_path
from tests.support.world import FAKE_TOKEN, SimClock, World

# Hypothesis: small and deterministic by default (the same examples on every run and in CI);
# `pytest --hypothesis-profile=thorough` runs many more, randomly. Examples share the fixtures
# of one test (a world with a SimCord env), which is what the e2e properties want.
settings.register_profile(
    "default",
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    parent=settings.get_profile("default"),
    max_examples=1000,
    derandomize=False,
)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def forget_servers_languages() -> Iterator[None]:
    """The servers' Discord languages the bot learnt from interactions are process-wide (the bot
    learns them as they come): SimCord gives every test's server the same id, so forget them."""
    yield
    guild_locales.forget_all()


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """The command line sets up logging (a handler on stderr, which pytest swaps per test): put the
    root logger back after each test, or later tests log into a stream that is closed."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    loggers = {name: logging.getLogger(name).level for name in ("discord", "discord.http", "bot")}
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    for name, old in loggers.items():
        logging.getLogger(name).setLevel(old)


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(DEFAULT_DATA_DIR)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def config(db_path: Path) -> Config:
    return load_config({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_URL": f"sqlite:///{db_path}"})


# -- both backends ----------------------------------------------------------------------
# Suites that take ``database_url`` (the storage and end-to-end suites) run once per backend.
# PostgreSQL needs TEST_POSTGRES_URL; without it those runs skip with one reason, except in
# CI (CI=true), where a skipped PostgreSQL run would hide a broken backend: there they fail.

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(scope="session")
def postgres_schemas() -> Iterator[SchemaPool]:
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        needs(SKIP_REASON)
    pool = SchemaPool(url)
    try:
        asyncio.run(pool.drop_abandoned())
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"{URL_VARIABLE} is set, but PostgreSQL there does not answer: {exc}")
    yield pool
    asyncio.run(pool.drop(pool.made))


@pytest_asyncio.fixture
async def postgres_url(postgres_schemas: SchemaPool) -> AsyncIterator[str]:
    """A schema of this test's own (empty, ids from 1), as a DATABASE_URL."""
    name = await postgres_schemas.take()
    yield with_search_path(postgres_schemas.url, name)
    await postgres_schemas.give_back(name)


@pytest_asyncio.fixture
async def fresh_postgres_url(postgres_schemas: SchemaPool) -> AsyncIterator[str]:
    """A schema with nothing in it, not even the bot's tables (dropped after the test)."""
    name = await postgres_schemas.fresh()
    yield with_search_path(postgres_schemas.url, name)
    await postgres_schemas.drop([name])


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """DATABASE_URL for this test's backend: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return f"sqlite:///{db_path}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def sim_clock() -> SimClock:
    return SimClock()


@pytest.fixture
def rng() -> random.Random:
    """The bot's one source of randomness (question picks, option order), seeded per test."""
    return random.Random(20250606)


@pytest.fixture
def simcord_bot(config: Config, content: Content, sim_clock: SimClock, rng: random.Random) -> BallerinaBot:
    return create_bot(config, content=content, clock=sim_clock, wall_clock=sim_clock.wall, rng=rng)


@pytest_asyncio.fixture
async def simcord_env(
    simcord_bot: BallerinaBot, request: pytest.FixtureRequest, sim_clock: SimClock
) -> AsyncIterator[simcord.Env]:
    """SimCord's own fixture, plus two things it cannot know about this bot.

    - The database is closed at teardown (SimCord detaches the bot without closing it).
    - Errors the tree turned into a friendly ephemeral message (UserFacingError, missing
      permissions...) are the bot working as designed, not failures; anything else the
      bot raised fails the test, as SimCord's check_errors does.
    """
    marker = request.node.get_closest_marker("simcord")
    options = dict(marker.kwargs if marker else {})
    if simcord_bot.shard_count is None:  # no SHARD_COUNT: in production Discord recommends how many
        options.setdefault("shard_count", 1)
    env = simcord.Env(simcord_bot, **options)
    sim_clock.env = env  # before the bot starts: its periodic tasks (the daily question, trivia nights)
    # read the clock at once
    await env.start()
    try:
        yield env
    finally:
        current = env.bot
        await env.shutdown()
        await simcord_bot.close_storage()
        if current is not simcord_bot:  # a test restarted the bot
            await current.close_storage()  # type: ignore[attr-defined]
    unexpected = [error for error in env.errors if user_message(error) is None]
    if env.check_errors and unexpected:
        raise ExceptionGroup(f"bot raised {len(unexpected)} unexpected error(s)", unexpected)


@pytest.fixture
def env(simcord_env: simcord.Env, sim_clock: SimClock) -> simcord.Env:
    sim_clock.env = simcord_env
    return simcord_env


@pytest.fixture
def world(env: simcord.Env) -> World:
    guild = env.create_guild("Ballerina Fans")
    general = guild.create_text_channel("general")
    spoiler_channel = guild.create_text_channel("spoilers")
    mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True, manage_messages=True))
    return World(
        env=env,
        bot=env.bot,  # type: ignore[arg-type]
        guild=guild,
        general=general,
        spoiler_channel=spoiler_channel,
        member=guild.add_member(env.create_user("alice")),
        other=guild.add_member(env.create_user("bob")),
        mod=guild.add_member(env.create_user("mod"), roles=[mods]),
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The SIGKILL test runs once per ``--sigkill-runs`` (about a second each): its time limit grows
    with it, so asking for 50 runs is not cut off by the suite's per-test limit."""
    runs = config.getoption("--sigkill-runs")
    for item in items:
        if item.get_closest_marker("per_sigkill_run") is not None:
            item.add_marker(pytest.mark.timeout(60 + 10 * runs))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop every SQLite connection a failed test left open, so the run can exit.

    aiosqlite runs each connection on a worker thread that is not a daemon: a test that fails
    between opening a database and closing it (the traceback keeps the connection alive) leaves
    that thread waiting for work, and Python waits for it at exit, forever (`pytest -x` never
    returned). Scanning the heap once, at the end, costs nothing per test."""
    for obj in gc.get_objects():
        if isinstance(obj, aiosqlite.Connection) and obj._connection is not None:
            obj.stop()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--sigkill-runs",
        type=int,
        default=3,
        help="how many times the SIGKILL test kills the bot during a click burst (RELIABILITY.md uses 50)",
    )
