"""The settings table (``bot.domain.settings.SETTINGS``) and the database agree, in both dialects:
one column per setting and no other, CHECKs that accept exactly the allowed values, and migration
defaults (for servers that existed before a column) equal to the table's defaults."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.settings import SETTING_KEYS, SETTINGS, Spec, language, on_off
from bot.i18n import LANGUAGES
from bot.storage.driver import SQLITE, Driver
from bot.storage.sql.settings_store import column_value
from tests.storage.schema_shapes import normal_sql
from tests.support.stores import GUILD, INTEGRITY_ERRORS

NOT_SETTINGS = {"guild_id", "updated_at"}


async def columns(db: Driver) -> dict[str, str | None]:
    """Each guild_settings column and its default, as the migrations left them."""
    if db.dialect is SQLITE:
        rows = await db.fetchall("SELECT name, dflt_value FROM pragma_table_info('guild_settings')")
    else:
        rows = await db.fetchall(
            "SELECT column_name, column_default FROM information_schema.columns "
            "WHERE table_name = 'guild_settings' AND table_schema = current_schema()"
        )
    return {str(r[0]): (None if r[1] is None else str(r[1])) for r in rows}


def sql_literal(value: Any) -> str:
    stored = column_value(value)
    return f"'{stored}'" if isinstance(stored, str) else str(stored)


def allowed_and_refused(spec: Spec) -> tuple[list[Any], list[Any]]:
    """Values the database must accept for a setting, and values it must refuse."""
    if spec.bounds is not None:
        return [spec.bounds.low, spec.bounds.high], [spec.bounds.low - 1, spec.bounds.high + 1]
    if spec.choices is not None:
        return [c.value for c in spec.choices], ["bogus", ""]
    if spec.parse is on_off:
        return [0, 1], [2, -1]
    if spec.parse is language:
        return [None, *(found.code for found in LANGUAGES)], ["bogus", "", "EN", "pt-BR"]
    return [None, 1], []  # ids and times: any value, or none


async def insert_defaults(db: Driver) -> None:
    names = ["guild_id", *SETTING_KEYS, "updated_at"]
    values = [GUILD, *(column_value(SETTINGS[k].default) for k in SETTING_KEYS), 0]
    await db.execute(
        f"INSERT INTO guild_settings ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})", values
    )


async def test_every_settings_column_is_in_the_table_and_every_setting_has_a_column(db: Driver) -> None:
    found = set(await columns(db)) - NOT_SETTINGS
    assert sorted(found - set(SETTING_KEYS)) == [], "a column the settings table does not declare"
    assert sorted(set(SETTING_KEYS) - found) == [], "a setting without a column (add a migration)"


async def test_migration_defaults_are_the_tables(db: Driver) -> None:
    defaults = await columns(db)
    given = {key: defaults[key] for key in SETTING_KEYS if defaults[key] is not None}
    assert given, "the cooldown columns were added with defaults"
    for key, default in given.items():
        assert normal_sql(default) == normal_sql(sql_literal(SETTINGS[key].default)), key


@pytest.mark.parametrize("key", SETTING_KEYS)
async def test_the_database_accepts_exactly_the_allowed_values(db: Driver, key: str) -> None:
    await insert_defaults(db)  # the table's defaults are a row the database accepts
    allowed, refused = allowed_and_refused(SETTINGS[key])
    for value in allowed:
        await db.execute(f"UPDATE guild_settings SET {key} = ? WHERE guild_id = ?", (value, GUILD))
    for value in refused:
        with pytest.raises(INTEGRITY_ERRORS):
            await db.execute(f"UPDATE guild_settings SET {key} = ? WHERE guild_id = ?", (value, GUILD))
