"""Trivia questions generated from the structured content, each traced to its sources.

Plain Python: no discord, no I/O. ``generate_questions(content)`` turns the cast, crew,
quotes and the film facts' figures into ``TriviaQuestion`` records, the same type as the
curated questions in ``data/trivia.yaml``. Families (the part of the id after ``gen-``):

* ``plays`` / ``role``: who plays a character; whom an actor plays;
* ``described`` / ``described-actor``: which character (or actor) a spoiler-free description is of;
* ``said`` / ``said-which`` / ``speaker-role``: who said a quote (choices from the same kind of
  source: film lines or interviews); which line a speaker said; the speaker's role or credit;
* ``job`` / ``credit`` / ``shared-credit`` / ``crew-note``: a crew member's credit, and back;
* ``figure`` / ``figure-event`` / ``first`` / ``last``: dates and numbers of the film facts.

Rules every question keeps (``tests/domain/test_question_families.py`` checks each one):

* exactly one right answer: wrong options come from the same category and are false per the
  data (an actor who also plays the asked character's younger self, a crew member from the same
  department, a figure within 20% of a reported one are never offered);
* its spoiler level is the highest level of every item it shows or rests on; a wrong option
  above the level of the item asked about is not used (the question is dropped instead);
* its sources are those of the items its answer rests on;
* ids are stable (``gen-plays-ana-de-armas``): the same content gives the same questions, ids,
  texts and option order, so a server's "already asked" history survives restarts;
* a question that repeats a curated one (same answer, mostly the same words) is left out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.domain import figures
from bot.domain.content import (
    CastMember,
    Content,
    CrewMember,
    Difficulty,
    Figure,
    FigureKind,
    FilmFact,
    Quote,
    SpoilerLevel,
    TriviaQuestion,
)
from bot.domain.text import fold, mask_profanity, truncate
from bot.domain.trivia.answers import AnswerMatcher

GENERATED_PREFIX = "gen-"
MAX_QUESTION_CHARS = 300
MAX_OPTION_CHARS = 80
MAX_EXPLANATION_CHARS = 600
ORDER_SETS_PER_EVENT = 3  # "Which came first?" option sets built around each dated event

_PARTICLES = frozenset(["de", "da", "del", "della", "di", "van", "von", "der", "le", "la", "du"])
_NOT_A_PERSON = frozenset(["and", "featuring", "feat", "productions", "records", "films", "entertainment"])
_NAMELESS = ("cameo", "unnamed")  # characters with no name: "Cameo (character name not reported)"
_GENERIC_WORDS = frozenset(["the", "young", "little", "and"])
# A company named among the film's companies could pass for a producer: never offer it as one.
_PRODUCING = frozenset(["Production", "Studio", "Production services"])


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated question with what it was built from.

    ``basis``: ids of the content items (cast, crew, quote, fact) the right answer rests on;
    the question carries their sources. ``shown``: ids of items whose text appears as a wrong
    option; with the basis, they set the spoiler level.
    """

    question: TriviaQuestion
    family: str
    basis: tuple[str, ...]
    shown: tuple[str, ...]


def generate_questions(content: Content) -> tuple[TriviaQuestion, ...]:
    """Every generated question for ``content``, in a stable order."""
    return tuple(g.question for g in generate(content))


def generate(content: Content) -> tuple[Generated, ...]:
    """``generate_questions`` with each question's provenance (for tests and ``check``).

    Computed once per Content object (content never changes while the bot runs).
    """
    index = _Index.of(content)
    if index.generated is None:
        index.generated = _generate(index)
    return index.generated


def _generate(index: _Index) -> tuple[Generated, ...]:
    built: list[Generated] = []
    for family in (
        _plays,
        _described,
        _said,
        _crew,
        _figures,
        _order,
    ):
        built.extend(family(index))
    seen: set[str] = set()
    out = []
    curated = [(AnswerMatcher.for_question(q), _significant(q.question)) for q in index.content.trivia]
    for item in built:
        if item.question.id in seen or _repeats_curated(item.question, curated):
            continue
        seen.add(item.question.id)
        out.append(item)
    return tuple(out)


# --------------------------------------------------------------------------- the content, indexed


