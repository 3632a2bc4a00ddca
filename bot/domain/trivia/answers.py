"""Typed answers: the canonical form answers are compared in, and the matcher built once per question."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import permutations
from typing import NamedTuple

from rapidfuzz.distance import OSA

from bot.domain.content import AnswerKind, TriviaQuestion
from bot.domain.text import normalise_answer
from bot.domain.trivia.dates import read_dates, same_date
from bot.domain.trivia.limits import MAX_RESPONSE_CHARS

# Shorter answers must be typed exactly: one letter more turns "Ana" into "Anya", "Len" into "Lena".
FUZZY_MIN_LENGTH = 5

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # "1,000" -> "1000"
_DIGIT_EDGE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")  # "2h5m" -> "2 h 5 m"
_DIGITS = re.compile(r"\d+")
# A grade's sign is part of it: "A-" and "A minus" are one answer, "A+" and "A" others. Only a
# lone letter and its sign at the end ("A-", "an A-."; not "R-rated", "PG-13", "Plan B - Part 2").
_GRADE = re.compile(r"(?<![\w+-])([a-z])\s*(\+|-|\bplus\b|\bminus\b)(?=\s*(?:$|[,;.)]))", re.IGNORECASE)
_SIGN_WORDS = {"+": "plus", "-": "minus", "plus": "plus", "minus": "minus"}
# What joins the names of a list: "Halsey and Amy Lee", "Bates & Richard", "Evanescence ft. K.Flay".
_LIST_JOINS = re.compile(r",|&|\band\b|\bfeaturing\b|\bfeat\b\.?|\bft\b\.?|\bwith\b", re.IGNORECASE)
# A server's own answers reach the matcher markdown-escaped ("A\\-"): the backslash is not typed.
_ESCAPE = re.compile(r"\\(?=[^\w\s])")
_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,3}(?:[+-]|-\d{1,2})?$")
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
    "the/a/an"), plus: a grade's sign kept as a word ("A-" and "A minus" -> "aminus"),
    thousands separators dropped, digits split from letters
    ("125min" -> "125 min") and number words up to ninety-nine written as digits.
    """
    text = _THOUSANDS.sub("", _ESCAPE.sub("", text[:MAX_RESPONSE_CHARS]))
    text = _GRADE.sub(lambda m: f" {m[1]}{_SIGN_WORDS[m[2].casefold()]} ", text)
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


def typo_allowance(length: int) -> int:
    """How many edits (OSA: a swap of two neighbours is one) a target of ``length`` forgives.

    None under five characters ("Ana" is not "Anya"), one up to eight ("Bryne" for "Byrne"),
    two up to fifteen ("Castenada"), then one more every eight characters.
    """
    if length < FUZZY_MIN_LENGTH:
        return 0
    if length < 9:
        return 1
    if length < 16:
        return 2
    return length // 8


def intrinsic_kind(answer: str) -> AnswerKind:
    """The kind an answer's own text shows: a date, a grade or code, else text (numbers within)."""
    stripped = _ESCAPE.sub("", answer).strip()
    if _CODE.match(stripped):
        return AnswerKind.CODE
    dates = read_dates(stripped)
    if len(dates) == 1 and next(iter(dates)).year is not None:
        return AnswerKind.DATE
    return AnswerKind.TEXT


def list_items(text: str) -> list[str]:
    """The names a list answer joins, in canonical form: "Halsey & Amy Lee" -> ["halsey", "amy lee"]."""
    return [item for item in (canonical_answer(part) for part in _LIST_JOINS.split(text)) if item]


