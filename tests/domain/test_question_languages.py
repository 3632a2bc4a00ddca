"""The film's questions in every shipped language: generated ones from translated templates, the
hand-written ones where data/ translates them, and the English with a note where it does not."""

from __future__ import annotations

import random

import pytest

from bot.content.loader import load_content
from bot.content.translation_checks import differences, names_of
from bot.domain.content import Content, TriviaQuestion
from bot.domain.question_families import generate, generate_questions
from bot.domain.question_families.translated import (
    NOT_TRANSLATED,
    PARTLY_TRANSLATED,
    asked_in,
    question_by_id,
    question_in,
    question_note,
)
from bot.domain.trivia.game import TriviaMode, ask
from bot.domain.trivia.knowledge import AnswerKnowledge
from bot.i18n import DEFAULT, LANGUAGES, Language, _, by_code, use_language

SHIPPED = [language for language in LANGUAGES if language is not DEFAULT]


def _language(code: str) -> Language:
    found = by_code(code)
    assert found is not None
    return found


FRENCH = _language("fr")
EVENT_OPTIONS = ("gen-figure-event-", "gen-first-", "gen-last-")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def pool(content: Content) -> tuple[TriviaQuestion, ...]:
    return generate_questions(content)


@pytest.mark.parametrize("code", [language.code for language in SHIPPED])
def test_each_language_has_the_same_generated_questions(code: str, pool: tuple[TriviaQuestion, ...]) -> None:
    language = _language(code)
    shown = [question_in(q, language) for q in pool]
    assert [q.id for q in shown] == [q.id for q in pool]
    for english, there in zip(pool, shown, strict=True):
        if (there.answer, there.wrong_answers) != (english.answer, english.wrong_answers):
            # Names, credits, dates and numbers do not change; an event ("Ballerina's world
            # premiere") reads in the language, in questions asked with their options only.
            assert english.id.startswith(EVENT_OPTIONS) and english.needs_options, english.id
            assert len({there.answer, *there.wrong_answers}) == 4
        else:
            assert there.accepted_answers == english.accepted_answers
        assert (there.spoiler, there.difficulty, there.sources) == (
            english.spoiler,
            english.difficulty,
            english.sources,
        )
        assert there.needs_options == english.needs_options and there.answer_kind == english.answer_kind
    translated = [q for q in shown if code in q.translations]
    # Every template is translated: only questions the data words itself ("ask:") stay English.
    assert len(translated) >= len(pool) - 6
    assert sum(there.question != english.question for there, english in zip(shown, pool, strict=True)) >= 80


@pytest.mark.parametrize("code", [language.code for language in SHIPPED])
def test_generated_translations_keep_names_and_numbers(
    code: str, content: Content, pool: tuple[TriviaQuestion, ...]
) -> None:
    names = names_of(content)
    problems = []
    for q in pool:
        text = q.translations.get(code)
        if text is None:
            continue
        pairs = [(q.question, text.question), (q.explanation, text.explanation), (q.answer, text.answer)]
        pairs += list(zip(q.wrong_answers, text.wrong_answers, strict=True))
        for english, there in pairs:
            problems += [f"{q.id}: {p}" for p in differences(english, there, names)]
    assert problems == []


def test_the_pool_is_built_once_in_english_whatever_the_language_of_the_moment(content: Content) -> None:
    with use_language(FRENCH):
        again = generate(content)
    assert again is generate(content)
    assert again[0].question.question.startswith(("Who", "Which", "What"))


def test_a_described_character_reads_in_french_from_the_translated_description(
    content: Content, pool: tuple[TriviaQuestion, ...]
) -> None:
    described = next(q for q in pool if q.id == "gen-described-ana-de-armas")
    french = question_in(described, FRENCH)
    assert french.question.startswith("Quel personnage de Ballerina est-ce ? « Une jeune ballerine")
    assert french.answer == "Eve Macarro"
    with use_language(FRENCH):
        assert question_note(described) == ""  # everything in it is French


