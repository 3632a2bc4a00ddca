"""Every piece of content by kind and id: what a Sources list or a report is about.

A button under an answer carries only ``<kind>:<id>`` (a custom_id must stay short and
spoiler-free); this is where that pair becomes the item again, with a label and the spoiler
level that label must be shown at.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.content import Content, SpoilerLevel, TriviaQuestion
from bot.domain.text import mask_profanity, truncate

KINDS = ("cast", "crew", "quote", "trivia", "film")
FILM_OVERVIEW = "overview"  # the id of /film as a whole


@dataclass(frozen=True, slots=True)
class ContentItem:
    kind: str
    id: str
    label: str  # may be a spoiler: show it through the Redactor at ``level``
    level: SpoilerLevel
    sources: tuple[str, ...]


class ContentItems:
    def __init__(self, content: Content, trivia: tuple[TriviaQuestion, ...]) -> None:
        items: list[ContentItem] = []
        items += [
            ContentItem("cast", m.id, f"{m.actor} as {m.character}", m.spoiler, m.sources)
            for m in content.cast
        ]
        items += [ContentItem("crew", m.id, f"{m.name}: {m.job}", m.spoiler, m.sources) for m in content.crew]
        items += [
            ContentItem(
                "quote",
                q.id,
                truncate(f"{q.speaker}: “{mask_profanity(q.text, q.profanity_words)}”", 300),
                q.spoiler,
                q.sources,
            )
            for q in content.quotes
        ]
        items += [ContentItem("trivia", q.id, q.question, q.spoiler, q.sources) for q in trivia]
        items += [
            ContentItem("film", f.id, f"{f.label}: {f.value}", f.spoiler, f.sources)
            for f in content.film.facts
        ]
        # /film as a whole: every fact's sources, under a spoiler-free label.
        every = tuple(dict.fromkeys(key for f in content.film.facts for key in f.sources))
        items.append(
            ContentItem("film", FILM_OVERVIEW, "The film at a glance (/film)", SpoilerLevel.NONE, every)
        )
        self._items = {(item.kind, item.id): item for item in items}

    def get(self, kind: str, item_id: str) -> ContentItem | None:
        return self._items.get((kind, item_id))

    def all(self) -> list[ContentItem]:
        return list(self._items.values())
