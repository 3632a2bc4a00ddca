"""Load the film content from ``data/*.yaml`` into the typed records of ``bot.domain.content``.

Each file is parsed with PyYAML's C loader when available and converted with msgspec, so a
wrong type, a missing field or an unknown field is an error. The files are then cross-checked
(ids unique across all files, source keys resolve, trivia answers consistent, no empty text).
Every problem found is reported at once in a ``ContentError`` whose lines name the file, the
item (by id when it has one) and the field, e.g.::

    data/cast.yaml: item 'cast-ana-de-armas' (cast[0]): field 'actor': Expected str, got int
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import yaml

from bot.domain import figures
from bot.domain.content import (
    CastMember,
    Content,
    CrewMember,
    Film,
    FilmFact,
    Quote,
    Source,
    SpoilerLevel,
    TriviaQuestion,
)
from bot.domain.text import normalise_answer

__all__ = ["DEFAULT_DATA_DIR", "FILES", "ContentError", "load_content"]


def _default_data_dir() -> Path:
    """data/ beside the package in a checkout; else data/ in the working directory (a plain
    `pip install .`, as in the Dockerfile, puts the package in site-packages)."""
    beside = Path(__file__).resolve().parents[2] / "data"
    return beside if (beside / SOURCES_FILE).exists() else Path.cwd() / "data"


SOURCES_FILE = "sources.yaml"
DEFAULT_DATA_DIR = _default_data_dir()

FILM_FILE = "film.yaml"
CAST_FILE = "cast.yaml"
CREW_FILE = "crew.yaml"
QUOTES_FILE = "quotes.yaml"
TRIVIA_FILE = "trivia.yaml"
FILES = (SOURCES_FILE, FILM_FILE, CAST_FILE, CREW_FILE, QUOTES_FILE, TRIVIA_FILE)

FACT_GROUPS = ("Titles", "Release", "Numbers", "Companies", "Timeline", "Places")
QUOTE_KINDS = ("interview", "dialogue", "lyric")
MAX_KEYWORD_LENGTH = 60  # Discord's limit for one AutoMod keyword

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?$")
_AT_RE = re.compile(r"^(?P<msg>.*?)(?: - at `(?P<path>\$[^`]*)`)?$", re.DOTALL)
_SEGMENT_RE = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[\.\.\.\]")
_NAMED_FIELD_RE = re.compile(r"^Object (?:contains unknown|missing required) field `([^`]+)`$")


class ContentError(Exception):
    """The content in data/ is broken; ``errors`` lists every problem, one line each."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# --- one struct per file (the top-level shape) -------------------------------------------


