"""Fuzzy lookup of cast, crew and quotes, for commands and autocomplete.

Everything is folded (case, accents, punctuation) and filler words are dropped
from both the query and the keys, so "Who plays the Director?" and "director"
meet the same key. rapidfuzz scores each key; an entry's score is its best key's,
plus a small bonus for the kind of key (a full name beats an alias beats a job
word) so that ties break the way a fan expects.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from rapidfuzz import fuzz

from bot.domain.content import CastMember, Content, CrewMember, Quote, SpoilerLevel
from bot.domain.fuzzy_keys import PARTIAL_WEIGHT, TOKEN_SET_WEIGHT, KeyScorer
from bot.domain.key_starts import PREFIX_SCORE, WORD_PREFIX_SCORE, KeyStarts
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
                found = tuple(self._search(form, limit, min_score, within)) if form else ()
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.clear()  # content never changes while the bot runs; a full reset is enough
                self._cache[key] = found
            if len(self._asked) >= CACHE_SIZE:
                self._asked.clear()
            self._asked[asked] = found
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
            if len(self._suggested) >= CACHE_SIZE:
                self._suggested.clear()
            self._suggested[asked] = found
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


# --- speakers ---------------------------------------------------------------------------------
# A quote's speaker is a person (interviews: "Ian McShane") or a character (film lines: "Winston").
# Fans type either for either, so each speaker is also found by the other name from the cast list,
# and by a crew member's job. Autocomplete calls this on every keystroke, so a query that starts a
# name ("win") must already find it.

SPEAKER_BONUS = {"own": 4.0, "own_word": 3.0, "link": 2.0, "link_word": 1.0, "job": 1.0}
CLEAR_WINNER = 94.0  # once a name starts with the query, fuzzy look-alikes below ...
NOISE_BELOW = 80.0  # ... this score are noise ("winston" is not "anjelica huston")


@dataclass(frozen=True, slots=True)
class SpeakerChoice:
    """One autocomplete suggestion: ``label`` to show, ``speaker`` (a Quote.speaker) as the value."""

    label: str
    speaker: str


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str
    label: str
    keys: tuple[tuple[str, str], ...]  # (folded form, kind)


def _speaker_entries(content: Content) -> tuple[_Speaker, ...]:
    # Only spoiler-free cast entries link names: a spoiler character's name must not be findable.
    open_cast = [m for m in content.cast if m.spoiler is SpoilerLevel.NONE]
    by_actor = {search_form(m.actor): m for m in open_cast}
    by_character: dict[str, CastMember] = {}
    for member in open_cast:
        for name in (member.character, *member.aliases):
            by_character.setdefault(search_form(name), member)
    jobs: dict[str, list[str]] = {}
    for crew in content.crew:
        if crew.spoiler is SpoilerLevel.NONE:
            jobs.setdefault(search_form(crew.name), []).extend((crew.job, *crew.job_words))
    entries = []
    for name in dict.fromkeys(q.speaker for q in content.quotes):
        form = search_form(name)
        keys: list[tuple[str, str]] = [(form, "own")]
        keys += [(word, "own_word") for word in form.split() if len(word) > 2]
        label, links = name, []
        actor = by_actor.get(form)
        character = by_character.get(form)
        if actor is not None:  # a person from the cast: found by their character too
            label = f"{name} ({actor.character})"
            links = [actor.character, *actor.aliases]
        elif character is not None:  # a character's lines from the film: found by the actor too
            label = f"{name} ({character.actor}), in the film"
            links = [character.actor, character.character, *character.aliases]
        for link in links:
            link_form = search_form(link)
            keys.append((link_form, "link"))
            keys += [(word, "link_word") for word in link_form.split() if len(word) > 2]
        keys += [(search_form(job), "job") for job in jobs.get(form, ())]
        unique = tuple(dict.fromkeys((k, kind) for k, kind in keys if k))
        entries.append(_Speaker(name, label, unique))
    return tuple(entries)


def _speaker_key_score(query: str, key: str, kind: str) -> float:
    if key == query:
        return 100.0
    if len(query) >= 2 and key.startswith(query):
        return PREFIX_SCORE
    if kind == "job":  # job words are phrases ("who trained Ana"): only the whole phrase counts
        return 0.0
    if len(query) >= 2 and any(word.startswith(query) for word in key.split()):
        return WORD_PREFIX_SCORE
    # Typos, weighed as in Index: a short query is compared whole ("eve" is not in "reeves").
    score = max(fuzz.ratio(query, key), TOKEN_SET_WEIGHT * fuzz.token_set_ratio(query, key))
    if len(query) >= 4 and len(key) > len(query):
        score = max(score, PARTIAL_WEIGHT * fuzz.partial_ratio(query, key))
    return float(score)


@dataclass(frozen=True)
class ContentSearch:
    """The indexes for one Content, built once at start-up."""

    cast: Index[CastMember]
    crew: Index[CrewMember]
    quotes: Index[Quote]
    speakers: tuple[str, ...]
    speaker_entries: tuple[_Speaker, ...]

    @classmethod
    def build(cls, content: Content) -> ContentSearch:
        entries = _speaker_entries(content)
        return cls(
            cast=Index(content.cast, cast_keys),
            crew=Index(content.crew, crew_keys),
            quotes=Index(content.quotes, quote_keys),
            speakers=tuple(e.name for e in entries),
            speaker_entries=entries,
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
        """Autocomplete suggestions for /quote speaker:, best first.

        "win" finds the film's Winston and Ian McShane, who plays him; labels name both
        ("Ian McShane (Winston Scott)"). ``allowed`` keeps only those speakers (e.g. the ones
        with a spoiler-free quote), before ``limit`` is applied.
        """
        form = search_form(query)
        if not form:
            entries = [e for e in self.speaker_entries if allowed is None or e.name in allowed]
            return [SpeakerChoice(e.label, e.name) for e in entries[:limit]]
        scored = []  # (score with the key's bonus, score alone, entry's position, entry)
        for number, entry in enumerate(self.speaker_entries):
            hits = [(_speaker_key_score(form, key, kind), kind) for key, kind in entry.keys]
            weighed = [(score + SPEAKER_BONUS[kind], score) for score, kind in hits if score >= MIN_SCORE]
            if weighed:
                scored.append((*max(weighed), number, entry))
        scored.sort(key=lambda item: (-item[0], item[2]))
        # Decided over every speaker, before ``allowed``: when the query plainly names someone
        # (the film's Chancellor), look-alikes are noise even if that someone is filtered out.
        if scored and scored[0][1] >= CLEAR_WINNER:
            scored = [item for item in scored if item[1] >= NOISE_BELOW]
        kept = [item[3] for item in scored if allowed is None or item[3].name in allowed]
        return [SpeakerChoice(entry.label, entry.name) for entry in kept[:limit]]

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
