"""The README's languages table is the one in ``bot/i18n/languages.py`` (declared once there)."""

from __future__ import annotations

from pathlib import Path

from bot.i18n import LANGUAGES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_language_as_declared() -> None:
    lines = [
        f"| {language.name} | `{language.code}` | {', '.join(language.discord)} |" for language in LANGUAGES
    ]
    table = "\n".join(["| Language | Code | Discord client languages |", "| --- | --- | --- |", *lines])
    assert table in README.read_text(encoding="utf-8"), "paste this into README.md:\n" + table
