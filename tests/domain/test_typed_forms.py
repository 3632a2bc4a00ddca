"""Typed trivia answers: what people actually type is accepted, a wrong answer typed never is.

Runs the matcher a game uses (``AnswerKnowledge.matcher``) over the shipped curated questions:
every form the data lists, a table of likely forms per question, and forms that must be rejected.
"""

from __future__ import annotations

import pytest

from bot.domain.content import Content, TriviaQuestion
from bot.domain.text import fold, normalise_answer
from bot.domain.trivia import AnswerMatcher
from bot.domain.trivia.knowledge import AnswerKnowledge

# What fans type, per question: each must be accepted. Surnames and first names throughout,
# the actor for a character and the other way round where that is unambiguous.
LIKELY: dict[str, tuple[str, ...]] = {
    "trivia-001": ("Ana de Armas", "ana de armas", "de Armas", "Ana", "Ana De Armas"),
    "trivia-002": ("Len Wiseman", "wiseman", "Len Wisemann"),
    "trivia-003": ("Shay Hatten", "Hatten", "Shay"),
    "trivia-009": ("125", "125 minutes", "125 mins", "2h 5m", "two hours five minutes"),
    "trivia-015": ("Anjelica Huston", "Angelica Huston", "Huston", "Anjelica"),
    "trivia-017": ("Gabriel Byrne", "Byrne", "Gabriel"),
    "trivia-018": ("Daniel Pine", "Pine"),
    "trivia-019": ("Lance Reddick", "Reddick", "Lance"),
    "trivia-022": ("Victoria Comte", "Comte", "Victoria"),
    "trivia-023": ("Unity Phelan", "Phelan", "Unity"),
    "trivia-024": ("David Castañeda", "David Castaneda", "Castaneda", "David"),
    "trivia-027": ("Sharon Duncan-Brewster", "Duncan Brewster", "Sharon"),
    "trivia-031": ("Prague", "Praha"),
    "trivia-032": ("Abraham Popoola", "Popoola", "Abraham"),
    "trivia-033": ("Hallstatt", "Halstatt"),
    "trivia-035": ("R", "rated R", "R-rated"),
    "trivia-040": ("Emerald Fennell", "Fennell", "Emerald"),
    "trivia-043": ("Chad Stahelski", "Stahelski", "Chad"),
    "trivia-044": (
        "Javier and Nogi",
        "Nogi and Javier",
        "David Castañeda and Sharon Duncan-Brewster",
        "David Castaneda and Sharon Duncan Brewster",
        "Sharon Duncan-Brewster and David Castañeda",
        "Castaneda and Duncan-Brewster",
    ),
    "trivia-046": ("Tyler Bates", "Bates", "Joel J. Richard", "Joel Richard", "Bates and Richard"),
    "trivia-047": ("Romain Lacourbas", "Lacourbas", "Romain"),
    "trivia-048": ("Phil Ivey", "Ivey", "Phil"),
    "trivia-049": ("Stephen Dunlevy", "Dunlevy", "Stephen"),
    "trivia-050": ("Jackson Spidell", "Spidell", "Jackson"),
    "trivia-054": (
        "flamethrower",
        "Flamethrower",
        "a flame thrower",
        "used a flamethrower",
        "set someone on fire",
    ),
    "trivia-061": ("snow globe", "a snow globe", "music box", "a music box", "ballerina music box"),
    # "The Director" raised Eve too, so it is a second true answer.
    "trivia-062": ("Winston", "Winston Scott", "The Director", "director"),
    "trivia-063": ("The Chancellor", "chancellor", "Gabriel Byrne", "Byrne"),
    "trivia-065": ("John Wick", "Wick", "Keanu", "Keanu Reeves", "Reeves", "Baba Yaga"),
}

