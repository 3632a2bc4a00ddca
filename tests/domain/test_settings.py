"""Server settings in the domain: canonical values, what counts as a change, and its audit text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.domain.errors import InvalidInput
from bot.domain.settings import (
    SETTING_KEYS,
    GuildSettings,
    changes_between,
    normalise,
    setting_text,
    spoiler_channel_change,
)
from bot.domain.spoilers import Mode, Threshold


def test_stored_forms_read_back_as_the_values_they_were() -> None:
    settings = GuildSettings(7)
    stored = {
        **settings.values(),  # every other setting as it is by default
        "spoiler_mode": "hide",
        "spoiler_threshold": "major",
        "embargo_until": 1_780_000_000,
        "allow_profanity": 1,
        "trivia_time_limit": 30,
        "trivia_question_count": 5,
        "trivia_points": 250,
        "automod_rule_id": None,
        "reports_channel_id": 55,
        "cooldown_lookups": 0,
        "cooldown_trivia": 7,
        "cooldown_reports": 30,
    }
    read = GuildSettings.from_values(7, stored, frozenset({3}))
    assert read.spoilers.mode is Mode.HIDE and read.spoilers.threshold is Threshold.MAJOR
    assert read.spoilers.embargo_until == datetime.fromtimestamp(1_780_000_000, UTC)
    assert read.allow_profanity is True
    assert read.spoilers.spoiler_channels == {3}
    assert read.reports_channel_id == 55
    assert (read.cooldowns.lookups, read.cooldowns.trivia, read.cooldowns.reports) == (0, 7, 30)
    assert GuildSettings.from_values(7, settings.values()) == settings
    assert set(settings.values()) == set(SETTING_KEYS)


def test_a_corrupt_stored_value_fails_loudly() -> None:
    stored = dict(GuildSettings(7).values(), trivia_points=0)
    with pytest.raises(InvalidInput, match="between 1 and 1000"):
        GuildSettings.from_values(7, stored)


def test_embargo_is_kept_in_utc_to_the_second() -> None:
    local = datetime(2026, 6, 6, 20, 0, 59, 999, tzinfo=timezone(timedelta(hours=2)))
    assert normalise("embargo_until", local) == datetime(2026, 6, 6, 18, 0, 59, tzinfo=UTC)
    assert setting_text(normalise("embargo_until", local)) == "2026-06-06T18:00:59Z"


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "none"), (True, "on"), (False, "off"), (Mode.OPEN, "open"), (30, "30")],
)
def test_setting_text(value: object, text: str) -> None:
    assert setting_text(value) == text


def test_changes_between_lists_only_real_changes_in_key_order() -> None:
    current = GuildSettings(7).values()
    wanted = {"trivia_points": 100, "spoiler_mode": Mode.HIDE, "allow_profanity": True}
    made = changes_between(current, wanted)
    assert [(c.setting, c.old, c.new) for c in made] == [
        ("spoiler_mode", "tag", "hide"),
        ("allow_profanity", "off", "on"),
    ]


def test_a_spoiler_channel_change_names_its_channel() -> None:
    on = spoiler_channel_change(42, True)
    assert (on.setting, on.old, on.new) == ("spoiler_channel:42", "not allowed", "allowed")
    off = spoiler_channel_change(42, False)
    assert (off.old, off.new) == ("allowed", "not allowed")


def test_a_refusal_and_a_value_read_in_the_moderators_language() -> None:
    """Validation messages are translated as they are raised, values as they are shown; the
    canonical text the history keeps stays English."""
    from bot.domain.settings import SETTINGS
    from bot.i18n import by_code, use_language

    french, german = by_code("fr"), by_code("de")
    assert french is not None and german is not None
    with use_language(french), pytest.raises(InvalidInput) as refused:
        normalise("allow_profanity", "maybe")
    assert refused.value.message == "Grossièretés dans les citations doit valoir on ou off (reçu : 'maybe')."
    with use_language(german):
        assert SETTINGS["trivia_points"].text(1000) == "1.000"
        assert SETTINGS["cooldown_lookups"].text(0) == "kein Limit"
        assert SETTINGS["allow_profanity"].text(True) == "an"
        assert setting_text(True) == "on"
    assert SETTINGS["trivia_points"].text(1000) == "1,000"
