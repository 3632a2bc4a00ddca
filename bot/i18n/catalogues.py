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
COMMANDS = "commands"  # command names, descriptions, options and choices: read off the command tree

# Each catalogue and the source files its strings come from (the first domain whose patterns match a
# file owns it). Split by area so translators (and reviewers) work on one area at a time.
DOMAINS: dict[str, tuple[str, ...]] = {
    COMMANDS: (),
    "rhythm": (
        "bot/*/daily.py", "cogs/daily.py", "bot/ui/trivia/nights.py", "cogs/trivia_nights.py",
        "bot/services/trivia_nights.py", "bot/*/rewards*.py", "cogs/rewards*.py",
    ),
    "questions": ("bot/domain/question_families/*.py",),
    "trivia": (
        "bot/ui/trivia/*.py", "cogs/trivia.py", "bot/domain/trivia/*.py", "bot/services/trivia_*.py",
        "bot/services/running_game.py",
    ),
    "server": (
        "cogs/spoilers.py", "cogs/server_settings.py", "cogs/server_data.py", "cogs/privacy.py",
        "cogs/reports.py", "bot/ui/spoiler_*.py", "bot/ui/server_*.py", "bot/ui/privacy_views.py",
        "bot/ui/data_files.py", "bot/ui/setting_options.py", "bot/services/privacy.py",
        "bot/services/reports.py", "bot/services/settings_changes.py", "bot/services/server_data.py",
        "bot/services/data_export.py", "bot/services/automod.py", "bot/services/retention.py",
        "bot/domain/settings.py", "bot/domain/lifecycle.py",
    ),
    "messages": ("bot/*.py", "cogs/*.py"),  # the rest (fnmatch: * spans folders): lookups, help, errors
}  # fmt: skip
# Operator tools and the developer preview speak English: their readers run the bot.
NOT_TRANSLATED = ("bot/cli/*.py", "bot/preview.py", "bot/i18n/*.py")

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
