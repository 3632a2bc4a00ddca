"""Command names, descriptions, options and choices in each member's client language.

discord.py asks the tree's ``Translator`` for every string of every command, in every Discord
locale, when it builds the payload it syncs; Discord then shows each member their language. The
strings come from the ``commands`` catalogue (``python -m bot.i18n extract`` reads them off the tree).
"""

from __future__ import annotations

from discord import Locale, app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.i18n import DEFAULT, for_discord_locale
from bot.i18n.catalogues import translations

# Names share a context so "cast" the command and a word "cast" in a sentence translate apart.
CONTEXTS: dict[Where, str | None] = {
    Where.command_name: "command name",
    Where.group_name: "command name",
    Where.parameter_name: "option name",
    Where.choice_name: "choice",
}


class CatalogueTranslator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        language = for_discord_locale(locale.value)
        if language is DEFAULT or locale.value not in language.discord:
            return None  # English, or a language the bot does not speak: Discord shows the default
        return translations(language.code).singular.get((CONTEXTS.get(context.location), string.message))
