"""/quote speaker: finds people by their characters and characters by their actors."""

from __future__ import annotations

import random
from itertools import pairwise

import msgspec
import pytest
from rapidfuzz import fuzz

from bot.domain.content import Content, SpoilerLevel
from bot.domain.search import ContentSearch
from bot.domain.search_text import search_form
from bot.domain.speakers import SPEAKER_BONUS, SpeakerChoice


@pytest.fixture(scope="module")
def search(content: Content) -> ContentSearch:
    return ContentSearch.build(content)


@pytest.fixture(scope="module")
def open_speakers(content: Content) -> set[str]:
    """What the cog offers: speakers with at least one spoiler-free quote."""
    return {q.speaker for q in content.quotes if q.spoiler is SpoilerLevel.NONE}


@pytest.mark.parametrize("typed", ["win", "Winston", "winst", "winston scott"])
def test_a_character_finds_the_actor_who_plays_them(
    search: ContentSearch, open_speakers: set[str], typed: str
) -> None:
    choices = search.speaker_choices(typed, allowed=open_speakers)
    assert choices, typed
    assert choices[0].speaker == "Ian McShane"
    assert "Winston" in choices[0].label and "Ian McShane" in choices[0].label
    # Typing "Winston" used to suggest Anjelica Huston.
    assert "Anjelica Huston" not in [c.speaker for c in choices]


def test_the_films_lines_come_first_when_the_character_is_a_speaker(search: ContentSearch) -> None:
    choices = search.speaker_choices("win")
    assert [c.speaker for c in choices[:2]] == ["Winston", "Ian McShane"]
    assert choices[0].label == "Winston (Ian McShane), in the film"
    assert choices[1].label == "Ian McShane (Winston Scott)"
    assert search.speaker_matches("Winston")[0] == "Winston"  # /quote speaker:Winston finds his lines
    assert {q.speaker for q in search.find_quote(None, "Winston")} == {"Winston"}


def test_an_actor_finds_their_character_and_names_stay_first(search: ContentSearch) -> None:
    assert [c.speaker for c in search.speaker_choices("mcshane")[:2]] == ["Ian McShane", "Winston"]
    assert search.speaker_matches("keanu")[0] == "Keanu Reeves"
    assert search.speaker_matches("john wick")[0] == "John Wick"
    assert search.speaker_matches("castaneda")[0] == "Javier"


def test_every_cast_character_finds_its_actor_when_the_actor_is_quoted(
    content: Content, search: ContentSearch, open_speakers: set[str]
) -> None:
    checked = 0
    for member in content.cast:
        if member.actor not in open_speakers or member.spoiler is not SpoilerLevel.NONE:
            continue
        for typed in (member.character, search_form(member.character)[:4]):
            found = [c.speaker for c in search.speaker_choices(typed, allowed=open_speakers)]
            assert member.actor in found[:2], (typed, found)
        checked += 1
    assert checked >= 6


def test_every_speaker_is_found_by_the_start_of_their_name(
    search: ContentSearch, open_speakers: set[str]
) -> None:
    for speaker in open_speakers:
        for word in speaker.split():
            if len(word) >= 4 and word.isalpha():
                found = [c.speaker for c in search.speaker_choices(word[:3], allowed=open_speakers)]
                assert speaker in found, (word[:3], speaker, found)


def test_noise_is_left_out(search: ContentSearch, open_speakers: set[str]) -> None:
    assert search.speaker_choices("zzqx") == []
    # The film's Chancellor has no spoiler-free line: nothing else is offered in his place.
    assert search.speaker_choices("chancellor", allowed=open_speakers) == []
    assert [c.speaker for c in search.speaker_choices("stahelsky")] == ["Chad Stahelski"]


def test_empty_query_lists_allowed_speakers_in_order(
    content: Content, search: ContentSearch, open_speakers: set[str]
) -> None:
    listed = [c.speaker for c in search.speaker_choices("", limit=25, allowed=open_speakers)]
    in_order = [s for s in dict.fromkeys(q.speaker for q in content.quotes) if s in open_speakers]
    assert listed == in_order[:25]
    assert len(search.speaker_choices("", limit=3)) == 3


