"""Where a problem is, as every content message names it: file, item (by id when it has one), field.

data/cast.yaml: item 'cast-ana-de-armas' (cast[0]): field 'actor'
"""

from __future__ import annotations

from typing import Any

Segment = str | int  # a mapping key or a list index


def locate(label: str, item: tuple[Segment, ...] = (), item_id: str | None = None, field: str = "") -> str:
    parts = [label]
    if item:
        shown = format_path(item)
        if item_id is None and len(item) == 1 and isinstance(item[0], str):
            item_id = item[0]  # a sources.yaml entry: its key is its id
        parts.append(f"item '{item_id}' ({shown})" if item_id and item_id != shown else f"item '{shown}'")
    if field:
        parts.append(f"field '{field}'")
    return ": ".join(parts)


def format_path(segments: tuple[Segment, ...] | list[Segment]) -> str:
    out = ""
    for seg in segments:
        if isinstance(seg, int):
            out += f"[{seg}]"
        else:
            out += f".{seg}" if out else seg
    return out


class Item:
    """One record with where it lives, for cross-check messages."""

    __slots__ = ("label", "path", "record")

    def __init__(self, label: str, path: tuple[Segment, ...], record: Any) -> None:
        self.label, self.path, self.record = label, path, record

    def where(self, field: str = "") -> str:
        return locate(self.label, self.path, getattr(self.record, "id", None), field)
