"""The languages are declared once (``bot/i18n/languages.py``): each has its catalogues, a Discord
locale Discord knows, and a place in the database's CHECK; an unknown locale falls back to English."""

from __future__ import annotations

import re

import discord

from bot.i18n import DEFAULT, LANGUAGES, by_code, for_discord_locale, server_language
from bot.i18n.catalogues import DOMAINS, po_path


def test_every_language_but_the_source_has_every_catalogue() -> None:
    for language in LANGUAGES:
        for domain in DOMAINS:
            assert (language is DEFAULT) != po_path(language.code, domain).exists(), (language.code, domain)


def test_every_language_serves_real_discord_locales_and_no_locale_twice() -> None:
    known = {locale.value for locale in discord.Locale}
    served = [locale for language in LANGUAGES for locale in language.discord]
    assert set(served) <= known
    assert len(served) == len(set(served))


def test_a_discord_locale_picks_its_language_and_an_unknown_one_english() -> None:
    assert for_discord_locale("fr").code == "fr"
    assert for_discord_locale("es-419").code == "es_419"
    assert for_discord_locale("es-ES").code == "es_ES"
    assert for_discord_locale("ja") is DEFAULT
    assert for_discord_locale(None) is DEFAULT


def test_the_server_setting_wins_over_the_servers_discord_language() -> None:
    assert server_language("de", "fr").code == "de"
    assert server_language(None, "fr").code == "fr"
    assert server_language(None, None) is DEFAULT
    assert by_code("xx") is None


def test_every_code_is_shaped_as_the_database_column_accepts() -> None:
    """Adding a language needs no migration: the column checks the shape of a code, not a list."""
    shape = re.compile(r"^[a-z]{2}(_([A-Z]{2}|[0-9]{3}))?$")  # both migrations' CHECK
    assert all(shape.match(language.code) for language in LANGUAGES)