class _Index:
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
        self.named_cast = [m for m in content.cast if not _nameless(m)]
        self.companies = fold(" ".join(f.value for f in content.film.facts if f.group == "Companies"))
        self.people = _people(content)
        self.generated: tuple[Generated, ...] | None = None
        self.taken: dict[str, set[str]] = {}  # names and words of everyone but a person, by key

    @classmethod
    def of(cls, content: Content) -> _Index:
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


_INDEXES: dict[int, _Index] = {}


def _nameless(member: CastMember) -> bool:
    return fold(member.character).startswith(_NAMELESS)


def _words(name: str) -> set[str]:
    """The words that identify a name: "Eve Macarro" -> {eve, macarro}; "Young Eve" -> {eve}."""
    return {w for w in fold(name).split() if len(w) >= 3 and w not in _GENERIC_WORDS}


def _same_person(a: CastMember, b: CastMember) -> bool:
    """Eve Macarro and Young Eve are one person: neither is a wrong answer for the other."""
    return a is b or a.actor == b.actor or bool(_words(a.character) & _words(b.character))


def _mentions(text: str, names: Iterable[str]) -> bool:
    """Whether ``text`` names any of ``names`` (folded words), possessives included ("Reddick's")."""
    folded = fold(text)
    return any(re.search(rf"\b{re.escape(name)}", folded) for name in names)


def _slug(item_id: str) -> str:
    return item_id.split("-", 1)[1]


def _rank(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}|{key}".encode()).hexdigest()


def _pick(seed: str, candidates: Iterable[tuple[str, str]], count: int = 6) -> list[tuple[str, str]]:
    """Up to ``count`` (text, item id) with distinct texts, in a stable pseudo-random order.

    More than three, so that ``_question`` can pass over one that reads too much like the answer.
    """
    unique: dict[str, tuple[str, str]] = {}
    for text, item_id in candidates:
        unique.setdefault(fold(text), (text, item_id))
    ordered = sorted(unique.values(), key=lambda pair: _rank(seed, pair[0]))
    return ordered[:count]


def _options_fit(answer: str, wrong: Sequence[str]) -> bool:
    texts = (answer, *wrong)
    return (
        len(wrong) == 3
        and all(0 < len(t) <= MAX_OPTION_CHARS for t in texts)
        and len({fold(t) for t in texts}) == 4
    )


def _quoted(text: str) -> str:
    """A quote as printed inside a question: trailing commas and spaces dropped, curly quotes."""
    return "“" + text.strip().rstrip(",").rstrip() + "”"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- names people type


@dataclass(frozen=True, slots=True)
class _Person:
    """A name someone can be called by, and the group of names that mean the same someone."""

    key: str  # same key = same someone (Keanu Reeves the actor and the executive producer)
    names: tuple[str, ...]


def _people(content: Content) -> tuple[_Person, ...]:
    people: dict[str, list[str]] = {}
    named = [m for m in content.cast if not _nameless(m)]
    for member in content.cast:
        people.setdefault(fold(member.actor), []).append(member.actor)
    for member in named:  # one key for one person: Eve Macarro and Young Eve share the first's id
        first = next(m for m in named if _same_person(m, member))
        people.setdefault(f"character:{first.id}", []).append(member.character)
    for crew in content.crew:
        people.setdefault(fold(crew.name), []).append(crew.name)
    return tuple(_Person(key, tuple(names)) for key, names in people.items())


