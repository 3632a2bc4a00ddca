"""Fuzzy scores of one query against a fixed set of search keys, touching as few keys as it can.

A key's score is max(ratio, 0.96 × token_set_ratio, 0.9 × partial_ratio), each only when it
reaches the cut-off (see ``bot/domain/search.py``). Scoring all three over every key costs
~0.45 µs per key and scorer in rapidfuzz; most of that goes to keys that cannot come near the
cut-off. The keys never change while the bot runs, so what each scorer needs is prepared once
here, and the two costly scorers run only where they can matter, giving exactly the same
scores as running them everywhere (``tests/domain/test_fuzzy_keys.py`` compares the two):

* ``token_set_ratio`` of a query and a key with no word in common *is* ``ratio`` of their sorted,
  de-duplicated words: with each key's words sorted once, that is one cheap ``ratio`` pass; the
  real scorer runs only on keys sharing a word with the query (a word index) and on the few
  keys that pass that ``ratio``.
* ``partial_ratio`` compares the query with windows of a longer key at most the query's length,
  so it is at most 200·L/(len(query) + L), L being the longest common subsequence of query and
  key. One cheap LCS pass with that bound as its cut-off leaves the few keys worth aligning.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

TOKEN_SET_WEIGHT = 0.96
PARTIAL_WEIGHT = 0.9
PARTIAL_FROM = 4  # partial matching only for queries this long or longer, and only in longer keys
SLACK = 1e-6  # bounds used to skip keys are lowered by this, so rounding never skips one that scores


def sorted_words(text: str) -> str:
    return " ".join(sorted(set(text.split())))


class KeyScorer:
    """Scores for the distinct ``forms`` (folded keys), by their position in ``forms``."""

    def __init__(self, forms: Sequence[str]) -> None:
        self.forms = list(forms)
        self._sorted = [sorted_words(form) for form in self.forms]
        self._by_word: dict[str, list[int]] = {}
        for number, form in enumerate(self.forms):
            for word in set(form.split()):
                self._by_word.setdefault(word, []).append(number)
        by_length = sorted(range(len(self.forms)), key=lambda n: len(self.forms[n]))
        self._by_length = by_length
        self._lengths = [len(self.forms[n]) for n in by_length]
        self._forms_by_length = [self.forms[n] for n in by_length]

    def scores(self, query: str, min_score: float) -> dict[int, float]:
        """position -> the key's score, for every key scoring at least ``min_score``."""
        scores: dict[int, float] = {}

        def keep(number: int, score: float) -> None:
            if score > scores.get(number, 0.0):
                scores[number] = score

        for _, score, number in process.extract(
            query, self.forms, scorer=fuzz.ratio, limit=None, score_cutoff=min_score
        ):
            keep(number, score)

        # token_set_ratio: keys sharing a word with the query, and the keys whose sorted words
        # (what token_set_ratio compares when no word is shared) reach the cut-off; the real
        # scorer then gives each of these its score (to the last bit, as before).
        token_cutoff = min_score / TOKEN_SET_WEIGHT
        candidates: set[int] = set()
        for word in set(query.split()):
            candidates.update(self._by_word.get(word, ()))
        sorted_query = sorted_words(query)
        near = process.extract(
            sorted_query, self._sorted, scorer=fuzz.ratio, limit=None, score_cutoff=token_cutoff - SLACK
        )
        candidates.update(number for _, _, number in near)
        for number in candidates:
            score = fuzz.token_set_ratio(query, self.forms[number], score_cutoff=token_cutoff)
            if score:
                keep(number, score * TOKEN_SET_WEIGHT)

        if len(query) >= PARTIAL_FROM:
            self._partial(query, min_score / PARTIAL_WEIGHT, keep)
        return scores

    def _partial(self, query: str, cutoff: float, keep: Callable[[int, float], None]) -> None:
        start = bisect_right(self._lengths, len(query))  # only keys longer than the query
        longer = self._forms_by_length[start:]
        # The shortest common subsequence that can reach the cut-off (SLACK: rounding never raises it).
        least = max(1, math.ceil(cutoff * len(query) / (200.0 - cutoff) - SLACK))
        near = process.extract(query, longer, scorer=LCSseq.similarity, limit=None, score_cutoff=least)
        if not near:
            return
        numbers = [self._by_length[start + i] for _, _, i in near]
        forms = [self.forms[n] for n in numbers]
        for _, score, i in process.extract(
            query, forms, scorer=fuzz.partial_ratio, limit=None, score_cutoff=cutoff
        ):
            keep(numbers[i], score * PARTIAL_WEIGHT)
