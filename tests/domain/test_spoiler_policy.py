"""The spoiler policy as a table over every combination of its inputs."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.content import SpoilerLevel
from bot.domain.spoilers import (
    WITHHELD_SHORT,
    WITHHELD_TEXT,
    Action,
    Audience,
    Mode,
    Redactor,
    SpoilerRules,
    Threshold,
    decide,
    describe_remaining,
    parse_embargo,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SPOILER_CHANNEL, OTHER_CHANNEL = 111, 222


def expected(level, mode, threshold, in_spoiler_channel, embargo, ephemeral, seen) -> Action:
    """The rules as README states them, written independently of decide()."""
    is_spoiler = level == SpoilerLevel.MAJOR or (level == SpoilerLevel.MINOR and threshold == Threshold.MINOR)
    if not is_spoiler:
        return Action.SHOW
    if ephemeral and seen:
        return Action.SHOW
    if embargo:
        return Action.WITHHOLD
    if in_spoiler_channel:
        return Action.SHOW
    return {Mode.OPEN: Action.SHOW, Mode.TAG: Action.TAG, Mode.HIDE: Action.WITHHOLD}[mode]


COMBINATIONS = list(
    itertools.product(
        list(SpoilerLevel),
        list(Mode),
        list(Threshold),
        [False, True],
        [False, True],
        [False, True],
        [False, True],
    )
)


def test_table_covers_every_combination() -> None:
    assert len(COMBINATIONS) == 3 * 3 * 2 * 2 * 2 * 2 * 2


@pytest.mark.parametrize(
    ("level", "mode", "threshold", "in_spoiler_channel", "embargo", "ephemeral", "seen"), COMBINATIONS
)
def test_decide_table(level, mode, threshold, in_spoiler_channel, embargo, ephemeral, seen) -> None:
    rules = SpoilerRules(
        mode=mode,
        threshold=threshold,
        spoiler_channels=frozenset({SPOILER_CHANNEL}),
        embargo_until=NOW + timedelta(days=2) if embargo else None,
    )
    audience = Audience(
        channel_id=SPOILER_CHANNEL if in_spoiler_channel else OTHER_CHANNEL,
        ephemeral=ephemeral,
        member_has_seen=seen,
    )
    assert decide(level, rules, audience, NOW) is expected(
        level, mode, threshold, in_spoiler_channel, embargo, ephemeral, seen
    )


def test_embargo_lifts_by_itself() -> None:
    rules = SpoilerRules(mode=Mode.OPEN, embargo_until=NOW + timedelta(hours=1))
    audience = Audience(channel_id=OTHER_CHANNEL)
    assert decide(SpoilerLevel.MAJOR, rules, audience, NOW) is Action.WITHHOLD
    assert decide(SpoilerLevel.MAJOR, rules, audience, NOW + timedelta(hours=1)) is Action.SHOW


def test_seen_does_not_unlock_public_replies() -> None:
    rules = SpoilerRules(mode=Mode.HIDE)
    assert decide(SpoilerLevel.MAJOR, rules, Audience(OTHER_CHANNEL, False, True), NOW) is Action.WITHHOLD


def test_redactor_applies_each_action() -> None:
    tag = Redactor(SpoilerRules(mode=Mode.TAG), Audience(OTHER_CHANNEL), now=NOW)
    assert tag.apply("Lena is her sister", SpoilerLevel.MAJOR) == "||Lena is her sister||"
    assert tag.apply("plain", SpoilerLevel.NONE) == "plain"
    hide = Redactor(SpoilerRules(mode=Mode.HIDE), Audience(OTHER_CHANNEL), now=NOW)
    assert hide.apply("Lena is her sister", SpoilerLevel.MAJOR) == WITHHELD_TEXT
    assert hide.apply("x", SpoilerLevel.MINOR, short=True) == WITHHELD_SHORT
    assert hide.withheld == 2


@pytest.mark.parametrize("text", ["a || b", "ends with \\", "||", "|||| nested ||x||", "a\\||b"])
def test_tagged_text_cannot_close_the_tag_early(text: str) -> None:
    tagged = Redactor(SpoilerRules(), Audience(OTHER_CHANNEL), now=NOW).apply(text, SpoilerLevel.MAJOR)
    inner = tagged[2:-2]
    assert tagged.startswith("||") and tagged.endswith("||")
    # Every bar inside is escaped, and no escape dangles before the closing bars.
    unescaped = inner.replace("\\\\", "").replace("\\|", "")
    assert "|" not in unescaped
    assert not inner.replace("\\\\", "").endswith("\\")


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("2026-06-06", datetime(2026, 6, 6, tzinfo=UTC)),
        ("2026-06-06 18:30", datetime(2026, 6, 6, 18, 30, tzinfo=UTC)),
        ("2026-06-06 18:30 +02:00", datetime(2026, 6, 6, 16, 30, tzinfo=UTC)),
        ("2026-06-06T18:30-05", datetime(2026, 6, 6, 23, 30, tzinfo=UTC)),
        ("2026-06-06 18:30 UTC", datetime(2026, 6, 6, 18, 30, tzinfo=UTC)),
        ("off", None),
        ("OFF", None),
    ],
)
def test_parse_embargo(text: str, expected_utc: datetime | None) -> None:
    assert parse_embargo(text, NOW) == expected_utc


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("tomorrow", "could not read"),
        ("2026-02-30", "not a real date"),
        ("2026-06-06 24:00", "not a real date"),
        ("2026-06-06 +15:00", "UTC offsets"),
        ("2026-05-01", "already passed"),
        ("2028-01-01", "at most a year"),
    ],
)
def test_parse_embargo_errors(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_embargo(text, NOW)


def test_describe_remaining() -> None:
    assert describe_remaining(NOW + timedelta(days=2, hours=3, minutes=5), NOW) == "2 days 3 hours"
    assert describe_remaining(NOW + timedelta(minutes=1), NOW) == "1 minute"
    assert describe_remaining(NOW, NOW) == "less than a minute"