def _looks_like_a_person(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 4 or any(c.isdigit() for c in name):
        return False
    if fold(name).split()[0] in ("the", "young", "little") or set(fold(name).split()) & _NOT_A_PERSON:
        return False
    return all(w[:1].isupper() or w in _PARTICLES for w in words)


def _computed_forms(name: str) -> list[str]:
    """'Ana de Armas' -> ['de Armas', 'Ana']; 'Joel J. Richard' -> ['Richard', 'Joel', 'Joel Richard']."""
    if not _looks_like_a_person(name):
        return []
    words = [w for w in name.split() if not re.fullmatch(r"[A-Z]\.", w)]  # middle initials
    start = len(words) - 1
    while start > 0 and words[start - 1] in _PARTICLES:
        start -= 1
    forms = [" ".join(words[start:]), words[0]]
    if len(words) != len(name.split()):
        forms.append(" ".join(words))
    return forms


def _alias_is_of(alias: str, name: str) -> bool:
    """Whether an alias from the data names ``name`` (shares a word, or is it without spaces)."""
    compact = fold(name).replace(" ", "")
    return bool(_words(alias) & _words(name)) or fold(alias).replace(" ", "") in compact


def _typed_forms(index: _Index, name: str, aliases: Iterable[str]) -> list[str]:
    """Forms of ``name`` a fan may type that name nobody else in the content."""
    own = next((p.key for p in index.people if name in p.names), fold(name))
    taken = index.taken.get(own)
    if taken is None:
        others = [n for p in index.people if p.key != own for n in p.names]
        taken = {fold(n) for n in others} | {w for n in others for w in fold(n).split() if len(w) >= 3}
        index.taken[own] = taken
    forms = [*_computed_forms(name), *(a for a in aliases if _alias_is_of(a, name))]
    out = []
    for form in dict.fromkeys(forms):
        folded = fold(form)
        if not folded or folded == fold(name) or folded in taken:
            continue
        if len(folded) >= 5 and any(fuzz.ratio(folded, t) >= 85 for t in taken):
            continue
        out.append(form)
    return out


def _both_names(index: _Index, member: CastMember, *, actor_first: bool) -> list[str]:
    """For a question that names neither: the answer's forms, then the other name and its forms.

    Typing the actor for a character (or the other way round) shows the player knows who it
    is; it is unambiguous because one actor plays one character here.
    """
    actor = [*_typed_forms(index, member.actor, member.aliases), member.actor]
    character = [*_typed_forms(index, member.character, member.aliases), member.character]
    return [*actor, *character] if actor_first else [*character, *actor]


def _distinct(forms: Iterable[str], answer: str) -> list[str]:
    seen = {fold(answer)}
    out = []
    for form in forms:
        if fold(form) and fold(form) not in seen:
            seen.add(fold(form))
            out.append(form)
    return out


def _safe_forms(forms: Iterable[str], wrong: Sequence[str]) -> tuple[str, ...]:
    """Drop forms the matcher would confuse with a wrong option (either way round)."""
    wrong_matcher = AnswerMatcher(wrong)
    return tuple(
        form
        for form in forms
        if not wrong_matcher.matches(form) and not any(AnswerMatcher((form,)).matches(w) for w in wrong)
    )


def _question(
    index: _Index,
    *,
    family: str,
    key: str,
    text: str,
    answer: str,
    wrong: Sequence[tuple[str, str]],
    basis: Sequence[str],
    difficulty: Difficulty,
    forms: Iterable[str] = (),
    explanation: str = "",
    needs_options: bool = False,
) -> Generated | None:
    """Assemble one question; None when it would break a rule (length, options, levels)."""
    # A wrong option the answer's matcher would take ("US second-weekend gross" for "US
    # opening-weekend gross") could be typed and scored right: such an option is not offered.
    matcher = AnswerMatcher((answer,))
    wrong = [(w, i) for w, i in wrong if not matcher.matches(w) and not AnswerMatcher((w,)).matches(answer)]
    wrong_texts = [w for w, _ in wrong][:3]
    wrong = wrong[:3]
    if not _options_fit(answer, wrong_texts) or not 0 < len(text) <= MAX_QUESTION_CHARS:
        return None
    shown = tuple(dict.fromkeys(item_id for _, item_id in wrong if item_id))
    question = TriviaQuestion(
        id=f"{GENERATED_PREFIX}{family}-{key}",
        question=text,
        answer=answer,
        wrong_answers=(wrong_texts[0], wrong_texts[1], wrong_texts[2]),
        accepted_answers=_safe_forms(_distinct(forms, answer), wrong_texts),
        spoiler=index.level((*basis, *shown)),
        difficulty=difficulty,
        explanation=truncate(explanation, MAX_EXPLANATION_CHARS),
        sources=index.sources_of(basis),
        needs_options=needs_options,
    )
    return Generated(question, family, tuple(basis), shown)


def _at_most(index: _Index, level: SpoilerLevel) -> Callable[[str], bool]:
    """Whether an item may be a wrong option of a question about something of ``level``."""
    return lambda item_id: index.levels[item_id].rank <= level.rank


# --------------------------------------------------------------------------- cast


def _plays(index: _Index) -> Iterator[Generated]:
    cast = index.named_cast
    for number, member in enumerate(cast):
        ok = _at_most(index, member.spoiler)
        difficulty = Difficulty.EASY if number < 8 else Difficulty.MEDIUM
        actors = [(m.actor, m.id) for m in index.content.cast if not _same_person(m, member)]
        wrong = _pick(f"plays:{member.id}", actors)
        made = _question(
            index,
            family="plays",
            key=_slug(member.id),
            text=f"Who plays {member.character} in Ballerina?",
            answer=member.actor,
            wrong=[(text, "") for text, _ in wrong],  # actors' names are never spoilers
            basis=[member.id],
            difficulty=difficulty,
            forms=_typed_forms(index, member.actor, member.aliases),
            explanation=f"{member.actor} plays {member.character}.",
        )
        if made:
            yield made
        characters = [(m.character, m.id) for m in cast if not _same_person(m, member) and ok(m.id)]
        # An actor with two roles: either is right, so only "which of these" has one answer.
        several = sum(m.actor == member.actor for m in index.content.cast) > 1
        which = "Which of these characters" if several else "Which character"
        made = _question(
            index,
            family="role",
            key=_slug(member.id),
            text=f"{which} does {member.actor} play in Ballerina?",
            answer=member.character,
            wrong=_pick(f"role:{member.id}", characters),
            basis=[member.id],
            difficulty=difficulty,
            forms=_typed_forms(index, member.character, member.aliases),
            explanation=f"{member.actor} plays {member.character}.",
            needs_options=several,
        )
        if made:
            yield made


def _described(index: _Index) -> Iterator[Generated]:
    cast = index.named_cast
    for member in cast:
        # A description that names the character or the actor gives the answer away.
        giveaway = _words(member.character) | _words(member.actor)
        giveaway |= {
            w
            for a in member.aliases
            if _alias_is_of(a, member.character) or _alias_is_of(a, member.actor)
            for w in _words(a)
        }
        if _mentions(member.description, giveaway):
            continue
        ok = _at_most(index, member.spoiler)
        others = [m for m in cast if not _same_person(m, member) and ok(m.id)]
        quoted = _quoted(member.description)
        made = _question(
            index,
            family="described",
            key=_slug(member.id),
            text=f"Which Ballerina character is this? {quoted}",
            answer=member.character,
            wrong=_pick(f"described:{member.id}", [(m.character, m.id) for m in others]),
            basis=[member.id],
            difficulty=Difficulty.MEDIUM,
            forms=_both_names(index, member, actor_first=False),
            explanation=f"{member.character}, played by {member.actor}.",
        )
        if made:
            yield made
        made = _question(
            index,
            family="described-actor",
            key=_slug(member.id),
            text=f"Who plays this Ballerina character? {quoted}",
            answer=member.actor,
            wrong=[
                (a, "") for a, _ in _pick(f"described-actor:{member.id}", [(m.actor, m.id) for m in others])
            ],
            basis=[member.id],
            difficulty=Difficulty.HARD,
            forms=_both_names(index, member, actor_first=True),
            explanation=f"{member.actor} plays {member.character}.",
        )
        if made:
            yield made


# --------------------------------------------------------------------------- quotes

_QUOTE_KINDS = {"interview": "said this in an interview", "dialogue": "says this line in the film"}


def _attributable(quote: Quote) -> bool:
    """Confirmed quotes of a known speaker: an unverified one is only ever 'as quoted in'."""
    return (
        quote.as_quoted_in is None
        and quote.kind in _QUOTE_KINDS
        and not fold(quote.speaker).startswith("unidentified")
    )


def _said(index: _Index) -> Iterator[Generated]:
    quotes = [q for q in index.content.quotes if _attributable(q)]
    cast_by_actor = {fold(m.actor): m for m in index.content.cast}
    cast_by_character: dict[str, CastMember] = {}
    for entry in index.named_cast:
        for name in (entry.character, *entry.aliases):
            cast_by_character.setdefault(fold(name), entry)
    crew_by_name: dict[str, list[CrewMember]] = {}
    for crew in index.content.crew:
        crew_by_name.setdefault(fold(crew.name), []).append(crew)

    def speaker_item(quote: Quote) -> CastMember | None:
        """The cast entry a speaker is (the actor) or plays (a character's lines)."""
        if quote.kind == "dialogue":
            return cast_by_character.get(fold(quote.speaker))
        return cast_by_actor.get(fold(quote.speaker))

    for quote in quotes:
        ok = _at_most(index, quote.spoiler)
        member = speaker_item(quote)
        same_kind = [q for q in quotes if q.kind == quote.kind and fold(q.speaker) != fold(quote.speaker)]
        if member is not None:  # Young Eve's lines would be Eve's: not a wrong speaker for her
            same_kind = [q for q in same_kind if not (m := speaker_item(q)) or not _same_person(m, member)]
        # Someone who is printed saying these very words is not a wrong answer.
        same_words = {fold(q.speaker) for q in quotes if fold(q.text) == fold(quote.text)}
        speakers = [
            (q.speaker, (m.id if (m := speaker_item(q)) else ""))
            for q in same_kind
            if fold(q.speaker) not in same_words
        ]
        # A speaker the quote talks about ("…to have Ian McShane joining us") is no fair guess.
        speakers = [(s, i) for s, i in speakers if (not i or ok(i)) and not _mentions(quote.text, _words(s))]
        basis = [quote.id] + ([member.id] if member is not None and quote.kind == "dialogue" else [])
        text = mask_profanity(quote.text, quote.profanity_words)
        about = f"{quote.speaker}, {quote.speaker_is}." + (f" {quote.context}" if quote.context else "")
        if member is not None and quote.kind == "dialogue":
            forms = [
                *_typed_forms(index, member.character, member.aliases),
                *_both_names(index, member, actor_first=False),
            ]
        elif member is not None:
            forms = _typed_forms(index, member.actor, member.aliases)
        else:
            credits = crew_by_name.get(fold(quote.speaker), [])
            forms = _typed_forms(index, quote.speaker, credits[0].aliases if credits else ())
        made = _question(
            index,
            family="said",
            key=_slug(quote.id),
            text=f"Who {_QUOTE_KINDS[quote.kind]}? {_quoted(text)}",
            answer=quote.speaker,
            wrong=_pick(f"said:{quote.id}", speakers),
            basis=basis,
            difficulty=Difficulty.MEDIUM,
            forms=forms,
            explanation=about,
        )
        if made:
            yield made
        yield from _said_which(index, quote, same_kind, same_words, about)
        yield from _speaker_role(index, quote, member, crew_by_name, text, about)


def _said_which(
    index: _Index, quote: Quote, same_kind: list[Quote], same_words: set[str], about: str
) -> Iterator[Generated]:
    ok = _at_most(index, quote.spoiler)
    lines = [
        (mask_profanity(q.text, q.profanity_words).strip().rstrip(","), q.id)
        for q in same_kind
        if ok(q.id)
        and fold(q.speaker) not in same_words
        and fold(q.text) != fold(quote.text)
        and not _mentions(q.text, _words(quote.speaker))  # a line about the speaker is no fair guess
    ]
    answer = mask_profanity(quote.text, quote.profanity_words).strip().rstrip(",")
    where = "in an interview" if quote.kind == "interview" else "in the film"
    context = f" ({quote.context.rstrip('.')})" if quote.context else ""
    made = _question(
        index,
        family="said-which",
        key=_slug(quote.id),
        text=f"Which of these did {quote.speaker} say {where}{context}?",
        answer=answer,
        wrong=_pick(f"said-which:{quote.id}", [(t, i) for t, i in lines if len(t) <= MAX_OPTION_CHARS]),
        basis=[quote.id],
        difficulty=Difficulty.HARD,
        explanation=about,
        needs_options=True,
    )
    if made:
        yield made


def _speaker_role(
    index: _Index,
    quote: Quote,
    member: CastMember | None,
    crew_by_name: dict[str, list[CrewMember]],
    text: str,
    about: str,
) -> Iterator[Generated]:
    """The actor who said it plays whom; the actor behind a film line; a crew speaker's credit."""
    quoted = _quoted(text)
    if member is not None and quote.kind == "dialogue":
        actors = [(m.actor, "") for m in index.content.cast if not _same_person(m, member)]
        made = _question(
            index,
            family="speaker-role",
            key=_slug(quote.id),
            text=f"Which actor's character says this line in Ballerina? {quoted}",
            answer=member.actor,
            wrong=_pick(f"speaker-role:{quote.id}", actors),
            basis=[quote.id, member.id],
            difficulty=Difficulty.HARD,
            forms=_both_names(index, member, actor_first=True),
            explanation=about,
        )
    elif member is not None:
        if sum(m.actor == member.actor for m in index.content.cast) > 1:
            return  # "plays which character?" would have two right answers
        ok = _at_most(index, index.level((quote.id, member.id)))
        characters = [
            (m.character, m.id) for m in index.named_cast if not _same_person(m, member) and ok(m.id)
        ]
        if _nameless(member):
            return
        made = _question(
            index,
            family="speaker-role",
            key=_slug(quote.id),
            text=f"The actor who said this plays which Ballerina character? {quoted}",
            answer=member.character,
            wrong=_pick(f"speaker-role:{quote.id}", characters),
            basis=[quote.id, member.id],
            difficulty=Difficulty.HARD,
            forms=_typed_forms(index, member.character, member.aliases),
            explanation=about,
        )
    else:
        credits = crew_by_name.get(fold(quote.speaker), [])
        if len(credits) != 1:
            return
        crew = credits[0]
        made = _question(
            index,
            family="speaker-role",
            key=_slug(quote.id),
            text=f"What is the credit on Ballerina of the person who said this? {quoted}",
            answer=crew.job,
            wrong=_wrong_jobs(index, crew, f"speaker-role:{quote.id}"),
            basis=[quote.id, crew.id],
            difficulty=Difficulty.HARD,
            forms=_job_forms(crew),
            explanation=about,
        )
    if made:
        yield made


# --------------------------------------------------------------------------- crew


def _is_company(index: _Index, crew: CrewMember) -> bool:
    return bool(fold(crew.name)) and fold(crew.name) in index.companies


def _outsiders(index: _Index, crew: CrewMember, *, producing_job: bool = False) -> list[CrewMember]:
    """Crew who cannot share ``crew``'s credit: another department, another name."""
    ok = _at_most(index, crew.spoiler)
    out = []
    for other in index.content.crew:
        if other.department == crew.department or fold(other.name) == fold(crew.name) or not ok(other.id):
            continue
        if producing_job and _is_company(index, other):
            continue
        out.append(other)
    return out


def _wrong_jobs(index: _Index, crew: CrewMember, seed: str) -> list[tuple[str, str]]:
    own = {fold(c.job) for c in index.content.crew if fold(c.name) == fold(crew.name)}
    outsiders = _outsiders(index, crew)
    if _is_company(index, crew):
        outsiders = [o for o in outsiders if o.department not in _PRODUCING]
    return _pick(seed, [(o.job, o.id) for o in outsiders if fold(o.job) not in own])


def _job_forms(crew: CrewMember) -> list[str]:
    return [w for w in crew.job_words if len(w) >= 4 and not fold(w).startswith("who ")]


def _crew(index: _Index) -> Iterator[Generated]:
    crew_list = index.content.crew
    holders: dict[str, list[CrewMember]] = {}
    for crew in crew_list:
        holders.setdefault(fold(crew.job), []).append(crew)
    notes = [fold(c.note) for c in crew_list if c.note]
    for crew in crew_list:
        # Someone with two credits: either is right, so only "which of these" has one answer.
        several = sum(fold(c.name) == fold(crew.name) for c in crew_list) > 1
        made = _question(
            index,
            family="job",
            key=_slug(crew.id),
            text=(
                f"Which of these is one of {crew.name}'s credits on Ballerina?"
                if several
                else f"What is {crew.name}'s credit on Ballerina?"
            ),
            answer=crew.job,
            wrong=_wrong_jobs(index, crew, f"job:{crew.id}"),
            basis=[crew.id],
            difficulty=Difficulty.MEDIUM,
            forms=_job_forms(crew),
            explanation=f"{crew.name}: {crew.job} ({crew.department}).",
            needs_options=several,
        )
        if made:
            yield made
        producing = crew.department in _PRODUCING
        names = [(o.name, o.id) for o in _outsiders(index, crew, producing_job=producing)]
        forms = _typed_forms(index, crew.name, crew.aliases)
        sharing = holders[fold(crew.job)]
        if len(sharing) == 1:
            made = _question(
                index,
                family="credit",
                key=_slug(crew.id),
                text=f"Whose credit on Ballerina is “{crew.job}”?",
                answer=crew.name,
                wrong=_pick(f"credit:{crew.id}", names),
                basis=[crew.id],
                difficulty=Difficulty.MEDIUM,
                forms=forms,
                explanation=f"{crew.name}: {crew.job} ({crew.department}).",
            )
        else:
            others = [o for o in sharing if o is not crew]
            listed = " and ".join(o.name for o in others)
            made = _question(
                index,
                family="shared-credit",
                key=_slug(crew.id),
                text=f"Besides {listed}, who else has the credit “{crew.job}” on Ballerina?",
                answer=crew.name,
                wrong=_pick(f"shared-credit:{crew.id}", names),
                basis=[crew.id, *(o.id for o in others)],
                difficulty=Difficulty.HARD,
                forms=forms,
                explanation=f"{crew.job}: " + ", ".join(o.name for o in sharing) + ".",
            )
        if made:
            yield made
        # The note as a clue, unless it names them or is shared word for word.
        note = fold(crew.note)
        giveaway = _words(crew.name) | {w for a in crew.aliases for w in _words(a)}
        if len(crew.note) < 30 or notes.count(note) > 1 or _mentions(crew.note, giveaway):
            continue
        clue_names = [(n, i) for n, i in names if not _mentions(crew.note, _words(n))]
        made = _question(
            index,
            family="crew-note",
            key=_slug(crew.id),
            text=f"Which member of Ballerina's crew is this? {_quoted(crew.note)}",
            answer=crew.name,
            wrong=_pick(f"crew-note:{crew.id}", clue_names),
            basis=[crew.id],
            difficulty=Difficulty.HARD,
            forms=forms,
            explanation=f"{crew.name}: {crew.job}.",
        )
        if made:
            yield made


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True, slots=True)
class _Fig:
    fact: FilmFact
    figure: Figure
    key: str  # the fact's id, plus the figure's number when the fact has several


