"""Typed answers: the canonical form answers are compared in, and the matcher built once per question."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from rapidfuzz import fuzz

from bot.domain.content import TriviaQuestion
from bot.domain.text import normalise_answer
from bot.domain.trivia.limits import MAX_RESPONSE_CHARS

FUZZY_THRESHOLD = 85  # rapidfuzz fuzz.ratio on canonical strings, 0-100
# Shorter answers must be typed exactly: one letter more turns "Ana" into "Anya", "Len" into "Lena".
FUZZY_MIN_LENGTH = 5

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # "1,000" -> "1000"
_DIGIT_EDGE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")  # "2h5m" -> "2 h 5 m"
_DIGITS = re.compile(r"\d+")
# fmt: off
_UNIT_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_TEN_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on
_UNITS = {word: i for i, word in enumerate(_UNIT_WORDS)}
_TENS = {word: 10 * i for i, word in enumerate(_TEN_WORDS, 2)}


def _numbers_as_digits(words: list[str]) -> list[str]:
    """Spell number words up to ninety-nine as digits: "fifty six" -> "56", "one" -> "1"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _TENS:
            value = _TENS[word]
            if i + 1 < len(words) and 0 < _UNITS.get(words[i + 1], 0) < 10:
                value += _UNITS[words[i + 1]]
                i += 1
            out.append(str(value))
        elif word in _UNITS:
            out.append(str(_UNITS[word]))
        else:
            out.append(word)
        i += 1
    return out


def canonical_answer(text: str) -> str:
    """The form typed answers are compared in.

    ``normalise_answer`` (case, accents, punctuation, "&" as "and", a leading
    "the/a/an"), plus: thousands separators dropped, digits split from letters
    ("125min" -> "125 min") and number words up to ninety-nine written as digits.
    """
    text = _THOUSANDS.sub("", text[:MAX_RESPONSE_CHARS])
    words = _DIGIT_EDGE.sub(" ", normalise_answer(text)).split()
    return " ".join(_numbers_as_digits(words))


class _Target(NamedTuple):
    text: str
    numbers: tuple[str, ...]
    words: tuple[str, ...]  # the non-number words


def _split(canonical: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tokens = canonical.split()
    return tuple(_DIGITS.findall(canonical)), tuple(t for t in tokens if not t.isdigit())


# A bare number answers "125 minutes" or "1,000 extras", but not a date: "2022" is not
# "November 2022".
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


def _bare_number_enough(target_words: tuple[str, ...]) -> bool:
    return not any(word in MONTHS for word in target_words)


def _words_fit(response_words: tuple[str, ...], target_words: tuple[str, ...]) -> bool:
    """Every response word starts a target word ("min" or "mins" for "minutes", "chapter" for "chapter")."""
    for word in response_words:
        stem = word[:-1] if len(word) > 1 and word.endswith("s") else word
        if not any(t.startswith(word) or t.startswith(stem) for t in target_words):
            return False
    return True


class AnswerMatcher:
    """Decides whether a typed answer is right; built once per question.

    A response is compared with the answer and each accepted answer, in canonical
    form (see ``canonical_answer``). It is right when it equals one of them, or:

    * when numbers are involved (on either side), the response's numbers must equal
      the target's exactly and in order ("126" is wrong for "125 minutes"); then it is
      right when it is only numbers, unless the target is a date ("125" for "125 minutes",
      but not "2022" for "November 2022"), when the target is only numbers
      ("56 days" for "56"), when each of its words starts a word of the target ("125 mins",
      "chapter 4" for "john wick chapter 4"), or when the whole strings are close
      (fuzz.ratio >= 85);
    * otherwise, when fuzz.ratio of the two strings is at least 85 (typos), for a target of at
      least 5 characters (a shorter one must be typed exactly: "Anya" is not "Ana").

    An empty (or punctuation-only) response is never right.
    """

    __slots__ = ("_exact", "_targets")

    def __init__(self, answers: Iterable[str]) -> None:
        targets: dict[str, _Target] = {}
        for answer in answers:
            text = canonical_answer(answer)
            if text and text not in targets:
                targets[text] = _Target(text, *_split(text))
        self._targets = tuple(targets.values())
        self._exact = frozenset(targets)

    @classmethod
    def for_question(cls, question: TriviaQuestion) -> AnswerMatcher:
        return cls((question.answer, *question.accepted_answers))

    def matches(self, response: str) -> bool:
        text = canonical_answer(response)
        if not text:
            return False
        if text in self._exact:
            return True
        numbers, words = _split(text)
        for target in self._targets:
            if numbers or target.numbers:
                if numbers != target.numbers:
                    continue
                bare_number_ok = not words and _bare_number_enough(target.words)
                if bare_number_ok or not target.words or (words and _words_fit(words, target.words)):
                    return True
            if len(target.text) >= FUZZY_MIN_LENGTH and fuzz.ratio(
                text, target.text, score_cutoff=FUZZY_THRESHOLD
            ):
                return True
        return False


def typed_answer_is_correct(question: TriviaQuestion, response: str) -> bool:
    """One-off check; a game builds its ``AnswerMatcher`` once per question instead."""
    return AnswerMatcher.for_question(question).matches(response)
