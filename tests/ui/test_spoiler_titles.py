"""A spoiler-level character's name stays out of embed titles, however short the name is."""

from __future__ import annotations

import msgspec

from bot.domain.content import CastMember, Content, Quote, SpoilerLevel, SpoilerNote
from bot.domain.spoilers import Audience, Mode, Redactor, SpoilerRules
from bot.ui.lookup_render import cast_embed, quote_embed
from tests.support.spoiler_scan import leaks, spoiler_texts

SECRET = "Nadia Kaz"  # a short spoiler-level character name (shorter than the old 24-character probe)


def content_with_a_secret_character(content: Content) -> Content:
    secret = CastMember(
        id="cast-secret",
        actor="Jane Example",
        character=SECRET,
        description="An actor in the film.",
        spoiler=SpoilerLevel.MAJOR,
        spoiler_note=SpoilerNote(level=SpoilerLevel.MAJOR, text="Her role is revealed late."),
        sources=content.cast[0].sources,
    )
    line = Quote(
        id="quote-secret",
        speaker=SECRET,
        speaker_is="a character",
        text="Everything ends tonight.",
        kind="dialogue",
        spoiler=SpoilerLevel.MAJOR,
        sources=content.quotes[0].sources,
    )
    return msgspec.structs.replace(content, cast=(*content.cast, secret), quotes=(*content.quotes, line))


def test_a_spoiler_level_name_never_reaches_an_embed_title(content: Content) -> None:
    """Mutation caught: ``cast_title`` (or ``quote_embed``'s title) ignoring the entry's spoiler level."""
    content = content_with_a_secret_character(content)
    probes = spoiler_texts(content)
    assert SECRET in probes, "the scan looks for short spoiler texts too"
    secret, line = content.cast[-1], content.quotes[-1]
    for mode in (Mode.TAG, Mode.HIDE):
        redactor = Redactor(SpoilerRules(mode=mode), Audience(channel_id=1))
        embeds = [
            cast_embed(secret, content, redactor),
            quote_embed(line, content, redactor, allow_profanity=False),
        ]
        for embed in embeds:
            assert SECRET not in (embed.title or "")
        assert leaks([e.to_dict() for e in embeds], probes) == []
    assert leaks([{"title": f"Jane Example as {SECRET}"}], probes), "the scan catches a short name in a title"
