"""Fuzzy scores of one query against a fixed set of search keys, touching as few keys as it can.

A key's score is max(ratio, 0.96 × token_set_ratio, 0.9 × partial_ratio), each only when it
reaches the cut-off (see ``bot/domain/search.py``). Scoring all three over every key costs
~0.45 µs per key and scorer in rapidfuzz; most of that goes to keys that cannot come near the
cut-off. The keys never change while the bot runs, so what each scorer needs is prepared once
here, and the two costly scorers run only where they can matter, giving exactly the same
scores as running them everywhere (``tests/domain/test_fuzzy_keys.py`` compares the two):

* ``ratio`` is at most 200·min(|a|, |b|)/(|a| + |b|): a ratio pass hands rapidfuzz only the key
  lengths that can reach its cut-off (``ByLength``).
* ``token_set_ratio`` of a query and a key with no word in common *is* ``ratio`` of their sorted,
  de-duplicated words: with each key's words sorted once, that is one cheap ``ratio`` pass (for a
  key whose words are in order already, and a query whose words are too, the plain one); the
  real scorer runs only on keys sharing a word with the query (a word index; bounded by the
  lengths of the words shared and not, ``token_set_bound``) and on the few keys that pass that
  ``ratio``.
* ``partial_ratio`` compares the query with windows of a longer key at most the query's length,
  so it is at most 200·L/(len(query) + L), L being the longest common subsequence of query and
  key. One cheap LCS pass with that bound as its cut-off leaves the few keys worth aligning.

A command shows only its best result (or the few within a point of it), so ``KeyScorer.top``
goes further: from the exact ``ratio`` of every key that can reach the results (keys of about
the query's length first, then the lengths the best found so far leaves) and an upper bound for
the other two scorers, it scores keys best bound first and stops once no key left can reach the results
(its bound plus its kind's bonus is below the ``limit``-th best entry found so far). What it
returns ranks exactly like ``scores`` (``tests/domain/test_fuzzy_keys.py`` compares them).
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

TOKEN_SET_WEIGHT = 0.96
PARTIAL_WEIGHT = 0.9
PARTIAL_FROM = 4  # partial matching only for queries this long or longer, and only in longer keys
SLACK = 1e-6  # bounds used to skip keys are lowered by this, so rounding never skips one that scores
NEAR = 90.0  # ``top`` scores the keys whose length allows this ratio first
# Any ratio below 100 is at most 100 × (1 − 1/(|a| + |b|)); a key and a query are far below 200,000
# characters together, so every ratio short of 100 is below this.
UNDER_100 = 100.0 - 100.0 / 1_000_000


def sorted_words(text: str) -> str:
    return " ".join(sorted(set(text.split())))


def token_set_bound(
    query_words: int, query_sorted: int, key_words: int, key_sorted: int, shared: int, shared_len: int
) -> float:
    """An upper bound of ``token_set_ratio`` for a query and a key sharing ``shared`` words.

    From lengths alone: the words' counts, the lengths of their sorted words joined
    (``query_sorted``, ``key_sorted``) and of the shared ones (``shared_len``). token_set_ratio is
    100 when one side's words are all in the other; else the best of ratio(shared, shared + the
    query's other words), ratio(shared, shared + the key's other words), each set by the lengths,
    and ratio(shared + the query's others, shared + the key's others), at most its length bound.
    """
    if shared in (query_words, key_words):
        return 100.0
    ab = query_sorted - shared_len - 1  # the query's other words, joined
    ba = key_sorted - shared_len - 1
    both = 2 * shared_len + 2 + ab + ba
    return max(
        100.0 * (1.0 - abs(ab - ba) / both),
        100.0 * (1.0 - (1 + ab) / (2 * shared_len + 1 + ab)),
        100.0 * (1.0 - (1 + ba) / (2 * shared_len + 1 + ba)),
    )


class ByLength:
    """Strings in order of length (with the key each belongs to), so that a ratio pass only hands
    rapidfuzz the lengths that can reach its cut-off: ratio(a, b) <= 200·min(|a|, |b|) / (|a| + |b|)."""

    def __init__(self, strings: Sequence[str], numbers: Sequence[int]) -> None:
        order = sorted(range(len(strings)), key=lambda i: len(strings[i]))
        self.strings = [strings[i] for i in order]
        self.numbers = [numbers[i] for i in order]
        self.lengths = [len(string) for string in self.strings]

    def window(self, size: int, cutoff: float) -> tuple[int, int]:
        """[start, end) of the strings whose ratio with ``size`` characters can reach ``cutoff``."""
        if cutoff <= 0.0:
            return 0, len(self.lengths)
        if cutoff > 100.0:
            return 0, 0
        shortest = cutoff * size / (200.0 - cutoff) - SLACK
        longest = size * (200.0 - cutoff) / cutoff + SLACK
        return bisect_left(self.lengths, shortest), bisect_right(self.lengths, longest)

    def ratios(self, query: str, min_score: float, start: int, end: int) -> list[tuple[float, int]]:
        """(ratio, key) of the strings in [start, end) scoring ``min_score`` or more."""
        if start >= end:
            return []
        numbers = self.numbers
        return [
            (score, numbers[start + i])
            for _, score, i in process.extract(
                query, self.strings[start:end], scorer=fuzz.ratio, limit=None, score_cutoff=min_score
            )
        ]

    def all_ratios(self, query: str, min_score: float) -> list[tuple[float, int]]:
        return self.ratios(query, min_score, *self.window(len(query), min_score - SLACK))


class KeyScorer:
    """Scores for the distinct ``forms`` (folded keys), by their position in ``forms``."""

    def __init__(self, forms: Sequence[str], groups: Sequence[Sequence[tuple[int, float]]] = ()) -> None:
        """``groups[n]``: (entry, bonus) for each key of form ``n``, for ``top`` (an entry's total
        is its best key's score plus bonus); without it each form is an entry of its own."""
        self.forms = list(forms)
        numbers = range(len(self.forms))
        self._groups = list(groups) or [[(n, 0.0)] for n in numbers]
        self._bonus = [max(bonus for _, bonus in group) for group in self._groups]
        self._most_bonus = max(self._bonus, default=0.0)
        self._sorted = [sorted_words(form) for form in self.forms]
        self._word_count = [len(set(form.split())) for form in self.forms]
        self._keys = ByLength(self.forms, numbers)
        self._sorted_keys = ByLength(self._sorted, numbers)
        # Keys whose words are not in sorted order already (one-word keys are): when the query's are,
        # only these need the sorted-words pass; for the others it is the plain ratio pass again.
        self._in_order = [
            sorted_form == form for sorted_form, form in zip(self._sorted, self.forms, strict=True)
        ]
        out_of_order = [n for n in numbers if not self._in_order[n]]
        self._sorted_out_of_order = ByLength([self._sorted[n] for n in out_of_order], out_of_order)
        self._by_word: dict[str, list[int]] = {}
        for number, form in enumerate(self.forms):
            for word in set(form.split()):
                self._by_word.setdefault(word, []).append(number)
        by_length = sorted(numbers, key=lambda n: len(self.forms[n]))
        self._by_length = by_length
        self._lengths = [len(self.forms[n]) for n in by_length]
        self._forms_by_length = [self.forms[n] for n in by_length]

    def _shared_words(self, words: set[str]) -> tuple[list[int], list[tuple[int, int, int]]]:
        """Keys sharing a word with the query's ``words``: those whose token_set_ratio is 100 (one
        side's words are all in the other), and the others as (key, words shared, the length of
        those words joined), for ``_token_set_bounds``, which a caller that already has a 96 need
        not compute: short of 100 a token_set_ratio is a ratio of two different strings, below
        ``UNDER_100``."""
        by_word, count = self._by_word, self._word_count
        hits = [word for word in words if word in by_word]
        if not hits:  # a typo in every word: nothing shared, nothing to count
            return [], []
        if len(words) == 1:  # the one word shared is all of the query's
            return list(by_word[hits[0]]), []
        if len(hits) == 1:  # one word of several shared: all of a key's only if it is the key's one word
            (word,) = hits
            numbers = by_word[word]
            return [n for n in numbers if count[n] == 1], [
                (n, 1, len(word)) for n in numbers if count[n] != 1
            ]
        shared: dict[int, list[int]] = {}  # key -> [words shared, their joined length + 1]
        for word in hits:
            for number in by_word[word]:
                counts = shared.get(number)
                if counts is None:
                    shared[number] = [1, len(word) + 1]
                else:
                    counts[0] += 1
                    counts[1] += len(word) + 1
        query_words = len(words)
        whole = [n for n, (shared_words, _) in shared.items() if shared_words in (query_words, count[n])]
        for number in whole:
            del shared[number]
        return whole, [(number, n, size - 1) for number, (n, size) in shared.items()]

    def _token_set_bounds(
        self, words: set[str], some_shared: list[tuple[int, int, int]]
    ) -> list[tuple[int, float]]:
        """(key, ``token_set_bound``) for the keys sharing some of the query's ``words``."""
        query_words, query_sorted = len(words), sum(map(len, words)) + len(words) - 1
        count, sorted_forms = self._word_count, self._sorted
        return [
            (
                number,
                token_set_bound(query_words, query_sorted, count[number], len(sorted_forms[number]), n, size),
            )
            for number, n, size in some_shared
        ]

    def scores(self, query: str, min_score: float) -> dict[int, float]:
        """position -> the key's score, for every key scoring at least ``min_score``."""
        scores: dict[int, float] = {}

        def keep(number: int, score: float) -> None:
            if score > scores.get(number, 0.0):
                scores[number] = score

        ratios = self._keys.all_ratios(query, min_score)
        for score, number in ratios:
            keep(number, score)

        # token_set_ratio: keys sharing a word with the query (unless their bound says they cannot
        # reach the cut-off), and the keys whose sorted words (what token_set_ratio compares when
        # no word is shared) reach it; the real scorer then gives each of these its score (to the
        # last bit, as before).
        token_cutoff = min_score / TOKEN_SET_WEIGHT
        words = set(query.split())
        whole, some_shared = self._shared_words(words)
        candidates = {
            n for n, most in self._token_set_bounds(words, some_shared) if most >= token_cutoff - SLACK
        }
        candidates.update(whole)
        sorted_query = " ".join(sorted(words))
        candidates.update(
            n for _, n in self._sorted_ratios(query, sorted_query, ratios, token_cutoff - SLACK)
        )
        for number in candidates:
            score = fuzz.token_set_ratio(query, self.forms[number], score_cutoff=token_cutoff)
            if score:
                keep(number, score * TOKEN_SET_WEIGHT)

        if len(query) >= PARTIAL_FROM:
            self._partial(query, min_score / PARTIAL_WEIGHT, keep)
        return scores

    def _sorted_ratios(
        self, query: str, sorted_query: str, ratios: list[tuple[float, int]], cutoff: float
    ) -> list[tuple[float, int]]:
        """(ratio of the sorted words, key) for every key where it reaches ``cutoff``.

        ``ratios``: (ratio, key) for at least every key whose plain ratio reaches ``cutoff``. When
        the query's words are in sorted order, a key whose words are too compares the same strings.
        """
        if sorted_query != query:
            return self._sorted_keys.all_ratios(sorted_query, cutoff)
        in_order = self._in_order
        found = [(score, number) for score, number in ratios if score >= cutoff and in_order[number]]
        return found + self._sorted_out_of_order.all_ratios(sorted_query, cutoff)

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

    def top(
        self,
        query: str,
        min_score: float,
        limit: int,
        within: float | None = None,
    ) -> dict[int, float]:
        """Scores of the forms that can put an entry among the best ``limit`` (and ``within`` of the best).

        Every form that can reach the results gets its exact score; a form
        that cannot may be left out or given a lower score, and its entry then ranks below them.
        """
        top_bonus, groups = self._bonus, self._groups
        scores: dict[int, float] = {}
        totals: dict[int, float] = {}  # entry -> its best total so far (never above the real one)
        # One result and no ``within`` (/cast): what a key must reach is the best total so far,
        # kept as each score comes (an entry's total is its best key's score + that key's bonus).
        only_best = limit == 1 and within is None
        reach = -math.inf  # what a key's total must reach to change the results

        def improve(number: int, score: float) -> None:
            nonlocal reach
            if score < min_score or score <= scores.get(number, 0.0):
                return
            scores[number] = score
            if only_best:
                reach = max(reach, score + top_bonus[number])
                return
            for entry, bonus in groups[number]:
                if score + bonus > totals.get(entry, -math.inf):
                    totals[entry] = score + bonus
            best = -math.inf if within is None else max(totals.values()) - within
            if len(totals) >= limit:
                best = max(best, heapq.nlargest(limit, totals.values())[-1])
            reach = best

        # token_set_ratio is 100 for keys holding all of the query's words or whose words are all
        # in the query (no call needed): the results' best candidates, found first, so that the
        # passes below only look at what can still beat them.
        words = set(query.split())
        whole, some_shared = self._shared_words(words)
        if min_score <= 100.0 * TOKEN_SET_WEIGHT:
            for number in whole:
                improve(number, 100.0 * TOKEN_SET_WEIGHT)

        # ratio, keys of about the query's length first (a close match, if any, is there); then the
        # other lengths that can still reach the results (ratio is bounded by the lengths).
        keys, size, most_bonus = self._keys, len(query), self._most_bonus
        start, end = keys.window(size, max(min_score, NEAR, reach - most_bonus) - SLACK)
        ratios = keys.ratios(query, min_score, start, end)
        for score, number in ratios:
            improve(number, score)
        # Once the results need more than NEAR, every length that can reach them was just scored.
        if reach - most_bonus < NEAR:
            first, last = keys.window(size, max(min_score, reach - most_bonus) - SLACK)
            for score, number in [
                *keys.ratios(query, min_score, first, min(start, last)),
                *keys.ratios(query, min_score, max(end, first), last),
            ]:
                ratios.append((score, number))
                improve(number, score)

        # token_set_ratio of the other keys, best bound first: keys sharing some of the query's
        # words (bounded by the lengths of the words shared and not), and keys whose sorted words
        # reach what the results need (no word shared: token_set_ratio is that ratio). Short of
        # 100, only keys sharing some words or whose sorted words differ can; at 100, only
        # ``whole`` (scored above): identical sorted words share all of them.
        token_cutoff = min_score / TOKEN_SET_WEIGHT
        needed = max(token_cutoff, (reach - most_bonus) / TOKEN_SET_WEIGHT) - SLACK
        if needed < UNDER_100:
            # key -> the most its total can be through this scorer
            most_total = {
                n: most * TOKEN_SET_WEIGHT + SLACK + top_bonus[n]
                for n, most in self._token_set_bounds(words, some_shared)
            }
            sorted_query = " ".join(sorted(words))
            for score, number in self._sorted_ratios(query, sorted_query, ratios, needed):
                if number not in most_total and number not in whole:
                    most_total[number] = score * TOKEN_SET_WEIGHT + SLACK + top_bonus[number]
            for number in sorted(most_total, key=most_total.__getitem__, reverse=True):
                if most_total[number] < reach - SLACK:
                    break  # no key left can reach the results through this scorer
                score = fuzz.token_set_ratio(query, self.forms[number], score_cutoff=token_cutoff)
                improve(number, score * TOKEN_SET_WEIGHT)

        # partial_ratio, only in keys longer than the query, bounded by their common subsequence.
        size = len(query)
        if size < PARTIAL_FROM or PARTIAL_WEIGHT * 100.0 + self._most_bonus < reach - SLACK:
            return scores
        partial_cutoff = min_score / PARTIAL_WEIGHT
        start = bisect_right(self._lengths, size)
        # The shortest common subsequence that can reach the cut-off and the results (SLACK: rounding
        # never raises it); a key with less is left out below anyway.
        needed = max(partial_cutoff, (reach - self._most_bonus) / PARTIAL_WEIGHT) - SLACK
        least = max(1, math.ceil(needed * size / (200.0 - needed) - SLACK))
        near = process.extract(
            query, self._forms_by_length[start:], scorer=LCSseq.similarity, limit=None, score_cutoff=least
        )
        if reach == -math.inf:  # nothing to prune by yet: align them all in one call
            numbers = [self._by_length[start + i] for _, _, i in near]
            forms = [self.forms[n] for n in numbers]
            for _, score, i in process.extract(
                query, forms, scorer=fuzz.partial_ratio, limit=None, score_cutoff=partial_cutoff
            ):
                improve(numbers[i], score * PARTIAL_WEIGHT)
            return scores
        ceilings = []
        for _, common, i in near:
            number = self._by_length[start + i]
            ceiling = PARTIAL_WEIGHT * 200.0 * common / (size + common) + SLACK
            ceilings.append((ceiling + top_bonus[number], ceiling, number))
        ceilings.sort(reverse=True)
        for most, ceiling, number in ceilings:
            if most < reach - SLACK:
                break
            if ceiling > scores.get(number, 0.0):
                score = fuzz.partial_ratio(query, self.forms[number], score_cutoff=partial_cutoff)
                improve(number, score * PARTIAL_WEIGHT)
        return scores
