"""Translating a string into the language of the moment.

The language is a context variable: an interaction sets the member's (private replies) or the
server's (public posts), and code that posts in a channel outside an interaction (a game, the
daily question) sets the server's with ``use_language``. Plain Python: the domain's messages are
translated where they are made, with no Discord import.

Mark a string for translation where it is written: ``_("Trivia points: {points}").format(points=n)``
(placeholders by name, never pieces glued together). A constant defined at import time is marked
with ``N_`` and translated where it is used: ``_(HELP_TEXT)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from bot.i18n.catalogues import translations
from bot.i18n.languages import DEFAULT, Language

_language: ContextVar[Language] = ContextVar("language", default=DEFAULT)


def current() -> Language:
    return _language.get()


def set_language(language: Language) -> None:
    """Use ``language`` for the rest of this task (an interaction's handler)."""
    _language.set(language)


@contextmanager
def use_language(language: Language) -> Iterator[None]:
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    language = _language.get()
    if language is DEFAULT:
        return message
    return translations(language.code).singular.get((None, message), message)


def pgettext(context: str, message: str) -> str:
    language = _language.get()
    if language is DEFAULT:
        return message
    return translations(language.code).singular.get((context, message), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    language = _language.get()
    if language is not DEFAULT:
        found = translations(language.code)
        forms = found.plural.get((None, singular))
        if forms:
            return forms[min(found.plural_index(n), len(forms) - 1)]
    return singular if n == 1 else plural


def N_(message: str) -> str:
    return message
