"""Sources name who published them, never where a copy was read.

Footers over every shipped item under every policy, the rows of a Sources list, and the
loader's rules for sources.yaml (publisher, never_cite, url_is_a_copy, date).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from bot.content.loader import DEFAULT_DATA_DIR, ContentError, load_content
from bot.domain.content import Content, Source, SpoilerLevel
from bot.domain.sources import publisher_line, publishers, source_rows
from bot.domain.spoilers import WITHHELD_SHORT, Audience, Mode, Redactor, SpoilerRules
from bot.ui.lookup_render import (
    cast_embed,
    crew_embed,
    film_pages,
    quote_embed,
    quoted_in_footer,
    source_footer,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)
MODES = (Mode.TAG, Mode.HIDE, Mode.OPEN)
IP_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")
FOOTER_LIMIT = 3  # publishers named in a footer before "+N more"
FOOTER = re.compile(r"^(?:Page \d+ of \d+ · )?Sources?: (?P<names>.+?)(?: \+(?P<more>\d+) more)?$")


def redactor(mode: Mode) -> Redactor:
    return Redactor(SpoilerRules(mode=mode), Audience(channel_id=1), now=NOW)


def host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.").casefold()


def cited_keys(content: Content) -> set[str]:
    items = [*content.film.facts, *content.cast, *content.crew, *content.quotes, *content.trivia]
    keys = {key for item in items for key in item.sources}
    return keys | {q.as_quoted_in for q in content.quotes if q.as_quoted_in is not None}


def footers(content: Content, mode: Mode) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(where, cited keys, footer text) for every footer the lookups and trivia show."""
    r = redactor(mode)
    for member in content.cast:
        yield member.id, member.sources, cast_embed(member, content, r).footer.text or ""
    for crew in content.crew:
        yield crew.id, crew.sources, crew_embed(crew, content, r).footer.text or ""
    for quote in content.quotes:
        keys = (quote.as_quoted_in,) if quote.as_quoted_in else quote.sources
        yield quote.id, keys, quote_embed(quote, content, r, allow_profanity=True).footer.text or ""
    for question in content.trivia:
        yield question.id, question.sources, source_footer(content, question.sources, r)
    labels = {f"**{fact.label}:**": fact for fact in content.film.facts}
    for number, page in enumerate(film_pages(content, r), start=1):
        lines = [line for field in page.fields for line in (field.value or "").splitlines()]
        facts = [fact for line in lines for label, fact in labels.items() if line.startswith(label)]
        assert len(facts) == len(lines), f"/film page {number}: a line that is not a fact"
        keys = tuple(key for fact in facts for key in fact.sources)
        yield f"/film page {number}", keys, page.footer.text or ""


# --- the shipped sources ---------------------------------------------------------------------


def test_every_cited_source_has_a_publisher(content: Content) -> None:
    cited = cited_keys(content)
    assert cited
    for key in cited:
        publisher = content.sources[key].publisher
        assert publisher.strip(), key
        assert "://" not in publisher and not IP_ADDRESS.search(publisher), (key, publisher)


def test_the_piracy_copy_is_gone_and_nothing_is_never_cite(content: Content) -> None:
    # The fact sheet marks one source never_cite (a copy on a piracy site): it is not shipped at all.
    assert "movierulz_copy" not in content.sources
    assert not any("movierulz" in s.url for s in content.sources.values())
    assert not [key for key in cited_keys(content) if content.sources[key].never_cite]
    previews = next(f for f in content.film.facts if f.id == "numbers-us-previews")
    assert previews.sources == ("breakingon",)  # its other source, per the sheet


def test_copies_name_a_publisher_other_than_their_host(content: Content) -> None:
    copies = [s for s in content.sources.values() if s.url_is_a_copy]
    assert len(copies) >= 15
    for source in copies:
        assert source.url, source.key
        assert host(source.url) not in source.publisher.casefold(), source.key
    assert content.sources["latimes_review"].publisher == "Los Angeles Times"
    assert content.sources["ballerina2016"].url_is_a_copy  # the bare IP address


