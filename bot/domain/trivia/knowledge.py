"""What the content knows about typed answers: who is who, the names and job words people type.

``AnswerKnowledge.of(content).matcher(question)`` builds a question's ``AnswerMatcher`` with:

* the answer's kind: the question's ``answer_kind`` when it declares one; otherwise worked out
  from the content (the answer names a cast member, a crew member, a credit, several of them)
  or from the answer itself (a date, a grade);
* the forms of the name(s) the answer is: aliases from ``cast.yaml``/``crew.yaml`` ("SNSD
  Sooyoung"), surnames alone with and without their particle ("de Armas", "Armas"), each part of
  a double-barrelled one ("Brewster"), first names, the name without a middle initial, a company
  without its "Productions", a credit's job words ("DP", "DoP", "EP"); a form is used only when
  it names nobody else in the content;
* what to avoid: everyone else's names and forms, and the question's wrong options (a typo must
  be nearer the answer than any of them);
* a question translated in the data files (``translations``) takes its answer and accepted
  answers in each of those languages, and avoids its wrong options in each;
* for a question that declares ``actor`` (or ``character``), every character's (or actor's)
  name is wrong, even when the question lists it as accepted: "Charon" is not "which actor".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.domain.content import AnswerKind, Content, TriviaQuestion
from bot.domain.text import fold
from bot.domain.trivia.answers import AnswerMatcher, canonical_answer, intrinsic_kind, list_items

_PARTICLES = frozenset(["de", "da", "del", "della", "di", "van", "von", "der", "le", "la", "du"])
_COMPANY_WORDS = frozenset(
    ["productions", "production", "films", "pictures", "studios", "entertainment", "records"]
)
_NAMELESS = ("cameo", "unnamed")
_GENERIC = frozenset(["the", "young", "little", "and", "kid", "child"])

_NOTES = re.compile(r"\s*\([^)]*\)|,?\s+as\s+.*$")
ACTOR, CHARACTER, PERSON, JOB = "actor", "character", "person", "job"


@dataclass(slots=True)
class _Entity:
    """Someone (or a credit) the content names, on one side: actor, character, person or job."""

    key: str  # same key = same someone (Keanu Reeves the actor and the executive producer)
    side: str
    names: list[str]  # the name and its aliases, as written
    forms: set[str] = field(default_factory=set)  # canonical forms that name only this someone
    canonical_names: frozenset[str] = frozenset()  # the names in canonical form, for lookups


def _words(name: str) -> set[str]:
    return {w for w in fold(name).split() if len(w) >= 3 and w not in _GENERIC}


def _belongs(alias: str, name: str) -> bool:
    """An alias is of a name when one of its words is in the name ("SNSD Sooyoung" of "Choi Soo-young")."""
    compact = fold(name).replace(" ", "")
    return any(w in compact for w in _words(alias)) or fold(alias).replace(" ", "") in compact


def computed_forms(name: str) -> list[str]:
    """Short forms of a name: 'Ana de Armas' -> de Armas, Armas, Ana; 'Sharon Duncan-Brewster' ->
    Duncan-Brewster, Duncan, Brewster, Sharon; 'Joel J. Richard' -> Richard, Joel, Joel Richard;
    'Czech Anglo Productions' -> Czech Anglo."""
    words = name.split()
    if len(words) >= 2 and fold(words[-1]) in _COMPANY_WORDS:
        return [" ".join(words[:-1])]
    if not 2 <= len(words) <= 4 or any(c.isdigit() for c in name) or not words[0][:1].isupper():
        return []
    kept = [w for w in words if not re.fullmatch(r"[A-Z]\.", w)]  # middle initials
    start = len(kept) - 1
    while start > 0 and kept[start - 1] in _PARTICLES:
        start -= 1
    surname = kept[-1]
    parts = surname.split("-")  # "Duncan-Brewster", but not "Soo-young" (one name in two syllables)
    double = len(parts) == 2 and all(len(p) >= 4 and p[:1].isupper() for p in parts)
    forms = [" ".join(kept[start:]), surname, *(parts if double else ()), kept[0]]
    if len(kept) != len(words):
        forms.append(" ".join(kept))
    return forms


class AnswerKnowledge:
    """The content's names, indexed once; ``matcher`` builds a question's matcher from them."""

    def __init__(self, content: Content) -> None:
        self._entities: list[_Entity] = []
        self._matchers: dict[TriviaQuestion, AnswerMatcher] = {}
        by_key: dict[tuple[str, str], _Entity] = {}

        def add(key: str, side: str, names: Iterable[str]) -> None:
            entity = by_key.get((key, side))
            if entity is None:
                entity = by_key[(key, side)] = _Entity(key, side, [])
                self._entities.append(entity)
            entity.names.extend(n for n in names if n not in entity.names)

        characters: list[tuple[str, str]] = []  # (key, name): Young Eve is Eve Macarro's key
        for member in content.cast:
            actor_aliases = [a for a in member.aliases if _belongs(a, member.actor)]
            add(fold(member.actor), ACTOR, [member.actor, *actor_aliases])
            if fold(member.character).startswith(_NAMELESS):
                continue
            key = next((k for k, n in characters if _words(n) & _words(member.character)), None)
            key = key or f"character:{member.id}"
            characters.append((key, member.character))
            add(key, CHARACTER, [member.character, *(a for a in member.aliases if a not in actor_aliases)])
        for crew in content.crew:
            add(fold(crew.name), PERSON, [crew.name, *crew.aliases])
            add(f"job:{fold(crew.job)}", JOB, [crew.job, *crew.job_words])
        self._fill_forms()

    def _fill_forms(self) -> None:
        """Each entity's forms, less those another someone could be called by."""
        claims: dict[str, set[str]] = {}  # canonical form -> keys it could name
        candidates: dict[int, list[str]] = {}
        for i, entity in enumerate(self._entities):
            forms = [*entity.names]
            # Short forms of the name itself: an alias's words are not all names ("Ruska Roma boss").
            if entity.side != JOB:
                forms += computed_forms(entity.names[0])
            candidates[i] = [c for c in dict.fromkeys(map(canonical_answer, forms)) if c]
            for form in candidates[i]:
                claims.setdefault(form, set()).add(entity.key)
            for name in entity.names[:1]:  # the words of the main name are taken too ("lee")
                for word in fold(name).split():
                    if len(word) >= 3 and word not in _GENERIC:
                        claims.setdefault(word, set()).add(entity.key)
        for i, entity in enumerate(self._entities):
            entity.forms = {f for f in candidates[i] if claims.get(f, {entity.key}) == {entity.key}}
            entity.forms.add(canonical_answer(entity.names[0]))  # a full name is always its own
            entity.canonical_names = frozenset(map(canonical_answer, entity.names))

    @classmethod
    def of(cls, content: Content) -> AnswerKnowledge:
        known = _CACHE.get(id(content))
        if known is None or known[0] is not content:
            known = _CACHE[id(content)] = (content, cls(content))
            if len(_CACHE) > 8:  # a handful of contents per process at most (tests build a few)
                _CACHE.pop(next(iter(_CACHE)))
        return known[1]

    def _named(self, text: str, sides: Iterable[str]) -> list[_Entity]:
        """The entities whose name or alias ``text`` is (canonical comparison), a note in
        brackets or an "as <role>" after the name aside ("Sooyoung (Choi Soo-young), as Katla Park")."""
        wanted = canonical_answer(_NOTES.sub("", text)) or canonical_answer(text)
        sides = set(sides)
        return [e for e in self._entities if e.side in sides and wanted in e.canonical_names]

    def kind_of(self, question: TriviaQuestion) -> AnswerKind:
        """The declared kind, else: a list of names, a name, a credit, or the answer's own kind."""
        if question.answer_kind is not None:
            return question.answer_kind
        items = list_items(question.answer)
        if len(items) >= 2 and all(self._named(i, (ACTOR, CHARACTER, PERSON)) for i in items):
            return AnswerKind.LIST
        if self._named(question.answer, (ACTOR, CHARACTER, PERSON)):
            return AnswerKind.PERSON
        if self._named(question.answer, (JOB,)):
            return AnswerKind.JOB
        return intrinsic_kind(question.answer)

    def matcher(self, question: TriviaQuestion) -> AnswerMatcher:
        """The question's matcher; built once per question (a few milliseconds), then reused."""
        matcher = self._matchers.get(question)
        if matcher is None:
            if len(self._matchers) >= _MATCHERS_KEPT:  # server questions come and go: stay bounded
                self._matchers.pop(next(iter(self._matchers)))
            matcher = self._matchers[question] = self._build(question)
        return matcher

    def _build(self, question: TriviaQuestion) -> AnswerMatcher:
        kind = self.kind_of(question)
        sides = {
            AnswerKind.ACTOR: (ACTOR,),
            AnswerKind.CHARACTER: (CHARACTER,),
            AnswerKind.PERSON: (ACTOR, CHARACTER, PERSON),
            AnswerKind.JOB: (JOB,),
            AnswerKind.LIST: (ACTOR, CHARACTER, PERSON),
        }.get(kind, ())
        # A question the data translates takes its answer in any of those languages too (a
        # game is played in the server's language, but a member may type in theirs).
        texts = question.translations.values()
        answers = list(
            dict.fromkeys(
                [
                    question.answer,
                    *question.accepted_answers,
                    *(a for t in texts for a in (t.answer, *t.accepted_answers)),
                ]
            )
        )
        wrong = {*question.wrong_answers, *(w for t in texts for w in t.wrong_answers)}
        items: list[set[str]] = []
        if kind is AnswerKind.LIST:
            for item in list_items(question.answer):
                items.append({item}.union(*(e.forms for e in self._named(item, sides))))
            own = [e for item in list_items(question.answer) for e in self._named(item, sides)]
        else:
            own = self._named(question.answer, sides)
            answers += [f for e in own for f in sorted(e.forms)]
        keys = {e.key for e in own}
        wrong_side = {AnswerKind.ACTOR: CHARACTER, AnswerKind.CHARACTER: ACTOR}.get(kind)
        refused: set[str] = set()
        if wrong_side is not None:  # "Charon" for "which actor": dropped even where the data lists it
            refused = {f for e in self._entities if e.side == wrong_side for f in e.forms}
            answers = [a for a in answers if canonical_answer(a) not in refused or a == question.answer]
        others = {f for e in self._entities if e.key not in keys and e.side != JOB for f in e.forms}
        mine = {canonical_answer(a) for a in answers} | {f for i in items for f in i}
        avoid = (others | refused | set(map(canonical_answer, wrong))) - mine
        return AnswerMatcher(answers, kind=kind, avoid=avoid, items=items)


_CACHE: dict[int, tuple[Content, AnswerKnowledge]] = {}
_MATCHERS_KEPT = 4096  # the film's ~400 questions and the servers' own most recently asked