def _all_figures(index: _Index) -> list[_Fig]:
    out = []
    for fact in index.content.film.facts:
        for number, figure in enumerate(fact.figures, start=1):
            key = fact.id if len(fact.figures) == 1 else f"{fact.id}-{number}"
            out.append(_Fig(fact, figure, key))
    return out


_ASK = {
    FigureKind.DATE: "When was {event}?",
    FigureKind.MONTH: "When was {event}?",
    FigureKind.YEAR: "In which year was {event}?",
    FigureKind.MONEY: "About how much was {event}?",
    FigureKind.COUNT: "What was {event}?",
    FigureKind.MINUTES: "How long is {event}?",
    FigureKind.PERCENT: "About how big was {event}?",
}
_WHICH = {
    FigureKind.DATE: "{value} was the date of which of these?",
    FigureKind.MONTH: "Which of these happened in {value}?",
    FigureKind.YEAR: "Which of these happened in {value}?",
    FigureKind.MONEY: "Which of these was about {value}?",
}


def _figures(index: _Index) -> Iterator[Generated]:
    every = _all_figures(index)
    for fig in every:
        fact, figure = fig.fact, fig.figure
        others = [o.figure for o in every if o is not fig]
        avoid = [o for o in others if figures.is_dated(o.kind) == figures.is_dated(figure.kind)]
        wrong = figures.wrong_values(figure, fig.key, avoid, count=5)
        explanation = f"{fact.label}: {fact.value}"
        scaled = figure.kind in figures.SCALED
        made = _question(
            index,
            family="figure",
            key=fig.key,
            text=figure.ask or _ASK[figure.kind].format(event=figure.event),
            answer=figures.shown(figure.kind, figure.value),
            wrong=[(figures.shown(figure.kind, w), "") for w in wrong],
            basis=[fact.id],
            difficulty=Difficulty.HARD if scaled else Difficulty.MEDIUM,
            forms=figures.typed_forms(figure.kind, figure.value),
            explanation=explanation,
        )
        if made:
            yield made
        if figure.kind in _WHICH:
            yield from _figure_event(index, fig, every, explanation)