@pytest.mark.parametrize("mode", MODES)
def test_no_footer_shows_a_web_address(content: Content, mode: Mode) -> None:
    copy_hosts = {host(s.url) for s in content.sources.values() if s.url_is_a_copy}
    # A host may appear only where it is the publisher's own name ("film.at", "MotionPictures.org").
    named = {s.publisher.casefold() for s in content.sources.values()}
    other_hosts = {host(s.url) for s in content.sources.values() if s.url} - copy_hosts - named
    checked = 0
    for where, _keys, footer in footers(content, mode):
        lowered = footer.casefold()
        assert not IP_ADDRESS.search(footer), (where, footer)
        assert "http" not in lowered and "www." not in lowered, (where, footer)
        for bad in copy_hosts | other_hosts:
            assert bad not in lowered, (where, bad, footer)
        checked += 1
    assert checked > 150


@pytest.mark.parametrize("mode", MODES)
def test_footers_name_at_most_three_publishers_then_a_count(content: Content, mode: Mode) -> None:
    over_three = 0
    for where, keys, footer in footers(content, mode):
        if footer.startswith("As quoted in"):
            continue
        match = FOOTER.match(footer.split("\n")[0])  # a second line may say spoilers were hidden
        assert match, (where, footer)
        expected = publishers(content, keys)
        shown = match["names"].split(", ")
        assert shown == expected[:FOOTER_LIMIT], (where, footer)
        more = int(match["more"]) if match["more"] else 0
        assert more == max(0, len(expected) - FOOTER_LIMIT), (where, footer)
        over_three += more > 0
    assert over_three  # the rule was exercised: /film alone cites dozens of sources


def test_film_footer_was_34_hosts_and_is_now_three_publishers(content: Content) -> None:
    first = film_pages(content, redactor(Mode.TAG))[0].footer.text or ""
    assert "Wikipedia" in first
    assert "108.161" not in first and "gamblingodds" not in first and "amplifyapp" not in first
    assert len(FOOTER.match(first)["names"].split(", ")) == FOOTER_LIMIT  # type: ignore[index]


def test_publisher_line_counts_the_rest() -> None:
    assert publisher_line([]) == ""
    assert publisher_line(["UPI"]) == "Source: UPI"
    assert publisher_line(["A", "B", "C"]) == "Sources: A, B, C"
    assert publisher_line(["A", "B", "C", "D", "E"]) == "Sources: A, B, C +2 more"


def test_one_publisher_is_named_once(content: Content) -> None:
    # Four /Film pages and three MotionPictures.org pages are still one publisher each.
    keys = ("slashfilm_preview", "slashfilm_opening", "slashfilm_wickrole", "mp_dunlevy1", "mp_dunlevy2")
    assert source_footer(content, keys, redactor(Mode.TAG)) == "Sources: /Film, MotionPictures.org"


# --- never_cite and the as-quoted-in footer --------------------------------------------------


def with_sources(content: Content, **changed: Source) -> Content:
    return msgspec.structs.replace(content, sources={**content.sources, **changed})


def test_a_never_cite_source_is_left_out_of_footers_and_rows(content: Content) -> None:
    banned = Source(
        key="pirate", title="Copied page", publisher="Pirate Copies", url="https://pirate.example/x",
        url_is_a_copy=True, never_cite="a piracy site",
    )  # fmt: skip
    patched = with_sources(content, pirate=banned)
    keys = ("pirate", "wikipedia")
    r = redactor(Mode.OPEN)
    assert source_footer(patched, keys, r) == "Source: Wikipedia"
    assert [row.key for row in source_rows(patched, keys, r)] == ["wikipedia"]
    assert quoted_in_footer(patched, "pirate", r) == ""


def test_as_quoted_in_names_the_headline_only_where_it_may_be_shown(content: Content) -> None:
    article = content.sources["spinoff_article"]
    headline = article.shown_title
    plain = quoted_in_footer(content, "spinoff_article", redactor(Mode.TAG))
    assert plain.startswith(f"As quoted in {article.publisher}: '{headline}'")
    spoiling = with_sources(
        content, spinoff_article=msgspec.structs.replace(article, spoiler=SpoilerLevel.MAJOR)
    )
    for mode in (Mode.TAG, Mode.HIDE):
        footer = quoted_in_footer(spoiling, "spinoff_article", redactor(mode))
        assert headline not in footer
        assert footer == f"As quoted in {article.publisher} (not confirmed by any other source)"
    assert headline in quoted_in_footer(spoiling, "spinoff_article", redactor(Mode.OPEN))


# --- rows for the Sources list ---------------------------------------------------------------


