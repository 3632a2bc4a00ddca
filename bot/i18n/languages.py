"""The languages the bot speaks, declared once.

Adding a language is one line here and a catalogue folder (``bot/i18n/locales/<code>/``); the
catalogue checks, the command translator, ``/settings language`` and the README table read this.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT", "LANGUAGES", "Language", "by_code", "for_discord_locale", "server_language"]


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # the catalogue's folder and Babel's locale id: "pt_BR"
    discord: tuple[str, ...]  # the Discord client locales it serves: ("pt-BR",)
    name: str  # its own name, as a member choosing it reads it


LANGUAGES: tuple[Language, ...] = (
    Language("en", ("en-US", "en-GB"), "English"),
    Language("es_ES", ("es-ES",), "Español (España)"),
    Language("es_419", ("es-419",), "Español (Latinoamérica)"),
    Language("pt_BR", ("pt-BR",), "Português (Brasil)"),
    Language("fr", ("fr",), "Français"),
    Language("de", ("de",), "Deutsch"),
    Language("it", ("it",), "Italiano"),
)
DEFAULT = LANGUAGES[0]  # the source language: the code's own strings

_BY_CODE = {language.code: language for language in LANGUAGES}
_BY_DISCORD = {locale: language for language in LANGUAGES for locale in language.discord}


def by_code(code: str | None) -> Language | None:
    return _BY_CODE.get(code or "")


def for_discord_locale(locale: str | None) -> Language:
    """The language for a Discord locale ("fr", "es-419"); English for one the bot does not speak."""
    return _BY_DISCORD.get(str(locale or ""), DEFAULT)


def server_language(chosen: str | None, guild_locale: str | None) -> Language:
    """A server's public language: the one its moderators chose, else its Discord language."""
    return by_code(chosen) or for_discord_locale(guild_locale)
