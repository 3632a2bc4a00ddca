"""How search orders matches of equal text: a full name beats an alias beats a job word."""

from __future__ import annotations

from bot.domain.search import Index


def test_search_ranks_a_full_name_over_an_alias_over_a_job_word() -> None:
    """Mutation caught: equal ``KEY_BONUS`` for every kind of key (ties would go by list order)."""
    items = ["by job", "by alias", "by name"]  # the wrong order first: only the bonus can fix it
    keys = {
        "by job": [("Marlow", "job")],
        "by alias": [("Marlow", "alias")],
        "by name": [("Marlow", "primary")],
    }
    index = Index(items, lambda item: keys[item])
    assert [m.item for m in index.search("marlow")] == ["by name", "by alias", "by job"]
    assert [m.item for m in index.search("marlowe")] == ["by name", "by alias", "by job"]  # fuzzy too
