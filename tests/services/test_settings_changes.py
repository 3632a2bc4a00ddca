"""SettingsChanges: every value is checked by the domain before anything is written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.domain.errors import InvalidInput
from bot.domain.settings import GuildSettings
from bot.services.automod import AutoModGuard
from bot.services.settings_changes import SettingsChanges
from bot.storage.cache import SettingsCache
from bot.storage.sql.settings_store import SqlSettingsStore
from bot.storage.sqlite.database import Database
from tests.support.stores import ADMIN, GUILD, T0, audit_rows


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "bot.db")
    yield database
    await database.close()


@pytest.fixture
def changes(db: Database) -> SettingsChanges:
    store = SqlSettingsStore(db, SettingsCache())
    # The AutoMod guard is never reached by these changes; it has no Discord to talk to.
    guard = AutoModGuard(None, store, (), lambda: T0)  # type: ignore[arg-type]
    return SettingsChanges(store, guard, lambda: T0)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"spoiler_mode": "loud"}, "Spoiler mode must be one of tag, hide, open"),
        ({"spoiler_threshold": "none"}, "threshold"),
        ({"trivia_time_limit": 5}, "between 10 and 60"),
        ({"trivia_time_limit": 61}, "between 10 and 60"),
        ({"trivia_question_count": 0}, "between 1 and 25"),
        ({"trivia_points": 1001}, "between 1 and 1000"),
        ({"trivia_points": True}, "whole number"),
        ({"allow_profanity": "yes"}, "on or off"),
        ({"embargo_until": datetime(2025, 1, 1)}, "time zone"),
        ({"automod_rule_id": -3}, "positive"),
    ],
)
async def test_a_bad_value_changes_nothing(
    db: Database, changes: SettingsChanges, values: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        # A valid change alongside the bad one must not be written either.
        await changes.change(GUILD, ADMIN, **{"allow_profanity": True, **values})
    assert await changes.current(GUILD) == GuildSettings(GUILD)
    assert await audit_rows(db) == 0


async def test_an_unknown_setting_is_a_bug_not_a_user_error(changes: SettingsChanges) -> None:
    with pytest.raises(TypeError, match="unknown setting"):
        await changes.change(GUILD, ADMIN, volume=11)


@pytest.mark.parametrize("text", ["tomorrow", "2020-01-01", "2026-13-45"])
async def test_a_bad_embargo_changes_nothing(db: Database, changes: SettingsChanges, text: str) -> None:
    with pytest.raises(InvalidInput):
        await changes.set_embargo(GUILD, ADMIN, text)
    assert await audit_rows(db) == 0


async def test_spoiler_channels_change_one_by_one_with_an_audit_row_each(
    db: Database, changes: SettingsChanges
) -> None:
    made = await changes.set_spoiler_channels(GUILD, ADMIN, {5, 6})
    assert [(c.setting, c.new) for c in made] == [
        ("spoiler_channel:5", "allowed"),
        ("spoiler_channel:6", "allowed"),
    ]
    made = await changes.set_spoiler_channel(GUILD, ADMIN, 5, False)
    assert [(c.setting, c.old, c.new) for c in made] == [("spoiler_channel:5", "allowed", "not allowed")]
    assert (await changes.current(GUILD)).spoilers.spoiler_channels == {6}
    assert await audit_rows(db) == 3
