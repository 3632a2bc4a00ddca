"""Fuzzy lookup of cast, crew and quotes, for commands and autocomplete.

Everything is folded (case, accents, punctuation) and filler words are dropped
from both the query and the keys, so "Who plays the Director?" and "director"
meet the same key. rapidfuzz scores each key; an entry's score is its best key's,
plus a small bonus for the kind of key (a full name beats an alias beats a job
word) so that ties break the way a fan expects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from bot.domain.content import CastMember, Content, CrewMember, Quote
from bot.domain.text import fold

T = TypeVar("T")

# Words that carry no identity: "who plays the director" → "director".
FILLER = frozenset(
    [
        "who",
        "whos",
        "is",
        "was",
        "are",
        "the",
        "a",
        "an",
        "of",
        "in",
        "as",
        "for",
        "by",
        "to",
        "plays",
        "played",
        "play",
        "playing",
        "actor",
        "actress",
        "character",
        "role",
        "person",
        "credit",
        "credited",
        "name",
        "film",
        "movie",
        "ballerina",
        "what",
        "which",
    ]
)
# A cast query with one of these words is about an actor; a crew query about the people behind the camera.
CAST_HINTS = frozenset(["plays", "played", "playing", "actor", "actress", "character", "role", "cast"])

MIN_SCORE = 62.0  # below this a result is noise, not a match
KEY_BONUS = {"primary": 4.0, "alias": 2.0, "job": 1.0, "text": 0.0}


def asks_about_acting(query: str) -> bool:
    """'who plays…', 'the actress…': the question is about the cast, whatever else it names."""
    return bool(set(fold(query).split()) & CAST_HINTS)


def strip_filler(folded: str) -> str:
    words = [w for w in folded.split() if w not in FILLER]
    return " ".join(words) if words else folded


def search_form(text: str) -> str:
    return strip_filler(fold(text))


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    item: T
    score: float
    key: str  # the folded key that matched best
    kind: str  # "primary", "alias", "job" or "text"


@dataclass(frozen=True, slots=True)
class _Key:
    form: str
    entry: int
    kind: str


# An entry's key score is max(ratio, 0.96 × token_set_ratio, 0.9 × partial_ratio):
# - ratio: the whole key, typos included ("anna de armas");
# - token_set_ratio: word order and extra words ("eve macarro ballerina");
# - partial_ratio: a word inside a longer key ("mcshane" in "ian mcshane"), only for
#   queries of 4+ characters, where it means something.
TOKEN_SET_WEIGHT = 0.96
PARTIAL_WEIGHT = 0.9
CACHE_SIZE = 2048  # searches remembered per index; autocomplete repeats them keystroke by keystroke


class Index(Generic[T]):
    """A fuzzy index over items, each with several keys of different kinds."""

    def __init__(self, items: Sequence[T], keys_of: Callable[[T], Iterable[tuple[str, str]]]) -> None:
        self.items = tuple(items)
        keys: list[_Key] = []
        seen: set[tuple[str, int]] = set()
        for number, item in enumerate(self.items):
            for text, kind in keys_of(item):
                form = search_form(text)
                if form and (form, number) not in seen:
                    seen.add((form, number))
                    keys.append(_Key(form, number, kind))
        self._keys = keys
        self._forms = [k.form for k in keys]
        self._cache: dict[tuple[str, int, float], tuple[Match[T], ...]] = {}
        self._exact: dict[str, list[int]] = {}
        for position, key in enumerate(keys):
            self._exact.setdefault(key.form, []).append(position)

    def search(self, query: str, *, limit: int = 5, min_score: float = MIN_SCORE) -> list[Match[T]]:
        form = search_form(query)
        if not form:
            return []
        key = (form, limit, min_score)
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()  # content never changes while the bot runs; a full reset is enough
            cached = self._cache[key] = tuple(self._search(form, limit, min_score))
        return list(cached)

    def clear_cache(self) -> None:
        self._cache.clear()

    def _search(self, form: str, limit: int, min_score: float) -> list[Match[T]]:
        scores: dict[int, float] = dict.fromkeys(self._exact.get(form, ()), 100.0)
        if not scores:
            scores = self._fuzzy_scores(form, min_score)
        # An exact key (100 + its bonus, at least 101) outranks any inexact one (at most
        # 96 + 4 = 100), so when the query is some key verbatim, fuzzy scoring is skipped.
        best: dict[int, Match[T]] = {}
        for position, score in sorted(scores.items(), key=lambda pair: (-pair[1], pair[0])):
            if score < min_score:
                continue
            key = self._keys[position]
            total = score + KEY_BONUS[key.kind]
            current = best.get(key.entry)
            if current is None or total > current.score:
                best[key.entry] = Match(self.items[key.entry], total, key.form, key.kind)
        ranked = sorted(best.items(), key=lambda pair: (-pair[1].score, pair[0]))
        return [match for _, match in ranked[:limit]]

    def _fuzzy_scores(self, form: str, min_score: float) -> dict[int, float]:
        # One C-level pass per scorer (a Python scorer callback would be called per key).
        forms = self._forms
        scores: dict[int, float] = {}
        passes = [(fuzz.ratio, 1.0), (fuzz.token_set_ratio, TOKEN_SET_WEIGHT)]
        if len(form) >= 4:
            passes.append((fuzz.partial_ratio, PARTIAL_WEIGHT))
        for scorer, weight in passes:
            for _form, score, position in process.extract(
                form, forms, scorer=scorer, limit=None, score_cutoff=min_score / weight
            ):
                if scorer is fuzz.partial_ratio and len(forms[position]) <= len(form):
                    continue  # partial matching is for a query inside a longer key
                weighted = score * weight
                if weighted > scores.get(position, 0.0):
                    scores[position] = weighted
        return scores


def cast_keys(member: CastMember) -> Iterable[tuple[str, str]]:
    yield member.actor, "primary"
    yield member.character, "primary"
    yield f"{member.actor} {member.character}", "alias"
    for name in (member.actor, member.character):
        for word in name.split():
            if len(word) > 2:
                yield word, "alias"
    for alias in member.aliases:
        yield alias, "alias"


def crew_keys(member: CrewMember) -> Iterable[tuple[str, str]]:
    yield member.name, "primary"
    for word in member.name.split():
        if len(word) > 2:
            yield word, "alias"
    for alias in member.aliases:
        yield alias, "alias"
    yield member.job, "job"
    for word in member.job_words:
        yield word, "job"


def quote_keys(quote: Quote) -> Iterable[tuple[str, str]]:
    yield quote.text, "text"
    yield quote.context, "text"


@dataclass(frozen=True)
class ContentSearch:
    """The indexes for one Content, built once at start-up."""

    cast: Index[CastMember]
    crew: Index[CrewMember]
    quotes: Index[Quote]
    speakers: tuple[str, ...]
    speaker_forms: tuple[str, ...]

    @classmethod
    def build(cls, content: Content) -> ContentSearch:
        speakers = tuple(dict.fromkeys(q.speaker for q in content.quotes))
        return cls(
            cast=Index(content.cast, cast_keys),
            crew=Index(content.crew, crew_keys),
            quotes=Index(content.quotes, quote_keys),
            speakers=speakers,
            speaker_forms=tuple(search_form(s) for s in speakers),
        )

    def clear_caches(self) -> None:
        """Forget remembered searches (the benchmark measures cold searches this way)."""
        for index in (self.cast, self.crew, self.quotes):
            index.clear_cache()

    def find_cast(self, query: str, limit: int = 5) -> list[Match[CastMember]]:
        return self.cast.search(query, limit=limit)

    def find_crew(self, query: str, limit: int = 5) -> list[Match[CrewMember]]:
        return self.crew.search(query, limit=limit)

    def speaker_matches(self, query: str, limit: int = 25) -> list[str]:
        form = search_form(query)
        if not form:
            return list(self.speakers[:limit])
        hits = process.extract(
            form, self.speaker_forms, scorer=fuzz.WRatio, limit=limit, score_cutoff=MIN_SCORE
        )
        return [self.speakers[position] for _form, _score, position in hits]

    def find_quote(self, query: str | None, speaker: str | None, limit: int = 5) -> list[Quote]:
        pool: Sequence[Quote] = self.quotes.items
        if speaker:
            wanted = {search_form(s) for s in self.speaker_matches(speaker, limit=3)[:1]}
            pool = [q for q in pool if search_form(q.speaker) in wanted]
        if not query:
            return list(pool)
        if not speaker:
            return [m.item for m in self.quotes.search(query, limit=limit, min_score=55)]
        allowed = {id(q) for q in pool}
        return [m.item for m in self.quotes.search(query, limit=50, min_score=55) if id(m.item) in allowed][
            :limit
        ]