# Plausible wrong answers: none may be accepted.
REJECTED: dict[str, tuple[str, ...]] = {
    "trivia-001": ("Eve", "Florence Pugh", "Pugh", "Anya"),
    "trivia-002": ("Lena", "Stahelski", "Chad Stahelski", "Leitch"),
    "trivia-009": ("126", "124 minutes", "2 hours", "131"),
    # "Which actor?": the character he plays is not an actor.
    "trivia-019": ("Ian McShane", "Winston", "McShane", "Fishburne", "Charon"),
    "trivia-024": ("Javier", "Diego Luna", "Daniel"),
    "trivia-035": ("PG-13", "PG", "NC-17", "rated PG-13"),
    "trivia-044": ("Lena and Charon", "Catalina Sandino Moreno and Lance Reddick", "Javier", "Nogi"),
    "trivia-054": ("fired a shotgun", "shotgun", "took a punch", "fell"),
    "trivia-061": ("teddy bear", "pistol", "pointe shoes", "a doll"),
    # A character's actor is as wrong as the character when the character is a wrong option.
    # "Which character?": the actor who plays the right one is not a character.
    "trivia-062": ("John Wick", "Keanu", "Keanu Reeves", "Caine", "Bowery King", "Ian McShane", "McShane"),
    "trivia-063": (
        "The Director",
        "Anjelica Huston",
        "Daniel Pine",
        "Norman Reedus",
        "Winston",
        "Ian McShane",
    ),
    "trivia-065": ("Nogi", "Sharon Duncan-Brewster", "Charon", "Lance Reddick", "Katla Park", "Sooyoung"),
}


def by_id(content: Content) -> dict[str, TriviaQuestion]:
    return {q.id: q for q in content.trivia}


def test_the_tables_name_real_questions(content: Content) -> None:
    ids = by_id(content)
    assert set(LIKELY) <= set(ids) and set(REJECTED) <= set(ids)


def test_every_form_the_data_lists_is_accepted(content: Content) -> None:
    for question in content.trivia:
        matcher = AnswerKnowledge.of(content).matcher(question)
        for form in (question.answer, *question.accepted_answers):
            assert matcher.matches(form), (question.id, form)


@pytest.mark.parametrize("question_id", sorted(LIKELY))
def test_likely_forms_are_accepted(content: Content, question_id: str) -> None:
    matcher = AnswerKnowledge.of(content).matcher(by_id(content)[question_id])
    refused = [form for form in LIKELY[question_id] if not matcher.matches(form)]
    assert not refused, (question_id, refused)


@pytest.mark.parametrize("question_id", sorted(REJECTED))
def test_likely_wrong_forms_are_rejected(content: Content, question_id: str) -> None:
    matcher = AnswerKnowledge.of(content).matcher(by_id(content)[question_id])
    accepted = [form for form in REJECTED[question_id] if matcher.matches(form)]
    assert not accepted, (question_id, accepted)


def test_no_wrong_option_typed_is_accepted(content: Content) -> None:
    for question in content.trivia:
        matcher = AnswerKnowledge.of(content).matcher(question)
        right_words = set(fold(" ".join((question.answer, *question.accepted_answers))).split())
        for wrong in question.wrong_answers:
            assert not matcher.matches(wrong), (question.id, wrong)
            # A wrong option's own surname or first name ("Pugh" for "Florence Pugh") is wrong too,
            # unless the right answer has that word as well ("Katla" in both "Sooyoung, as Katla Park"
            # and "Yoona, as Katla Park").
            for word in fold(wrong).split():
                if len(word) >= 4 and word not in right_words:
                    assert not matcher.matches(word), (question.id, wrong, word)


def test_an_actor_of_a_wrong_character_is_never_accepted(content: Content) -> None:
    characters = {}
    for member in content.cast:
        for name in (member.character, *member.aliases):
            characters.setdefault(normalise_answer(name), member)
    checked = 0
    for question in content.trivia:
        right = {normalise_answer(a) for a in (question.answer, *question.accepted_answers)}
        matcher = AnswerKnowledge.of(content).matcher(question)
        for wrong in question.wrong_answers:
            member = characters.get(normalise_answer(wrong))
            if member is None or normalise_answer(member.actor) in right:
                continue
            checked += 1
            for form in (member.actor, member.actor.split()[-1]):
                assert not matcher.matches(form), (question.id, wrong, form)
    assert checked >= 10


def test_short_answers_must_be_typed_exactly_longer_ones_forgive_typos() -> None:
    matcher = AnswerMatcher(("Ana de Armas", "Ana"))
    assert matcher.matches("ana") and matcher.matches("ANA!")
    assert not matcher.matches("Anya")  # a wrong option's first name, one letter away from "Ana"
    assert not matcher.matches("Anna")
    assert matcher.matches("Ana de Amras")  # a typo in a longer answer still counts
    assert not AnswerMatcher(("Len Wiseman", "Wiseman")).matches("Lena")
