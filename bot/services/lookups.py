"""Looking up the film: who plays whom, who made it, quotes; and what autocomplete may offer.

Autocomplete candidates are only spoiler-free entries, so a choice name can never spoil.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from bot.domain import discord_limits as limits
from bot.domain.content import CastMember, Content, CrewMember, Quote, SpoilerLevel
from bot.domain.errors import UserError
from bot.domain.search import ContentSearch, Index, Match
from bot.domain.search_text import asks_about_acting
from bot.domain.speakers import SpeakerChoice
from bot.domain.text import escape_user_text
from bot.i18n.context import N_

T = TypeVar("T", CastMember, CrewMember)


class NotFound(UserError):
    # i18n: limit 2000
    default_message = N_("Nothing matches that.")


# What was looked for: the refusal without suggestions, and with them. (Translated when shown:
# a public lookup's refusal is a private reply, in the member's language.)
NOT_FOUND = {
    "cast member": (
        # i18n: limit 2000
        N_("No cast member matches '{query}'."),
        # i18n: limit 2000
        N_("No cast member matches '{query}'. Did you mean {suggestions}?"),
    ),
    "crew member": (
        # i18n: limit 2000
        N_("No crew member matches '{query}'."),
        # i18n: limit 2000
        N_("No crew member matches '{query}'. Did you mean {suggestions}?"),
    ),
    "speaker": (
        # i18n: limit 2000
        N_("No speaker matches '{query}'."),
        # i18n: limit 2000
        N_("No speaker matches '{query}'. Did you mean {suggestions}?"),
    ),
}


def not_found(kind: str, query: str, suggestions: Sequence[str]) -> NotFound:
    alone, suggesting = NOT_FOUND[kind]
    typed = escape_user_text(query, 80)
    if not suggestions:
        return NotFound(alone, query=typed)
    names = ", ".join(f"**{s}**" for s in suggestions[:3])
    return NotFound(suggesting, query=typed, suggestions=names)


@dataclass(frozen=True, slots=True)
class CrewAnswer:
    member: CrewMember
    others: list[CrewMember] = field(default_factory=list)  # same job, equally good matches ("composer")


class Lookups:
    def __init__(self, content: Content, rng: random.Random) -> None:
        self.content = content
        self.search = ContentSearch.build(content)
        self._rng = rng
        self._cast_by_id = {m.id: m for m in content.cast}
        self._crew_by_id = {m.id: m for m in content.crew}
        self._quote_by_id = {q.id: q for q in content.quotes}
        self._open_cast = [m for m in content.cast if m.spoiler is SpoilerLevel.NONE]
        self._open_crew = [m for m in content.crew if m.spoiler is SpoilerLevel.NONE]
        self._open_quotes = [q for q in content.quotes if q.spoiler is SpoilerLevel.NONE]
        self._open_speakers = frozenset(q.speaker for q in self._open_quotes)  # hashed once: a cache key

    @staticmethod
    def _suggestions(matches: Sequence[Match[T]], label: Callable[[T], str]) -> list[str]:
        return [label(m.item) for m in matches if m.item.spoiler is SpoilerLevel.NONE]

    def cast(self, name: str) -> CastMember | CrewMember:
        """A cast member by id (from autocomplete) or by search; a crew member when the name is one."""
        member = self._cast_by_id.get(name)
        if member is not None:
            return member
        matches = self.search.find_cast(name, limit=1)  # only the best is shown
        if matches:
            return matches[0].item
        crew = self.search.find_crew(name, limit=1)
        if crew and crew[0].kind != "job":  # a person behind the camera: their credit
            return crew[0].item
        loose = self.search.cast.search(name, limit=5, min_score=40)
        raise not_found("cast member", name, self._suggestions(loose, lambda m: m.actor))

    def crew(self, name: str) -> CrewAnswer | CastMember:
        """A crew member by id, name or job; a cast member for "who plays the director"."""
        member = self._crew_by_id.get(name)
        if member is not None:
            return CrewAnswer(member)
        if asks_about_acting(name) and (cast := self.search.find_cast(name, limit=1)):
            return cast[0].item
        # Only the best is shown, and for a job the others within a point of it: the best alone
        # first (the cheapest search, and all a name needs), then the rest only for a job.
        found = self.search.crew.search(name, limit=1)
        if not found:
            loose = self.search.crew.search(name, limit=5, min_score=40)
            raise not_found("crew member", name, self._suggestions(loose, lambda m: m.name))
        if found[0].kind != "job":
            return CrewAnswer(found[0].item)
        # "composer" matches several people equally: list the rest with the first.
        best, *rest = self.search.crew.search(name, limit=8, within=1.0)
        others = [m.item for m in rest if m.kind == "job" and m.score >= best.score - 1]
        return CrewAnswer(best.item, others)

    def quote(self, search: str | None, speaker: str | None, shown: Callable[[SpoilerLevel], bool]) -> Quote:
        """A quote by id, the best match for some words, or a random one (by a speaker).

        ``shown`` says which spoiler levels this reply shows at all: a random pick avoids the rest.
        """
        quote = self._quote_by_id.get(search or "")
        if quote is not None:
            return quote
        if speaker and not self.search.speaker_matches(speaker, limit=1):
            raise not_found("speaker", speaker, self.search.speaker_matches(speaker[:3], limit=3))
        found = self.search.find_quote(search, speaker, limit=1 if search else 5)  # one by words
        if not found:
            subject = search or speaker or ""
            raise NotFound(
                # i18n: limit 2000
                N_("No quote matches '{query}'. Try fewer words."),
                query=escape_user_text(subject, 80),
            )
        return found[0] if search else self._pick(found, shown)

    def _pick(self, quotes: Sequence[Quote], shown: Callable[[SpoilerLevel], bool]) -> Quote:
        # A random pick avoids quotes this reply would withhold, and quotes no second source
        # confirms (those are for members who search for them).
        confirmed = [q for q in quotes if q.as_quoted_in is None]
        visible = [q for q in confirmed if shown(q.spoiler)]
        return self._rng.choice(visible or confirmed or list(quotes))

    # -- autocomplete -------------------------------------------------------------------------

    def _open_matches(self, index: Index[T], everyone: Sequence[T], current: str) -> list[T]:
        if not current.strip():
            return list(everyone[: limits.CHOICES])
        return [
            item for item in index.suggest(current, limit=limits.CHOICES) if item.spoiler is SpoilerLevel.NONE
        ]

    def cast_choices(self, current: str) -> list[CastMember]:
        return self._open_matches(self.search.cast, self._open_cast, current)

    def crew_choices(self, current: str) -> list[CrewMember]:
        return self._open_matches(self.search.crew, self._open_crew, current)

    def quote_choices(self, current: str, speaker: str | None) -> list[Quote]:
        found: Sequence[Quote]
        if current.strip():  # words typed as they stand in a quote find it ("fierce and pow")
            quotes = self.search.quotes
            found = quotes.suggest(current, limit=limits.CHOICES if not speaker else len(quotes.items))
            if speaker:  # only that speaker's (a person or their character)
                theirs = {id(q) for q in self.search.find_quote(None, speaker)}
                found = [q for q in found if id(q) in theirs]
        elif speaker:
            found = self.search.find_quote(None, speaker)
        else:
            found = self._open_quotes
        return [q for q in found if q.spoiler is SpoilerLevel.NONE][: limits.CHOICES]

    def speaker_choices(self, current: str) -> list[SpeakerChoice]:
        """Speakers of spoiler-free quotes, labelled with their character or actor ("win" → Winston)."""
        return self.search.speaker_choices(current, limit=limits.CHOICES, allowed=self._open_speakers)