def _figure_event(index: _Index, fig: _Fig, every: list[_Fig], explanation: str) -> Iterator[Generated]:
    """The other way round: which event had this date, which figure was about this much."""
    figure = fig.figure
    if figures.is_dated(figure.kind):
        mine = figures.span(figure)
        rivals = [o for o in every if o is not fig and figures.is_dated(o.figure.kind)]
        if any(_overlap(mine, figures.span(o.figure)) for o in rivals):
            return  # another event in the same days: two right answers
    else:  # a figure within 20% of this one would read as "about" this much too
        value = float(figure.value)
        rivals = [
            o
            for o in every
            if o is not fig
            and o.figure.kind is figure.kind
            and figures.gap(value, float(o.figure.value)) >= figures.MIN_NUMBER_GAP
        ]
    ok = _at_most(index, fig.fact.spoiler)
    events = [(_cap(o.figure.event), o.fact.id) for o in rivals if ok(o.fact.id)]
    made = _question(
        index,
        family="figure-event",
        key=fig.key,
        text=_WHICH[figure.kind].format(value=figures.shown(figure.kind, figure.value)),
        answer=_cap(figure.event),
        wrong=_pick(f"figure-event:{fig.key}", events),
        basis=[fig.fact.id],
        difficulty=Difficulty.HARD,
        explanation=explanation,
        needs_options=True,
    )
    if made:
        yield made