class AnswerMatcher:
    """Decides whether a typed answer is right; built once per question.

    A response is compared with the answer and each accepted answer, in canonical form (see
    ``canonical_answer``), by the answer's ``kind`` (``AnswerKind``; None: ``intrinsic_kind``
    of the first answer). It is right when it equals one of them, or:

    * it never is when it equals one of ``avoid`` (wrong options, other people's names);
    * a ``CODE`` (grade, rating) must be equal: no other rule applies;
    * a ``DATE`` is right when one reading of the typed date is the answer's (``dates``);
    * a ``LIST`` is right when its items, in any order, each match one of ``items`` (the
      forms of each name the answer joins), every item once;
    * when numbers are involved (on either side), the response's numbers must equal
      the target's exactly and in order ("126" is wrong for "125 minutes"); then it is
      right when it is only numbers, unless the target is a date ("125" for "125 minutes",
      but not "2022" for "November 2022"), when the target is only numbers
      ("56 days" for "56"), when each of its words starts a word of the target ("125 mins",
      "chapter 4" for "john wick chapter 4"), or when it is a small typo away;
    * otherwise (not ``NUMBER``) when it is within ``typo_allowance`` edits of a target, and no
      nearer to (or as near) one of ``avoid``.

    An empty (or punctuation-only) response is never right.
    """

    __slots__ = ("_avoid", "_dates", "_exact", "_items", "_targets", "kind")

    def __init__(
        self,
        answers: Iterable[str],
        *,
        kind: AnswerKind | None = None,
        avoid: Iterable[str] = (),
        items: Sequence[Iterable[str]] = (),
    ) -> None:
        answers = [a for a in answers if a]
        targets: dict[str, _Target] = {}
        for answer in answers:
            text = canonical_answer(answer)
            if text and text not in targets:
                targets[text] = _Target(text, *_split(text))
        self._targets = tuple(targets.values())
        self._exact = frozenset(targets)
        self.kind = kind if kind is not None else intrinsic_kind(answers[0]) if answers else AnswerKind.TEXT
        self._avoid = frozenset(a for a in map(canonical_answer, avoid) if a and a not in self._exact)
        self._dates = [d for a in answers for d in read_dates(a)] if self.kind is AnswerKind.DATE else []
        if self.kind is AnswerKind.LIST and not items and answers:
            items = [(item,) for item in list_items(answers[0])]
        self._items = [frozenset(filter(None, map(canonical_answer, forms))) for forms in items]

    @classmethod
    def for_question(cls, question: TriviaQuestion) -> AnswerMatcher:
        """The matcher from the question alone (its kind, answers and wrong options); see
        ``AnswerKnowledge.matcher`` for one that knows the content's names."""
        return cls(
            (question.answer, *question.accepted_answers),
            kind=question.answer_kind,
            avoid=question.wrong_answers,
        )

    def matches(self, response: str) -> bool:
        text = canonical_answer(response)
        if not text:
            return False
        if text in self._exact:
            return True
        if text in self._avoid or self.kind is AnswerKind.CODE:
            return False
        if self.kind is AnswerKind.DATE:
            readings = read_dates(response[:MAX_RESPONSE_CHARS])
            if readings:  # a date that is not the answer's is wrong, however close its text
                return any(same_date(r, d) for r in readings for d in self._dates)
        if self.kind is AnswerKind.LIST and self._items and self._list_matches(response):
            return True
        numbers, words = _split(text)
        for target in self._targets:
            if numbers or target.numbers:
                if numbers != target.numbers:
                    continue
                bare_number_ok = not words and _bare_number_enough(target.words)
                if bare_number_ok or not target.words or (words and _words_fit(words, target.words)):
                    return True
            if self.kind is not AnswerKind.NUMBER and self._close(text, target.text):
                return True
        return False

    def _close(self, text: str, target: str) -> bool:
        allowed = typo_allowance(len(target))
        if not allowed:
            return False
        distance = OSA.distance(text, target, score_cutoff=allowed)
        if distance > allowed:
            return False
        # "Lena" is one letter from "Len" but is someone else: a typo must be nearer the answer.
        return not any(OSA.distance(text, other, score_cutoff=distance) <= distance for other in self._avoid)

    def _list_matches(self, response: str) -> bool:
        typed = list_items(response[:MAX_RESPONSE_CHARS])
        if len(typed) != len(self._items) or len(typed) > 6:
            return False
        return any(
            all(self._item_matches(item, self._items[i]) for item, i in zip(typed, order, strict=True))
            for order in permutations(range(len(typed)))
        )

    def _item_matches(self, item: str, forms: frozenset[str]) -> bool:
        return item in forms or (item not in self._avoid and any(self._close(item, form) for form in forms))


def typed_answer_is_correct(question: TriviaQuestion, response: str) -> bool:
    """One-off check; a game builds its ``AnswerMatcher`` once per question instead."""
    return AnswerMatcher.for_question(question).matches(response)
