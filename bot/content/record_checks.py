"""Checks of one record by its kind: required text, lengths that fit Discord, and each kind's rules
(a source entry, a film fact and its figures, a cast member's spoiler note, a quote, a trivia question).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import msgspec

from bot.content.files import SOURCES_FILE
from bot.content.locations import Item, Segment, format_path, locate
from bot.domain import figures
from bot.domain.content import CastMember, CrewMember, FilmFact, Quote, Source, SpoilerLevel, TriviaQuestion
from bot.domain.text import normalise_answer

FACT_GROUPS = ("Titles", "Release", "Numbers", "Companies", "Timeline", "Places")
QUOTE_KINDS = ("interview", "dialogue", "lyric")
_DATE_RE = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?$")


@cache
def _fields(kind: type[msgspec.Struct]) -> tuple[msgspec.structs.FieldInfo, ...]:
    return msgspec.structs.fields(kind)  # resolving the annotations is slow: once a record type


def empty_text(obj: msgspec.Struct, path: tuple[Segment, ...] = ()) -> Iterator[tuple[str, str]]:
    """Yield (field path, problem) for required text left empty, recursing into nested records."""
    for info in _fields(type(obj)):
        value = getattr(obj, info.name)
        here = (*path, info.name)
        if isinstance(value, str):
            may_be_empty = info.default == ""
            if not value.strip() and not may_be_empty:
                yield format_path(here), "must not be empty"
        elif isinstance(value, tuple):
            for i, element in enumerate(value):
                if isinstance(element, str) and not element.strip():
                    yield format_path((*here, i)), "must not be empty"
        elif isinstance(value, msgspec.Struct):
            yield from empty_text(value, here)


def check_source_entry(key: str, source: Source, label: str, errors: list[str]) -> None:
    for field, problem in empty_text(source):
        errors.append(f"{locate(label, (key,), field=field)}: {problem}")
    if source.url and not source.url.startswith(("https://", "http://")):
        where = locate(label, (key,), field="url")
        errors.append(f"{where}: must start with https:// (or be empty when not recorded)")
    if source.url_is_a_copy and not source.url:
        where = locate(label, (key,), field="url_is_a_copy")
        errors.append(f"{where}: only a recorded url can be a copy")
    if source.date and not _DATE_RE.match(source.date):
        where = locate(label, (key,), field="date")
        errors.append(f"{where}: write the date as 'YYYY-MM-DD' or 'YYYY-MM', got '{source.date}'")


def _check_trivia(item: Item, errors: list[str]) -> None:
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


def _check_quote(item: Item, sources: dict[str, Source], errors: list[str]) -> None:
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


def check_kind(item: Item, sources: dict[str, Source], errors: list[str]) -> None:
    """The rules of ``item``'s kind of record."""
    record = item.record
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
        _check_quote(item, sources, errors)
    elif isinstance(record, TriviaQuestion):
        _check_trivia(item, errors)


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


def check_lengths(item: Item, errors: list[str]) -> None:
    """Text longer than ``MAX_LENGTHS`` allows for the record's kind."""
    record = item.record
    for field, limit in MAX_LENGTHS.get(type(record), {}).items():
        text = _field_text(record, field)
        if len(text) > limit:
            errors.append(
                f"{item.where(field)}: at most {limit} characters so it fits a message, got {len(text)}"
            )
