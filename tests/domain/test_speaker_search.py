"""/quote speaker: finds people by their characters and characters by their actors."""

from __future__ import annotations

import msgspec
import pytest

from bot.domain.content import Content, SpoilerLevel
from bot.domain.search import ContentSearch, search_form


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
