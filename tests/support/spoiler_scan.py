"""Find spoiler text that escaped the policy in anything the bot sent."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from bot.domain.content import Content, SpoilerLevel

# ||…|| where the inside may hold escaped characters (\|) and single bars, as Discord reads it.
TAGGED = re.compile(r"\|\|(?:\\.|\|(?!\|)|[^|\\])*?\|\|", re.DOTALL)
LONG_PROBE = 24  # from this length a probe is matched as a prefix anywhere; shorter ones as whole words


def spoiler_free_texts(content: Content) -> list[str]:
    """Text the bot may show anywhere: a short spoiler text also found here cannot be told apart."""
    texts: list[str] = []
    for member in content.cast:
        texts += [member.actor, member.description, *member.aliases]
        if member.spoiler is SpoilerLevel.NONE:
            texts.append(member.character)
    for crew in content.crew:
        texts += [crew.name, crew.job, *crew.aliases]
        if crew.spoiler is SpoilerLevel.NONE:
            texts.append(crew.note)
    for quote in content.quotes:
        if quote.spoiler is SpoilerLevel.NONE:
            texts += [quote.speaker, quote.speaker_is, quote.text, quote.context]
    for question in content.trivia:
        texts += question.wrong_answers  # decoys are shown with every question
        if question.spoiler is SpoilerLevel.NONE:
            texts += [question.question, question.answer, question.explanation]
    texts += [f.label for f in content.film.facts]
    texts += [f.value for f in content.film.facts if f.spoiler is SpoilerLevel.NONE]
    texts += [content.film.title, content.film.marketing_title, content.film.tagline]
    return texts


def _word(probe: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(probe)}(?!\w)", re.IGNORECASE)


def spoiler_texts(content: Content) -> set[str]:
    """Every sentence of content marked as a spoiler, long enough to be unambiguous."""
    texts: set[str] = set()
    for member in content.cast:
        if member.spoiler_note is not None:
            texts.add(member.spoiler_note.text)
        if member.spoiler is not SpoilerLevel.NONE:  # a character name that is itself a spoiler
            texts.add(member.character)
    texts |= {c.note for c in content.crew if c.spoiler is not SpoilerLevel.NONE and c.note}
    texts |= {q.text for q in content.quotes if q.spoiler is not SpoilerLevel.NONE}
    texts |= {q.speaker for q in content.quotes if q.spoiler is not SpoilerLevel.NONE}
    texts |= {f.value for f in content.film.facts if f.spoiler is not SpoilerLevel.NONE}
    for question in content.trivia:
        if question.spoiler is not SpoilerLevel.NONE:
            texts |= {question.question, question.answer, question.explanation}
    # A translated spoiler is still a spoiler: the data files' translations of spoiler items.
    for quote in content.quotes:
        if quote.spoiler is not SpoilerLevel.NONE:
            texts |= set(quote.translations.values())
    for crew in content.crew:
        if crew.spoiler is not SpoilerLevel.NONE:
            texts |= {text.note for text in crew.translations.values() if text.note}
    for fact in content.film.facts:
        if fact.spoiler is not SpoilerLevel.NONE:
            texts |= {text.value for text in fact.translations.values()}
    for question in content.trivia:
        if question.spoiler is not SpoilerLevel.NONE:
            for text in question.translations.values():
                texts |= {text.question, text.answer, text.explanation} - {""}
    # Headlines that give the plot away: they may only appear where spoilers are shown plainly.
    texts |= {source.title for source in content.sources.values() if source.spoiler is not SpoilerLevel.NONE}
    # Long texts: compare on a prefix (renderers may truncate, never before 24 characters).
    # Short ones (a name, "Lena"): whole words, unless the same words are also spoiler-free text.
    plain = spoiler_free_texts(content)
    probes = {t[:60] for t in texts if len(t) >= LONG_PROBE}
    probes |= {t for t in texts if 2 < len(t) < LONG_PROBE and not any(_word(t).search(p) for p in plain)}
    return probes


def strings_in(payload: Any) -> Iterator[str]:
    if isinstance(payload, str):
        yield payload
    elif isinstance(payload, dict):
        for value in payload.values():
            yield from strings_in(value)
    elif isinstance(payload, list | tuple):
        for value in payload:
            yield from strings_in(value)


def untagged(text: str) -> str:
    return TAGGED.sub("", text)


def leaks(payloads: Iterable[Any], probes: set[str]) -> list[tuple[str, str]]:
    """(probe, where) for every spoiler probe found outside ||…||."""
    found = []
    for payload in payloads:
        for text in strings_in(payload):
            visible = untagged(text).replace("\\|", "|")
            for probe in probes:
                if probe in visible if len(probe) >= LONG_PROBE else _word(probe).search(visible):
                    found.append((probe, text[:200]))
    return found
