"""KeyScorer skips keys that cannot score: it must give exactly what scoring every key gives."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.fuzzy_keys import PARTIAL_FROM, PARTIAL_WEIGHT, TOKEN_SET_WEIGHT, KeyScorer
from bot.domain.search import ContentSearch, cast_keys, crew_keys, quote_keys, search_form


def every_key(query: str, forms: list[str], min_score: float) -> dict[int, float]:
    """The definition: all three scorers on every key, the best weighted score that reaches the cut-off."""
    scores: dict[int, float] = {}
    for number, form in enumerate(forms):
        candidates = [fuzz.ratio(query, form), TOKEN_SET_WEIGHT * fuzz.token_set_ratio(query, form)]
        if len(query) >= PARTIAL_FROM and len(form) > len(query):
            candidates.append(PARTIAL_WEIGHT * fuzz.partial_ratio(query, form))
        best = max(candidates)
        if best >= min_score:
            scores[number] = best
    return scores


def key_forms() -> dict[str, list[str]]:
    content = load_content(DEFAULT_DATA_DIR)
    kinds = {"cast": (content.cast, cast_keys), "crew": (content.crew, crew_keys)}
    kinds["quotes"] = (content.quotes, quote_keys)  # type: ignore[assignment]
    return {
        name: list(dict.fromkeys(f for item in items for text, _ in keys(item) if (f := search_form(text))))
        for name, (items, keys) in kinds.items()
    }


def queries(forms: list[str], rng: random.Random, count: int) -> list[str]:
    """What members type: prefixes (autocomplete), slips of the finger, a few words, in another order."""
    found: set[str] = set()
    for form in rng.sample(forms, min(count, len(forms))):
        found.add(form[: rng.randrange(1, len(form) + 1)])
        if len(form) > 3:
            i = rng.randrange(1, len(form) - 1)
            found.add(form[:i] + form[i + 1 :])  # a letter dropped
            found.add(form[:i] + form[i + 1] + form[i] + form[i + 2 :])  # two swapped
        words = form.split()
        if len(words) > 1:
            found.add(" ".join(rng.sample(words, min(3, len(words)))))
            found.add(f"{words[0]} {rng.choice(['winston', 'ruska', 'assassin', 'zzz'])}")
    found.update(["a", "eve", "dirctor", "who trained ana", "ian mcshane ballet", "xq", "the the"])
    return sorted(q for q in found if q)


@pytest.mark.parametrize("index", ["cast", "crew", "quotes"])
def test_scores_are_those_of_every_scorer_on_every_key(index: str) -> None:
    forms = key_forms()[index]
    scorer = KeyScorer(forms)
    rng = random.Random(index)
    compared = 0
    for query in queries(forms, rng, 60):
        for min_score in (62.0, 55.0, 40.0):
            assert scorer.scores(query, min_score) == every_key(query, forms, min_score), (query, min_score)
            compared += 1
    assert compared > 300


def test_every_entry_sharing_a_misspelt_key_is_found() -> None:
    """Entries share forms ("producer" is three people's job): the form is scored once, for all."""
    search = ContentSearch.build(load_content(DEFAULT_DATA_DIR))
    producers = search.find_crew("produser", limit=8)
    assert {m.item.name for m in producers[:3]} == {"Basil Iwanyk", "Erica Lee", "Chad Stahelski"}
    assert {(m.key, m.score) for m in producers[:3]} == {("producer", producers[0].score)}
    assert [m.item.name for m in search.find_crew("composr")] == ["Tyler Bates", "Joel J. Richard"]