def test_a_question_showing_untranslated_data_says_it_is_partly_english(
    pool: tuple[TriviaQuestion, ...],
) -> None:
    partly = next(q for q in pool if q.translations["fr"].english_parts)
    with use_language(FRENCH):
        note = question_note(partly)
        assert note == _(PARTLY_TRANSLATED)
    assert note.startswith("Traduit en français en partie")


def test_a_hand_written_question_reads_in_french_where_the_data_translates_it(content: Content) -> None:
    by_id = {q.id: q for q in content.trivia}
    french = question_by_id(by_id, "trivia-020", FRENCH)
    assert french is not None
    assert french.question.startswith("Selon la productrice Erica Lee")
    assert (french.answer, french.wrong_answers) == ("Un jour", ("Une semaine", "Un mois", "Trois mois"))
    assert french.explanation == "C'était sa dernière apparition à l'écran : il est mort en 2023."
    assert (french.id, french.spoiler, french.sources) == (
        "trivia-020",
        by_id["trivia-020"].spoiler,
        by_id["trivia-020"].sources,
    )
    with use_language(FRENCH):
        assert question_note(by_id["trivia-020"]) == ""


def test_an_untranslated_hand_written_question_stays_english_with_a_french_note(content: Content) -> None:
    english = next(q for q in content.trivia if q.id == "trivia-002")
    assert question_in(english, FRENCH) is english
    with use_language(FRENCH):
        note = question_note(english)
    assert note == "Pas encore traduit en français : affiché en anglais."
    with use_language(DEFAULT):
        assert question_note(english) == ""  # English readers need no note
    assert _(NOT_TRANSLATED) == NOT_TRANSLATED


@pytest.mark.parametrize("code", [language.code for language in SHIPPED])
def test_the_data_translates_at_least_twenty_hand_written_questions(code: str, content: Content) -> None:
    assert sum(code in q.translations for q in content.trivia) >= 20
    assert all(code in m.translations for m in content.cast)


def test_the_options_keep_their_letters_in_another_language(content: Content) -> None:
    question = next(q for q in content.trivia if q.id == "trivia-020")
    asked = ask(question, TriviaMode.CHOICE, random.Random(7))
    with use_language(FRENCH):
        french = asked_in(asked)
    assert french.correct_letter == asked.correct_letter
    english_letter = dict(asked.lettered_options())
    french_letter = dict(french.lettered_options())
    assert english_letter[asked.correct_letter or ""] == "One day"
    assert french_letter[asked.correct_letter or ""] == "Un jour"
    translate = dict(
        zip(("One week", "One month", "Three months"), ("Une semaine", "Un mois", "Trois mois"), strict=True)
    )
    for letter, text in english_letter.items():
        if letter != asked.correct_letter:
            assert french_letter[letter] == translate[text]


def test_a_typed_answer_is_right_in_the_languages_the_data_gives(content: Content) -> None:
    question = next(q for q in content.trivia if q.id == "trivia-020")
    matcher = AnswerKnowledge.of(content).matcher(question)
    assert matcher.matches("one day")
    assert matcher.matches("un jour") and matcher.matches("einen Tag") and matcher.matches("um dia")
    assert not matcher.matches("un mois") and not matcher.matches("eine Woche")


def test_which_came_first_reads_wholly_in_german_options_included(pool: tuple[TriviaQuestion, ...]) -> None:
    first = next(q for q in pool if q.id.startswith("gen-first-"))
    german = question_in(first, _language("de"))
    assert german.question == "Was davon kam zuerst?"
    assert not first.translations["de"].english_parts
    assert all(not option.startswith("Ballerina's") for option in (german.answer, *german.wrong_answers))
    assert german.answer != first.answer and german.id == first.id and german.needs_options
    assert any(
        month in german.explanation for month in ("Mai", "Juni", "Juli")
    )  # dates as German writes them