def _overlap(a: figures.Span, b: figures.Span) -> bool:
    return a.first <= b.last and b.first <= a.last


def _order(index: _Index) -> Iterator[Generated]:
    """'Which of these came first?' over four dated events whose order the data settles."""
    dated = [f for f in _all_figures(index) if figures.is_dated(f.figure.kind)]
    spans = {f.key: figures.span(f.figure) for f in dated}
    for direction in ("first", "last"):
        for fig in dated:
            mine = spans[fig.key]
            if direction == "first":
                later = [o for o in dated if spans[o.key].first > mine.last]
            else:
                later = [o for o in dated if spans[o.key].last < mine.first]
            # Options apart from each other too, so every option reads as a distinct moment.
            pool = sorted(later, key=lambda o: _rank(f"{direction}:{fig.key}", o.key))
            used: set[str] = set()
            for _ in range(ORDER_SETS_PER_EVENT):
                chosen: list[_Fig] = []
                for other in pool:
                    if other.key in used or any(_overlap(spans[other.key], spans[c.key]) for c in chosen):
                        continue
                    chosen.append(other)
                    if len(chosen) == 3:
                        break
                if len(chosen) < 3:
                    break
                used.update(c.key for c in chosen)
                yield from _order_question(index, fig, chosen, direction)


