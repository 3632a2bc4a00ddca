"""A form's ``# i18n: limit N`` says Discord's limit for where its text goes.

The catalogue check holds every translation to its marker (``test_catalogues_complete.py``), so a
marker above Discord's limit lets a translation through that Discord then refuses: the whole form
fails to open in that language. Text inputs had 150, a select menu's limit, on their placeholders.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Discord's limits on a modal's text input (its API spec: TextInputComponentForModalRequest).
TEXT_INPUT = {"placeholder": 100, "label": 45}
MARKER = re.compile(r"#\s*i18n: limit (\d+)")


def text_input_markers(source: str) -> Iterator[tuple[int, str, int]]:
    """(line, keyword, N) for each marked placeholder or label given to a ``TextInput``."""
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name != "TextInput":
            continue
        for keyword in node.keywords:
            if keyword.arg in TEXT_INPUT:
                found = MARKER.search(lines[keyword.value.lineno - 2])  # the comment right above
                if found:
                    yield keyword.value.lineno, keyword.arg, int(found.group(1))


def test_text_input_markers_are_within_discords_limits() -> None:
    seen = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for line, keyword, limit in text_input_markers(path.read_text(encoding="utf-8")):
            seen.append((f"{path.relative_to(ROOT)}:{line}", keyword, limit))
    too_long = [s for s in seen if s[2] > TEXT_INPUT[s[1]]]
    assert not too_long, f"over Discord's limit for a text input: {too_long}"
    assert len(seen) >= 5, seen  # the scan does find the forms' texts


def test_the_scan_reads_a_marker_above_a_keyword() -> None:
    source = 'x = discord.ui.TextInput(\n    # i18n: limit 150\n    placeholder=_("Hi"),\n)\n'
    assert list(text_input_markers(source)) == [(3, "placeholder", 150)]
