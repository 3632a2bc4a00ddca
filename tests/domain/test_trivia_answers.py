"""Typed answers: what a member may type for a right answer, and what is never right."""

from __future__ import annotations

import pytest

from bot.domain.content import TriviaQuestion
from bot.domain.trivia import (
    AnswerMatcher,
    canonical_answer,
    typed_answer_is_correct,
)
from tests.domain.trivia_helpers import make_q

# --------------------------------------------------------------------------- typed matching

ANA = make_q("ana", answer="Ana de Armas", accepted=("de Armas",))
RUNTIME = make_q("runtime", answer="125 minutes", accepted=("2 hours 5 minutes",))
LABEL = make_q("label", answer="Lions & Tigers")
BLACK_LIST = make_q("list", answer="The Black List")
CASTANEDA = make_q("castaneda", answer="David Castañeda")
CHAPTER = make_q("chapter", answer="John Wick: Chapter 4")
DAYS = make_q("days", answer="56")
MONEY = make_q("money", answer="About $90 million")
CROWD = make_q("crowd", answer="1,000 extras")
MONTH = make_q("month", answer="November 2022")


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [
        (ANA, "Ana de Armas", True),
        (ANA, "ana DE armas", True),  # case
        (ANA, "  Ana  de   Armas!  ", True),  # spaces, punctuation
        (ANA, "Ana de Ármas", True),  # accents
        (ANA, "Anna de Armas", True),  # typo
        (ANA, "Ana de Amras", True),  # transposition
        (ANA, "de armas", True),  # accepted answer
        (ANA, "Ana", False),  # not enough
        (ANA, "Florence Pugh", False),
        (ANA, "", False),  # empty
        (ANA, "?!", False),  # nothing left after normalising
        (CASTANEDA, "david castaneda", True),  # accent in the answer, none typed
        (LABEL, "lions and tigers", True),  # "&" vs "and"
        (LABEL, "Lions & Tigers", True),
        (BLACK_LIST, "black list", True),  # leading "The" dropped
        (BLACK_LIST, "the blacklist", True),  # close enough
        (BLACK_LIST, "The White List", False),
        (RUNTIME, "125", True),  # the number alone
        (RUNTIME, "125 minutes", True),
        (RUNTIME, "125 mins", True),
        (RUNTIME, "125min", True),
        (RUNTIME, "126", False),  # digits must match exactly
        (RUNTIME, "126 minutes", False),  # even though the strings are close
        (RUNTIME, "12 minutes", False),
        (RUNTIME, "two hours five minutes", True),  # number words
        (RUNTIME, "2 hours 6 minutes", False),
        (CHAPTER, "chapter 4", True),
        (CHAPTER, "John Wick Chapter Four", True),
        (CHAPTER, "John Wick: Chapter 3", False),
        (DAYS, "fifty-six", True),
        (DAYS, "56 days", True),
        (DAYS, "65", False),
        (MONEY, "90 million", True),
        (MONEY, "$90m", True),
        (MONEY, "9 million", False),
        (CROWD, "1000", True),  # thousands separator
        (MONTH, "2022", False),  # a year alone is not the date
        (MONTH, "nov 2022", True),
        (MONTH, "November 2022", True),
        (CROWD, "100", False),
    ],
)
def test_typed_answer_matching(question: TriviaQuestion, response: str, expected: bool) -> None:
    assert typed_answer_is_correct(question, response) is expected


def test_canonical_form() -> None:
    assert canonical_answer("The Café & Bar") == "cafe and bar"
    assert canonical_answer("Twenty-two years") == "22 years"
    assert canonical_answer("2h5m") == "2 h 5 m"
    assert canonical_answer("x" * 1000) == "x" * 200  # responses are cut before matching


def test_a_grades_sign_is_kept_only_on_a_lone_letter_at_the_end() -> None:
    assert canonical_answer("A-") == canonical_answer("a minus") == canonical_answer("an A-.") == "aminus"
    assert canonical_answer("A+") == canonical_answer("A plus") == "aplus"
    assert canonical_answer("A") == "a"
    assert canonical_answer("Plan B - Part 2") == "plan b part 2"  # a dash inside a title
    assert canonical_answer("R-rated") == "r rated" and canonical_answer("PG-13") == "pg 13"


def test_a_servers_escaped_answer_is_judged_as_typed() -> None:
    grade = AnswerMatcher([r"A\-"])  # a moderator's "A-", markdown-escaped for display
    assert grade.kind.value == "code"
    assert grade.matches("A-") and grade.matches("a minus")
    assert not grade.matches("A+") and not grade.matches("A")
    assert AnswerMatcher([r"Lions \& Tigers"]).matches("lions and tigers")


def test_matcher_ignores_empty_targets() -> None:
    matcher = AnswerMatcher(["", "!!", "Prague"])
    assert matcher.matches("prague")
    assert not matcher.matches("")
