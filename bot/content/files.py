"""The files in ``data/``, by name: the loader reads them in this order and messages name them."""

from __future__ import annotations

SOURCES_FILE = "sources.yaml"
FILM_FILE = "film.yaml"
CAST_FILE = "cast.yaml"
CREW_FILE = "crew.yaml"
QUOTES_FILE = "quotes.yaml"
TRIVIA_FILE = "trivia.yaml"
FILES = (SOURCES_FILE, FILM_FILE, CAST_FILE, CREW_FILE, QUOTES_FILE, TRIVIA_FILE)
