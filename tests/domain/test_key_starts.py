"""KeyStarts finds, by bisection, exactly the keys a scan of every key and word would find."""

from __future__ import annotations

import random

import pytest

from bot.domain.key_starts import EXACT_SCORE, PREFIX_SCORE, WORD_PREFIX_SCORE, KeyStarts
from tests.domain.search_helpers import key_forms


def by_scanning(typed: str, forms: list[str]) -> dict[int, float]:
    """The definition: every key, whole and from each of its words."""
    found: dict[int, float] = {}
    if not typed:
        return found
    for number, form in enumerate(forms):
        if form == typed:
            found[number] = EXACT_SCORE
        elif form.startswith(typed):
            found[number] = PREFIX_SCORE
        elif any(form[i + 1 :].startswith(typed) for i, c in enumerate(form) if c == " "):
            found[number] = WORD_PREFIX_SCORE
    return found


@pytest.mark.parametrize("index", ["cast", "crew", "quotes"])
def test_every_start_of_every_key_and_word_finds_what_a_scan_finds(index: str) -> None:
    forms = key_forms(index)
    starts = KeyStarts(forms)
    typed = {form[:n] for form in forms for n in range(1, min(len(form), 12) + 1)}
    typed |= {word[:n] for form in forms for word in form.split() for n in range(1, len(word) + 1)}
    rng = random.Random(index)
    typed |= {form[i : i + rng.randrange(1, 6)] for form in forms for i in [rng.randrange(len(form))]}
    typed |= {"zzz", "a b", " ", "é"}
    assert len(typed) > 200
    for text in sorted(typed):
        assert starts.scores(text) == by_scanning(text, forms), text


def test_the_best_kind_of_start_wins_for_each_key() -> None:
    starts = KeyStarts(["ian mcshane", "ian", "mcshane ian", "brian"])
    assert starts.scores("ian") == {0: PREFIX_SCORE, 1: EXACT_SCORE, 2: WORD_PREFIX_SCORE}
    assert starts.scores("mcs") == {0: WORD_PREFIX_SCORE, 2: PREFIX_SCORE}
    assert starts.scores("") == {}
    assert starts.scores("shane") == {}  # inside a word is not a start