def test_labels_fit_an_autocomplete_choice(search: ContentSearch) -> None:
    for query in ("", "a", "eve", "director", "producer"):
        for choice in search.speaker_choices(query, limit=25):
            assert 0 < len(choice.label) <= 100, choice


def test_a_spoiler_character_is_neither_a_key_nor_a_label(content: Content) -> None:
    hidden = tuple(
        msgspec.structs.replace(m, spoiler=SpoilerLevel.MAJOR) if m.actor == "Ian McShane" else m
        for m in content.cast
    )
    search = ContentSearch.build(msgspec.structs.replace(content, cast=hidden))
    labels = [c.label for c in search.speaker_choices("", limit=100)]
    assert not any("Winston Scott" in label for label in labels)
    assert "Ian McShane" in labels  # still there, by name alone
    assert "Ian McShane" not in [c.speaker for c in search.speaker_choices("winston scott")]


def key_score(query: str, key: str, kind: str) -> float:
    """The definition of a speaker key's score, one key at a time."""
    if key == query:
        return 100.0
    if len(query) >= 2 and key.startswith(query):
        return 96.0
    if kind == "job":  # job words are phrases: only the whole phrase counts
        return 0.0
    if len(query) >= 2 and any(word.startswith(query) for word in key.split()):
        return 94.0
    score = max(fuzz.ratio(query, key), 0.96 * fuzz.token_set_ratio(query, key))
    if len(query) >= 4 and len(key) > len(query):
        score = max(score, 0.9 * fuzz.partial_ratio(query, key))
    return float(score)


def choices_key_by_key(
    search: ContentSearch, typed: str, limit: int, allowed: set[str] | None
) -> list[SpeakerChoice]:
    """The definition of the suggestions: every key of every speaker scored on its own."""
    form = search_form(typed)
    entries = search.speakers.entries
    if not form:
        return [SpeakerChoice(e.label, e.name) for e in entries if allowed is None or e.name in allowed][
            :limit
        ]
    scored = []
    for number, entry in enumerate(entries):
        hits = [(key_score(form, key, kind), kind) for key, kind in entry.keys]
        weighed = [(score + SPEAKER_BONUS[kind], score) for score, kind in hits if score >= 62.0]
        if weighed:
            scored.append((*max(weighed), number, entry))
    scored.sort(key=lambda item: (-item[0], item[2]))
    if scored and scored[0][1] >= 94.0:
        scored = [item for item in scored if item[1] >= 80.0]
    kept = [item[3] for item in scored if allowed is None or item[3].name in allowed]
    return [SpeakerChoice(e.label, e.name) for e in kept[:limit]]


def test_suggestions_are_those_of_every_key_scored_on_its_own(
    search: ContentSearch, open_speakers: set[str]
) -> None:
    rng = random.Random("speakers")
    typed: set[str] = {"", "a", "w", "zzqx", "who trained ana", "the director", "lance re", "mcshane ian"}
    for entry in search.speakers.entries:
        for key, _ in entry.keys:
            typed |= {key[:n] for n in (1, 2, 3, 5, 8)}
            words = key.split()  # a later word and the start of the next: "k f" in "… feat k flay"
            typed |= {f"{word} {after[:1]}" for word, after in pairwise(words[1:])}
            if len(key) > 3:
                i = rng.randrange(1, len(key) - 1)
                typed |= {key[:i] + key[i + 1 :], key[:i] + key[i + 1] + key[i] + key[i + 2 :]}
    compared = 0
    for text in sorted(typed):
        for limit, allowed in ((25, open_speakers), (3, None), (1, None)):
            expected = choices_key_by_key(search, text, limit, allowed)
            assert search.speaker_choices(text, limit, allowed) == expected, (text, limit)
            compared += 1
    assert compared > 300