def _order_question(index: _Index, fig: _Fig, chosen: list[_Fig], direction: str) -> Iterator[Generated]:
    options = [fig, *chosen]
    digest = _rank("order", "|".join(sorted(o.key for o in options)))[:8]
    when = ", ".join(
        f"{_cap(o.figure.event)}: {figures.shown(o.figure.kind, o.figure.value)}" for o in options
    )
    made = _question(
        index,
        family=direction,
        key=f"{fig.key}-{digest}",
        text=f"Which of these came {direction}?",
        answer=_cap(fig.figure.event),
        wrong=[(_cap(o.figure.event), "") for o in chosen],
        basis=[o.fact.id for o in options],  # every date is part of why the answer is right
        difficulty=Difficulty.MEDIUM,
        explanation=when + ".",
        needs_options=True,
    )
    if made:
        yield made


# --------------------------------------------------------------------------- repeats


def _significant(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) >= 4 and w not in ("ballerina", "which", "what", "does")}


def _repeats_curated(question: TriviaQuestion, curated: Sequence[tuple[AnswerMatcher, set[str]]]) -> bool:
    """Same right answer and mostly the same words as a curated question: one of the two is enough."""
    words = _significant(question.question)
    for matcher, theirs in curated:
        if not (words and theirs and len(words & theirs) / len(words | theirs) >= 0.5):
            continue
        if matcher.matches(question.answer):
            return True
    return False
