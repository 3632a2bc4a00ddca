"""What a search compares: a typed text or a key, folded and without filler words.

Everything is folded (case, accents, punctuation) and filler words are dropped from both the
query and the keys, so "Who plays the Director?" and "director" meet the same key.
"""

from __future__ import annotations

from bot.domain.text import fold

# Words that carry no identity: "who plays the director" → "director".
FILLER = frozenset(
    [
        "who",
        "whos",
        "is",
        "was",
        "are",
        "the",
        "a",
        "an",
        "of",
        "in",
        "as",
        "for",
        "by",
        "to",
        "plays",
        "played",
        "play",
        "playing",
        "actor",
        "actress",
        "character",
        "role",
        "person",
        "credit",
        "credited",
        "name",
        "film",
        "movie",
        "ballerina",
        "what",
        "which",
    ]
)
# A cast query with one of these words is about an actor; a crew query about the people behind the camera.
CAST_HINTS = frozenset(["plays", "played", "playing", "actor", "actress", "character", "role", "cast"])

MIN_SCORE = 62.0  # below this a result is noise, not a match


def asks_about_acting(query: str) -> bool:
    """'who plays…', 'the actress…': the question is about the cast, whatever else it names."""
    return bool(set(fold(query).split()) & CAST_HINTS)


def strip_filler(folded: str) -> str:
    words = [w for w in folded.split() if w not in FILLER]
    return " ".join(words) if words else folded


def search_form(text: str) -> str:
    return strip_filler(fold(text))
