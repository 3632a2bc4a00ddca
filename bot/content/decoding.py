"""Reading the files in ``data/``: YAML in, typed records out, each problem as one message.

Each file is parsed with PyYAML's C loader when available and converted with msgspec, so a
wrong type, a missing field or an unknown field is an error; msgspec's ``$.cast[3].actor``
becomes the file / item / field form of ``bot.content.locations``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec
import yaml

from bot.content.locations import Segment, format_path, locate
from bot.domain.content import CastMember, CrewMember, Quote, Source, TriviaQuestion

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_AT_RE = re.compile(r"^(?P<msg>.*?)(?: - at `(?P<path>\$[^`]*)`)?$", re.DOTALL)
_SEGMENT_RE = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[\.\.\.\]")
_NAMED_FIELD_RE = re.compile(r"^Object (?:contains unknown|missing required) field `([^`]+)`$")


# --- one struct per file (the top-level shape) -------------------------------------------


class _FileShape(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class CastFile(_FileShape, frozen=True):
    cast: tuple[CastMember, ...]


class CrewFile(_FileShape, frozen=True):
    crew: tuple[CrewMember, ...]


class QuotesFile(_FileShape, frozen=True):
    quotes: tuple[Quote, ...]


class TriviaFile(_FileShape, frozen=True):
    trivia: tuple[TriviaQuestion, ...]


# --- error formatting -----------------------------------------------------------------------


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
    return f"{locate(label, item, _item_id(_lookup(raw, item)), format_path(field))}: {msg}"


# --- reading ----------------------------------------------------------------------------------


def read_yaml(path: Path, label: str, errors: list[str]) -> Any:
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


def convert(raw: Any, type_: Any, label: str, errors: list[str]) -> Any:
    try:
        return msgspec.convert(raw, type_)
    except msgspec.ValidationError as exc:
        errors.append(_validation_message(label, exc, raw))
        return None


def convert_sources(raw: Any, label: str, errors: list[str]) -> dict[str, Source] | None:
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
            errors.append(f"{locate(label, (key,))}: expected a mapping with title, url and note")
            ok = False
            continue
        if "key" in entry:
            where = locate(label, (key,), field="key")
            errors.append(f"{where}: the source's key is its mapping key; remove this field")
            ok = False
            continue
        try:
            sources[key] = msgspec.convert({**entry, "key": key}, Source)
        except msgspec.ValidationError as exc:
            errors.append(_validation_message(label, exc, raw, prefix=(key,)))
            ok = False
    return sources if ok else None
