"""KeyScorer skips keys that cannot score: it must give exactly what scoring every key gives."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rapidfuzz import fuzz

from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.fuzzy_keys import (
    PARTIAL_FROM,
    PARTIAL_WEIGHT,
    TOKEN_SET_WEIGHT,
    ByLength,
    KeyScorer,
    sorted_words,
    token_set_bound,
)
from bot.domain.search import KEY_BONUS, ContentSearch, Index
from bot.domain.search_text import search_form
from bot.services.lookups import CrewAnswer, Lookups
from tests.domain.search_helpers import INDEXES, items_and_keys, key_forms


def every_key(query: str, forms: list[str], min_score: float) -> dict[int, float]:
    """The definition: all three scorers on every key, the best weighted score that reaches the cut-off."""
    scores: dict[int, float] = {}
    for number, form in enumerate(forms):
        candidates = [fuzz.ratio(query, form), TOKEN_SET_WEIGHT * fuzz.token_set_ratio(query, form)]
        if len(query) >= PARTIAL_FROM and len(form) > len(query):
            candidates.append(PARTIAL_WEIGHT * fuzz.partial_ratio(query, form))
        best = max(candidates)
        if best >= min_score:
            scores[number] = best
    return scores


def queries(forms: list[str], rng: random.Random, count: int) -> list[str]:
    """What members type: prefixes (autocomplete), slips of the finger, a few words, in another order."""
    found: set[str] = set()
    for form in rng.sample(forms, min(count, len(forms))):
        found.add(form[: rng.randrange(1, len(form) + 1)])
        if len(form) > 3:
            i = rng.randrange(1, len(form) - 1)
            found.add(form[:i] + form[i + 1 :])  # a letter dropped
            found.add(form[:i] + form[i + 1] + form[i] + form[i + 2 :])  # two swapped
        words = form.split()
        if len(words) > 1:
            found.add(" ".join(rng.sample(words, min(3, len(words)))))
            found.add(sorted_words(" ".join(rng.sample(words, min(2, len(words))))))  # words in order
            found.add(f"{words[0]} {rng.choice(['winston', 'ruska', 'assassin', 'zzz'])}")
            # Every word but one as typed, the last with a slip: most words shared, token_set_ratio
            # just short of 100 ("lance reddick charonn").
            found.add(" ".join([*words[:3], words[min(3, len(words) - 1)] + "e"]))
    found.update(["a", "eve", "dirctor", "who trained ana", "ian mcshane ballet", "xq", "the the"])
    return sorted(q for q in found if q)


@pytest.mark.parametrize("index", ["cast", "crew", "quotes"])
def test_scores_are_those_of_every_scorer_on_every_key(index: str) -> None:
    forms = key_forms(index)
    scorer = KeyScorer(forms)
    rng = random.Random(index)
    compared = 0
    for query in queries(forms, rng, 60):
        for min_score in (62.0, 55.0, 40.0):
            assert scorer.scores(query, min_score) == every_key(query, forms, min_score), (query, min_score)
            compared += 1
    assert compared > 300


def test_the_token_set_bound_is_never_below_token_set_ratio() -> None:
    """Keys sharing some of the query's words are skipped on this bound: it must never be too low."""
    forms = [form for index in INDEXES for form in key_forms(index)]
    words = sorted({word for form in forms for word in form.split()})
    rng = random.Random(21)
    checked = 0
    for _ in range(20_000):
        key = rng.choice(forms)
        key_words = set(key.split())
        query_words = set(rng.sample(sorted(key_words), rng.randint(1, len(key_words))))
        query_words |= set(rng.sample(words, rng.randint(0, 3)))
        query = " ".join(rng.sample(sorted(query_words), len(query_words)))
        shared = query_words & key_words
        most = token_set_bound(
            len(query_words),
            len(sorted_words(query)),
            len(key_words),
            len(sorted_words(key)),
            len(shared),
            len(" ".join(shared)),
        )
        assert fuzz.token_set_ratio(query, key) <= most + 1e-9, (query, key)
        checked += most < 100.0
    assert checked > 5_000  # most pairs share only some words: the bound is below 100 for them


@pytest.mark.parametrize("cutoff", [0.0, 40.0, 55.0, 62.0, 64.5, 80.0, 90.0, 95.8, 100.0, 101.0])
def test_a_ratio_pass_leaves_out_only_lengths_that_cannot_reach_its_cut_off(cutoff: float) -> None:
    forms = key_forms("cast") + key_forms("quotes")
    by_length = ByLength(forms, range(len(forms)))
    for query in queries(forms, random.Random(5), 40):
        start, end = by_length.window(len(query), cutoff)
        left_out = by_length.strings[:start] + by_length.strings[end:]
        assert all(fuzz.ratio(query, form) < cutoff for form in left_out), query
        inside = [number for _, number in by_length.ratios(query, cutoff, start, end)]
        assert sorted(inside) == sorted(
            n for n, form in enumerate(forms) if fuzz.ratio(query, form) >= cutoff
        ), query


def test_every_entry_sharing_a_misspelt_key_is_found() -> None:
    """Entries share forms ("producer" is three people's job): the form is scored once, for all."""
    search = ContentSearch.build(load_content(DEFAULT_DATA_DIR))
    producers = search.find_crew("produser", limit=8)
    assert {m.item.name for m in producers[:3]} == {"Basil Iwanyk", "Erica Lee", "Chad Stahelski"}
    assert {(m.key, m.score) for m in producers[:3]} == {("producer", producers[0].score)}
    assert [m.item.name for m in search.find_crew("composr")] == ["Tyler Bates", "Joel J. Richard"]


