"""Checks of the decoded content as a whole: ids unique across every file, source keys that resolve
and may be cited, cited sources with a publisher, the film's spoiler keywords. ``cross_check`` also
runs each record's own rules (``bot.content.record_checks``) and checks the translations next to
them (``bot.content.translation_checks``), so it is the one call after decoding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.content.files import CAST_FILE, CREW_FILE, FILM_FILE, QUOTES_FILE, SOURCES_FILE, TRIVIA_FILE
from bot.content.locations import Item, format_path, locate
from bot.content.record_checks import check_kind, check_lengths, check_source_entry, empty_text
from bot.content.translation_checks import check_translations, names_of
from bot.domain.content import Content, Source

MAX_KEYWORD_LENGTH = 60  # Discord's limit for one AutoMod keyword
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_sources_of(item: Item, sources: dict[str, Source], errors: list[str]) -> None:
    keys = item.record.sources
    if not keys:
        errors.append(f"{item.where('sources')}: list at least one source key from {SOURCES_FILE}")
    for i, key in enumerate(keys):
        if key not in sources:
            where = item.where(f"sources[{i}]")
            errors.append(f"{where}: unknown source key '{key}' (not in {SOURCES_FILE})")
        else:
            _check_citable(item, f"sources[{i}]", sources[key], errors)
    if len(set(keys)) != len(keys):
        errors.append(f"{item.where('sources')}: a source key is listed twice")


def _check_citable(item: Item, field: str, source: Source, errors: list[str]) -> None:
    if source.never_cite:
        errors.append(
            f"{item.where(field)}: '{source.key}' must never be cited ({source.never_cite.rstrip('.')}); "
            "cite the fact's other sources"
        )


def _check_cited_sources(content: Content, label: str, errors: list[str]) -> None:
    """A cited source needs a publisher: footers name publishers, never web addresses."""
    cited = {key for item in _records(content) for key in item.sources}
    cited |= {q.as_quoted_in for q in content.quotes if q.as_quoted_in is not None}
    for key, source in content.sources.items():
        if key in cited and not source.publisher.strip():
            where = locate(label, (key,), field="publisher")
            errors.append(f"{where}: a cited source needs a publisher (who published it, not a web address)")


def _records(content: Content) -> Iterator[Any]:
    yield from content.film.facts
    yield from content.cast
    yield from content.crew
    yield from content.quotes
    yield from content.trivia


def cross_check(content: Content, labels: dict[str, str], errors: list[str]) -> None:
    """Every check of the decoded content; ``labels`` names each file as messages show it."""
    items: list[Item] = []
    items += [Item(labels[FILM_FILE], ("facts", i), f) for i, f in enumerate(content.film.facts)]
    items += [Item(labels[CAST_FILE], ("cast", i), c) for i, c in enumerate(content.cast)]
    items += [Item(labels[CREW_FILE], ("crew", i), c) for i, c in enumerate(content.crew)]
    items += [Item(labels[QUOTES_FILE], ("quotes", i), q) for i, q in enumerate(content.quotes)]
    items += [Item(labels[TRIVIA_FILE], ("trivia", i), t) for i, t in enumerate(content.trivia)]

    for field, problem in empty_text(content.film):  # title, marketing_title, spoiler_keywords
        errors.append(f"{locate(labels[FILM_FILE], field=field)}: {problem}")
    for key, source in content.sources.items():
        check_source_entry(key, source, labels[SOURCES_FILE], errors)
    _check_cited_sources(content, labels[SOURCES_FILE], errors)

    seen: dict[str, Item] = {}
    names = names_of(content)
    for item in items:
        record = item.record
        if not _ID_RE.match(record.id):
            errors.append(f"{item.where('id')}: ids are lower-case kebab-case, like 'cast-ana-de-armas'")
        first = seen.setdefault(record.id, item)
        if first is not item:
            other = f"{first.label} ({format_path(first.path)})"
            errors.append(f"{item.where('id')}: duplicate id, already used by {other}")
        for field, problem in empty_text(record):
            errors.append(f"{item.where(field)}: {problem}")
        check_lengths(item, errors)
        _check_sources_of(item, content.sources, errors)
        check_kind(item, content.sources, errors)
        check_translations(item, names, errors)

    film_label = labels[FILM_FILE]
    seen_keywords: set[str] = set()
    for i, keyword in enumerate(content.film.spoiler_keywords):
        where = locate(film_label, field=f"spoiler_keywords[{i}]")
        if len(keyword) > MAX_KEYWORD_LENGTH:
            errors.append(f"{where}: at most {MAX_KEYWORD_LENGTH} characters (AutoMod's limit)")
        if keyword.casefold() in seen_keywords:
            errors.append(f"{where}: '{keyword}' is listed twice")
        seen_keywords.add(keyword.casefold())
    _check_rests_on(content, labels[TRIVIA_FILE], errors)


def _check_rests_on(content: Content, label: str, errors: list[str]) -> None:
    """A hand-written question's ``rests_on`` names content entries (a figure as ``id#n``)."""
    facts = {f.id: len(f.figures) for f in content.film.facts}
    known = {m.id for m in content.cast} | {c.id for c in content.crew} | {q.id for q in content.quotes}
    known |= set(facts)
    for i, question in enumerate(content.trivia):
        for j, ref in enumerate(question.rests_on):
            entry, _, part = ref.partition("#")
            entry = entry.split("/", 1)[0]  # "cast-ana-de-armas/description": the entry's description
            figures = facts.get(entry, 0)  # one figure: the fact id alone names it
            fine = entry in known and (
                not part or (part.isdigit() and figures > 1 and 1 <= int(part) <= figures)
            )
            if not fine:
                where = locate(label, ("trivia", i), question.id, f"rests_on[{j}]")
                errors.append(
                    f"{where}: '{ref}' is no cast, crew, quote or film-fact id (a figure as 'id#n')"
                )
