"""/cast, /crew, /quote and /film: thin adapters over the ``Lookups`` service and the renderers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain import discord_limits as limits
from bot.domain.content import CastMember, Content, CrewMember
from bot.domain.items import FILM_OVERVIEW
from bot.domain.spoilers import Action, Redactor
from bot.domain.text import mask_profanity, truncate
from bot.i18n import Language, _, current
from bot.services.audiences import Audiences
from bot.services.lookups import Lookups
from bot.ui.audience import redactor_for
from bot.ui.commands import Help, Reply, declare
from bot.ui.item_buttons import ItemButtons
from bot.ui.lookup_render import (
    RenderCache,
    RenderedEmbed,
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

# A lookup: public unless the member asks for a private reply, and then not under the cooldown.
LOOKUP: dict[str, Any] = {
    "help": Help.FILM,
    "reply": Reply.MEMBER_CHOOSES,
    "private_option": "private",
    "cooldown": "public lookup",
    "spoilers": True,
}
PRIVATE_HELP = "Only you see the answer (and spoilers show plainly if you used /seen yes)"


def choice(name: str, value: str) -> app_commands.Choice[str]:
    return app_commands.Choice(name=truncate(name, limits.CHOICE_NAME), value=value[: limits.CHOICE_VALUE])


class LookupCog(commands.Cog):
    def __init__(self, lookups: Lookups, audiences: Audiences, buttons: ItemButtons) -> None:
        self.lookups = lookups
        self.audiences = audiences
        self.buttons = buttons
        self.content: Content = lookups.content
        # /film's pages for each way of treating spoilers (and language), built once: the content
        # never changes while the bot runs, and nothing edits an embed after it is sent.
        self.film_cache: dict[tuple[tuple[Action, Action], Language], tuple[RenderedEmbed, ...]] = {}
        # The one-embed answers likewise, per item, spoiler variant and language.
        self.rendered = RenderCache()

    # -- /cast ------------------------------------------------------------------------------
    @declare(**LOOKUP)
    @app_commands.command(name="cast", description="Who plays whom: search by actor, character or nickname.")
    @app_commands.describe(
        name="An actor, a character or a nickname (leave empty to list everyone)", private=PRIVATE_HELP
    )
    async def cast(
        self, interaction: discord.Interaction, name: str | None = None, private: bool = False
    ) -> None:
        redactor = await redactor_for(self.audiences, interaction, ephemeral=private)
        if not name or not name.strip():
            await send_pages(interaction, cast_list_pages(self.content, redactor), ephemeral=private)
            return
        found = self.lookups.cast(name)
        if isinstance(found, CastMember):
            embed, view = self.cast_answer(found, redactor), self.buttons.view("cast", found.id)
        else:  # a person behind the camera: their crew credit
            embed, view = self.crew_not_cast(found, redactor), self.buttons.view("crew", found.id)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=private)

    def cast_answer(self, member: CastMember, redactor: Redactor) -> discord.Embed:
        return self.rendered.get(
            ("cast", member.id), redactor, lambda: cast_embed(member, self.content, redactor)
        )

    def crew_not_cast(self, member: CrewMember, redactor: Redactor) -> discord.Embed:
        def render() -> discord.Embed:
            embed = crew_embed(member, self.content, redactor)
            # i18n: limit 4096
            crew_note = _("*Not in the cast; credited on the crew.*\n{credit}")
            embed.description = crew_note.format(credit=embed.description)
            return embed

        return self.rendered.get(("crew not cast", member.id), redactor, render)

    @cast.autocomplete("name")
    async def cast_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # i18n: limit 100
        label = _("{actor} as {character}")
        return [
            choice(label.format(actor=m.actor, character=m.character), m.id)
            for m in self.lookups.cast_choices(current)
        ]

    # -- /crew ------------------------------------------------------------------------------
    @declare(**LOOKUP)
    @app_commands.command(
        name="crew", description="Who made the film: search by name or job (director, composer...)."
    )
    @app_commands.describe(
        name="A name or a job such as director, composer, stunts (empty lists everyone)", private=PRIVATE_HELP
    )
    async def crew(
        self, interaction: discord.Interaction, name: str | None = None, private: bool = False
    ) -> None:
        redactor = await redactor_for(self.audiences, interaction, ephemeral=private)
        if not name or not name.strip():
            await send_pages(interaction, crew_list_pages(self.content, redactor), ephemeral=private)
            return
        found = self.lookups.crew(name)
        if isinstance(found, CastMember):  # "who plays the director" asks about the cast
            embed, view = self.cast_answer(found, redactor), self.buttons.view("cast", found.id)
        else:
            member, others = found.member, found.others
            embed = self.rendered.get(
                ("crew", member.id, *(o.id for o in others)),
                redactor,
                lambda: crew_embed(member, self.content, redactor, others),
            )
            view = self.buttons.view("crew", member.id)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=private)

    @crew.autocomplete("name")
    async def crew_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [choice(f"{m.name}: {m.job}", m.id) for m in self.lookups.crew_choices(current)]

    # -- /quote -----------------------------------------------------------------------------
    @declare(**LOOKUP)
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
        redactor = await redactor_for(self.audiences, interaction, ephemeral=private)
        found = self.lookups.quote(search, speaker, redactor.allows_any)
        allow = (
            interaction.guild_id is not None
            and (await self.audiences.settings(interaction.guild_id)).allow_profanity
        )
        embed = self.rendered.get(
            ("quote", found.id, allow),
            redactor,
            lambda: quote_embed(found, self.content, redactor, allow_profanity=allow),
        )
        view = self.buttons.view("quote", found.id)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=private)

    @quote.autocomplete("search")
    async def quote_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        speaker = getattr(interaction.namespace, "speaker", None)
        # Choice names are never spoilers and always masked: autocomplete is not a place for surprises.
        return [
            choice(mask_profanity(q.text, q.profanity_words), q.id)
            for q in self.lookups.quote_choices(current, speaker)
        ]

    @quote.autocomplete("speaker")
    async def speaker_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [choice(c.label, c.speaker) for c in self.lookups.speaker_choices(current)]

    # -- /film ------------------------------------------------------------------------------
    @declare(**LOOKUP)
    @app_commands.command(
        name="film", description="The film at a glance: release, runtime, box office, timeline."
    )
    @app_commands.describe(private=PRIVATE_HELP)
    async def film(self, interaction: discord.Interaction, private: bool = False) -> None:
        redactor = await redactor_for(self.audiences, interaction, ephemeral=private)
        # The pages depend only on what the policy does with each level: render each variant once.
        key = (redactor.variant(), current())
        pages = self.film_cache.get(key)
        if pages is None:
            pages = self.film_cache[key] = tuple(map(RenderedEmbed.of, film_pages(self.content, redactor)))
        await send_pages(
            interaction, pages, ephemeral=private, extra=self.buttons.view("film", FILM_OVERVIEW)
        )


async def setup(bot: BallerinaBot) -> None:
    await bot.add_cog(LookupCog(bot.services.lookups, bot.services.audiences, bot.item_buttons))
