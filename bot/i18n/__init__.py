"""Every member in their own language: gettext catalogues, the language of the moment, formatting.

``from bot.i18n import _`` and mark user-facing text with it; see ``context.py`` for the rules.
"""

from bot.i18n.context import N_, _, current, ngettext, pgettext, set_language, use_language
from bot.i18n.languages import DEFAULT, LANGUAGES, Language, by_code, for_discord_locale, server_language

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "N_",
    "Language",
    "_",
    "by_code",
    "current",
    "for_discord_locale",
    "ngettext",
    "pgettext",
    "server_language",
    "set_language",
    "use_language",
]