def all_keys(items: Any, keys_of: Any) -> list[tuple[str, int, str]]:
    """(form, entry, kind) of every key, in order; a form repeated within an entry counts once."""
    keys: list[tuple[str, int, str]] = []
    seen: set[tuple[str, int]] = set()
    for number, item in enumerate(items):
        for text, kind in keys_of(item):
            form = search_form(text)
            if form and (form, number) not in seen:
                seen.add((form, number))
                keys.append((form, number, kind))
    return keys


def score_of_forms(keys: list[tuple[str, int, str]], wanted: str) -> dict[str, float]:
    forms = list(dict.fromkeys(form for form, _, _ in keys))
    if wanted in forms:  # a key typed verbatim: only such keys count
        return {wanted: 100.0}
    return {forms[n]: score for n, score in every_key(wanted, forms, 0.0).items()}


def ranked_by_every_scorer(
    items: Any,
    keys: list[tuple[str, int, str]],
    score_of: dict[str, float],
    limit: int,
    min_score: float,
    within: float | None,
) -> list[tuple[str, float, str, str]]:
    """The definition of a search's results: every key scored by every scorer, entries ranked by total."""
    best: dict[int, tuple[tuple[float, float, int], str, str]] = {}
    for position, (form, number, kind) in enumerate(keys):
        score = score_of.get(form, 0.0)
        if score < min_score:
            continue
        # Equal totals: the key with the higher score, then the earlier key, names the match.
        rank = (score + KEY_BONUS[kind], score, -position)
        if number not in best or rank > best[number][0]:
            best[number] = (rank, form, kind)
    ranked = sorted(best.items(), key=lambda pair: (-pair[1][0][0], pair[0]))
    if within is not None and ranked:
        ranked = [pair for pair in ranked if pair[1][0][0] >= ranked[0][1][0][0] - within]
    return [(items[n].id, rank[0], form, kind) for n, (rank, form, kind) in ranked[:limit]]


@pytest.mark.parametrize("index", ["cast", "crew", "quotes"])
def test_search_results_are_those_of_every_scorer_on_every_key(index: str) -> None:
    """Index.search stops scoring keys that cannot reach its results: the results must not change."""
    items, keys_of = items_and_keys(index)
    search: Index[Any] = Index(items, keys_of)
    keys = all_keys(items, keys_of)
    rng = random.Random(f"ranked {index}")
    asked = [*queries(key_forms(index), rng, 45), "anna de armas", "produser", "composr", "len weisman"]
    compared = 0
    for query in asked:
        if not (wanted := search_form(query)):
            continue
        score_of = score_of_forms(keys, wanted)
        for min_score in (62.0, 55.0, 40.0):
            for limit, within in ((1, None), (5, None), (25, None), (8, 1.0), (3, 4.0), (0, 1.0), (-1, None)):
                found = search.search(query, limit=limit, min_score=min_score, within=within)
                assert [(m.item.id, m.score, m.key, m.kind) for m in found] == ranked_by_every_scorer(
                    items, keys, score_of, limit, min_score, within
                ), (query, min_score, limit, within)
                compared += 1
    assert compared > 1000


@pytest.mark.parametrize(
    "query", ["edite", "Czeh producer", "script rewrit", "composer", "producer", "stunts", "len weisman"]
)
def test_a_job_lists_everyone_within_a_point_of_the_best_as_a_full_search_does(query: str) -> None:
    """/crew asks only for the results within a point of the best: the people it lists must not change."""
    content = load_content(DEFAULT_DATA_DIR)
    answer = Lookups(content, random.Random(0)).crew(query)
    full = ContentSearch.build(content).crew.search(query, limit=8)  # every result, as before
    best = full[0]
    others = (
        [m.item for m in full[1:] if m.kind == "job" and m.score >= best.score - 1]
        if best.kind == "job"
        else []
    )
    assert isinstance(answer, CrewAnswer)
    assert (answer.member, answer.others) == (best.item, others if best.kind == "job" else [])
    if query == "edite":  # one person a fraction of a point behind the best: still listed
        assert "Emerald Fennell" in [m.name for m in answer.others]


def test_a_key_sharing_most_words_is_scored_though_another_holds_them_all() -> None:
    # "lance" is all in the query (token_set_ratio 100: 96); "charon lance reddick" shares two
    # words of three (97.6, its sorted words far from the query's): with its bonus it ranks first,
    # so ``top`` may not skip it for having a 96 already.
    scorer = KeyScorer(["charon lance reddick", "lance"], [[(0, 4.0)], [(1, 0.0)]])
    query = "lance reddick zcharon"
    every = scorer.scores(query, 62.0)
    assert every[0] == TOKEN_SET_WEIGHT * fuzz.token_set_ratio(query, "charon lance reddick")
    assert every[0] + 4.0 > every[1] == 96.0
    assert scorer.top(query, 62.0, 1)[0] == every[0]


def test_a_key_just_short_of_every_word_is_scored_when_the_results_need_almost_100() -> None:
    # "w y" against "w x z" (w and z: 300 letters) has a token_set_ratio of 99.7 without either
    # holding all of the other's words, and a low ratio; "y" holds all of its own words (100: 96,
    # with its bonus 99.2). The results then need a token_set_ratio above 99, so the pass for
    # keys short of 100 must still run.
    word = "w" * 300
    scorer = KeyScorer([f"{word} x {'z' * 300}", "y"], [[(0, 4.0)], [(1, 3.2)]])
    query = f"{word} y"
    every = scorer.scores(query, 62.0)
    assert 99.0 < every[0] / TOKEN_SET_WEIGHT < 100.0
    assert every[0] + 4.0 > every[1] + 3.2 > 99.0
    assert scorer.top(query, 62.0, 1)[0] == every[0]
