"""Embeds for /cast, /crew, /quote and /film.

Rule for every renderer here: text that can be a spoiler goes only into an
embed description or field value, always through ``Redactor.apply``; titles,
authors, footers and field names carry spoiler-free text only, because Discord
cannot hide text there.

Labels are in the language of the moment (the member's for a private reply, the server's for a
public one); the film's content (names, descriptions, quotes) is the content's own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import discord

from bot.domain import discord_limits as limits
from bot.domain.content import CastMember, Confidence, Content, CrewMember, FilmFact, Quote, SpoilerLevel
from bot.domain.question_families.translated import content_note, description, note, quote_translation
from bot.domain.sources import publisher_line, publishers
from bot.domain.spoilers import Redactor
from bot.domain.text import mask_profanity, truncate
from bot.i18n import N_, _, current
from bot.ui.paginator import chunk_lines, list_pages
from bot.ui.style import BRAND_COLOUR

# A spoiler note's field name, by the note's level (a note's is never "none").
SPOILER_NOTE = {
    # i18n: limit 256
    SpoilerLevel.NONE: N_("Spoiler"),
    # i18n: limit 256
    SpoilerLevel.MINOR: N_("Spoiler (minor)"),
    # i18n: limit 256
    SpoilerLevel.MAJOR: N_("Spoiler (major)"),
}
RENDERED_MAX = 4096  # embeds kept by a RenderCache: items × spoiler variants × languages


class RenderedEmbed(discord.Embed):
    """An embed rendered once and sent under many replies: its dict is made once, and it cannot change.

    (discord.py turns an embed into a dict for every message; this one hands out the dict it made
    when it was rendered. Setting an attribute raises: ``copy()`` gives one that can be changed.)
    """

    __slots__ = ("_sent",)
    _sent: Any

    @classmethod
    def of(cls, embed: discord.Embed) -> RenderedEmbed:
        data = embed.to_dict()
        rendered = cls.from_dict(data)
        object.__setattr__(rendered, "_sent", data)
        return rendered

    def to_dict(self) -> Any:  # discord.py's EmbedData: only serialised, never changed
        try:
            return self._sent
        except AttributeError:  # a copy()
            return super().to_dict()

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, "_sent"):
            raise AttributeError("a rendered embed is shared by many replies: change a copy()")
        super().__setattr__(name, value)


class RenderCache:
    """Lookup embeds rendered once per item, way of treating spoilers and language.

    A reply about the same item renders the same whenever its policy does the same with each
    spoiler level (``Redactor.variant``) and it speaks the same language; the content never
    changes while the bot runs.
    """

    def __init__(self, max_size: int = RENDERED_MAX) -> None:
        self._embeds: dict[tuple[Hashable, ...], RenderedEmbed] = {}
        self._max_size = max_size

    def get(self, key: Hashable, redactor: Redactor, render: Callable[[], discord.Embed]) -> RenderedEmbed:
        """What ``render()`` makes for ``key`` (the item and what else it shows) and ``redactor``."""
        full = (key, redactor.variant(), current())
        embed = self._embeds.get(full)
        if embed is None:
            if len(self._embeds) >= self._max_size:
                self._embeds.clear()
            embed = self._embeds[full] = RenderedEmbed.of(render())
        return embed


def source_footer(content: Content, keys: Sequence[str], redactor: Redactor) -> str:
    """'Sources: Wikipedia, /Film, Collider +2 more': publishers, never web addresses.

    Publishers are never spoilers, so the footer is the same under every policy; headlines
    (which can be) are left to the Sources list, where they go through the policy. Kept per
    language: the word "Sources" is translated.
    """
    cache_key = (id(content), tuple(keys), current().code)
    footer = _FOOTERS.get(cache_key)
    if footer is None:
        footer = truncate(publisher_line(publishers(content, keys)), limits.EMBED_FOOTER)
        if len(_FOOTERS) > 4096:  # bounded: a few variants per item of one content
            _FOOTERS.clear()
        _FOOTERS[cache_key] = footer
    return footer


_FOOTERS: dict[tuple[int, tuple[str, ...], str], str] = {}


def quoted_in_footer(content: Content, key: str, redactor: Redactor) -> str:
    """'As quoted in <publisher>: <headline>' for a quote only one article prints.

    The headline is named only where the policy shows its level plainly (a footer cannot
    hide text); elsewhere the publisher alone.
    """
    source = content.sources.get(key)
    if source is None or source.never_cite:
        return ""
    if redactor.allows_plain(source.spoiler):
        # i18n: limit 2048
        line = _("As quoted in {publisher}: '{title}' (not confirmed by any other source)").format(
            publisher=source.publisher, title=source.shown_title
        )
    else:
        # i18n: limit 2048
        line = _("As quoted in {publisher} (not confirmed by any other source)").format(
            publisher=source.publisher
        )
    return truncate(line, limits.EMBED_FOOTER)


def withheld_hint(embed: discord.Embed, redactor: Redactor) -> None:
    if redactor.withheld:
        # i18n: limit 2048
        hint = _("Some spoilers are hidden here.")
        embed.set_footer(text=truncate(f"{embed.footer.text or ''}\n{hint}", limits.EMBED_FOOTER))


def cast_title(member: CastMember, redactor: Redactor) -> str:
    if redactor.allows_plain(member.spoiler):
        # i18n: limit 256
        return truncate(
            _("{actor} as {character}").format(actor=member.actor, character=member.character),
            limits.EMBED_TITLE,
        )
    return truncate(member.actor, limits.EMBED_TITLE)


def cast_embed(member: CastMember, content: Content, redactor: Redactor) -> discord.Embed:
    embed = discord.Embed(title=cast_title(member, redactor), colour=BRAND_COLOUR)
    parts = []
    if not redactor.allows_plain(member.spoiler):
        # i18n: limit 4096
        parts.append(_("**Role:** {role}").format(role=redactor.apply(member.character, member.spoiler)))
    parts.append(str(description(member)))  # in the language of the moment where the data has it
    embed.description = truncate("\n".join(parts), limits.EMBED_DESCRIPTION)
    if member.spoiler_note is not None:
        note = member.spoiler_note
        embed.add_field(
            # i18n: limit 256
            name=_(SPOILER_NOTE[note.level]),
            value=truncate(redactor.apply(note.text, note.level), limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    single_source_note(embed, member.confidence)
    embed.set_footer(text=untranslated(source_footer(content, member.sources, redactor), member))
    withheld_hint(embed, redactor)
    return embed


def single_source_note(embed: discord.Embed, confidence: Confidence) -> None:
    if confidence is Confidence.SINGLE_SOURCE:
        # i18n: limit 256
        name = _("Note")
        # i18n: limit 1024
        embed.add_field(name=name, value=_("Reported by a single source so far."), inline=False)


def untranslated(footer: str, member: CastMember | CrewMember) -> str:
    """The footer, and a line saying so when the entry is shown in English for want of a translation."""
    missing = content_note(member)
    return truncate(f"{footer}\n{missing}", limits.EMBED_FOOTER) if missing else footer


def crew_embed(
    member: CrewMember, content: Content, redactor: Redactor, others: Sequence[CrewMember] = ()
) -> discord.Embed:
    embed = discord.Embed(title=truncate(member.name, limits.EMBED_TITLE), colour=BRAND_COLOUR)
    lines = [f"**{member.job}** · {member.department}"]
    if member.note:
        lines.append(redactor.apply(str(note(member)), member.spoiler))
    embed.description = truncate("\n".join(lines), limits.EMBED_DESCRIPTION)
    if others:
        value = "\n".join(f"{o.name}: {o.job}" for o in others)
        # i18n: limit 256
        name = _("Also credited for this")
        embed.add_field(name=name, value=truncate(value, limits.EMBED_FIELD_VALUE), inline=False)
    single_source_note(embed, member.confidence)
    embed.set_footer(text=untranslated(source_footer(content, member.sources, redactor), member))
    withheld_hint(embed, redactor)
    return embed


def quote_text(quote: Quote, allow_profanity: bool) -> str:
    text = (
        quote.text
        if allow_profanity or not quote.profanity
        else mask_profanity(quote.text, quote.profanity_words)
    )
    return text


def quote_embed(
    quote: Quote, content: Content, redactor: Redactor, *, allow_profanity: bool
) -> discord.Embed:
    plain = redactor.allows_plain(quote.spoiler)
    # i18n: limit 256
    title = f"{quote.speaker}, {quote.speaker_is}" if plain else _("A quote about the film")
    embed = discord.Embed(title=truncate(title, limits.EMBED_TITLE), colour=BRAND_COLOUR)
    lines = []
    if not plain:
        who = redactor.apply(f"{quote.speaker}, {quote.speaker_is}", quote.spoiler)
        # i18n: limit 4096
        lines.append(_("**Who:** {who}").format(who=who))
    body = "“" + quote_text(quote, allow_profanity) + "”"
    lines.append(redactor.apply(body, quote.spoiler))
    if translation := quote_translation(quote):  # beside the verbatim line, never in its place
        lines.append(redactor.apply(translation, quote.spoiler))
    if quote.context:
        # A context can tell more than its line (who the line is said to): it takes its own level.
        level = max(quote.spoiler, quote.context_spoiler or quote.spoiler, key=lambda lv: lv.rank)
        lines.append(f"*{redactor.apply(quote.context, level, short=True)}*")
    embed.description = truncate("\n\n".join(lines), limits.EMBED_DESCRIPTION)
    if quote.as_quoted_in is not None:
        footer = quoted_in_footer(content, quote.as_quoted_in, redactor)
    else:
        footer = source_footer(content, quote.sources, redactor)
    embed.set_footer(text=footer)
    withheld_hint(embed, redactor)
    return embed


def film_pages(content: Content, redactor: Redactor) -> list[discord.Embed]:
    """Overview first, then further pages as the facts need; each page names its sources' sites."""
    film = content.film
    groups: dict[str, list[FilmFact]] = {}
    for fact in film.facts:
        groups.setdefault(fact.group, []).append(fact)
    pages: list[tuple[discord.Embed, list[FilmFact]]] = [(_film_page(film.marketing_title, film.tagline), [])]
    for group, facts in groups.items():
        lines = [
            f"**{fact.label}:** {redactor.apply(fact.value, fact.spoiler, short=True)}" for fact in facts
        ]
        done = 0
        for chunk in chunk_lines(lines, max_chars=limits.EMBED_FIELD_VALUE, max_lines=12):
            value = "\n".join(chunk)
            page, cited = pages[-1]
            if len(page) + len(group) + len(value) > 5000 or len(page.fields) >= 6:
                page, cited = _film_page(film.marketing_title, ""), []
                pages.append((page, cited))
            page.add_field(name=group, value=value, inline=False)
            cited.extend(facts[done : done + len(chunk)])
            done += len(chunk)
    for number, (embed, cited) in enumerate(pages, start=1):
        # Publishers only: a headline in a footer could give the plot away, a web address means nothing.
        names = publishers(content, [key for fact in cited for key in fact.sources])
        # i18n: limit 2048
        footer = publisher_line(names) or _("Every fact is sourced.")
        if len(pages) > 1:
            # i18n: limit 2048
            footer = _("Page {number} of {total} · {footer}").format(
                number=number, total=len(pages), footer=footer
            )
        embed.set_footer(text=truncate(footer, limits.EMBED_FOOTER))
        withheld_hint(embed, redactor)
    return [embed for embed, _ in pages]


def _film_page(title: str, description: str) -> discord.Embed:
    return discord.Embed(
        title=truncate(title, limits.EMBED_TITLE), description=description or None, colour=BRAND_COLOUR
    )


def cast_list_pages(content: Content, redactor: Redactor) -> list[discord.Embed]:
    # i18n: limit 4096
    line = _("**{actor}** as {character}")
    lines = []
    for member in content.cast:
        character = (
            member.character
            if redactor.allows_plain(member.spoiler)
            else redactor.apply(member.character, member.spoiler, short=True)
        )
        lines.append(line.format(actor=member.actor, character=character))
    # i18n: limit 256
    title = _("Cast of Ballerina")
    # i18n: limit 2000
    hint = _("Use /cast name: for details on someone.")
    return list_pages(title, lines, hint, max_chars=3500)


def crew_list_pages(content: Content, redactor: Redactor) -> list[discord.Embed]:
    lines = [f"**{m.name}**: {m.job}" for m in content.crew]
    # i18n: limit 2000
    hint = _('Use /crew name: for details, or search by job ("composer").')
    # i18n: limit 256
    return list_pages(_("Crew of Ballerina"), lines, hint, max_chars=3500)
