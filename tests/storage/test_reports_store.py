"""Content reports: kept per server (or from a DM), newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.storage.sql.reports_store import SqlReportStore
from bot.storage.sqlite.database import Database
from tests.support.stores import GUILD, OTHER_GUILD, T0


async def test_reports_are_kept_and_listed_newest_first(db: Database) -> None:
    store = SqlReportStore(db)
    first = await store.add_report(GUILD, 7, "cast", "cast-ana-de-armas", "Her birthday is wrong", T0)
    second = await store.add_report(None, 8, "other", "", "From a DM", T0 + timedelta(minutes=1))
    third = await store.add_report(OTHER_GUILD, 9, "trivia", "trivia-001", "Typo", T0 + timedelta(minutes=2))
    assert [r.id for r in await store.reports()] == [third, second, first]
    [mine] = await store.reports(GUILD)
    assert (
        mine.id,
        mine.guild_id,
        mine.user_id,
        mine.item_kind,
        mine.item_id,
        mine.text,
        mine.created_at,
    ) == (
        first,
        GUILD,
        7,
        "cast",
        "cast-ana-de-armas",
        "Her birthday is wrong",
        T0,
    )
    assert [r.id for r in await store.reports(limit=1)] == [third]


@pytest.mark.parametrize("text", ["", "x" * 1001])
async def test_the_database_refuses_an_empty_or_oversized_report(db: Database, text: str) -> None:
    store = SqlReportStore(db)
    with pytest.raises(Exception, match=r"(?i)check"):
        await store.add_report(GUILD, 7, "other", "", text, T0)
    assert await store.reports() == []
