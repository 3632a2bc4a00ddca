"""Autocomplete suggestions: what a member is typing finds the names that start with it."""

from __future__ import annotations

import pytest

from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.content import Content
from bot.domain.key_starts import EXACT_SCORE, PREFIX_SCORE, WORD_PREFIX_SCORE
from bot.domain.search import (
    KEY_BONUS,
    ContentSearch,
    Index,
    cast_keys,
    crew_keys,
)
from bot.domain.search_text import search_form


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def search(content: Content) -> ContentSearch:
    return ContentSearch.build(content)


def actors(found: list) -> list[str]:  # type: ignore[type-arg]
    return [member.actor for member in found]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("gab", "Gabriel Byrne"),  # no fuzzy scorer finds a name from its first letters
        ("vic", "Victoria Comte"),
        ("anj", "Anjelica Huston"),
        ("abr", "Abraham Popoola"),
        ("mcsh", "Ian McShane"),  # a later word of the name
        ("Lance Re", "Lance Reddick"),
        ("win", "Ian McShane"),  # the character's name
        ("who plays nog", "Sharon Duncan-Brewster"),  # filler dropped as in a search
        ("gabreil", "Gabriel Byrne"),  # no name starts so: the typo is searched for
    ],
)
def test_the_start_of_a_name_suggests_it_first(search: ContentSearch, typed: str, first: str) -> None:
    assert actors(search.cast.suggest(typed))[:1] == [first]


def test_one_letter_suggests_every_name_with_a_word_that_starts_with_it(
    search: ContentSearch, content: Content
) -> None:
    found = actors(search.cast.suggest("d"))
    expected = {
        m.actor
        for m in content.cast
        if any(word.startswith("d") for text, _ in cast_keys(m) for word in search_form(text).split())
    }
    assert set(found) == expected and len(found) >= 3


def test_once_a_name_starts_with_it_look_alikes_and_fragments_are_noise(search: ContentSearch) -> None:
    index = Index(["Anne Parillaud", "Annie", "Joanne Whalley"], lambda name: [(name, "primary")])
    # "anne" starts a name: "annie" (one letter away) and "joanne" (holds it) are not offered ...
    assert index.suggest("anne") == ["Anne Parillaud"]
    assert [m.item for m in index.search("anne")] == ["Anne Parillaud", "Joanne Whalley", "Annie"]
    # ... and when nothing starts with it, the typo is searched for.
    assert index.suggest("anie") == [m.item for m in index.search("anie", limit=25)] != []
    assert actors(search.cast.suggest("charon")) == ["Lance Reddick"]  # not Sharon Duncan-Brewster
    # "vic" is three letters of Victoria Comte's name: a search for it alone finds no one.
    assert actors(search.cast.suggest("vic")) == ["Victoria Comte"]
    assert search.cast.search("vic") == []


@pytest.mark.parametrize("index", ["cast", "crew"])
def test_suggestions_rank_as_their_definition_says(
    search: ContentSearch, content: Content, index: str
) -> None:
    """Per entry, the best key: exact 100, starts the key 96, starts a word 94; plus the key's kind
    bonus. Best total first, then the entry's order."""
    items, keys_of = (content.cast, cast_keys) if index == "cast" else (content.crew, crew_keys)
    found = getattr(search, index)
    checked = 0
    typed_texts = {
        search_form(text)[:n] for item in items for text, _ in keys_of(item) for n in (1, 2, 3, 5, 8)
    }
    for typed_text in sorted(t for t in typed_texts if t):
        typed = search_form(typed_text)  # as a search folds it: "czech an" is "czech"
        totals: dict[int, float] = {}
        for entry, item in enumerate(items):
            for text, kind in keys_of(item):
                form = search_form(text)
                if form == typed:
                    score = EXACT_SCORE
                elif form.startswith(typed):
                    score = PREFIX_SCORE
                elif any(form[i + 1 :].startswith(typed) for i, c in enumerate(form) if c == " "):
                    score = WORD_PREFIX_SCORE
                else:
                    score = 0.0
                if score:
                    totals[entry] = max(totals.get(entry, 0.0), score + KEY_BONUS[kind])
        if not totals:
            continue  # no name starts so: suggestions are the search's (tested with the search)
        expected = [items[e] for e in sorted(totals, key=lambda e: (-totals[e], e))][:25]
        assert found.suggest(typed_text) == expected, typed_text
        checked += 1
    assert checked > 50


def test_suggestions_are_cached_and_forgotten_with_the_searches(search: ContentSearch) -> None:
    first = search.crew.suggest("dir")
    first.clear()  # a caller changing its list changes nothing remembered
    assert search.crew.suggest("dir")
    search.crew.clear_cache()
    assert search.crew.suggest("dir") == search.crew.suggest("dir ")
    assert search.crew.suggest("dir", limit=2) == search.crew.suggest("dir")[:2]
