"""The README's settings table and its export example follow the settings table (SETTINGS).

When a setting is added, this fails with the README's new table to paste in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bot.domain.settings import SETTING_KEYS, SETTINGS
from bot.storage.sql.settings_store import column_value

README = Path(__file__).resolve().parents[2] / "README.md"
BEGIN = "<!-- settings table: from SETTINGS in bot/domain/settings.py, checked by a test -->"
END = "<!-- end of settings table -->"


def settings_table() -> str:
    rows = ["| Area | Setting | Key | Values | Default | Set with |", "| --- | --- | --- | --- | --- | --- |"]
    for key, spec in SETTINGS.items():
        command, option = spec.option
        values = spec.allowed + ("; 0: no limit" if spec.bounds and spec.bounds.low == 0 else "")
        rows.append(
            f"| {spec.group} | {spec.label} | `{key}` | {values} | {spec.text(spec.default)} "
            f"| `/{command} {option}:` |"
        )
    return "\n".join(rows)


def test_the_readme_lists_every_setting_as_the_table_declares_it() -> None:
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    shown = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert shown == settings_table(), "paste this into README.md:\n" + settings_table()


def example_row() -> str:
    """A new server's guild_settings row as /server export writes it (a reports channel set)."""
    row: dict[str, Any] = {"guild_id": "111111111111111111"}
    for key, spec in SETTINGS.items():
        value = column_value(spec.default)
        row[key] = "333333333333333333" if key == "reports_channel_id" else value
    row["updated_at"] = 1780000000
    return json.dumps(row, ensure_ascii=False)


def test_the_readme_export_example_has_every_settings_column() -> None:
    text = README.read_text(encoding="utf-8")
    line = re.search(r'^\{"guild_id": .*"updated_at": \d+\}$', text, re.MULTILINE)
    assert line is not None, "the README's /server export example lost its guild_settings row"
    assert line.group(0) == example_row(), "paste this into README.md:\n" + example_row()
    row = json.loads(line.group(0))
    assert list(row) == ["guild_id", *SETTING_KEYS, "updated_at"]
    for key, spec in SETTINGS.items():  # ids as strings, numbers as numbers
        if spec.snowflake or spec.bounds is not None:
            assert row[key] is None or isinstance(row[key], str) == spec.snowflake, key
