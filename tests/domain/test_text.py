"""Escaping, folding and masking: the guards between user text and Discord markdown."""

from __future__ import annotations

import random

import pytest

from bot.domain.text import (
    escape_user_text,
    fold,
    fold_unicode,
    mask_profanity,
    normalise_answer,
    spoiler_tag,
    truncate,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Ána de Ármas", "ana de armas"),
        ("  MCSHANE!! ", "mcshane"),
        ("Winston's", "winstons"),
        ("Chapter 3 - Parabellum", "chapter 3 parabellum"),
        ("Lilo & Stitch", "lilo and stitch"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_folding_plain_ascii_takes_a_shortcut_to_the_same_result() -> None:
    """Every ASCII character (controls, punctuation, spaces) in every position, and random mixes."""
    ascii_chars = [chr(n) for n in range(128)]
    texts = [f"{c}A{c}b {c}" for c in ascii_chars] + [f"{a}{b}" for a in ascii_chars for b in " a&'-"]
    rng = random.Random(21)
    texts += ["".join(rng.choices(ascii_chars, k=rng.randrange(12))) for _ in range(20_000)]
    for text in texts:
        assert fold(text) == fold_unicode(text), repr(text)


def test_normalise_answer_drops_leading_article() -> None:
    assert normalise_answer("The Director") == "director"
    assert normalise_answer("An Armorer") == "armorer"


@pytest.mark.parametrize(
    "attack",
    ["@everyone hi", "<@123456789012345678>", "<@&123456789012345678>", "@here", "<#123456789012345678>"],
)
def test_escape_defuses_mentions(attack: str) -> None:
    escaped = escape_user_text(attack)
    assert "@everyone" not in escaped and "@here" not in escaped
    assert "<@1" not in escaped and "<@&1" not in escaped and "<#1" not in escaped


def test_escape_stops_markdown_and_spoiler_breakout() -> None:
    escaped = escape_user_text("||oops|| **bold** `code`")
    assert "||" not in escaped.replace("\\|", "")
    assert "\\*\\*bold\\*\\*" in escaped and "\\`code\\`" in escaped


def test_escape_truncates_and_flattens() -> None:
    escaped = escape_user_text("a" * 300 + "\nb", limit=50)
    assert len(escaped) <= 50 and "\n" not in escaped


def test_mask_profanity() -> None:
    assert mask_profanity("This is pretty fucking cool", ("fucking",)) == "This is pretty f****** cool"
    assert mask_profanity("Oh SHIT", ("shit",)) == "Oh S***"
    assert mask_profanity("clean", ("shit",)) == "clean"


def test_truncate() -> None:
    assert truncate("short", 10) == "short"
    assert truncate("a long sentence here", 10) == "a long se…"
    assert len(truncate("x" * 500, 100)) == 100


@pytest.mark.parametrize("limit", [5, 10, 23, 24, 25, 100, 1024])
@pytest.mark.parametrize(
    "text",
    [
        spoiler_tag("Winston found the orphaned Eve " * 60),
        "Plain start, then " + spoiler_tag("a long hidden part " * 40) + " and a plain end",
        spoiler_tag("bars | inside \\ and " * 50),
        "a" * 30 + "||" + "b" * 2000 + "||",
    ],
)
def test_truncating_never_leaves_a_spoiler_tag_open(text: str, limit: int) -> None:
    cut = truncate(text, limit)
    assert len(cut) <= limit
    # Count unescaped || pairs: an even number means every tag that was opened is closed.
    i, bars = 0, 0
    while i < len(cut):
        if cut[i] == "\\":
            i += 2
        elif cut.startswith("||", i):
            bars += 1
            i += 2
        else:
            i += 1
    assert bars % 2 == 0, cut
