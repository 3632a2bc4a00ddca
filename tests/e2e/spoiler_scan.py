"""Find spoiler text that escaped the policy in anything the bot sent."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from bot.domain.content import Content, SpoilerLevel

# ||…|| where the inside may hold escaped characters (\|) and single bars, as Discord reads it.
TAGGED = re.compile(r"\|\|(?:\\.|\|(?!\|)|[^|\\])*?\|\|", re.DOTALL)
MIN_PROBE = 24  # shorter texts ("Lena") also appear legitimately in spoiler-free answers


def spoiler_texts(content: Content) -> set[str]:
    """Every sentence of content marked as a spoiler, long enough to be unambiguous."""
    texts: set[str] = set()
    for member in content.cast:
        if member.spoiler_note is not None:
            texts.add(member.spoiler_note.text)
    texts |= {c.note for c in content.crew if c.spoiler is not SpoilerLevel.NONE and c.note}
    texts |= {q.text for q in content.quotes if q.spoiler is not SpoilerLevel.NONE}
    texts |= {f.value for f in content.film.facts if f.spoiler is not SpoilerLevel.NONE}
    for question in content.trivia:
        if question.spoiler is not SpoilerLevel.NONE:
            texts |= {question.question, question.answer, question.explanation}
    # Headlines that give the plot away: they may only appear where spoilers are shown plainly.
    texts |= {source.title for source in content.sources.values() if source.spoiler is not SpoilerLevel.NONE}
    # Compare on a prefix: renderers may truncate long text, but never before 24 characters.
    return {t[:60] for t in texts if len(t) >= MIN_PROBE}


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
                if probe in visible:
                    found.append((probe, text[:200]))
    return found