def test_rows_list_each_source_once_with_publisher_date_and_link(content: Content) -> None:
    keys = ("upi", "latimes_review", "upi", "no_such_key", "wikipedia")
    rows = source_rows(content, keys, redactor(Mode.TAG))
    assert [row.key for row in rows] == ["upi", "latimes_review", "wikipedia"]
    upi, latimes, wikipedia = rows
    assert (upi.publisher, upi.date, upi.read_at) == ("UPI", "2025-05-30", False)
    assert upi.url == content.sources["upi"].url
    # A syndicated copy: named by its publisher, linked as "read at", titled without research notes.
    assert latimes.publisher == "Los Angeles Times" and latimes.read_at
    assert "daily8" in latimes.url and "syndicated" not in latimes.title
    assert wikipedia.title == "Ballerina (2025 film)" and wikipedia.date == ""


def test_row_titles_follow_the_spoiler_policy(content: Content) -> None:
    key = "filmat_ending"  # 'Ende erklaert': a major spoiler headline
    source = content.sources[key]
    assert source.spoiler is SpoilerLevel.MAJOR
    tagged = source_rows(content, (key,), redactor(Mode.TAG))[0]
    assert tagged.title == f"||{source.shown_title}||"
    hide = redactor(Mode.HIDE)
    withheld = source_rows(content, (key,), hide)[0]
    assert withheld.title == WITHHELD_SHORT and hide.withheld == 1
    assert withheld.publisher == "film.at"  # the publisher is never a spoiler
    assert source_rows(content, (key,), redactor(Mode.OPEN))[0].title == source.shown_title
    seen = Redactor(SpoilerRules(mode=Mode.HIDE), Audience(ephemeral=True, member_has_seen=True), now=NOW)
    assert source_rows(content, (key,), seen)[0].title == source.shown_title


def test_every_shipped_item_has_rows_for_each_of_its_sources(content: Content) -> None:
    r = redactor(Mode.TAG)
    items = [*content.film.facts, *content.cast, *content.crew, *content.quotes, *content.trivia]
    for item in items:
        rows = source_rows(content, item.sources, r)
        assert [row.key for row in rows] == list(dict.fromkeys(item.sources)), item.id
        for row in rows:
            assert row.publisher, (item.id, row.key)
            assert row.read_at == content.sources[row.key].url_is_a_copy


# --- the loader's rules ----------------------------------------------------------------------


def broken(tmp_path: Path, name: str, old: str, new: str) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    path = data_dir / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return data_dir


def error(data_dir: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_content(data_dir)
    return str(info.value)


def test_a_cited_source_without_a_publisher_is_refused(tmp_path: Path) -> None:
    message = error(broken(tmp_path, "sources.yaml", "  publisher: UPI\n", ""))
    assert "data/sources.yaml: item 'upi': field 'publisher': a cited source needs a publisher" in message


def test_an_uncited_source_may_lack_a_publisher(tmp_path: Path) -> None:
    # dailybeast is in the registry but cited by nothing.
    load_content(broken(tmp_path, "sources.yaml", "  publisher: The Daily Beast\n", ""))


def test_citing_a_never_cite_source_is_refused(tmp_path: Path) -> None:
    data_dir = broken(tmp_path, "sources.yaml", "  publisher: Breaking On\n", "  never_cite: a bad copy\n")
    message = error(data_dir)
    assert "data/film.yaml: item 'numbers-us-previews' (facts[" in message
    assert "field 'sources[0]': 'breakingon' must never be cited (a bad copy)" in message


def test_a_copy_needs_a_url_and_dates_are_checked(tmp_path: Path) -> None:
    data_dir = broken(
        tmp_path,
        "sources.yaml",
        "  date: '2025-05-30'\n  url: https://www.upi.com",
        "  date: '30 May'\n  url: https://www.upi.com",
    )
    assert "item 'upi': field 'date': write the date as 'YYYY-MM-DD' or 'YYYY-MM', got '30 May'" in error(
        data_dir
    )
    blank = tmp_path / "blank"
    blank.mkdir()
    data_dir = broken(blank, "sources.yaml", "  url: ''\n", "  url: ''\n  url_is_a_copy: true\n")
    assert "item 'spinoff_article': field 'url_is_a_copy': only a recorded url can be a copy" in error(
        data_dir
    )
