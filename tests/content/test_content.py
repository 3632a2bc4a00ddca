"""The shipped content in data/ loads, is consistent, and broken copies give useful errors."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
import yaml

from bot.content.loader import DEFAULT_DATA_DIR, FILES, ContentError, load_content
from bot.domain.content import Content, Quote, SpoilerLevel
from bot.domain.search import ContentSearch
from bot.domain.text import fold, normalise_answer

# --- the shipped content ----------------------------------------------------------------------

SHEET_ACTORS = {
    "Ana de Armas",
    "Victoria Comte",
    "Anjelica Huston",
    "Gabriel Byrne",
    "Lance Reddick",
    "Norman Reedus",
    "Ian McShane",
    "Keanu Reeves",
    "Catalina Sandino Moreno",
    "David Castañeda",
    "Sharon Duncan-Brewster",
    "Choi Soo-young",
    "Abraham Popoola",
    "Daniel Bernhardt",
    "Jung Doo-hong",
    "Anne Parillaud",
}
QUOTE_IDS = (
    {f"quote-press-{n:02d}" for n in range(1, 33)}
    | {f"quote-film-{n:02d}" for n in range(1, 8)}
    | {f"quote-spinoff-q{n}" for n in range(1, 6)}
)
WINSTON_QUESTION = "Which character from the main John Wick films has known Eve since she was a child?"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(DEFAULT_DATA_DIR)


def _all_items(content: Content) -> list:
    return [*content.film.facts, *content.cast, *content.crew, *content.quotes, *content.trivia]


def test_default_data_dir_is_the_repo_data_folder() -> None:
    assert Path(__file__).resolve().parents[2] / "data" == DEFAULT_DATA_DIR
    for name in FILES:
        assert (DEFAULT_DATA_DIR / name).is_file(), name


def test_loads_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert len(load_content().trivia) >= 67


def test_counts(content: Content) -> None:
    assert len(content.cast) >= 16
    assert {c.actor for c in content.cast} >= SHEET_ACTORS
    assert len(content.trivia) >= 67
    assert len(content.crew) >= 20
    assert len(content.film.facts) >= 30
    missing = QUOTE_IDS - {q.id for q in content.quotes}
    assert not missing, f"quotes missing: {sorted(missing)}"


def test_ids_unique_and_kebab_case(content: Content) -> None:
    ids = [item.id for item in _all_items(content)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    prefixes = {
        "cast-": content.cast,
        "crew-": content.crew,
        "quote-": content.quotes,
        "trivia-": content.trivia,
    }
    for prefix, items in prefixes.items():
        assert all(item.id.startswith(prefix) for item in items), prefix


def test_every_source_resolves(content: Content) -> None:
    for item in _all_items(content):
        assert item.sources, item.id
        for key in item.sources:
            assert key in content.sources, f"{item.id}: {key}"
    for quote in content.quotes:
        if quote.as_quoted_in is not None:
            assert quote.as_quoted_in in content.sources, quote.id
    for key, source in content.sources.items():
        assert source.key == key
        assert source.title.strip()
        assert source.url == "" or source.url.startswith(("https://", "http://")), key


def test_winston_question_is_present_and_major(content: Content) -> None:
    matches = [t for t in content.trivia if t.question == WINSTON_QUESTION]
    assert len(matches) == 1
    question = matches[0]
    assert question.spoiler is SpoilerLevel.MAJOR
    assert question.answer == "Winston"
    assert "The Director" not in question.wrong_answers


def test_netflix_is_never_the_distributor(content: Content) -> None:
    distributor_facts = [
        f for f in content.film.facts if f.group == "Companies" or "distribut" in f.label.casefold()
    ]
    assert distributor_facts
    for fact in distributor_facts:
        assert "netflix" not in fact.value.casefold(), fact.id
    for question in content.trivia:
        if "distribut" in question.question.casefold():
            assert "netflix" not in normalise_answer(question.answer)
            assert not any("netflix" in a.casefold() for a in question.accepted_answers)
    for member in content.crew:
        assert "netflix" not in f"{member.name} {member.job} {member.note}".casefold()


def test_unverified_article_quotes_are_marked(content: Content) -> None:
    spinoff = [q for q in content.quotes if "spinoff_article" in q.sources]
    assert len(spinoff) == 5
    for quote in spinoff:
        assert quote.as_quoted_in == "spinoff_article", quote.id
    assert content.sources["spinoff_article"].title
    # The line the sheet says reads like the article's own voice is left out entirely.
    assert not any("dancing or dying" in q.text for q in content.quotes)
    # Huston's "She's fierce and powerful" is about Eve, not the Director.
    fierce = next(q for q in content.quotes if q.text.startswith("She’s fierce and powerful"))
    assert "About Eve, not about the Director" in fierce.context
    # Items that are not about the film at all stay out.
    assert not any("Can I Go Home Now" in q.text for q in content.quotes)


def test_quote_text_keeps_curly_apostrophes(content: Content) -> None:
    by_id = {q.id: q for q in content.quotes}
    assert by_id["quote-press-09"].text == "Eve Macarro is Eve Macarro. She’s not John Wick."
    assert by_id["quote-press-02"].text.startswith("Ana's a wonderful actress")  # printed with a straight one
    assert by_id["quote-film-05"].text == "I’m working on it"


def test_quote_kinds_and_profanity(content: Content) -> None:
    kinds = {q.kind for q in content.quotes}
    assert kinds == {"interview", "dialogue", "lyric"}
    assert sum(q.kind == "dialogue" for q in content.quotes) == 7
    # The end-title song's line is a lyric, not something said in an interview.
    lyrics = [q for q in content.quotes if q.kind == "lyric"]
    assert [q.id for q in lyrics] == ["quote-press-32"]
    assert "interview" not in lyrics[0].speaker_is.casefold()
    profane: dict[str, Quote] = {q.id: q for q in content.quotes if q.profanity}
    assert set(profane) == {"quote-spinoff-q3", "quote-spinoff-q5"}
    assert profane["quote-spinoff-q3"].profanity_words == ("fucking",)
    assert profane["quote-spinoff-q5"].profanity_words == ("shit",)


def test_unconfirmed_facts_are_left_out(content: Content) -> None:
    everything = msgspec.json.encode(content).decode()
    assert "UNCONFIRMED" not in everything
    assert "UNVERIFIED" not in everything
    parillaud = next(c for c in content.cast if c.actor == "Anne Parillaud")
    assert parillaud.character.startswith("Cameo")
    jobs = " ".join(m.job.casefold() for m in content.crew)
    assert "costume" not in jobs
    assert not any(m.name in ("Marco Beltrami", "Anna Drubich") for m in content.crew)
    # Fennell's work on the script is confirmed, her credit is not: she is listed, never as a credited writer.
    fennell = next(m for m in content.crew if m.name == "Emerald Fennell")
    assert "uncredited" in fennell.job.casefold() and "written by" not in fennell.job.casefold()
    assert "not in the official writing credit" in fennell.note
    assert not any(c.character == "Ella" for c in content.cast)


def test_cast_aliases_have_no_sheet_remarks(content: Content) -> None:
    for member in content.cast:
        for alias in member.aliases:
            assert "(" not in alias, (member.id, alias)
            assert "misspelling" not in alias, (member.id, alias)
    keanu = next(c for c in content.cast if c.actor == "Keanu Reeves")
    assert "Baba Yaga" in keanu.aliases
    eve = next(c for c in content.cast if c.character == "Eve Macarro")
    assert "Rooney" in eve.aliases


def test_spoiler_free_fields_do_not_use_spoiler_keywords(content: Content) -> None:
    keywords = content.film.spoiler_keywords
    assert 10 <= len(keywords) <= 30
    assert all(0 < len(k) <= 60 for k in keywords)
    assert all(not re.search(r"[*\\^$]", k) for k in keywords)
    shown_everywhere = [content.film.tagline, content.film.title]
    shown_everywhere += [c.description for c in content.cast]
    shown_everywhere += [f"{c.actor} {c.character}" for c in content.cast]
    shown_everywhere += [f.label for f in content.film.facts]
    shown_everywhere += [f.value for f in content.film.facts if f.spoiler is SpoilerLevel.NONE]
    shown_everywhere += [f"{m.name} {m.job} {m.note}" for m in content.crew]
    for text in shown_everywhere:
        for keyword in keywords:
            assert not re.search(rf"\b{re.escape(keyword)}\b", text, re.IGNORECASE), (keyword, text)


def test_major_plot_points_only_in_spoiler_notes(content: Content) -> None:
    for member in content.cast:
        assert "sister" not in member.description.casefold(), member.id
        assert "Hallstatt" not in member.description, member.id
        # "An orphan" in Lena's description hinted at the sister reveal.
        assert "orphan" not in member.description.casefold(), member.id
    lena = next(c for c in content.cast if c.character == "Lena")
    assert lena.spoiler_note is not None
    assert lena.spoiler_note.level is SpoilerLevel.MAJOR
    assert "sister" in lena.spoiler_note.text


def test_trivia_answers_are_consistent(content: Content) -> None:
    for question in content.trivia:
        assert len(question.wrong_answers) == 3
        options = [question.answer, *question.wrong_answers]
        assert len({o.casefold() for o in options}) == 4, question.id
        wrong = {normalise_answer(w) for w in question.wrong_answers}
        for correct in (question.answer, *question.accepted_answers):
            assert normalise_answer(correct) not in wrong, (question.id, correct)


def test_trivia_keeps_sheet_levels(content: Content) -> None:
    by_question = {t.question: t for t in content.trivia}
    assert by_question["Who is Lena revealed to be?"].spoiler is SpoilerLevel.MAJOR
    assert by_question["Who plays Eve Macarro in Ballerina?"].spoiler is SpoilerLevel.NONE
    assert by_question["In which real Austrian village is the Chancellor's cult based?"].spoiler is (
        SpoilerLevel.MINOR
    )
    levels = [t.spoiler for t in content.trivia]
    # The sheet's seven plot revelations (its Western-showdown question is minor: the director's
    # wish for one late fight, naming neither who sends Wick nor why, is trailer-level).
    assert levels.count(SpoilerLevel.MAJOR) == 7


def test_lower_levels_never_give_away_higher_ones(content: Content) -> None:
    # A server with threshold "major" shows minor items plainly, so a fact's level is the highest
    # level of anything it gives away.
    quotes = {q.id: q for q in content.quotes}
    trivia = {t.id: t for t in content.trivia}
    facts = {f.id: f for f in content.film.facts}
    cast = {c.id: c for c in content.cast}
    major, minor = SpoilerLevel.MAJOR, SpoilerLevel.MINOR
    # Who killed Eve's father (trivia-063) is major. The line the Chancellor says to him is minor
    # per the fact sheet, but its context (said during the attack on Eve's father) tells who
    # attacks him: a question that shows the context is major.
    assert trivia["trivia-063"].spoiler is major
    assert quotes["quote-film-04"].spoiler is minor
    assert quotes["quote-film-04"].context_spoiler is major
    javier = cast["cast-david-castaneda"].spoiler_note
    assert javier is not None and javier.level is major
    # Wick being sent after Eve (trivia-065) is major; the director wanting one of Eve's late
    # fights to feel like a Western showdown (trivia-058) says neither, and the sheet has it minor.
    assert trivia["trivia-065"].spoiler is major
    assert trivia["trivia-058"].spoiler is minor
    assert quotes["quote-press-04"].spoiler is minor
    assert quotes["quote-spinoff-q3"].spoiler is major  # Reeves wanting "more action at the end"
    # Winston knowing Eve since childhood is major: McShane's line is minor (sheet), its context,
    # comparing Winston's bond with John to his bond with Eve, major.
    assert quotes["quote-press-18"].spoiler is minor
    assert quotes["quote-press-18"].context_spoiler is major
    # The Parabellum ballerina recast as Eve is minor (timeline-parabellum-scene).
    assert facts["timeline-parabellum-scene"].spoiler is minor
    # The sheet's own question on who danced that moment (trivia-023) is level none: it names the
    # dancer, not the recasting, so its wording must not say "re-casts as Eve" either.
    assert trivia["trivia-023"].spoiler is SpoilerLevel.NONE
    # The cult's alpine home is minor. Prague is not: the sheet gives the story's Prague setting,
    # the filming there and its Naplavka question no level (they were once over-tagged). Its
    # question on Eve's fateful encounter at the Prague Continental (trivia-031) is minor, as the
    # sheet's trivia list has it: the question tells of a meeting, not just a setting.
    assert facts["places-story-alps"].spoiler is minor
    assert trivia["trivia-033"].spoiler is minor
    assert trivia["trivia-031"].spoiler is minor
    for fact_id in ("places-story-europe", "places-filming-prague-continental"):
        assert facts[fact_id].spoiler is SpoilerLevel.NONE, fact_id
    assert trivia["trivia-038"].spoiler is SpoilerLevel.NONE


# Words that only occur in minor or major facts: text shown at level none never uses them.
ABOVE_NONE_MARKERS = (
    "Hallstatt",
    "alpine",
    "the Alps",
    "Austrian village",
    "Minus Eleven",
    # (Not "Continental Prague": the sheet gives the story's Prague setting no spoiler level.)
    "fire hose",
    "grenade",
    "wrist",
    "sister",
    "Ella",
    "missing children",
    "snow globe",
    "Do you like to dance",
    "walk away",
    "re-casts as Eve",
    "retcon",
    "Western showdown",
    "confrontation with John Wick",
    "more action at the end",
    "broken away",
)


def _shown_at_level_none(content: Content) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = [("film", content.film.tagline)]
    for fact in content.film.facts:
        shown.append((fact.id, fact.label))  # labels are never redacted, whatever the level
        if fact.spoiler is SpoilerLevel.NONE:
            shown.append((fact.id, fact.value))
    for member in content.cast:
        shown += [(member.id, member.description), *((member.id, a) for a in member.aliases)]
        if member.spoiler is SpoilerLevel.NONE:
            shown.append((member.id, member.character))
    for crew in content.crew:
        if crew.spoiler is SpoilerLevel.NONE:
            shown += [(crew.id, f"{crew.name} {crew.job} {crew.note}"), *((crew.id, a) for a in crew.aliases)]
    for quote in content.quotes:
        if quote.spoiler is SpoilerLevel.NONE:
            shown += [(quote.id, quote.text), (quote.id, quote.context)]
    for question in content.trivia:
        if question.spoiler is SpoilerLevel.NONE:
            texts = (question.question, question.answer, *question.wrong_answers, question.explanation)
            shown += [(question.id, text) for text in texts]
    for key, source in content.sources.items():
        if source.spoiler is SpoilerLevel.NONE:
            shown += [(key, source.title), (key, source.note)]
    return shown


def test_spoiler_free_text_does_not_mention_spoiler_facts(content: Content) -> None:
    for where, text in _shown_at_level_none(content):
        for marker in ABOVE_NONE_MARKERS:
            assert not re.search(rf"\b{re.escape(marker)}\b", text, re.IGNORECASE), (where, marker, text)


def _names_shown_everywhere(content: Content) -> set[str]:
    # The /cast list names every level-none character, so an answer that is just such a name
    # ("The Chancellor", "John Wick") gives nothing away by being mentioned elsewhere.
    return {normalise_answer(c.character) for c in content.cast if c.spoiler is SpoilerLevel.NONE}


def test_trivia_questions_do_not_answer_each_other(content: Content) -> None:
    # A game draws several questions, and a reveal shows the answer and the explanation.
    names = _names_shown_everywhere(content)
    answers = [
        (q.id, q.answer.casefold())
        for q in content.trivia
        if len(q.answer) >= 5 and normalise_answer(q.answer) not in names
    ]
    for question in content.trivia:
        shown = "\n".join((question.question, question.answer, question.explanation)).casefold()
        for other_id, answer in answers:
            if other_id != question.id:
                assert answer not in shown, (question.id, "gives away the answer of", other_id, answer)


def test_spoiler_free_trivia_does_not_contain_another_answer(content: Content) -> None:
    names = _names_shown_everywhere(content)
    for question in content.trivia:
        if question.spoiler is not SpoilerLevel.NONE:
            continue
        shown = "\n".join((question.question, question.answer, question.explanation)).casefold()
        for other in content.trivia:
            if other is question or len(other.answer) < 5 or normalise_answer(other.answer) in names:
                continue
            assert other.answer.casefold() not in shown, (question.id, other.id, other.answer)


def test_no_two_trivia_questions_share_an_answer(content: Content) -> None:
    seen: dict[str, str] = {}
    for question in content.trivia:
        key = normalise_answer(question.answer)
        assert key not in seen, (question.id, seen.get(key), question.answer)
        seen[key] = question.id


# A city named in one question gives away its country as another's answer ("Prague" -> "the Czech
# Republic": trivia-031 once gave away trivia-035 that way).
COUNTRY_OF = {
    "prague": ("czech republic", "czechia", "czech"),
    "budapest": ("hungary",),
    "hallstatt": ("austria",),
    "london": ("united kingdom", "uk", "england", "britain"),
    "berlin": ("germany",),
}


def test_a_city_in_one_question_does_not_answer_another_with_its_country(content: Content) -> None:
    for question in content.trivia:
        shown = fold(" ".join((question.question, question.answer, *question.accepted_answers)))
        for city, countries in COUNTRY_OF.items():
            if not re.search(rf"\b{city}\b", shown):
                continue
            for other in content.trivia:
                answers = {normalise_answer(a) for a in (other.answer, *other.accepted_answers)}
                assert not answers & set(countries), (question.id, city, "gives away", other.id)


def test_crew_search_finds_fennell_and_still_puts_the_credited_writer_first(content: Content) -> None:
    search = ContentSearch.build(content)
    for query in ("Fennell", "emerald fennell", "fenell"):
        assert search.find_crew(query)[0].item.name == "Emerald Fennell", query
    for query in ("writer", "who wrote"):
        assert search.find_crew(query)[0].item.name == "Shay Hatten", query


SPOILER_HEADLINE = re.compile(
    r"\b(?:endings?|ende|climax|finale|vs|versus|faces?[ -]off|twists?|dies|death|dead|sisters?|raising"
    r"|explained|erklaert|erklärt|spoilers?)\b",
    re.IGNORECASE,
)


def test_spoiler_headlines_are_marked(content: Content) -> None:
    # A guard for future additions: a title with one of these words is checked by hand and marked.
    for key, source in content.sources.items():
        if SPOILER_HEADLINE.search(source.title):
            assert source.spoiler is not SpoilerLevel.NONE, (key, source.title)
    major = {
        "screenrant_plothole",
        "filmibee_collider",
        "filmat_ending",
        "denofgeek_mcshane",
        "comicbook_western",
    }
    for key in major:
        assert content.sources[key].spoiler is SpoilerLevel.MAJOR, key


def test_automod_keywords_do_not_block_innocent_messages(content: Content) -> None:
    for keyword in content.film.spoiler_keywords:
        words = keyword.split()
        assert len(words) > 1 or len(keyword) >= 6, (
            f"{keyword!r}: a single short word blocks ordinary messages"
        )
    assert "ella" not in {k.casefold() for k in content.film.spoiler_keywords}


def test_data_does_not_point_at_the_research_folder() -> None:
    for name in FILES:
        assert "/work/shared" not in (DEFAULT_DATA_DIR / name).read_text(encoding="utf-8")


# --- broken copies ----------------------------------------------------------------------------


def _broken(tmp_path: Path, name: str, edit: Callable[[str], str]) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    path = data_dir / name
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before, "the edit did not change the file"
    path.write_text(after, encoding="utf-8")
    return data_dir


def _replace_once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) == 1, f"expected exactly one {old!r}"
        return text.replace(old, new)

    return edit


def _in_item(item_id: str, old: str, new: str) -> Callable[[str], str]:
    """Replace the first ``old`` after ``- id: <item_id>`` (within that item)."""

    def edit(text: str) -> str:
        start = text.index(f"- id: {item_id}\n")
        end = text.find("\n- id: ", start + 1)
        end = len(text) if end == -1 else end + 1  # keep the item's last newline inside the block
        block = text[start:end]
        assert old in block, f"{old!r} not in {item_id}"
        return text[:start] + block.replace(old, new, 1) + text[end:]

    return edit


def _error(data_dir: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_content(data_dir)
    return str(info.value)


def test_the_broken_copy_helper_loads_when_unbroken(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    assert len(load_content(data_dir).cast) == len(load_content(DEFAULT_DATA_DIR).cast)


def test_wrong_type_names_file_item_and_field(tmp_path: Path) -> None:
    data_dir = _broken(tmp_path, "cast.yaml", _replace_once("  actor: Ana de Armas\n", "  actor: 42\n"))
    message = _error(data_dir)
    assert message == (
        "data/cast.yaml: item 'cast-ana-de-armas' (cast[0]): field 'actor': Expected str, got int"
        " (put the value in quotes so YAML keeps it as text)"
    )


def _drop_source(key: str, next_key: str) -> Callable[[str], str]:
    """Remove a whole entry from sources.yaml (the lines from ``key:`` up to ``next_key:``)."""

    def edit(text: str) -> str:
        start = text.index(f"\n{key}:\n")
        end = text.index(f"\n{next_key}:\n")
        return text[:start] + text[end:]

    return edit


# One broken copy per row: the file, the edit, and what the one error message must say (each
# fragment in turn). The id says the mistake; a new loader check gets a row here.
BROKEN_COPIES = [
    pytest.param(
        "crew.yaml",
        _in_item("crew-len-wiseman", "  department: Direction\n", "  departmnt: Direction\n"),
        ["data/crew.yaml: item 'crew-len-wiseman' (crew[0]): field 'departmnt': unknown field"],
        id="unknown field",
    ),
    pytest.param(
        "cast.yaml",
        _in_item(
            "cast-victoria-comte",
            "  description: Eve as a roughly ten-year-old girl in the opening flashback, clutching a"
            " ballerina music box.\n",
            "",
        ),
        ["data/cast.yaml: item 'cast-victoria-comte' (cast[1]): field 'description': missing required"],
        id="missing required field",
    ),
    pytest.param(
        "trivia.yaml",
        _in_item("trivia-062", "  spoiler: major\n", "  spoiler: huge\n"),
        ["data/trivia.yaml: item 'trivia-062' (trivia[61]): field 'spoiler': Invalid enum value 'huge'"],
        id="bad spoiler level",
    ),
    pytest.param(
        "cast.yaml",
        _in_item("cast-catalina-sandino-moreno", "    level: major\n", "    level: massive\n"),
        ["item 'cast-catalina-sandino-moreno' (cast[8]): field 'spoiler_note.level'", "massive"],
        id="bad nested spoiler level",
    ),
    pytest.param(
        "cast.yaml",
        _in_item("cast-catalina-sandino-moreno", "    level: major\n", "    level: none\n"),
        [
            "data/cast.yaml: item 'cast-catalina-sandino-moreno' (cast[8]): field 'spoiler_note.level': "
            "a spoiler note's level is minor or major"
        ],
        id="spoiler note at level none",
    ),
    pytest.param(
        "quotes.yaml",
        _in_item("quote-press-01", "  - koimoi_keanu\n", "  - koimoi_keenu\n"),
        [
            "data/quotes.yaml: item 'quote-press-01' (quotes[5]): field 'sources[0]': unknown source key "
            "'koimoi_keenu'"
        ],
        id="unknown source key",
    ),
    pytest.param(
        "film.yaml",
        _in_item("numbers-runtime", "sources: [wikipedia,", "sources: [wikipediaa,"),
        [
            "data/film.yaml: item 'numbers-runtime' (facts[",
            "field 'sources[0]': unknown source key 'wikipediaa'",
        ],
        id="unknown source key in a film fact",
    ),
    pytest.param(
        "quotes.yaml",
        _in_item("quote-spinoff-q1", "  as_quoted_in: spinoff_article\n", "  as_quoted_in: some_blog\n"),
        ["data/quotes.yaml: item 'quote-spinoff-q1' (quotes[0]): field 'as_quoted_in'", "some_blog"],
        id="unknown as_quoted_in",
    ),
    pytest.param(
        "sources.yaml",
        _drop_source("upi", "blikk"),
        [
            "data/crew.yaml: item 'crew-keanu-reeves'",
            "data/quotes.yaml: item 'quote-press-02'",
            "unknown source key 'upi'",
        ],
        id="a cited source removed",
    ),
    pytest.param(
        "sources.yaml",
        _replace_once(
            "  title: Ballerina (2025 film) - Wikipedia", "  titel: Ballerina (2025 film) - Wikipedia"
        ),
        ["data/sources.yaml: item 'wikipedia': field 'titel': unknown field"],
        id="bad source entry",
    ),
    pytest.param(
        "trivia.yaml",
        _replace_once("- id: trivia-002\n", "- id: trivia-001\n"),
        [
            "data/trivia.yaml: item 'trivia-001' (trivia[1]): field 'id': duplicate id, already used by "
            "data/trivia.yaml (trivia[0])"
        ],
        id="duplicate id in one file",
    ),
    pytest.param(
        "crew.yaml",
        _replace_once("- id: crew-keanu-reeves\n", "- id: cast-keanu-reeves\n"),
        [
            "data/crew.yaml: item 'cast-keanu-reeves' (crew[",
            "field 'id': duplicate id, already used by data/cast.yaml (cast[7])",
        ],
        id="duplicate id across files",
    ),
    pytest.param(
        "film.yaml",
        _in_item("release-us", "  value: 6 June 2025\n", "  value: 2025-06-06\n"),
        [
            "data/film.yaml: item 'release-us' (facts[",
            "field 'value': Expected str, got date (put dates in quotes",
        ],
        id="unquoted date gets a hint",
    ),
    pytest.param(
        "film.yaml",
        _in_item("numbers-runtime", "  group: Numbers\n", "  group: Figures\n"),
        ["item 'numbers-runtime'", "field 'group': must be one of"],
        id="bad fact group",
    ),
    pytest.param(
        "trivia.yaml",
        _in_item("trivia-001", "  - Florence Pugh\n", "  - ana de armas\n"),
        [
            "data/trivia.yaml: item 'trivia-001' (trivia[0]): field 'wrong_answers'",
            "field 'answer': 'Ana de Armas' is also a wrong answer",
        ],
        id="wrong answer equal to the answer",
    ),
    pytest.param(
        "trivia.yaml",
        _in_item("trivia-002", "  - Wiseman\n", "  - Gareth Evans!\n"),
        ["item 'trivia-002' (trivia[1]): field 'accepted_answers[0]'"],
        id="accepted answer typed like a wrong answer",
    ),
    pytest.param(
        "trivia.yaml",
        _in_item("trivia-003", "  - Zak Penn\n", "  - Zak Penn\n  - Michael Bay\n"),
        ["data/trivia.yaml: item 'trivia-003' (trivia[2]): field 'wrong_answers'", "length 3"],
        id="wrong answer count",
    ),
    pytest.param(
        "quotes.yaml",
        _in_item("quote-press-20", "  text: The stunt doubles are incredible,\n", "  text: ''\n"),
        ["data/quotes.yaml: item 'quote-press-20'", "field 'text': must not be empty"],
        id="empty text",
    ),
    pytest.param(
        "quotes.yaml",
        _in_item("quote-spinoff-q5", "  - shit\n", "  - damn\n"),
        ["item 'quote-spinoff-q5'", "field 'profanity_words[0]'"],
        id="profanity word not in the text",
    ),
    pytest.param(
        "film.yaml",
        _replace_once("- missing children\n", "- missing children" + " and more" * 10 + "\n"),
        ["data/film.yaml: field 'spoiler_keywords[", "at most 60 characters"],
        id="spoiler keyword too long",
    ),
]


@pytest.mark.parametrize(("name", "edit", "expected"), BROKEN_COPIES)
def test_a_broken_copy_is_refused_with_a_message_naming_file_item_and_field(
    tmp_path: Path, name: str, edit: Callable[[str], str], expected: list[str]
) -> None:
    message = _error(_broken(tmp_path, name, edit))
    for fragment in expected:
        assert fragment in message


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = (DEFAULT_DATA_DIR / "film.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("  label: Runtime") + 1
    data_dir = _broken(tmp_path, "film.yaml", _replace_once("  label: Runtime\n", "  label: [Runtime\n"))
    message = _error(data_dir)
    assert message.startswith("data/film.yaml: YAML syntax error at line ")
    reported = int(re.search(r"line (\d+)", message).group(1))
    assert line <= reported <= line + 2


def test_every_decoding_problem_is_reported_at_once(tmp_path: Path) -> None:
    data_dir = _broken(tmp_path, "cast.yaml", _replace_once("  actor: Ana de Armas\n", "  actor: 42\n"))
    crew = data_dir / "crew.yaml"
    crew.write_text(_in_item("crew-erica-lee", "  job: Producer\n", "")(crew.read_text(encoding="utf-8")))
    with pytest.raises(ContentError) as info:
        load_content(data_dir)
    assert info.value.errors == [
        "data/cast.yaml: item 'cast-ana-de-armas' (cast[0]): field 'actor': Expected str, got int"
        " (put the value in quotes so YAML keeps it as text)",
        "data/crew.yaml: item 'crew-erica-lee' (crew[5]): field 'job': missing required field",
    ]


def test_every_cross_check_problem_is_reported_at_once(tmp_path: Path) -> None:
    data_dir = _broken(tmp_path, "crew.yaml", _replace_once("- id: crew-erica-lee\n", "- id: Erica\n"))
    quotes = data_dir / "quotes.yaml"
    quotes.write_text(
        _in_item("quote-press-01", "  - koimoi_keanu\n", "  - nowhere\n")(quotes.read_text(encoding="utf-8"))
    )
    with pytest.raises(ContentError) as info:
        load_content(data_dir)
    assert len(info.value.errors) == 2
    assert info.value.errors[0].startswith("data/crew.yaml: item 'Erica' (crew[5]): field 'id': ids are")
    assert info.value.errors[1].startswith("data/quotes.yaml: item 'quote-press-01' (quotes[5])")


def test_missing_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    (data_dir / "quotes.yaml").unlink()
    assert _error(data_dir) == "data/quotes.yaml: file not found"


@pytest.mark.parametrize("name", ["cast", "crew", "quotes", "trivia", "film", "sources"])
def test_every_data_file_reads_the_same_with_the_pure_python_yaml_loader(name: str) -> None:
    """PyYAML without its C extension is stricter (an unquoted '?' in a flow mapping is a key marker)."""
    text = (DEFAULT_DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(
        text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )


@pytest.mark.parametrize(
    ("ref", "accepted"),
    [
        ("release-us", True),
        ("numbers-us-opening#2", True),
        ("cast-ana-de-armas/description", True),
        ("quote-press-01", True),
        ("numbers-us-opening#3", False),  # that fact has two figures
        ("release-us#1", False),  # one figure: the fact's id names it
        ("cast-nobody", False),
    ],
)
def test_rests_on_names_content_entries(tmp_path: Path, ref: str, accepted: bool) -> None:
    edit = _in_item("trivia-001", "  difficulty: easy\n", f"  difficulty: easy\n  rests_on: ['{ref}']\n")
    data_dir = _broken(tmp_path, "trivia.yaml", edit)
    if accepted:
        assert next(q for q in load_content(data_dir).trivia if q.id == "trivia-001").rests_on == (ref,)
    else:
        message = _error(data_dir)
        assert f"item 'trivia-001' (trivia[0]): field 'rests_on[0]': '{ref}' is no cast" in message
