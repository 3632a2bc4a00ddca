"""Load the film content from ``data/*.yaml`` into the typed records of ``bot.domain.content``.

Each file is read and decoded (``bot.content.decoding``: YAML, then msgspec, so a wrong type, a
missing field or an unknown field is an error), then the records are checked
(``bot.content.cross_checks``: ids unique across all files, source keys resolve, trivia answers
consistent, no empty text; each kind's own rules in ``bot.content.record_checks``).
Every problem found is reported at once in a ``ContentError`` whose lines name the file, the
item (by id when it has one) and the field (``bot.content.locations``), e.g.::

    data/cast.yaml: item 'cast-ana-de-armas' (cast[0]): field 'actor': Expected str, got int
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.content.cross_checks import cross_check
from bot.content.decoding import (
    CastFile,
    CrewFile,
    QuotesFile,
    TriviaFile,
    convert,
    convert_sources,
    read_yaml,
)
from bot.content.files import CAST_FILE, CREW_FILE, FILES, FILM_FILE, QUOTES_FILE, SOURCES_FILE, TRIVIA_FILE
from bot.content.record_checks import MAX_LENGTHS
from bot.domain.content import Content, Film

__all__ = ["DEFAULT_DATA_DIR", "FILES", "MAX_LENGTHS", "ContentError", "load_content"]


def _default_data_dir() -> Path:
    """data/ beside the package in a checkout; else data/ in the working directory (a plain
    `pip install .`, as in the Dockerfile, puts the package in site-packages)."""
    beside = Path(__file__).resolve().parents[2] / "data"
    return beside if (beside / SOURCES_FILE).exists() else Path.cwd() / "data"


DEFAULT_DATA_DIR = _default_data_dir()


class ContentError(Exception):
    """The content in data/ is broken; ``errors`` lists every problem, one line each."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def load_content(data_dir: Path = DEFAULT_DATA_DIR) -> Content:
    """Read and check every file in ``data_dir``; raise ``ContentError`` listing all problems."""
    data_dir = Path(data_dir)
    labels = {name: f"{data_dir.name}/{name}" for name in FILES}
    errors: list[str] = []
    raw = {name: read_yaml(data_dir / name, labels[name], errors) for name in FILES}

    def decode(name: str, type_: Any) -> Any:
        return None if raw[name] is None else convert(raw[name], type_, labels[name], errors)

    sources = None
    if raw[SOURCES_FILE] is not None:
        sources = convert_sources(raw[SOURCES_FILE], labels[SOURCES_FILE], errors)
    film: Film | None = decode(FILM_FILE, Film)
    cast: CastFile | None = decode(CAST_FILE, CastFile)
    crew: CrewFile | None = decode(CREW_FILE, CrewFile)
    quotes: QuotesFile | None = decode(QUOTES_FILE, QuotesFile)
    trivia: TriviaFile | None = decode(TRIVIA_FILE, TriviaFile)
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
    cross_check(content, labels, errors)
    if errors:
        raise ContentError(errors)
    return content
