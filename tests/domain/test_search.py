"""Search probes: what fans type, and the first result they must get."""

from __future__ import annotations

import pytest

from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.search import ContentSearch
from bot.domain.search_text import asks_about_acting


@pytest.fixture(scope="module")
def search() -> ContentSearch:
    return ContentSearch.build(load_content(DEFAULT_DATA_DIR))


CAST_PROBES = [
    ("who plays the director", "cast-anjelica-huston"),
    ("The Director", "cast-anjelica-huston"),
    ("Angelica Huston", "cast-anjelica-huston"),  # common misspelling
    ("anjelica", "cast-anjelica-huston"),
    ("winston", "cast-ian-mcshane"),
    ("who played winston?", "cast-ian-mcshane"),
    ("McShane", "cast-ian-mcshane"),
    ("ian mcshane", "cast-ian-mcshane"),
    ("ana de armas", "cast-ana-de-armas"),
    ("anna de armas", "cast-ana-de-armas"),  # typo
    ("ANA", "cast-ana-de-armas"),
    ("de armas", "cast-ana-de-armas"),
    ("Eve Macaro", "cast-ana-de-armas"),  # typo
    ("EVE!!!", "cast-ana-de-armas"),  # punctuation
    ("Rooney", "cast-ana-de-armas"),  # pre-release name
    ("the ballerina", "cast-ana-de-armas"),
    ("baba yaga", "cast-keanu-reeves"),  # nickname
    ("john wick", "cast-keanu-reeves"),
    ("keanu", "cast-keanu-reeves"),
    ("jardani", "cast-keanu-reeves"),
    ("charon", "cast-lance-reddick"),
    ("the concierge", "cast-lance-reddick"),
    ("the chancelor", "cast-gabriel-byrne"),  # typo
    ("Gabriel Burn", "cast-gabriel-byrne"),  # typo
    ("norman reedus", "cast-norman-reedus"),
    ("daniel pine", "cast-norman-reedus"),
    ("pine", "cast-norman-reedus"),
    ("katla", "cast-choi-soo-young"),
    ("sooyoung", "cast-choi-soo-young"),
    ("soo young", "cast-choi-soo-young"),
    ("lena", "cast-catalina-sandino-moreno"),
    ("Castañeda", "cast-david-castaneda"),  # accent typed
    ("castaneda", "cast-david-castaneda"),  # accent missing
    ("eve's dad", "cast-david-castaneda"),
    ("nogi", "cast-sharon-duncan-brewster"),
    ("armorer", "cast-abraham-popoola"),
    ("young eve", "cast-victoria-comte"),
    ("little eve", "cast-victoria-comte"),
    ("il seong", "cast-jung-doo-hong"),
    ("nikita", "cast-anne-parillaud"),
]

CREW_PROBES = [
    ("director", "crew-len-wiseman"),
    ("who directed", "crew-len-wiseman"),
    ("Len Weisman", "crew-len-wiseman"),  # typo
    ("wiseman", "crew-len-wiseman"),
    ("who wrote", "crew-shay-hatten"),
    ("screenplay", "crew-shay-hatten"),
    ("DP", "crew-romain-lacourbas"),
    ("cinematographer", "crew-romain-lacourbas"),
    ("composer", "crew-tyler-bates"),
    ("score", "crew-tyler-bates"),
    ("stunts", "crew-stephen-dunlevy"),
    ("fight choreographer", "crew-stephen-dunlevy"),
    ("who created john wick", "crew-derek-kolstad"),
    ("stahelski", "crew-chad-stahelski"),
    ("exec producer", "crew-keanu-reeves"),
    ("production designer", "crew-phil-ivey"),
    ("evanescence", "crew-evanescence-k-flay"),
    ("87 eleven", "crew-87eleven"),
]

PERSON_PROBES = [
    ("who plays the director", "cast-anjelica-huston"),
    ("the actress who plays the Director", "cast-anjelica-huston"),
    ("director", "crew-len-wiseman"),
    ("who directed", "crew-len-wiseman"),
    ("who is the director", "crew-len-wiseman"),
    ("winston", "cast-ian-mcshane"),
    ("who wrote", "crew-shay-hatten"),
]


@pytest.mark.parametrize(("query", "expected"), CAST_PROBES)
def test_cast_probe(search: ContentSearch, query: str, expected: str) -> None:
    results = search.find_cast(query)
    assert results, f"no result for {query!r}"
    assert results[0].item.id == expected


@pytest.mark.parametrize(("query", "expected"), CREW_PROBES)
def test_crew_probe(search: ContentSearch, query: str, expected: str) -> None:
    results = search.find_crew(query)
    assert results, f"no result for {query!r}"
    assert results[0].item.id == expected


@pytest.mark.parametrize(("query", "expected"), PERSON_PROBES)
def test_person_probe(search: ContentSearch, query: str, expected: str) -> None:
    """What /crew does with a question: one about acting goes to the cast, the rest to the crew."""
    if asks_about_acting(query):
        match = search.find_cast(query)
    else:
        match = search.find_crew(query) or search.find_cast(query)
    assert match and match[0].item.id == expected


def test_there_are_at_least_forty_probes() -> None:
    assert len(CAST_PROBES) + len(CREW_PROBES) + len(PERSON_PROBES) >= 40


@pytest.mark.parametrize("query", ["xyzzy", "banana split", "", "   ", "!!!"])
def test_nonsense_finds_nothing(search: ContentSearch, query: str) -> None:
    assert search.find_cast(query) == []
    assert search.find_crew(query) == []


def test_job_word_returns_everyone_with_that_job(search: ContentSearch) -> None:
    ids = [m.item.id for m in search.find_crew("editor")]
    assert {"crew-nicholas-lundgren", "crew-jason-ballantine", "crew-julian-clarke"} <= set(ids)


def test_quote_search_and_speaker(search: ContentSearch) -> None:
    found = search.find_quote("fierce and powerful", None)
    assert found and "fierce and powerful" in found[0].text
    by_keanu = search.find_quote(None, "keanu")
    assert by_keanu and all(q.speaker == "Keanu Reeves" for q in by_keanu)
    assert search.speaker_matches("keanu")[0] == "Keanu Reeves"


def test_cached_results_are_copies_and_match_a_cold_search(search: ContentSearch) -> None:
    first = search.find_crew("composr")
    first.clear()  # a caller mutating its list must not change what the cache returns
    again = search.find_crew("composr")
    for index in (search.cast, search.crew, search.quotes):
        index.clear_cache()
    cold = search.find_crew("composr")
    assert again == cold
    assert [m.item.id for m in cold][:2] == ["crew-tyler-bates", "crew-joel-j-richard"]


def test_an_exact_key_outranks_every_fuzzy_match(search: ContentSearch) -> None:
    # "eve" is verbatim a key of two entries; no inexact key may come between or before them.
    ids = [m.item.id for m in search.find_cast("eve", limit=5)]
    assert ids[:2] == ["cast-ana-de-armas", "cast-victoria-comte"]
    assert all(m.score > 100 for m in search.find_cast("eve", limit=2))
