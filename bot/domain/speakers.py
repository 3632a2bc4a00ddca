"""Who said a quote, found by what a member types (``/quote speaker:``).

A quote's speaker is a person (interviews: "Ian McShane") or a character (film lines: "Winston").
Fans type either for either, so each speaker is also found by the other name from the cast list,
and by a crew member's job. Autocomplete calls this on every keystroke, so a query that starts a
name ("win") must already find it.

A key's score: 100 when it is what was typed; 96 when it starts with it (two letters or more);
for a job, nothing else (job words are phrases, "who trained Ana": only the whole phrase counts);
94 when one of its later words starts with it; else the fuzzy score ``Index`` gives (``ratio``,
word sets, a part of a longer key). ``KeyStarts`` and ``KeyScorer`` give those for every key at
once, and answers are remembered, as the other indexes do.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.domain.answer_cache import remember
from bot.domain.content import CastMember, Content, SpoilerLevel
from bot.domain.fuzzy_keys import KeyScorer
from bot.domain.key_starts import EXACT_SCORE, PREFIX_SCORE, WORD_PREFIX_SCORE, KeyStarts
from bot.domain.search_text import MIN_SCORE, search_form

SPEAKER_BONUS = {"own": 4.0, "own_word": 3.0, "link": 2.0, "link_word": 1.0, "job": 1.0}
CLEAR_WINNER = 94.0  # once a name starts with the query, fuzzy look-alikes below ...
NOISE_BELOW = 80.0  # ... this score are noise ("winston" is not "anjelica huston")


@dataclass(frozen=True, slots=True)
class SpeakerChoice:
    """One autocomplete suggestion: ``label`` to show, ``speaker`` (a Quote.speaker) as the value."""

    label: str
    speaker: str


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    label: str
    keys: tuple[tuple[str, str], ...]  # (folded form, kind)


def speaker_entries(content: Content) -> tuple[Speaker, ...]:
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
        entries.append(Speaker(name, label, unique))
    return tuple(entries)


class Speakers:
    """Every quote's speaker, in the quotes' order, and the keys each is found by."""

    def __init__(self, content: Content) -> None:
        self.entries = speaker_entries(content)
        forms = list(dict.fromkeys(form for entry in self.entries for form, _ in entry.keys))
        number = {form: n for n, form in enumerate(forms)}
        self._keys = [tuple((number[form], kind) for form, kind in entry.keys) for entry in self.entries]
        self._scorer = KeyScorer(forms)
        self._starts = KeyStarts(forms)
        self._cache: dict[tuple[str, int, frozenset[str] | None], list[SpeakerChoice]] = {}

    def choices(
        self, query: str, limit: int = 25, allowed: Collection[str] | None = None
    ) -> list[SpeakerChoice]:
        """Autocomplete suggestions for /quote speaker:, best first.

        "win" finds the film's Winston and Ian McShane, who plays him; labels name both
        ("Ian McShane (Winston Scott)"). ``allowed`` keeps only those speakers (e.g. the ones
        with a spoiler-free quote), before ``limit`` is applied.
        """
        kept = None if allowed is None else frozenset(allowed)
        asked = (query, limit, kept)
        found = self._cache.get(asked)
        if found is None:
            found = remember(self._cache, asked, self._choices(search_form(query), limit, kept))
        return list(found)

    def _choices(self, form: str, limit: int, allowed: frozenset[str] | None) -> list[SpeakerChoice]:
        if not form:
            entries = [e for e in self.entries if allowed is None or e.name in allowed]
            return [SpeakerChoice(e.label, e.name) for e in entries[:limit]]
        starts = self._starts.scores(form)
        # Starts count from two letters, and a later word's start only for one typed word.
        words_start = len(form) >= 2 and " " not in form
        fuzzy = self._scorer.scores(form, MIN_SCORE)
        scored = []  # (score with the key's bonus, score alone, entry's position, entry)
        for position, entry in enumerate(self.entries):
            best: tuple[float, float] | None = None
            for number, kind in self._keys[position]:
                start = starts.get(number, 0.0)
                if start == EXACT_SCORE or (start == PREFIX_SCORE and len(form) >= 2):
                    score = start
                elif kind == "job":
                    continue
                elif start == WORD_PREFIX_SCORE and words_start:
                    score = WORD_PREFIX_SCORE
                else:
                    score = fuzzy.get(number, 0.0)
                if score >= MIN_SCORE and (best is None or (score + SPEAKER_BONUS[kind], score) > best):
                    best = (score + SPEAKER_BONUS[kind], score)
            if best is not None:
                scored.append((*best, position, entry))
        scored.sort(key=lambda item: (-item[0], item[2]))
        # Decided over every speaker, before ``allowed``: when the query plainly names someone
        # (the film's Chancellor), look-alikes are noise even if that someone is filtered out.
        if scored and scored[0][1] >= CLEAR_WINNER:
            scored = [item for item in scored if item[1] >= NOISE_BELOW]
        chosen = [item[3] for item in scored if allowed is None or item[3].name in allowed]
        return [SpeakerChoice(entry.label, entry.name) for entry in chosen[:limit]]
