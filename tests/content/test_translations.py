"""Translations next to the original in data/: the shipped ones keep every name and number, and a
broken one (an unknown language, a changed number or name, a missing text) is refused at load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.loader import DEFAULT_DATA_DIR, FILES, ContentError, load_content
from bot.content.translation_checks import SHIPPED, differences, names_of

FRENCH_020 = (
    "    fr:\n"
    "      question: \"Selon la productrice Erica Lee, combien de temps l'acteur qui joue Charon"
    ' a-t-il tourné ses scènes ?"\n'
    '      answer: "Un jour"\n'
)


def _copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for file in FILES:
        shutil.copy(DEFAULT_DATA_DIR / file, data_dir / file)
    text = (data_dir / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {name} exactly once"
    (data_dir / name).write_text(text.replace(old, new), encoding="utf-8")
    return data_dir


def _errors(data_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(data_dir)
    return caught.value.errors


def test_every_shipped_translation_keeps_the_names_and_numbers_of_its_english() -> None:
    content = load_content()
    names = names_of(content)
    checked = 0
    for q in content.trivia:
        for text in q.translations.values():
            pairs = [(q.question, text.question), (q.answer, text.answer), (q.explanation, text.explanation)]
            pairs += list(zip(q.wrong_answers, text.wrong_answers, strict=True))
            for english, there in pairs:
                assert list(differences(english, there, names)) == [], (q.id, there)
                checked += 1
    for member in content.cast:
        for cast_text in member.translations.values():
            assert list(differences(member.description, cast_text.description, names)) == [], member.id
            checked += 1
    assert checked > 800


def test_the_name_check_finds_a_changed_name_and_a_changed_number() -> None:
    names = frozenset(["Lance Reddick", "Continental"])
    english = "Lance Reddick filmed at the Continental in 2023."
    assert list(differences(english, "Lance Reddick a tourné au Continental en 2023.", names)) == []
    found = list(differences(english, "Lance Redick a tourné au Continental en 2022.", names))
    assert found == [
        "the name 'Lance Reddick' of the English is missing (names never change)",
        "the numbers ['2022'] differ from the English's ['2023'] (numbers never change)",
    ]


def test_a_translation_for_a_language_the_bot_does_not_ship_is_refused(tmp_path: Path) -> None:
    data_dir = _copy_with(tmp_path, "trivia.yaml", FRENCH_020, FRENCH_020.replace("    fr:", "    nl:"))
    assert _errors(data_dir) == [
        "data/trivia.yaml: item 'trivia-020' (trivia[19]): field 'translations.nl': unknown language 'nl' "
        f"(the bot ships {', '.join(SHIPPED)})"
    ]


def test_a_translation_that_changes_a_number_is_refused(tmp_path: Path) -> None:
    data_dir = _copy_with(
        tmp_path,
        "cast.yaml",
        "(mort en 2023)",
        "(mort en 2022)",
    )
    assert _errors(data_dir) == [
        "data/cast.yaml: item 'cast-lance-reddick' (cast[4]): field 'translations.fr.description': "
        "the numbers ['2022'] differ from the English's ['2023'] (numbers never change)"
    ]


def test_a_translation_that_changes_a_name_is_refused(tmp_path: Path) -> None:
    data_dir = _copy_with(
        tmp_path, "trivia.yaml", "l'acteur qui joue Charon", "l'acteur qui joue le concierge"
    )
    errors = _errors(data_dir)
    assert errors == [
        "data/trivia.yaml: item 'trivia-020' (trivia[19]): field 'translations.fr.question': "
        "the name 'Charon' of the English is missing (names never change)"
    ]


def test_a_translation_without_a_text_the_original_has_is_refused(tmp_path: Path) -> None:
    old = "      explanation: \"C'était sa dernière apparition à l'écran : il est mort en 2023.\"\n"
    data_dir = _copy_with(tmp_path, "trivia.yaml", old, "")
    assert _errors(data_dir) == [
        "data/trivia.yaml: item 'trivia-020' (trivia[19]): field 'translations.fr.explanation': "
        "the original has explanation; give the same keys"
    ]


def test_a_translation_with_an_unknown_key_is_refused(tmp_path: Path) -> None:
    data_dir = _copy_with(tmp_path, "trivia.yaml", FRENCH_020, FRENCH_020 + "      hint: Un indice\n")
    errors = _errors(data_dir)
    assert len(errors) == 1
    assert "item 'trivia-020'" in errors[0] and "hint" in errors[0] and "unknown field" in errors[0]


def test_a_wrong_answer_equal_to_the_translated_answer_is_refused(tmp_path: Path) -> None:
    data_dir = _copy_with(tmp_path, "trivia.yaml", '      - "Une semaine"\n', '      - "Un jour"\n')
    assert _errors(data_dir) == [
        "data/trivia.yaml: item 'trivia-020' (trivia[19]): field 'translations.fr.wrong_answers': "
        "the answer and the wrong answers must all differ"
    ]


def test_a_figure_event_that_drops_a_name_is_refused(tmp_path: Path) -> None:
    data_dir = _copy_with(
        tmp_path,
        "film.yaml",
        '{event: "die Verpflichtung von Len Wiseman als Regisseur"}',
        '{event: "die Verpflichtung des Regisseurs"}',
    )
    assert _errors(data_dir) == [
        "data/film.yaml: item 'timeline-2019-director' (facts[41]): "
        "field 'figures[0].translations.de.event': "
        "the name 'Len Wiseman' of the English is missing (names never change)"
    ]
