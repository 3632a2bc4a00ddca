"""The gettext catalogues (``.po``), read with Babel when a language is first used.

The ``.po`` files are the source of truth (translators edit them; ``python -m bot.i18n`` extracts and
updates them); nothing is compiled to ``.mo``, so there is no build step and no binary file in git.
A fuzzy or empty entry is untranslated: the English text is shown, never a guess.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).with_name("locales")
DOMAINS = ("messages", "commands")  # code strings; command names and descriptions (from the tree)

Key = tuple[str | None, str]  # (context, msgid)


@dataclass(frozen=True, slots=True)
class Translations:
    singular: dict[Key, str]
    plural: dict[Key, tuple[str, ...]]
    plural_index: Callable[[int], int]


def po_path(code: str, domain: str) -> Path:
    return LOCALES_DIR / code / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(path: Path, code: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


def english_plural(n: int) -> int:
    return int(n != 1)


@cache
def translations(code: str) -> Translations:
    singular: dict[Key, str] = {}
    plural: dict[Key, tuple[str, ...]] = {}
    plural_index: Callable[[int], int] = english_plural
    for domain in DOMAINS:
        path = po_path(code, domain)
        if not path.exists():
            continue
        catalogue = read_catalogue(path, code)
        plural_index = gettext.c2py(catalogue.plural_expr)
        for message in catalogue:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                forms = tuple(message.string) if isinstance(message.string, tuple | list) else ()
                if forms and all(forms):
                    plural[(message.context, str(message.id[0]))] = forms
            elif message.string:
                singular[(message.context, str(message.id))] = str(message.string)
    return Translations(singular, plural, plural_index)
