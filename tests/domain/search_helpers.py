"""The shipped content's search indexes by name: their items, their keys and the keys' forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.search import cast_keys, crew_keys, quote_keys
from bot.domain.search_text import search_form

INDEXES = ("cast", "crew", "quotes")


def items_and_keys(index: str) -> tuple[Sequence[Any], Callable[[Any], Iterable[tuple[str, str]]]]:
    """An index's items and the function giving each item's (text, kind) keys."""
    content = load_content(DEFAULT_DATA_DIR)
    found: dict[str, tuple[Sequence[Any], Callable[[Any], Iterable[tuple[str, str]]]]] = {
        "cast": (content.cast, cast_keys),
        "crew": (content.crew, crew_keys),
        "quotes": (content.quotes, quote_keys),
    }
    return found[index]


def key_forms(index: str) -> list[str]:
    """An index's distinct key forms, in the order ``Index`` meets them."""
    items, keys_of = items_and_keys(index)
    return list(dict.fromkeys(f for item in items for text, _ in keys_of(item) if (f := search_form(text))))
