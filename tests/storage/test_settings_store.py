"""The settings store: settings with their audit rows, spoiler channels, seen marks, the cache."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta, timezone

from bot.domain.settings import GuildSettings
from bot.domain.spoilers import Mode, Threshold
from bot.storage.driver import Driver
from bot.storage.postgres.schema import DEFAULT_MIGRATIONS_DIR as PG_MIGRATIONS
from bot.storage.sql.members_store import SqlMemberDataStore
from bot.storage.sql.settings_store import SqlSettingsStore
from bot.storage.sql.trivia_store import SqlTriviaStore
from bot.storage.sqlite.database import Database
from bot.storage.sqlite.schema import discover
from tests.support.db_queries import answer_count
from tests.support.stores import ADMIN, GUILD, OTHER_GUILD, T0, answer, audit_rows, update


async def test_defaults_when_no_row(settings: SqlSettingsStore) -> None:
    assert await settings.get(GUILD) == GuildSettings(GUILD)


async def test_update_writes_settings_and_one_audit_row_per_change(
    db: Driver, settings: SqlSettingsStore
) -> None:
    embargo = datetime(2025, 6, 13, 18, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    changes = await update(
        settings,
        spoiler_mode="hide",
        spoiler_threshold=Threshold.MAJOR,
        embargo_until=embargo,
        allow_profanity=True,
        trivia_time_limit=30,
        trivia_question_count=10,  # the default: not a change
        trivia_points=250,
        automod_rule_id=123456789012345678,
    )
    assert [(c.setting, c.old, c.new) for c in changes] == [
        ("spoiler_mode", "tag", "hide"),
        ("spoiler_threshold", "minor", "major"),
        ("embargo_until", "none", "2025-06-13T16:30:15Z"),
        ("allow_profanity", "off", "on"),
        ("trivia_time_limit", "20", "30"),
        ("trivia_points", "100", "250"),
        ("automod_rule_id", "none", "123456789012345678"),
    ]

    got = await settings.get(GUILD)
    assert got.spoilers.mode is Mode.HIDE
    assert got.spoilers.threshold is Threshold.MAJOR
    assert got.spoilers.embargo_until == datetime(2025, 6, 13, 16, 30, 15, tzinfo=UTC)
    assert got.spoilers.embargo_until.tzinfo is UTC
    assert got.allow_profanity is True
    assert (got.trivia.time_limit, got.trivia.question_count, got.trivia.points) == (30, 10, 250)
    assert got.automod_rule_id == 123456789012345678

    history = await settings.history(GUILD, 15)
    assert [(h.setting, h.old, h.new) for h in history] == [
        (c.setting, c.old, c.new) for c in reversed(changes)
    ]
    assert all(h.at == T0 and h.actor_id == ADMIN for h in history)
    assert await audit_rows(db) == 7

    # Clearing the embargo is a change too.
    cleared = await update(settings, embargo_until=None)
    assert [(c.old, c.new) for c in cleared] == [("2025-06-13T16:30:15Z", "none")]
    assert (await settings.get(GUILD)).spoilers.embargo_until is None


async def test_noop_update_writes_nothing(db: Driver, settings: SqlSettingsStore) -> None:
    assert await update(settings, spoiler_mode="tag", trivia_time_limit=20) == []
    assert await update(settings) == []
    assert await db.fetchone("SELECT * FROM guild_settings") is None
    await update(settings, spoiler_mode="open")
    assert await update(settings, spoiler_mode=Mode.OPEN) == []
    assert await audit_rows(db) == 1


async def test_cache_is_invalidated_by_writes(settings: SqlSettingsStore) -> None:
    first = await settings.get(GUILD)
    assert await settings.get(GUILD) is first  # served from the cache
    await update(settings, spoiler_mode="open")
    second = await settings.get(GUILD)
    assert second.spoilers.mode is Mode.OPEN
    assert await settings.get(GUILD) is second
    await settings.set_spoiler_channel(GUILD, ADMIN, 55, True, T0)
    assert (await settings.get(GUILD)).spoilers.spoiler_channels == {55}
    assert (await settings.get(OTHER_GUILD)) == GuildSettings(OTHER_GUILD)


async def test_spoiler_channels(db: Driver, settings: SqlSettingsStore) -> None:
    change = await settings.set_spoiler_channel(GUILD, ADMIN, 123, True, T0)
    assert change is not None
    assert (change.setting, change.old, change.new) == ("spoiler_channel:123", "not allowed", "allowed")
    assert await settings.set_spoiler_channel(GUILD, ADMIN, 123, True, T0) is None  # already allowed
    await settings.set_spoiler_channel(GUILD, ADMIN, 456, True, T0)
    await settings.set_spoiler_channel(OTHER_GUILD, ADMIN, 789, True, T0)
    assert (await settings.get(GUILD)).spoilers.spoiler_channels == {123, 456}

    removed = await settings.set_spoiler_channel(GUILD, ADMIN, 123, False, T0)
    assert removed is not None
    assert (removed.old, removed.new) == ("allowed", "not allowed")
    assert await settings.set_spoiler_channel(GUILD, ADMIN, 123, False, T0) is None
    assert (await settings.get(GUILD)).spoilers.spoiler_channels == {456}
    # Channels survive a settings row being written later.
    await update(settings, spoiler_mode="hide")
    assert (await settings.get(GUILD)).spoilers.spoiler_channels == {456}
    assert await audit_rows(db) == 5


async def test_history_is_newest_first_and_limited(settings: SqlSettingsStore) -> None:
    for minutes in range(10, 20):
        at = T0 + timedelta(minutes=minutes)
        await update(settings, actor=ADMIN + minutes, at=at, trivia_time_limit=minutes * 2 + 1)
    await update(settings, guild=OTHER_GUILD, spoiler_mode="open")

    history = await settings.history(GUILD, limit=3)
    assert [h.new for h in history] == ["39", "37", "35"]
    assert [h.actor_id for h in history] == [ADMIN + 19, ADMIN + 18, ADMIN + 17]
    assert history[0].at == T0 + timedelta(minutes=19)
    assert len(await settings.history(GUILD, limit=50)) == 10
    assert [h.setting for h in await settings.history(OTHER_GUILD, 15)] == ["spoiler_mode"]


async def test_seen_is_cached_and_invalidated(db: Driver, settings: SqlSettingsStore) -> None:
    assert await settings.has_seen(GUILD, 1) is False
    await settings.set_seen(GUILD, 1, True, T0)
    await settings.set_seen(GUILD, 1, True, T0)  # idempotent
    assert await settings.has_seen(GUILD, 1) is True
    assert await settings.has_seen(OTHER_GUILD, 1) is False
    # A cached answer is served without touching the database.
    await db.execute("DELETE FROM member_seen")
    assert await settings.has_seen(GUILD, 1) is True
    await settings.set_seen(GUILD, 1, False, T0)
    assert await settings.has_seen(GUILD, 1) is False


async def test_forget_member_deletes_one_members_rows_and_clears_the_cache(
    db: Driver, settings: SqlSettingsStore, members: SqlMemberDataStore, trivia: SqlTriviaStore
) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 5, T0)
    await trivia.record_answers([answer(game, 0, 7), answer(game, 0, 8)])
    await settings.set_seen(GUILD, 7, True, T0)
    await settings.set_seen(OTHER_GUILD, 7, True, T0)
    assert await settings.has_seen(GUILD, 7)  # now cached

    await members.forget_member(GUILD, 7)
    assert await settings.has_seen(GUILD, 7) is False  # the shared cache was invalidated
    assert await settings.has_seen(OTHER_GUILD, 7) is True  # another server's mark stays
    assert (await trivia.member_stats(GUILD, 7)).answered == 0
    assert await answer_count(db, game) == 1
    assert (await trivia.member_stats(GUILD, 8)).answered == 1


async def test_migration_3_rewrites_old_audit_values(db: Driver) -> None:
    """Databases from before 0003 kept Discord markup; reading them shows canonical values."""
    # The migration already ran on this database; run it again over old-style rows.
    await db.execute(
        "INSERT INTO audit_log (guild_id, actor_id, at, setting, old_value, new_value) VALUES "
        "(1, 2, 3, 'embargo_until', 'none', '<t:1780000000:f>'), "
        "(1, 2, 3, 'spoiler_channel', '<#123> not allowed', '<#123> allowed'), "
        "(1, 2, 3, 'spoiler_mode', 'tag', 'hide')"
    )
    if isinstance(db, Database):
        for statement in next(m for m in discover() if m.version == 3).statements():
            await db.execute(statement)
    else:  # PostgreSQL runs a migration file whole
        await db.execute(next(m for m in discover(PG_MIGRATIONS) if m.version == 3).path.read_text())
    rows = await db.fetchall("SELECT setting, old_value, new_value FROM audit_log ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("embargo_until", "none", "2026-05-28T20:26:40Z"),
        ("spoiler_channel:123", "not allowed", "allowed"),
        ("spoiler_mode", "tag", "hide"),
    ]


async def test_settings_changed_at_once_keep_an_unbroken_history(settings: SqlSettingsStore) -> None:
    """Each change's old value is the one before it: read-compare-write takes turns (tx.lock)."""
    limits = list(range(21, 41))
    await asyncio.gather(*(update(settings, trivia_time_limit=limit) for limit in limits))
    history = list(reversed(await settings.history(GUILD, 50)))
    assert sorted(int(h.new) for h in history) == limits
    assert history[0].old == "20"
    assert all(later.old == earlier.new for earlier, later in itertools.pairwise(history))
    assert (await settings.get(GUILD)).trivia.time_limit == int(history[-1].new)
