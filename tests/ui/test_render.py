"""Renderers over every content item: Discord's limits, and spoilers only inside ||tags||.

These call the embed builders directly (no Discord), so every item is covered in
milliseconds; the e2e invariant test checks the same through the real command tree.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import discord
import pytest

from bot.domain.content import Content
from bot.domain.spoilers import Audience, Mode, Redactor, SpoilerRules, Threshold
from bot.ui.lookup_render import (
    cast_embed,
    cast_list_pages,
    crew_embed,
    crew_list_pages,
    film_pages,
    quote_embed,
)
from tests.support.spoiler_scan import leaks, spoiler_texts

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def all_embeds(content: Content, redactor: Redactor) -> list[discord.Embed]:
    embeds = [cast_embed(m, content, redactor) for m in content.cast]
    embeds += [crew_embed(m, content, redactor, content.crew[:3]) for m in content.crew]
    embeds += [quote_embed(q, content, redactor, allow_profanity=True) for q in content.quotes]
    embeds += (
        film_pages(content, redactor)
        + cast_list_pages(content, redactor)
        + crew_list_pages(content, redactor)
    )
    return embeds


def check_limits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert len(embed) <= 6000
    assert len(data.get("title", "")) <= 256
    assert len(data.get("description", "")) <= 4096
    assert len(data.get("footer", {}).get("text", "")) <= 2048
    assert len(data.get("fields", [])) <= 25
    for field in data.get("fields", []):
        assert 0 < len(field["name"]) <= 256
        assert 0 < len(field["value"]) <= 1024


@pytest.mark.parametrize("mode", [Mode.TAG, Mode.HIDE, Mode.OPEN])
def test_every_embed_fits_discords_limits(content: Content, mode: Mode) -> None:
    redactor = Redactor(SpoilerRules(mode=mode), Audience(channel_id=1), now=NOW)
    for embed in all_embeds(content, redactor):
        check_limits(embed)


@pytest.mark.parametrize("mode", [Mode.TAG, Mode.HIDE])
def test_no_spoiler_outside_tags_in_any_embed(content: Content, mode: Mode) -> None:
    redactor = Redactor(SpoilerRules(mode=mode), Audience(channel_id=1), now=NOW)
    payloads = [embed.to_dict() for embed in all_embeds(content, redactor)]
    assert leaks(payloads, spoiler_texts(content)) == []


def test_open_mode_does_show_spoilers(content: Content) -> None:
    """The scan above would be worthless if the spoilers were never rendered at all."""
    redactor = Redactor(SpoilerRules(mode=Mode.OPEN), Audience(channel_id=1), now=NOW)
    payloads = [embed.to_dict() for embed in all_embeds(content, redactor)]
    assert leaks(payloads, spoiler_texts(content))


def test_titles_and_footers_never_carry_spoiler_markup(content: Content) -> None:
    redactor = Redactor(SpoilerRules(mode=Mode.TAG), Audience(channel_id=1), now=NOW)
    for embed in all_embeds(content, redactor):
        data = embed.to_dict()
        assert "||" not in data.get("title", "")
        assert "||" not in data.get("footer", {}).get("text", "")
        assert all("||" not in f["name"] for f in data.get("fields", []))


def test_history_lines_turn_canonical_values_into_discord_markup() -> None:
    from bot.ui.spoiler_render import describe_change

    assert describe_change("embargo_until", "none", "2026-05-28T20:26:40Z") == (
        "**Embargo**: off → <t:1780000000:f>"
    )
    assert describe_change("spoiler_channel:123", "not allowed", "allowed") == (
        "**Spoiler channel** <#123>: not allowed → allowed"
    )
    assert describe_change("automod_rule_id", "none", "99") == "**AutoMod guard**: off → on"
    assert describe_change("trivia_points", "100", "250") == "**Trivia points per answer**: 100 → 250"


@pytest.mark.parametrize("quote_id", ["quote-film-04", "quote-press-18"])
def test_a_context_that_tells_more_than_its_line_is_tagged_at_its_own_level(
    content: Content, quote_id: str
) -> None:
    # Only major counts as a spoiler here: the minor line shows plainly, its major context does not.
    redactor = Redactor(
        SpoilerRules(mode=Mode.TAG, threshold=Threshold.MAJOR), Audience(channel_id=1), now=NOW
    )
    quote = next(q for q in content.quotes if q.id == quote_id)
    assert quote.context_spoiler is not None and quote.context_spoiler.rank > quote.spoiler.rank
    description = quote_embed(quote, content, redactor, allow_profanity=True).description or ""
    outside_tags = re.sub(r"\|\|.*?\|\|", "", description, flags=re.S)
    assert quote.text.rstrip(",") in outside_tags
    assert quote.context not in outside_tags and quote.context in description


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("fr", "**Protection AutoMod** : désactivé → activé"),
        ("de", "**Spoiler-Kanal** <#123>: nicht erlaubt → erlaubt"),
        ("es_419", "**Idioma del servidor**: el idioma de Discord del servidor → Deutsch"),
        ("it", "**Punti quiz per risposta**: 100 → 1000"),  # as stored: the history never reformats
    ],
)
def test_history_lines_are_read_in_the_readers_language_from_the_english_record(code: str, line: str) -> None:
    """The audit history keeps canonical English text ("none", "allowed"); only the line shown is
    translated (dropping ``value_words`` or the label's ``_()`` would leave English here)."""
    from bot.i18n import by_code, use_language
    from bot.ui.spoiler_render import describe_change

    language = by_code(code)
    assert language is not None
    stored = {
        "fr": ("automod_rule_id", "none", "99"),
        "de": ("spoiler_channel:123", "not allowed", "allowed"),
        "es_419": ("language", "none", "de"),
        "it": ("trivia_points", "100", "1000"),
    }[code]
    with use_language(language):
        shown = describe_change(*stored)
    assert shown == line


def test_a_reset_line_counts_in_each_languages_plural_forms() -> None:
    from bot.domain.lifecycle import reset_record
    from bot.i18n import by_code, use_language
    from bot.ui.spoiler_render import describe_change

    old, new = reset_record({"trivia_games": 1, "trivia_answers": 2, "member_stats": 2}, kept_questions=True)
    french, german = by_code("fr"), by_code("de")
    assert french is not None and german is not None
    with use_language(french):
        line = describe_change("server_reset", old, new)
    assert line.startswith("**Données du serveur réinitialisées**. Éléments supprimés : les réglages")
    assert "1 partie de quiz, avec 2 réponses" in line and "les scores de 2 joueurs" in line
    assert line.endswith("questions du serveur conservées")
    with use_language(german):
        line = describe_change("server_reset", old, new)
    assert "1 Quizspiel mit 2 Antworten" in line and "die Punktestände von 2 Spielern" in line
