"""The content, indexed for question generation, and helpers every family shares.

``Index`` is built once per ``Content`` (cached by identity, content never changes while the
bot runs); ``pick`` chooses wrong options in a stable pseudo-random order, so the same content
always gives the same questions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable

from bot.domain.content import CastMember, Content, CrewMember, FilmFact, Quote, SpoilerLevel
from bot.domain.question_families.names import Names, nameless
from bot.domain.text import fold


class Index:
    """Lookups over one Content. Hashable by identity so generation is cached per content."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.levels: dict[str, SpoilerLevel] = {}
        self.sources: dict[str, tuple[str, ...]] = {}
        items: list[CastMember | CrewMember | Quote | FilmFact] = [
            *content.cast,
            *content.crew,
            *content.quotes,
            *content.film.facts,
        ]
        for item in items:
            self.levels[item.id] = item.spoiler
            self.sources[item.id] = item.sources
        self.named_cast = [m for m in content.cast if not nameless(m)]
        self.companies = fold(" ".join(f.value for f in content.film.facts if f.group == "Companies"))
        # Words that are names wherever they stand in a credit: "Lionsgate", "Czech".
        self.proper = frozenset(w for w in self.companies.split() if len(w) >= 4)
        self.names = Names(content)

    @classmethod
    def of(cls, content: Content) -> Index:
        index = _INDEXES.get(id(content))
        if index is None or index.content is not content:
            index = _INDEXES[id(content)] = cls(content)
            if len(_INDEXES) > 8:  # a handful of contents per process at most (tests build a few)
                _INDEXES.pop(next(iter(_INDEXES)))
        return index

    def level(self, ids: Iterable[str]) -> SpoilerLevel:
        return max((self.levels[i] for i in ids), key=lambda level: level.rank, default=SpoilerLevel.NONE)

    def sources_of(self, ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key for i in ids for key in self.sources[i]))


_INDEXES: dict[int, Index] = {}


def slug(item_id: str) -> str:
    return item_id.split("-", 1)[1]


def rank(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}|{key}".encode()).hexdigest()


def pick(seed: str, candidates: Iterable[tuple[str, str]], count: int = 6) -> list[tuple[str, str]]:
    """Up to ``count`` (text, item id) with distinct texts, in a stable pseudo-random order.

    More than three, so that ``assemble`` can pass over one that reads too much like the answer.
    """
    unique: dict[str, tuple[str, str]] = {}
    for text, item_id in candidates:
        unique.setdefault(fold(text), (text, item_id))
    ordered = sorted(unique.values(), key=lambda pair: rank(seed, pair[0]))
    return ordered[:count]


def in_quotes(text: str) -> str:
    """A quote as printed inside a question: trailing commas and spaces dropped, curly quotes."""
    return "“" + text.strip().rstrip(",").rstrip() + "”"


def at_most(index: Index, level: SpoilerLevel) -> Callable[[str], bool]:
    """Whether an item may be a wrong option of a question about something of ``level``."""
    return lambda item_id: index.levels[item_id].rank <= level.rank


def possessive(name: str) -> str:
    """ "Len Wiseman's", "Czech Anglo Productions'": a name ending in s takes the apostrophe alone."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def lower_first(phrase: str, proper: Collection[str] = ()) -> str:
    """A credit as it reads mid-sentence: "Executive producer" -> "executive producer", but a
    first word that is a name ("Lionsgate", "Czech": any of ``proper``, folded) keeps its capital."""
    first = phrase.split()[0] if phrase.split() else ""
    return phrase if fold(first) in proper else phrase[:1].lower() + phrase[1:]


def with_article(phrase: str, proper: Collection[str] = ()) -> str:
    """ "an executive producer", "a Lionsgate executive overseeing the project"."""
    lead = lower_first(phrase, proper)
    return ("an " if lead[:1].lower() in "aeiou" else "a ") + lead


def adds_to(reveal: str, *shown: str) -> bool:
    """Whether a reveal tells something the question and its answer did not: new content words."""
    seen = {w for text in shown for w in fold(text).split()}
    new = {w for w in fold(reveal).split() if len(w) >= 4 and w not in seen and w != "ballerina"}
    return len(new) >= 2
