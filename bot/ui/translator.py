"""Command names, descriptions, options and choices in each member's client language.

discord.py asks the tree's ``Translator`` for every string of every command, in every Discord
locale, when it builds the payload it syncs; Discord then shows each member their language. The
strings come from the ``commands`` catalogue (``python -m bot.i18n extract`` reads them off the tree).
"""

from __future__ import annotations

import re

from discord import Locale, app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.domain import discord_limits as limits
from bot.i18n import DEFAULT, for_discord_locale
from bot.i18n.catalogues import translations

# Names share a context so "cast" the command and a word "cast" in a sentence translate apart.
CONTEXTS: dict[Where, str | None] = {
    Where.command_name: "command name",
    Where.group_name: "command name",
    Where.parameter_name: "option name",
    Where.choice_name: "choice",
}


DESCRIPTIONS = {Where.command_description, Where.group_description, Where.parameter_description}
MENTION = re.compile(r"(?<![\w/])/([a-z_]+(?: [a-z_]+){0,2})")  # "/trivia start" in a description


class CatalogueTranslator(app_commands.Translator):
    """Reads the ``commands`` catalogue. A command named in a description ("see /trivia start") is
    written as the member's client names it ("/quiz lancer"), from the names' own translations, so
    translators never copy a command's name by hand and a renamed translation follows everywhere."""

    def __init__(self) -> None:
        self.paths: frozenset[str] = frozenset()  # every command's qualified name, once the cogs are in

    async def translate(
        self, string: app_commands.locale_str, locale: Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        language = for_discord_locale(locale.value)
        if language is DEFAULT or locale.value not in language.discord:
            return None  # English, or a language the bot does not speak: Discord shows the default
        table = translations(language.code).singular
        found = table.get((CONTEXTS.get(context.location), string.message))
        if found is None or context.location not in DESCRIPTIONS or "/" not in found:
            return found
        named = MENTION.sub(lambda match: self._named(match, table), found)
        return named if len(named) <= limits.COMMAND_DESCRIPTION else found  # longer names: keep the original

    def _named(self, match: re.Match[str], table: dict[tuple[str | None, str], str]) -> str:
        words = match.group(1).split()
        while words and " ".join(words) not in self.paths:
            words.pop()  # the longest command path the text names; the rest is the sentence
        if not words:
            return match.group(0)
        rest = match.group(0)[1 + len(" ".join(words)) :]
        return "/" + " ".join(table.get(("command name", word), word) for word in words) + rest
