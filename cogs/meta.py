"""/about and /help."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain import discord_limits as limits
from bot.domain.content import Content
from bot.i18n import N_, _
from bot.i18n.formatting import number
from bot.ui.commands import Help, declare, leaf_commands, policy_of
from bot.ui.style import BRAND_COLOUR

if TYPE_CHECKING:
    from bot.client import BallerinaBot


# i18n: limit 256
MORE = N_("More")  # the section of a command that declares none


def help_sections(tree: app_commands.CommandTree) -> dict[str, list[str]]:
    """Each command's line under the help section it declares (``Help`` order); undeclared: "More".

    In the language of the moment: the section names from this catalogue, each description as the
    command translator has it (the same catalogues; a description not translated yet reads as is).
    """
    sections: dict[str, list[str]] = {_(section.value): [] for section in Help}
    for command in leaf_commands(tree):
        declared = policy_of(command)
        section = _(declared.help.value if declared is not None else MORE)
        sections.setdefault(section, []).append(f"`/{command.qualified_name}` — {_(command.description)}")
    return sections


def help_fields(
    sections: dict[str, list[str]], limit: int = limits.EMBED_FIELD_VALUE
) -> list[tuple[str, str]]:
    """Each section as embed fields of at most ``limit`` characters (Discord's field limit): a long
    section goes on in a field named "… (continued)", never cut in the middle of a command."""
    fields: list[tuple[str, str]] = []
    for section, lines in sections.items():
        name, chunk = section, ""
        for line in lines:
            line = line[:limit]
            if chunk and len(chunk) + 1 + len(line) > limit:
                fields.append((name, chunk))
                # i18n: limit 256
                name, chunk = _("{section} (continued)").format(section=section), ""
            chunk = f"{chunk}\n{line}" if chunk else line
        if chunk:
            fields.append((name, chunk))
    return fields


class MetaCog(commands.Cog):
    def __init__(self, tree: app_commands.CommandTree, content: Content, version: str) -> None:
        self.tree = tree
        self.content = content
        self.version = version

    @declare(help=Help.ABOUT)
    @app_commands.command(name="about", description="What this bot is, its version, sources and privacy.")
    async def about(self, interaction: discord.Interaction) -> None:
        content = self.content
        embed = discord.Embed(
            title=f"ballerina-bot {self.version}",
            # i18n: limit 4096
            description=_(
                "A fan-made bot about **{title}** (2025): cast, crew, quotes and a spoiler-aware trivia "
                "game. Moderators decide how spoilers are handled (`/spoilers`)."
            ).format(title=content.film.marketing_title),
            colour=BRAND_COLOUR,
        )
        embed.add_field(
            # i18n: limit 256
            name=_("Content"),
            # i18n: limit 1024
            value=_(
                "{cast} cast, {crew} crew, {quotes} quotes and {trivia} trivia questions, each traced to "
                "one of {sources} published sources (shown under every answer)."
            ).format(
                cast=number(len(content.cast)),
                crew=number(len(content.crew)),
                quotes=number(len(content.quotes)),
                trivia=number(len(content.trivia)),
                sources=number(len(content.sources)),
            ),
            inline=False,
        )
        embed.add_field(
            # i18n: limit 256
            name=_("Privacy"),
            # i18n: limit 1024
            value=_(
                "This server's owner runs this bot. It stores only what its features need: server settings, "
                "who marked the film as seen, and trivia scores and answers (user ids, no message text). "
                "It cannot read your messages. `/privacy` shows what it keeps about you, sends it to you "
                "as a file, keeps you off leaderboards or deletes it. The Privacy section of the bot's "
                "README says what is stored, why, and for how long."
            ),
            inline=False,
        )
        embed.add_field(
            # i18n: limit 256
            name=_("Project"),
            # i18n: limit 1024
            value=_(
                "ballerina-bot is free software (MIT licence), self-hosted by this server's owner. "
                "Its README explains how to run your own and how to send a correction to a fact."
            ),
            inline=False,
        )
        # i18n: limit 2048
        embed.set_footer(text=_("Unofficial fan project; not affiliated with Lionsgate."))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @declare(help=Help.ABOUT)
    @app_commands.command(name="help", description="Every command, with what it does.")
    async def help(self, interaction: discord.Interaction) -> None:
        # i18n: limit 256
        embed = discord.Embed(title=_("ballerina-bot commands"), colour=BRAND_COLOUR)
        for name, value in help_fields(help_sections(self.tree)):
            embed.add_field(name=name, value=value, inline=False)
        embed.set_footer(
            # i18n: limit 2048
            text=_("Spoilers follow this server's rules; add private: True for a reply only you see.")
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(MetaCog(bot.tree, bot.services.content, bot.version))
