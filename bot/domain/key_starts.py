"""Which search keys start with what a member is typing, or have a word that does.

Autocomplete sees a name keystroke by keystroke: "gab", "vic", "d". Fuzzy scores are made for
whole names ("gab" is far from "gabriel byrne" by every scorer), so suggestions first ask this:
the keys and every suffix of a key that starts a word, kept in sorted order, so that all those
beginning with the typed text sit side by side and one bisection finds them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

EXACT_SCORE = 100.0  # the key is what was typed
PREFIX_SCORE = 96.0  # the query starts the key: "win" -> "winston"
WORD_PREFIX_SCORE = 94.0  # the query starts a word of the key: "mcs" -> "ian mcshane"


class KeyStarts:
    """Scores, by the position of a key in ``forms``, for keys that start with a text."""

    def __init__(self, forms: Sequence[str]) -> None:
        starts: list[tuple[str, bool, int]] = []  # (text, is the whole key, key)
        for number, form in enumerate(forms):
            starts.append((form, True, number))
            space = form.find(" ")
            while space != -1:
                starts.append((form[space + 1 :], False, number))
                space = form.find(" ", space + 1)
        starts.sort()
        self._texts = [text for text, _, _ in starts]
        self._whole = [whole for _, whole, _ in starts]
        self._numbers = [number for _, _, number in starts]

    def scores(self, typed: str) -> dict[int, float]:
        """key -> EXACT_SCORE, PREFIX_SCORE or WORD_PREFIX_SCORE, the best that applies; {} for ""."""
        found: dict[int, float] = {}
        if not typed:
            return found
        texts, whole, numbers = self._texts, self._whole, self._numbers
        position = bisect_left(texts, typed)
        while position < len(texts) and texts[position].startswith(typed):
            if not whole[position]:
                score = WORD_PREFIX_SCORE
            else:
                score = EXACT_SCORE if texts[position] == typed else PREFIX_SCORE
            number = numbers[position]
            if score > found.get(number, 0.0):
                found[number] = score
            position += 1
        return found
