"""/cast, /crew, /quote and /film: thin adapters over the search and the renderers."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.content import CastMember, CrewMember, Quote, SpoilerLevel
from bot.domain.search import ContentSearch, Index, Match, asks_about_acting
from bot.domain.spoilers import Action
from bot.domain.text import escape_user_text, mask_profanity, truncate
from bot.errors import UserFacingError
from bot.ui.audience import redactor_for
from bot.ui.lookup_render import (
    cast_embed,
    cast_list_pages,
    crew_embed,
    crew_list_pages,
    film_pages,
    quote_embed,
)
from bot.ui.paginator import send_pages

if TYPE_CHECKING:
    from bot.client import BallerinaBot

T = TypeVar("T", CastMember, CrewMember)
MAX_CHOICES = 25
PRIVATE_HELP = "Only you see the answer (and spoilers show plainly if you used /seen yes)"


def choice(name: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=truncate(name, 100), value=value[:100])


def spoiler_free_matches(index: Index[T], everyone: Sequence[T], current: str) -> list[T]:
    """Autocomplete candidates: only spoiler-free entries, so a choice name can never spoil."""
    if not current.strip():
        return list(everyone[:MAX_CHOICES])
    found = index.search(current, limit=MAX_CHOICES)
    return [m.item for m in found if m.item.spoiler is SpoilerLevel.NONE]


def not_found(kind: str, query: str, suggestions: Sequence[str]) -> UserFacingError:
    text = f"No {kind} matches '{escape_user_text(query, 80)}'."
    if suggestions:
        text += " Did you mean " + ", ".join(f"**{s}**" for s in suggestions[:3]) + "?"
    return UserFacingError(text)


class LookupCog(commands.Cog):
    def __init__(self, bot: BallerinaBot) -> None:
        self.bot = bot
        self.search = ContentSearch.build(bot.content)
        self.cast_by_id = {m.id: m for m in bot.content.cast}
        self.crew_by_id = {m.id: m for m in bot.content.crew}
        self.quote_by_id = {q.id: q for q in bot.content.quotes}
        # Autocomplete lists only spoiler-free entries, so a choice name can never spoil.
        self.open_cast = [m for m in bot.content.cast if m.spoiler is SpoilerLevel.NONE]
        self.open_crew = [m for m in bot.content.crew if m.spoiler is SpoilerLevel.NONE]
        self.open_quotes = [q for q in bot.content.quotes if q.spoiler is SpoilerLevel.NONE]
        self.open_speakers = {q.speaker for q in self.open_quotes}
        self.film_cache: dict[tuple[Action, Action], tuple[dict[str, Any], ...]] = {}

    @staticmethod
    def suggestions(matches: Sequence[Match[T]], label: Callable[[T], str]) -> list[str]:
        return [label(m.item) for m in matches if m.item.spoiler is SpoilerLevel.NONE]

    # -- /cast ------------------------------------------------------------------------------
    @app_commands.command(name="cast", description="Who plays whom: search by actor, character or nickname.")
    @app_commands.describe(
        name="An actor, a character or a nickname (leave empty to list everyone)", private=PRIVATE_HELP
    )
    async def cast(
        self, interaction: discord.Interaction, name: str | None = None, private: bool = False
    ) -> None:
        redactor = await redactor_for(self.bot, interaction, ephemeral=private)
        if not name or not name.strip():
            await send_pages(interaction, cast_list_pages(self.bot.content, redactor), ephemeral=private)
            return
        member = self.cast_by_id.get(name)
        if member is None:
            matches = self.search.find_cast(name)
            if not matches:
                crew = self.search.find_crew(name, limit=1)
                if crew and crew[0].kind != "job":  # a person behind the camera: show their credit
                    embed = crew_embed(crew[0].item, self.bot.content, redactor)
                    embed.description = f"*Not in the cast; credited on the crew.*\n{embed.description}"
                    await interaction.response.send_message(embed=embed, ephemeral=private)
                    return
                loose = self.search.cast.search(name, limit=5, min_score=40)
                raise not_found("cast member", name, self.suggestions(loose, lambda m: m.actor))
            member = matches[0].item
        embed = cast_embed(member, self.bot.content, redactor)
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @cast.autocomplete("name")
    async def cast_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        members = spoiler_free_matches(self.search.cast, self.open_cast, current)
        return [choice(f"{m.actor} as {m.character}", m.id) for m in members]

    # -- /crew ------------------------------------------------------------------------------
    @app_commands.command(
        name="crew", description="Who made the film: search by name or job (director, composer...)."
    )
    @app_commands.describe(
        name="A name or a job such as director, composer, stunts (empty lists everyone)", private=PRIVATE_HELP
    )
    async def crew(
        self, interaction: discord.Interaction, name: str | None = None, private: bool = False
    ) -> None:
        redactor = await redactor_for(self.bot, interaction, ephemeral=private)
        if not name or not name.strip():
            await send_pages(interaction, crew_list_pages(self.bot.content, redactor), ephemeral=private)
            return
        member = self.crew_by_id.get(name)
        others: list[CrewMember] = []
        if member is None and asks_about_acting(name) and (cast := self.search.find_cast(name, limit=1)):
            # "who plays the director" asks about the cast, even when typed into /crew.
            embed = cast_embed(cast[0].item, self.bot.content, redactor)
            await interaction.response.send_message(embed=embed, ephemeral=private)
            return
        if member is None:
            matches = self.search.find_crew(name, limit=8)
            if not matches:
                loose = self.search.crew.search(name, limit=5, min_score=40)
                raise not_found("crew member", name, self.suggestions(loose, lambda m: m.name))
            member = matches[0].item
            if matches[0].kind == "job":
                # "composer" matches several people equally: list the rest with the first.
                others = [m.item for m in matches[1:] if m.kind == "job" and m.score >= matches[0].score - 1]
        embed = crew_embed(member, self.bot.content, redactor, others)
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @crew.autocomplete("name")
    async def crew_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        members = spoiler_free_matches(self.search.crew, self.open_crew, current)
        return [choice(f"{m.name}: {m.job}", m.id) for m in members]

    # -- /quote -----------------------------------------------------------------------------
    @app_commands.command(
        name="quote", description="A quote from the cast and crew: random, by words or by speaker."
    )
    @app_commands.describe(
        search="Words from the quote (empty for a random one)",
        speaker="Who said it",
        private=PRIVATE_HELP,
    )
    async def quote(
        self,
        interaction: discord.Interaction,
        search: str | None = None,
        speaker: str | None = None,
        private: bool = False,
    ) -> None:
        redactor = await redactor_for(self.bot, interaction, ephemeral=private)
        quote = self.quote_by_id.get(search or "")
        if quote is None:
            if speaker and not self.search.speaker_matches(speaker, limit=1):
                raise not_found("speaker", speaker, self.search.speaker_matches(speaker[:3], limit=3))
            found = self.search.find_quote(search, speaker)
            if not found:
                subject = search or speaker or ""
                raise UserFacingError(f"No quote matches '{escape_user_text(subject, 80)}'. Try fewer words.")
            # Random picks avoid quotes this channel would withhold anyway.
            quote = self.pick(found, redactor.allows_any) if not search else found[0]
        allow = await self.allows_profanity(interaction)
        embed = quote_embed(quote, self.bot.content, redactor, allow_profanity=allow)
        await interaction.response.send_message(embed=embed, ephemeral=private)

    @staticmethod
    def pick(quotes: Sequence[Quote], shown: Callable[[SpoilerLevel], bool]) -> Quote:
        # A random pick avoids quotes this reply would withhold, and quotes no second source
        # confirms (those are for members who search for them).
        confirmed = [q for q in quotes if q.as_quoted_in is None]
        visible = [q for q in confirmed if shown(q.spoiler)]
        return random.choice(visible or confirmed or list(quotes))

    async def allows_profanity(self, interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None:
            return False
        return (await self.bot.settings_repo.get(interaction.guild_id)).allow_profanity

    @quote.autocomplete("search")
    async def quote_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        speaker = getattr(interaction.namespace, "speaker", None)
        found = (
            self.search.find_quote(current or None, speaker, limit=MAX_CHOICES)
            if (current or speaker)
            else self.open_quotes
        )
        open_quotes = [q for q in found if q.spoiler is SpoilerLevel.NONE]
        # Choice names are never spoilers and always masked: autocomplete is not a place for surprises.
        return [choice(mask_profanity(q.text, q.profanity_words), q.id) for q in open_quotes[:MAX_CHOICES]]

    @quote.autocomplete("speaker")
    async def speaker_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        matches = self.search.speaker_matches(current, limit=MAX_CHOICES)
        return [choice(s, s) for s in matches if s in self.open_speakers]

    # -- /film ------------------------------------------------------------------------------
    @app_commands.command(
        name="film", description="The film at a glance: release, runtime, box office, timeline."
    )
    @app_commands.describe(private=PRIVATE_HELP)
    async def film(self, interaction: discord.Interaction, private: bool = False) -> None:
        redactor = await redactor_for(self.bot, interaction, ephemeral=private)
        # The pages depend only on what the policy does with each level: render each variant once.
        key = (redactor.action(SpoilerLevel.MINOR), redactor.action(SpoilerLevel.MAJOR))
        if key not in self.film_cache:
            self.film_cache[key] = tuple(dict(e.to_dict()) for e in film_pages(self.bot.content, redactor))
        pages = [discord.Embed.from_dict(page) for page in self.film_cache[key]]
        await send_pages(interaction, pages, ephemeral=private)


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(LookupCog(bot))
