"""Fuzzy lookup of cast, crew and quotes, for commands and autocomplete.

Queries and keys are compared in their ``search_form`` (``bot/domain/search_text.py``), so
"Who plays the Director?" and "director" meet the same key. rapidfuzz scores each key
(``bot/domain/fuzzy_keys.py``); an entry's score is its best key's, plus a small bonus for the
kind of key (a full name beats an alias beats a job word) so that ties break the way a fan
expects. Autocomplete first asks which keys start with what is typed (``Index.suggest``);
quotes' speakers have their own rules (``bot/domain/speakers.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from bot.domain.answer_cache import remember
from bot.domain.content import CastMember, Content, CrewMember, Quote
from bot.domain.fuzzy_keys import KeyScorer
from bot.domain.key_starts import KeyStarts
from bot.domain.search_text import MIN_SCORE, search_form
from bot.domain.speakers import SpeakerChoice, Speakers

T = TypeVar("T")

KEY_BONUS = {"primary": 4.0, "alias": 2.0, "job": 1.0, "text": 0.0}  # ties break as a fan expects


class Match(NamedTuple, Generic[T]):
    """One result (a tuple: made for every result of every search, and a tuple is made fastest)."""

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
# ``KeyScorer`` (bot/domain/fuzzy_keys.py) computes them, touching only the keys that can score.


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
        self._entry_of = [key.entry for key in keys]
        self._bonus_of = [KEY_BONUS[key.kind] for key in keys]
        # Distinct forms are scored once (several entries share "director", "stunt", ...).
        distinct = list(dict.fromkeys(k.form for k in keys))
        form_number = {form: n for n, form in enumerate(distinct)}
        self._keys_of_form: list[list[int]] = [[] for _ in distinct]
        for position, key in enumerate(keys):
            self._keys_of_form[form_number[key.form]].append(position)
        # (entry, bonus) for each key of a form: how KeyScorer.top ranks entries.
        groups = [
            [(keys[p].entry, KEY_BONUS[keys[p].kind]) for p in positions] for positions in self._keys_of_form
        ]
        self._groups = groups
        self._scorer = KeyScorer(distinct, groups)
        self._starts = KeyStarts(distinct)
        # Results by folded query, and by what was typed (a repeated query is not even folded).
        self._cache: dict[tuple[str, int, float, float | None], tuple[Match[T], ...]] = {}
        self._asked: dict[tuple[str, int, float, float | None], tuple[Match[T], ...]] = {}
        self._suggested: dict[tuple[str, int], tuple[T, ...]] = {}
        self._exact: dict[str, list[int]] = {}
        for position, key in enumerate(keys):
            self._exact.setdefault(key.form, []).append(position)

    def search(
        self, query: str, *, limit: int = 5, min_score: float = MIN_SCORE, within: float | None = None
    ) -> list[Match[T]]:
        """The best ``limit`` entries scoring ``min_score`` or more, best first.

        ``within``: only those whose score is at most that far below the best one's. A caller
        that shows only the first result asks for ``limit=1``: fewer keys need scoring.
        """
        asked = (query, limit, min_score, within)
        found = self._asked.get(asked)
        if found is None:
            form = search_form(query)
            key = (form, limit, min_score, within)
            found = self._cache.get(key)  # the same words typed another way ("Keanu", "keanu ")
            if found is None:
                found = remember(
                    self._cache, key, tuple(self._search(form, limit, min_score, within)) if form else ()
                )
            remember(self._asked, asked, found)
        return list(found)

    def suggest(self, query: str, *, limit: int = 25) -> list[T]:
        """What to offer while a member types ``query`` (autocomplete), best first.

        Entries with a key that starts with it, or with a word that does ("gab" → Gabriel Byrne),
        ranked by that and the key's kind; look-alikes are noise then ("charon" is not "sharon").
        When no key starts with it (a typo), what ``search`` finds.
        """
        asked = (query, limit)
        found = self._suggested.get(asked)
        if found is None:
            starts = self._starts.scores(search_form(query))
            if starts:
                found = self._best_entries(starts, limit)
            else:
                found = tuple(match.item for match in self.search(query, limit=limit))
            remember(self._suggested, asked, found)
        return list(found)

    def _best_entries(self, scores: dict[int, float], limit: int) -> tuple[T, ...]:
        """The entries of ``scores`` (distinct form -> score), ranked as ``search`` ranks them."""
        totals: dict[int, float] = {}
        for number, score in scores.items():
            for entry, bonus in self._groups[number]:
                if score + bonus > totals.get(entry, -1.0):
                    totals[entry] = score + bonus
        ranked = sorted(totals, key=lambda entry: (-totals[entry], entry))[: max(limit, 0)]
        return tuple(self.items[entry] for entry in ranked)

    def clear_cache(self) -> None:
        self._cache.clear()
        self._asked.clear()
        self._suggested.clear()

    def _search(self, form: str, limit: int, min_score: float, within: float | None) -> list[Match[T]]:
        scores: dict[int, float] = dict.fromkeys(self._exact.get(form, ()), 100.0)
        if not scores:
            scores = self._by_position(self._fuzzy_scores(form, min_score, limit, within))
        return self._ranked(scores, limit, min_score, within)

    def _ranked(
        self, scores: dict[int, float], limit: int, min_score: float, within: float | None
    ) -> list[Match[T]]:
        """Matches for ``scores`` (key position -> score), best entry first."""
        # An exact key (100 + its bonus, at least 101) outranks any inexact one (at most
        # 96 + 4 = 100), so when the query is some key verbatim, fuzzy scoring is skipped.
        # An entry's match is its key with the best total (score + bonus); of equal totals, the
        # one with the higher score, then the earlier key. Matches are made for the results only.
        best: dict[int, tuple[float, float, int]] = {}  # entry -> (total, score, -position), best highest
        entry_of, bonus_of = self._entry_of, self._bonus_of
        for position, score in scores.items():
            if score < min_score:
                continue
            entry = entry_of[position]
            ranked_key = (score + bonus_of[position], score, -position)
            current = best.get(entry)
            if current is None or ranked_key > current:
                best[entry] = ranked_key
        # (-total, entry, position): plain tuples sort best first, then by the entry's order.
        ranked = [(-total, entry, -negative) for entry, (total, _, negative) in best.items()]
        if limit == 1 and within is None:
            ranked = [min(ranked)] if ranked else []
        else:
            ranked.sort()
        if within is not None and ranked:
            ceiling = ranked[0][0] + within  # totals are negated here
            ranked = [row for row in ranked if row[0] <= ceiling]
        keys, items = self._keys, self.items
        matches = []
        for negated, entry, position in ranked[:limit]:
            key = keys[position]
            matches.append(Match(items[entry], -negated, key.form, key.kind))
        return matches

    def _fuzzy_scores(
        self, form: str, min_score: float, limit: int, within: float | None
    ) -> dict[int, float]:
        # Every entry that scores is shown (or a limit below one keeps slicing's meaning): nothing to prune.
        if limit < 1 or (within is None and limit >= len(self.items)):
            return self._scorer.scores(form, min_score)
        return self._scorer.top(form, min_score, limit, within)

    def _by_position(self, found: dict[int, float]) -> dict[int, float]:
        """Scores by distinct form -> scores by key (several keys may share a form)."""
        return {position: score for number, score in found.items() for position in self._keys_of_form[number]}


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
    speakers: Speakers
    quotes_by_speaker: Mapping[str, tuple[Quote, ...]]  # by the speaker's search form, in content order

    @classmethod
    def build(cls, content: Content) -> ContentSearch:
        by_speaker: dict[str, list[Quote]] = {}
        for quote in content.quotes:
            by_speaker.setdefault(search_form(quote.speaker), []).append(quote)
        return cls(
            cast=Index(content.cast, cast_keys),
            crew=Index(content.crew, crew_keys),
            quotes=Index(content.quotes, quote_keys),
            speakers=Speakers(content),
            quotes_by_speaker={form: tuple(quotes) for form, quotes in by_speaker.items()},
        )

    def find_cast(self, query: str, limit: int = 5) -> list[Match[CastMember]]:
        return self.cast.search(query, limit=limit)

    def find_crew(self, query: str, limit: int = 5) -> list[Match[CrewMember]]:
        return self.crew.search(query, limit=limit)

    def speaker_matches(self, query: str, limit: int = 25) -> list[str]:
        """Speakers (``Quote.speaker``) for what was typed, best first: a person or their character."""
        return [choice.speaker for choice in self.speaker_choices(query, limit)]

    def speaker_choices(
        self, query: str, limit: int = 25, allowed: Collection[str] | None = None
    ) -> list[SpeakerChoice]:
        """``Speakers.choices``: autocomplete suggestions for /quote speaker:, best first."""
        return self.speakers.choices(query, limit, allowed)

    def find_quote(self, query: str | None, speaker: str | None, limit: int = 5) -> list[Quote]:
        pool: Sequence[Quote] = self.quotes.items
        if speaker:  # the best match's quotes (limit 1: the answer /quote has asked for already)
            best = self.speaker_matches(speaker, limit=1)
            pool = self.quotes_by_speaker.get(search_form(best[0]), ()) if best else ()
        if not query:
            return list(pool)
        if not speaker:
            return [m.item for m in self.quotes.search(query, limit=limit, min_score=55)]
        allowed = {id(q) for q in pool}
        return [m.item for m in self.quotes.search(query, limit=50, min_score=55) if id(m.item) in allowed][
            :limit
        ]
