"""Translating in the language of the moment: singular, plural (each language's rule), context,
English as the fallback, and fuzzy entries never shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n import _, by_code, catalogues, ngettext, pgettext, use_language
from bot.i18n.formatting import number

PO = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

msgid "Locked in"
msgstr "C'est noté"

msgid "{n} question"
msgid_plural "{n} questions"
msgstr[0] "{n} question"
msgstr[1] "{n} questions (fr)"

msgctxt "command name"
msgid "cast"
msgstr "distribution"

#, fuzzy
msgid "Right"
msgstr "Faux"
"""


@pytest.fixture
def french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(PO, encoding="utf-8")
    monkeypatch.setattr(catalogues, "LOCALES_DIR", tmp_path)
    catalogues.translations.cache_clear()
    language = by_code("fr")
    assert language is not None
    with use_language(language):
        yield
    catalogues.translations.cache_clear()


def test_english_is_the_source_text() -> None:
    assert _("Locked in") == "Locked in"
    assert ngettext("{n} question", "{n} questions", 0) == "{n} questions"


@pytest.mark.usefixtures("french")
def test_a_catalogue_translates_in_its_language() -> None:
    assert _("Locked in") == "C'est noté"
    assert _("Not in the catalogue") == "Not in the catalogue"
    assert pgettext("command name", "cast") == "distribution"
    assert _("cast") == "cast"  # the context keeps a command's name apart from the word


@pytest.mark.usefixtures("french")
def test_plural_forms_follow_the_languages_rule() -> None:
    assert ngettext("{n} question", "{n} questions", 0) == "{n} question"  # French: 0 is singular
    assert ngettext("{n} question", "{n} questions", 1) == "{n} question"
    assert ngettext("{n} question", "{n} questions", 2) == "{n} questions (fr)"


@pytest.mark.usefixtures("french")
def test_a_fuzzy_translation_is_never_shown() -> None:
    assert _("Right") == "Right"


def test_numbers_are_written_as_each_language_writes_them() -> None:
    expected = {"en": "1,234", "de": "1.234", "fr": "1\u202f234", "pt_BR": "1.234", "it": "1.234"}
    for code, text in expected.items():
        language = by_code(code)
        assert language is not None
        with use_language(language):
            assert number(1234) == text, code