class _FileShape(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class _CastFile(_FileShape, frozen=True):
    cast: tuple[CastMember, ...]


class _CrewFile(_FileShape, frozen=True):
    crew: tuple[CrewMember, ...]


class _QuotesFile(_FileShape, frozen=True):
    quotes: tuple[Quote, ...]


class _TriviaFile(_FileShape, frozen=True):
    trivia: tuple[TriviaQuestion, ...]


# --- error formatting -----------------------------------------------------------------------

Segment = str | int  # a mapping key or a list index


def _where(label: str, item: tuple[Segment, ...] = (), item_id: str | None = None, field: str = "") -> str:
    parts = [label]
    if item:
        shown = _format_path(item)
        if item_id is None and len(item) == 1 and isinstance(item[0], str):
            item_id = item[0]  # a sources.yaml entry: its key is its id
        parts.append(f"item '{item_id}' ({shown})" if item_id and item_id != shown else f"item '{shown}'")
    if field:
        parts.append(f"field '{field}'")
    return ": ".join(parts)


def _format_path(segments: tuple[Segment, ...] | list[Segment]) -> str:
    out = ""
    for seg in segments:
        if isinstance(seg, int):
            out += f"[{seg}]"
        else:
            out += f".{seg}" if out else seg
    return out


def _parse_path(path: str) -> list[Segment]:
    segments: list[Segment] = []
    for match in _SEGMENT_RE.finditer(path[1:]):
        name, index = match.group(1), match.group(2)
        if name is not None:
            segments.append(name)
        elif index is not None:
            segments.append(int(index))
        else:
            segments.append("...")
    return segments


def _lookup(raw: Any, segments: tuple[Segment, ...]) -> Any:
    node = raw
    for seg in segments:
        try:
            node = node[seg]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _item_id(node: Any) -> str | None:
    if isinstance(node, dict):
        value = node.get("id")
        if isinstance(value, str) and value:
            return value
    return None


def _clean_message(msg: str) -> str:
    msg = msg.replace("`", "")
    if msg.startswith("Expected str, got "):
        got = msg.removeprefix("Expected str, got ")
        if got in ("date", "datetime", "time"):
            msg += " (put dates in quotes: '2025-06-06')"
        elif got in ("int", "float", "bool"):
            msg += " (put the value in quotes so YAML keeps it as text)"
    return msg


def _validation_message(
    label: str, err: msgspec.ValidationError, raw: Any, prefix: tuple[Segment, ...] = ()
) -> str:
    """Turn ``Expected `str`, got `int` - at `$.cast[3].actor``` into file / item / field form.

    ``prefix`` is where the converted value sits in the file (used for sources, which are
    converted one entry at a time, so that the entry's key becomes the item).
    """
    match = _AT_RE.match(str(err))
    assert match is not None  # the pattern matches any string
    msg, path = match.group("msg"), match.group("path") or "$"
    segments = list(prefix) + _parse_path(path)
    named = _NAMED_FIELD_RE.match(msg)
    if named:
        segments.append(named.group(1))
        msg = "unknown field (not part of the schema)" if "unknown" in msg else "missing required field"
    else:
        msg = _clean_message(msg)
    # The item is everything up to the first list index (cast[3], facts[0]) or, for sources, the key.
    cut = next((i + 1 for i, seg in enumerate(segments) if isinstance(seg, int)), len(prefix))
    item, field = tuple(segments[:cut]), segments[cut:]
    return f"{_where(label, item, _item_id(_lookup(raw, item)), _format_path(field))}: {msg}"


# --- reading ----------------------------------------------------------------------------------


def _read_yaml(path: Path, label: str, errors: list[str]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        errors.append(f"{label}: file not found")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{label}: cannot read the file: {exc}")
        return None
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        errors.append(f"{label}: YAML syntax error at {where}: {problem}")
        return None
    except yaml.YAMLError as exc:
        errors.append(f"{label}: YAML error: {exc}")
        return None
    if data is None:
        errors.append(f"{label}: file is empty")
    return data


def _convert(raw: Any, type_: Any, label: str, errors: list[str]) -> Any:
    try:
        return msgspec.convert(raw, type_)
    except msgspec.ValidationError as exc:
        errors.append(_validation_message(label, exc, raw))
        return None


def _convert_sources(raw: Any, label: str, errors: list[str]) -> dict[str, Source] | None:
    if not isinstance(raw, dict):
        errors.append(f"{label}: expected a mapping of source key -> {{title, url, note}}")
        return None
    sources: dict[str, Source] = {}
    ok = True
    for key, entry in raw.items():
        if not isinstance(key, str) or not key:
            errors.append(f"{label}: source key {key!r} must be non-empty text")
            ok = False
            continue
        if not isinstance(entry, dict):
            errors.append(f"{_where(label, (key,))}: expected a mapping with title, url and note")
            ok = False
            continue
        if "key" in entry:
            where = _where(label, (key,), field="key")
            errors.append(f"{where}: the source's key is its mapping key; remove this field")
            ok = False
            continue
        try:
            sources[key] = msgspec.convert({**entry, "key": key}, Source)
        except msgspec.ValidationError as exc:
            errors.append(_validation_message(label, exc, raw, prefix=(key,)))
            ok = False
    return sources if ok else None


# --- cross-checks -----------------------------------------------------------------------------


def _empty_text(obj: msgspec.Struct, path: tuple[Segment, ...] = ()) -> Iterator[tuple[str, str]]:
    """Yield (field path, problem) for required text left empty, recursing into nested records."""
    for info in msgspec.structs.fields(obj):
        value = getattr(obj, info.name)
        here = (*path, info.name)
        if isinstance(value, str):
            may_be_empty = info.default == ""
            if not value.strip() and not may_be_empty:
                yield _format_path(here), "must not be empty"
        elif isinstance(value, tuple):
            for i, element in enumerate(value):
                if isinstance(element, str) and not element.strip():
                    yield _format_path((*here, i)), "must not be empty"
        elif isinstance(value, msgspec.Struct):
            yield from _empty_text(value, here)


class _Item:
    """One record with where it lives, for cross-check messages."""

    __slots__ = ("label", "path", "record")

    def __init__(self, label: str, path: tuple[Segment, ...], record: Any) -> None:
        self.label, self.path, self.record = label, path, record

    def where(self, field: str = "") -> str:
        return _where(self.label, self.path, getattr(self.record, "id", None), field)


def _check_sources_of(item: _Item, sources: dict[str, Source], errors: list[str]) -> None:
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


def _check_citable(item: _Item, field: str, source: Source, errors: list[str]) -> None:
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
            where = _where(label, (key,), field="publisher")
            errors.append(f"{where}: a cited source needs a publisher (who published it, not a web address)")


def _records(content: Content) -> Iterator[Any]:
    yield from content.film.facts
    yield from content.cast
    yield from content.crew
    yield from content.quotes
    yield from content.trivia


def _check_source_entry(key: str, source: Source, label: str, errors: list[str]) -> None:
    for field, problem in _empty_text(source):
        errors.append(f"{_where(label, (key,), field=field)}: {problem}")
    if source.url and not source.url.startswith(("https://", "http://")):
        where = _where(label, (key,), field="url")
        errors.append(f"{where}: must start with https:// (or be empty when not recorded)")
    if source.url_is_a_copy and not source.url:
        where = _where(label, (key,), field="url_is_a_copy")
        errors.append(f"{where}: only a recorded url can be a copy")
    if source.date and not _DATE_RE.match(source.date):
        where = _where(label, (key,), field="date")
        errors.append(f"{where}: write the date as 'YYYY-MM-DD' or 'YYYY-MM', got '{source.date}'")


def _check_trivia(item: _Item, errors: list[str]) -> None:
    q: TriviaQuestion = item.record
    shown = [q.answer, *q.wrong_answers]
    if len({s.strip().casefold() for s in shown}) != len(shown):
        errors.append(f"{item.where('wrong_answers')}: the answer and the wrong answers must all differ")
    wrong = {normalise_answer(w): w for w in q.wrong_answers}
    correct = [("answer", q.answer)]
    correct += [(f"accepted_answers[{i}]", a) for i, a in enumerate(q.accepted_answers)]
    for field, text in correct:
        clash = wrong.get(normalise_answer(text))
        if clash is not None:
            errors.append(f"{item.where(field)}: '{text}' is also a wrong answer ('{clash}') when typed")


def _check_quote(item: _Item, sources: dict[str, Source], errors: list[str]) -> None:
    q: Quote = item.record
    if q.kind not in QUOTE_KINDS:
        errors.append(f"{item.where('kind')}: must be one of {', '.join(QUOTE_KINDS)}, got '{q.kind}'")
    if q.as_quoted_in is not None:
        if q.as_quoted_in not in sources:
            errors.append(
                f"{item.where('as_quoted_in')}: unknown source key '{q.as_quoted_in}' (not in {SOURCES_FILE})"
            )
        elif q.as_quoted_in not in q.sources:
            errors.append(f"{item.where('as_quoted_in')}: '{q.as_quoted_in}' must also be listed in sources")
    if q.profanity_words and not q.profanity:
        errors.append(f"{item.where('profanity')}: profanity_words are listed, so profanity must be true")
    if q.profanity and not q.profanity_words:
        errors.append(f"{item.where('profanity_words')}: list the words to mask when profanity is true")
    lowered = q.text.casefold()
    for i, word in enumerate(q.profanity_words):
        if word and word.casefold() not in lowered:
            errors.append(f"{item.where(f'profanity_words[{i}]')}: '{word}' does not occur in the text")


def _cross_check(content: Content, labels: dict[str, str], errors: list[str]) -> None:
    items: list[_Item] = []
    items += [_Item(labels[FILM_FILE], ("facts", i), f) for i, f in enumerate(content.film.facts)]
    items += [_Item(labels[CAST_FILE], ("cast", i), c) for i, c in enumerate(content.cast)]
    items += [_Item(labels[CREW_FILE], ("crew", i), c) for i, c in enumerate(content.crew)]
    items += [_Item(labels[QUOTES_FILE], ("quotes", i), q) for i, q in enumerate(content.quotes)]
    items += [_Item(labels[TRIVIA_FILE], ("trivia", i), t) for i, t in enumerate(content.trivia)]

    for field, problem in _empty_text(content.film):  # title, marketing_title, spoiler_keywords
        errors.append(f"{_where(labels[FILM_FILE], field=field)}: {problem}")
    for key, source in content.sources.items():
        _check_source_entry(key, source, labels[SOURCES_FILE], errors)
    _check_cited_sources(content, labels[SOURCES_FILE], errors)

    seen: dict[str, _Item] = {}
    for item in items:
        record = item.record
        if not _ID_RE.match(record.id):
            errors.append(f"{item.where('id')}: ids are lower-case kebab-case, like 'cast-ana-de-armas'")
        first = seen.setdefault(record.id, item)
        if first is not item:
            other = f"{first.label} ({_format_path(first.path)})"
            errors.append(f"{item.where('id')}: duplicate id, already used by {other}")
        for field, problem in _empty_text(record):
            errors.append(f"{item.where(field)}: {problem}")
        for field, limit in MAX_LENGTHS.get(type(record), {}).items():
            text = _field_text(record, field)
            if len(text) > limit:
                errors.append(
                    f"{item.where(field)}: at most {limit} characters so it fits a message, got {len(text)}"
                )
        _check_sources_of(item, content.sources, errors)

        if isinstance(record, FilmFact):
            if record.group not in FACT_GROUPS:
                groups = ", ".join(FACT_GROUPS)
                errors.append(f"{item.where('group')}: must be one of {groups}, got '{record.group}'")
            for i, figure in enumerate(record.figures):
                unreadable = figures.problem(figure)
                if unreadable is not None:
                    errors.append(f"{item.where(f'figures[{i}]')}: {unreadable}")
        elif isinstance(record, CastMember) and record.spoiler_note is not None:
            if record.spoiler_note.level is SpoilerLevel.NONE:
                errors.append(f"{item.where('spoiler_note.level')}: a spoiler note's level is minor or major")
        elif isinstance(record, Quote):
            _check_quote(item, content.sources, errors)
        elif isinstance(record, TriviaQuestion):
            _check_trivia(item, errors)

    film_label = labels[FILM_FILE]
    seen_keywords: set[str] = set()
    for i, keyword in enumerate(content.film.spoiler_keywords):
        where = _where(film_label, field=f"spoiler_keywords[{i}]")
        if len(keyword) > MAX_KEYWORD_LENGTH:
            errors.append(f"{where}: at most {MAX_KEYWORD_LENGTH} characters (AutoMod's limit)")
        if keyword.casefold() in seen_keywords:
            errors.append(f"{where}: '{keyword}' is listed twice")
        seen_keywords.add(keyword.casefold())


# Longest text per field, so every answer fits Discord's limits (1024 per embed field,
# 4096 per description, 100 per autocomplete choice) with room for labels and tags.
MAX_LENGTHS: dict[type, dict[str, int]] = {
    CastMember: {"actor": 80, "character": 80, "description": 1000, "spoiler_note.text": 900},
    CrewMember: {"name": 80, "job": 120, "note": 900},
    Quote: {"speaker": 80, "speaker_is": 120, "text": 1500, "context": 500},
    TriviaQuestion: {
        "question": 250,
        "answer": 80,
        "wrong_answers[0]": 80,
        "wrong_answers[1]": 80,
        "wrong_answers[2]": 80,
        "explanation": 600,
    },
    FilmFact: {"label": 200, "value": 900},
}


def _field_text(record: Any, field: str) -> str:
    """The text at a dotted path like 'spoiler_note.text' or 'wrong_answers[1]' ('' if absent)."""
    value: Any = record
    for part in field.split("."):
        name, _, index = part.partition("[")
        value = getattr(value, name, None)
        if value is not None and index:
            value = value[int(index.rstrip("]"))]
        if value is None:
            return ""
    return str(value)


# --- entry point ------------------------------------------------------------------------------


def load_content(data_dir: Path = DEFAULT_DATA_DIR) -> Content:
    """Read and check every file in ``data_dir``; raise ``ContentError`` listing all problems."""
    data_dir = Path(data_dir)
    labels = {name: f"{data_dir.name}/{name}" for name in FILES}
    errors: list[str] = []
    raw = {name: _read_yaml(data_dir / name, labels[name], errors) for name in FILES}

    def decode(name: str, type_: Any) -> Any:
        return None if raw[name] is None else _convert(raw[name], type_, labels[name], errors)

    sources = None
    if raw[SOURCES_FILE] is not None:
        sources = _convert_sources(raw[SOURCES_FILE], labels[SOURCES_FILE], errors)
    film: Film | None = decode(FILM_FILE, Film)
    cast: _CastFile | None = decode(CAST_FILE, _CastFile)
    crew: _CrewFile | None = decode(CREW_FILE, _CrewFile)
    quotes: _QuotesFile | None = decode(QUOTES_FILE, _QuotesFile)
    trivia: _TriviaFile | None = decode(TRIVIA_FILE, _TriviaFile)
    if errors:
        raise ContentError(errors)
    # No errors means every file was read and converted.
    assert sources is not None
    assert film is not None
    assert cast is not None
    assert crew is not None
    assert quotes is not None
    assert trivia is not None

    content = Content(
        film=film,
        cast=cast.cast,
        crew=crew.crew,
        quotes=quotes.quotes,
        trivia=trivia.trivia,
        sources=sources,
    )
    _cross_check(content, labels, errors)
    if errors:
        raise ContentError(errors)
    return content
