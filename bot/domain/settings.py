"""A server's settings: defaults declared once, every value validated here and nowhere else.

Stores keep the values and their history; they do not judge them. A change is validated with
``normalise``, compared with the current values by ``changes_between`` and recorded as a
``SettingChange`` whose old and new values are plain canonical text (``setting_text``); the UI
turns that text into words and Discord markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from bot.domain.cooldowns import LOOKUPS, REPORTS, TRIVIA, CooldownSettings
from bot.domain.errors import InvalidInput
from bot.domain.spoilers import Mode, SpoilerRules, Threshold
from bot.domain.trivia.limits import POINTS, QUESTION_COUNT, TIME_LIMIT, TriviaSettings

E = TypeVar("E", bound=StrEnum)

__all__ = [
    "SETTING_KEYS",
    "GuildSettings",
    "SettingChange",
    "TriviaSettings",
    "changes_between",
    "normalise",
    "setting_text",
    "spoiler_channel_change",
    "spoiler_channel_key",
]


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    spoilers: SpoilerRules = field(default_factory=SpoilerRules)
    trivia: TriviaSettings = field(default_factory=TriviaSettings)
    allow_profanity: bool = False
    automod_rule_id: int | None = None  # the AutoMod rule we created, when the guard is on
    reports_channel_id: int | None = None  # where /report posts members' corrections
    cooldowns: CooldownSettings = field(default_factory=CooldownSettings)

    def values(self) -> dict[str, Any]:
        """The stored settings by key (spoiler channels are kept apart: see ``spoiler_channel_key``)."""
        return {
            "spoiler_mode": self.spoilers.mode,
            "spoiler_threshold": self.spoilers.threshold,
            "embargo_until": self.spoilers.embargo_until,
            "allow_profanity": self.allow_profanity,
            "trivia_time_limit": self.trivia.time_limit,
            "trivia_question_count": self.trivia.question_count,
            "trivia_points": self.trivia.points,
            "automod_rule_id": self.automod_rule_id,
            "reports_channel_id": self.reports_channel_id,
            "cooldown_lookups": self.cooldowns.lookups,
            "cooldown_trivia": self.cooldowns.trivia,
            "cooldown_reports": self.cooldowns.reports,
        }

    @classmethod
    def from_values(
        cls, guild_id: int, values: Mapping[str, Any], spoiler_channels: frozenset[int] = frozenset()
    ) -> GuildSettings:
        """Settings from stored values (each passed through ``normalise``, so a bad row fails loudly)."""
        v = {key: normalise(key, values[key]) for key in SETTING_KEYS}
        return cls(
            guild_id,
            spoilers=SpoilerRules(
                mode=v["spoiler_mode"],
                threshold=v["spoiler_threshold"],
                spoiler_channels=spoiler_channels,
                embargo_until=v["embargo_until"],
            ),
            trivia=TriviaSettings(
                time_limit=v["trivia_time_limit"],
                question_count=v["trivia_question_count"],
                points=v["trivia_points"],
            ),
            allow_profanity=v["allow_profanity"],
            automod_rule_id=v["automod_rule_id"],
            reports_channel_id=v["reports_channel_id"],
            cooldowns=CooldownSettings(
                lookups=v["cooldown_lookups"], trivia=v["cooldown_trivia"], reports=v["cooldown_reports"]
            ),
        )

    def with_spoiler_channels(self, channels: frozenset[int]) -> GuildSettings:
        return replace(self, spoilers=replace(self.spoilers, spoiler_channels=channels))


SETTING_KEYS = (
    "spoiler_mode",
    "spoiler_threshold",
    "embargo_until",
    "allow_profanity",
    "trivia_time_limit",
    "trivia_question_count",
    "trivia_points",
    "automod_rule_id",
    "reports_channel_id",
    "cooldown_lookups",
    "cooldown_trivia",
    "cooldown_reports",
)
SPOILER_CHANNEL = "spoiler_channel"  # audit entries for a channel are keyed spoiler_channel:<id>
ALLOWED, NOT_ALLOWED = "allowed", "not allowed"


@dataclass(frozen=True, slots=True)
class SettingChange:
    """One setting that actually changed; ``old``/``new`` are canonical text (``setting_text``)."""

    setting: str
    old: str
    new: str


def _one_of(label: str, choices: type[E], value: Any) -> E:
    try:
        return choices(value.lower() if isinstance(value, str) else value)
    except ValueError:
        allowed = ", ".join(c.value for c in choices)
        raise InvalidInput(f"{label} must be one of {allowed} (got {value!r}).") from None


def normalise(key: str, value: Any) -> Any:
    """Validate one setting's value and put it in its canonical form; ``InvalidInput`` if it is bad.

    Stored forms are accepted too (unix seconds for the embargo, 0/1 for on/off), so the
    stores hand back what they read without judging it.
    """
    if key == "spoiler_mode":
        return _one_of("Spoiler mode", Mode, value)
    if key == "spoiler_threshold":
        return _one_of("Spoiler threshold", Threshold, value)
    if key == "embargo_until":
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = datetime.fromtimestamp(value, UTC)
        if not isinstance(value, datetime):
            raise InvalidInput(f"The embargo end must be a date and time (got {value!r}).")
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput("The embargo end needs a time zone (e.g. UTC).")
        return value.astimezone(UTC).replace(microsecond=0)
    if key == "allow_profanity":
        if value in (0, 1) and not isinstance(value, float):
            return bool(value)
        raise InvalidInput(f"Allow profanity must be on or off (got {value!r}).")
    if key == "trivia_time_limit":
        return TIME_LIMIT.check("The time limit (seconds)", value)
    if key == "trivia_question_count":
        return QUESTION_COUNT.check("The number of questions", value)
    if key == "trivia_points":
        return POINTS.check("Points per answer", value)
    if key in ("automod_rule_id", "reports_channel_id"):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            what = "AutoMod rule" if key == "automod_rule_id" else "reports channel"
            raise InvalidInput(f"The {what} id must be a positive whole number (got {value!r}).")
        return value
    if key == "cooldown_lookups":
        return LOOKUPS.check("Public lookups per member per minute", value)
    if key == "cooldown_trivia":
        return TRIVIA.check("Trivia starts per member per 10 minutes", value)
    if key == "cooldown_reports":
        return REPORTS.check("Reports per member per hour", value)
    raise TypeError(f"unknown setting {key!r}; known settings: {', '.join(SETTING_KEYS)}")


def setting_text(value: Any) -> str:
    """A setting's value as the audit history keeps it: none, on/off, a name, a number, ISO time."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


def changes_between(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[SettingChange]:
    """What setting ``wanted`` (already normalised) over ``current`` changes, in SETTING_KEYS order."""
    return [
        SettingChange(key, setting_text(current[key]), setting_text(wanted[key]))
        for key in SETTING_KEYS
        if key in wanted and wanted[key] != current[key]
    ]


def spoiler_channel_change(channel_id: int, allowed: bool) -> SettingChange:
    return SettingChange(
        spoiler_channel_key(channel_id),
        NOT_ALLOWED if allowed else ALLOWED,
        ALLOWED if allowed else NOT_ALLOWED,
    )


def spoiler_channel_key(channel_id: int) -> str:
    return f"{SPOILER_CHANNEL}:{channel_id}"
