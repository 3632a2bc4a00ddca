"""Names people type: who is who in the content, and the forms of a name a fan may type.

An accepted form must name nobody else in the content ("Eve" is Eve Macarro's only if no
other person is called Eve), so a typed answer is never right for two people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.domain.content import CastMember, Content
from bot.domain.text import fold

_PARTICLES = frozenset(["de", "da", "del", "della", "di", "van", "von", "der", "le", "la", "du"])
_NOT_A_PERSON = frozenset(["and", "featuring", "feat", "productions", "records", "films", "entertainment"])
_NAMELESS = ("cameo", "unnamed")  # characters with no name: "Cameo (character name not reported)"
_GENERIC_WORDS = frozenset(["the", "young", "little", "and"])


def nameless(member: CastMember) -> bool:
    return fold(member.character).startswith(_NAMELESS)


def words(name: str) -> set[str]:
    """The words that identify a name: "Eve Macarro" -> {eve, macarro}; "Young Eve" -> {eve}."""
    return {w for w in fold(name).split() if len(w) >= 3 and w not in _GENERIC_WORDS}


def same_person(a: CastMember, b: CastMember) -> bool:
    """Eve Macarro and Young Eve are one person: neither is a wrong answer for the other."""
    return a is b or a.actor == b.actor or bool(words(a.character) & words(b.character))


def mentions(text: str, names: Iterable[str]) -> bool:
    """Whether ``text`` names any of ``names`` (folded words), possessives included ("Reddick's")."""
    folded = fold(text)
    return any(re.search(rf"\b{re.escape(name)}", folded) for name in names)


@dataclass(frozen=True, slots=True)
class _Person:
    """A name someone can be called by, and the group of names that mean the same someone."""

    key: str  # same key = same someone (Keanu Reeves the actor and the executive producer)
    names: tuple[str, ...]


def people(content: Content) -> tuple[_Person, ...]:
    by_key: dict[str, list[str]] = {}
    named = [m for m in content.cast if not nameless(m)]
    for member in content.cast:
        by_key.setdefault(fold(member.actor), []).append(member.actor)
    for member in named:  # one key for one person: Eve Macarro and Young Eve share the first's id
        first = next(m for m in named if same_person(m, member))
        by_key.setdefault(f"character:{first.id}", []).append(member.character)
    for crew in content.crew:
        by_key.setdefault(fold(crew.name), []).append(crew.name)
    return tuple(_Person(key, tuple(names)) for key, names in by_key.items())


def looks_like_a_person(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 4 or any(c.isdigit() for c in name):
        return False
    if fold(name).split()[0] in ("the", "young", "little") or set(fold(name).split()) & _NOT_A_PERSON:
        return False
    return all(w[:1].isupper() or w in _PARTICLES for w in words)


def _computed_forms(name: str) -> list[str]:
    """'Ana de Armas' -> ['de Armas', 'Ana']; 'Joel J. Richard' -> ['Richard', 'Joel', 'Joel Richard']."""
    if not looks_like_a_person(name):
        return []
    words = [w for w in name.split() if not re.fullmatch(r"[A-Z]\.", w)]  # middle initials
    start = len(words) - 1
    while start > 0 and words[start - 1] in _PARTICLES:
        start -= 1
    forms = [" ".join(words[start:]), words[0]]
    if len(words) != len(name.split()):
        forms.append(" ".join(words))
    return forms


def alias_is_of(alias: str, name: str) -> bool:
    """Whether an alias from the data names ``name`` (shares a word, or is it without spaces)."""
    compact = fold(name).replace(" ", "")
    return bool(words(alias) & words(name)) or fold(alias).replace(" ", "") in compact


class Names:
    """Everyone named in one Content, with a cache of the names taken by everyone but one person."""

    def __init__(self, content: Content) -> None:
        self.people = people(content)
        self.taken: dict[str, set[str]] = {}  # names and words of everyone but a person, by key


def typed_forms(names: Names, name: str, aliases: Iterable[str]) -> list[str]:
    """Forms of ``name`` a fan may type that name nobody else in the content."""
    own = next((p.key for p in names.people if name in p.names), fold(name))
    taken = names.taken.get(own)
    if taken is None:
        others = [n for p in names.people if p.key != own for n in p.names]
        taken = {fold(n) for n in others} | {w for n in others for w in fold(n).split() if len(w) >= 3}
        names.taken[own] = taken
    forms = [*_computed_forms(name), *(a for a in aliases if alias_is_of(a, name))]
    out = []
    for form in dict.fromkeys(forms):
        folded = fold(form)
        if not folded or folded == fold(name) or folded in taken:
            continue
        if len(folded) >= 5 and any(fuzz.ratio(folded, t) >= 85 for t in taken):
            continue
        out.append(form)
    return out
