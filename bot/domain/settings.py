"""A server's settings, declared once in ``SETTINGS``: each one's label, default, range or choices,
how a value is checked, which command option sets it, and how its value reads.

Everything else is derived from the table: validation (``normalise``), the defaults a new server
gets, the stored columns and the order of the audit history, the options of ``/trivia settings``
and ``/settings cooldowns`` (``bot/ui/setting_options.py``), the labels of the history, the export's
id columns, and the README's settings table (a test compares it). Tests check the migrations'
CHECKs and defaults, in both dialects, against it.

To add a setting: a row in ``SETTINGS``, a migration per backend adding its column, and a test of
what it does. Read it with ``settings[key]`` (or add it to a view below, for the domain's types).

Stores keep the values and their history; they do not judge them. A change is validated with
``normalise``, compared with the current values by ``changes_between`` and recorded as a
``SettingChange`` whose old and new values are plain canonical text (``setting_text``); the UI
turns that text into words and Discord markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from bot.domain.cooldowns import LOOKUPS, REPORTS, TRIVIA, CooldownSettings
from bot.domain.errors import InvalidInput
from bot.domain.spoilers import Mode, SpoilerRules, Threshold
from bot.domain.trivia.limits import POINTS, QUESTION_COUNT, TIME_LIMIT, Bounds, TriviaSettings
from bot.i18n.context import N_, _
from bot.i18n.formatting import number
from bot.i18n.languages import LANGUAGES, by_code

__all__ = [
    "SETTINGS",
    "SETTING_KEYS",
    "GuildSettings",
    "SettingChange",
    "Spec",
    "TriviaSettings",
    "changes_between",
    "normalise",
    "setting_text",
    "spoiler_channel_change",
    "spoiler_channel_key",
    "value_words",
]


@dataclass(frozen=True, slots=True)
class Spec:
    """One setting. ``parse`` turns a given or stored value into the canonical one (``InvalidInput``
    if it is bad); stored forms are accepted too (unix seconds, 0/1), so stores need not judge."""

    label: str  # what moderators read: the history, /settings replies, the README (N_: _(label) shown)
    default: Any
    parse: Callable[[Spec, Any], Any]
    group: str  # the README's grouping: Spoilers, Trivia, Cooldowns, Server
    option: tuple[str, str]  # (command, option) where a moderator sets it
    describe: str  # the option's help text (ranges and defaults are added where it is generated; N_)
    bounds: Bounds | None = None
    choices: type[StrEnum] | None = None
    none_reads: str = N_("none")  # how an unset value (None, or 0 for a limit that can be off) reads
    snowflake: bool = False  # a Discord id: exported as a string

    def check(self, value: Any) -> Any:
        return self.parse(self, value)

    def text(self, value: Any) -> str:
        """The value as a moderator reads it in a reply ("no limit" for an unset limit), in the
        language of the moment."""
        if value is None or (self.bounds is not None and self.bounds.low == 0 and value == 0):
            return _(self.none_reads)
        if self.bounds is not None and isinstance(value, int) and not isinstance(value, bool):
            return number(value)
        return value_words(setting_text(value))

    @property
    def allowed(self) -> str:
        """The allowed values, for help text and the README."""
        if self.bounds is not None:
            return str(self.bounds)
        if self.choices is not None:
            return ", ".join(c.value for c in self.choices)
        described: dict[Callable[[Spec, Any], Any], str] = {
            on_off: "on, off",
            moment: "a date and time, or off",
            discord_id: "a Discord id, or none",
            language: ", ".join(language.code for language in LANGUAGES) + ", or the server's own",
        }
        return described.get(self.parse, "")


def whole(spec: Spec, value: Any) -> int:
    assert spec.bounds is not None
    return spec.bounds.check(_(spec.label), value)


def one_of(spec: Spec, value: Any) -> StrEnum:
    assert spec.choices is not None
    try:
        return spec.choices(value.lower() if isinstance(value, str) else value)
    except ValueError:
        raise InvalidInput(
            _("{setting} must be one of {allowed} (got {value}).").format(
                setting=_(spec.label), allowed=spec.allowed, value=repr(value)
            )
        ) from None


def on_off(spec: Spec, value: Any) -> bool:
    if value in (0, 1) and not isinstance(value, float):
        return bool(value)
    raise InvalidInput(
        _("{setting} must be on or off (got {value}).").format(setting=_(spec.label), value=repr(value))
    )


def discord_id(spec: Spec, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInput(
            _("{setting}: the id must be a positive whole number (got {value}).").format(
                setting=_(spec.label), value=repr(value)
            )
        )
    return value


def language(spec: Spec, value: Any) -> str | None:
    if value is None or by_code(value) is not None:
        return value  # type: ignore[no-any-return]
    codes = ", ".join(language.code for language in LANGUAGES)
    raise InvalidInput(
        _("{setting} must be one of {codes} (got {value}).").format(
            setting=_(spec.label), codes=codes, value=repr(value)
        )
    )


def moment(spec: Spec, value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = datetime.fromtimestamp(value, UTC)
    if not isinstance(value, datetime):
        raise InvalidInput(
            _("The embargo end must be a date and time (got {value}).").format(value=repr(value))
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(_("The embargo end needs a time zone (e.g. UTC)."))
    return value.astimezone(UTC).replace(microsecond=0)


# In the order of the stored columns and of a change's audit lines.
SETTINGS: Mapping[str, Spec] = MappingProxyType(
    {
        "spoiler_mode": Spec(
            N_("Spoiler mode"), Mode.TAG, one_of, "Spoilers", ("spoilers mode", "mode"),
            N_("How spoilers are shown: tag (||wrapped||), hide (withheld) or open (plain)"), choices=Mode,
        ),
        "spoiler_threshold": Spec(
            N_("Spoiler threshold"), Threshold.MINOR, one_of, "Spoilers", ("spoilers threshold", "level"),
            N_("Which spoiler levels count as spoilers: minor (any plot detail) or major"), choices=Threshold,
        ),
        "embargo_until": Spec(
            N_("Embargo"), None, moment, "Spoilers", ("spoilers embargo", "until"),
            N_("Withhold every spoiler until this date and time"), none_reads=N_("off"),
        ),
        "allow_profanity": Spec(
            N_("Profanity in quotes"), False, on_off, "Server", ("settings profanity", "allowed"),
            N_("Show swear words in quotes as printed, or masked like f******"),
        ),
        "trivia_time_limit": Spec(
            N_("Trivia time limit (seconds)"), 20, whole, "Trivia", ("trivia settings", "time_limit"),
            N_("Seconds to answer each question"), bounds=TIME_LIMIT,
        ),
        "trivia_question_count": Spec(
            N_("Trivia questions per game"), 10, whole, "Trivia", ("trivia settings", "questions"),
            N_("Questions per game when /trivia start doesn't say"), bounds=QUESTION_COUNT,
        ),
        "trivia_points": Spec(
            N_("Trivia points per answer"), 100, whole, "Trivia", ("trivia settings", "points"),
            N_("Points for a correct answer before the speed bonus"), bounds=POINTS,
        ),
        "automod_rule_id": Spec(
            N_("AutoMod guard"), None, discord_id, "Spoilers", ("spoilers automod", "enabled"),
            N_("The AutoMod rule the bot made to block spoiler keywords outside spoiler channels"),
            none_reads=N_("off"), snowflake=True,
        ),
        "reports_channel_id": Spec(
            N_("Reports channel"), None, discord_id, "Server", ("settings reports", "channel"),
            N_("Where /report posts members' corrections"), snowflake=True,
        ),
        "cooldown_lookups": Spec(
            N_("Public lookups per member per minute"), 5, whole, "Cooldowns",
            ("settings cooldowns", "lookups"),
            N_("Public /cast, /crew, /quote, /film replies per member per minute"), bounds=LOOKUPS,
            none_reads=N_("no limit"),
        ),
        "cooldown_trivia": Spec(
            N_("Trivia starts (and stops) per member per 10 minutes"), 3, whole, "Cooldowns",
            ("settings cooldowns", "trivia"), N_("/trivia start, and stop, per member per 10 minutes"),
            bounds=TRIVIA, none_reads=N_("no limit"),
        ),
        "cooldown_reports": Spec(
            N_("Reports per member per hour"), 5, whole, "Cooldowns", ("settings cooldowns", "reports"),
            N_("/report per member per hour"), bounds=REPORTS, none_reads=N_("no limit"),
        ),
        "language": Spec(
            N_("Server language"), None, language, "Server", ("settings language", "language"),
            N_(
                "The language of public posts (trivia, the daily question); "
                "private replies follow each member"
            ),
            none_reads=N_("the server's Discord language"),
        ),
    }
)  # fmt: skip
SETTING_KEYS = tuple(SETTINGS)
SPOILER_CHANNEL = "spoiler_channel"  # audit entries for a channel are keyed spoiler_channel:<id>
ALLOWED, NOT_ALLOWED = "allowed", "not allowed"
DEFAULTS: Mapping[str, Any] = MappingProxyType({key: spec.default for key, spec in SETTINGS.items()})


def options_of(command: str) -> dict[str, str]:
    """The settings one command sets, by option name: ``{"time_limit": "trivia_time_limit", …}``."""
    return {spec.option[1]: key for key, spec in SETTINGS.items() if spec.option[0] == command}


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """A server's settings: every value of ``SETTINGS`` (canonical), its spoiler channels, and the
    typed views the domain reads (``spoilers``, ``trivia``, ``cooldowns``), built from the values."""

    guild_id: int
    stored: Mapping[str, Any] = field(default_factory=lambda: DEFAULTS)
    spoiler_channels: frozenset[int] = frozenset()
    spoilers: SpoilerRules = field(init=False)
    trivia: TriviaSettings = field(init=False)
    cooldowns: CooldownSettings = field(init=False)

    def __post_init__(self) -> None:
        v = self.stored
        rules = SpoilerRules(
            v["spoiler_mode"], v["spoiler_threshold"], self.spoiler_channels, v["embargo_until"]
        )
        trivia = TriviaSettings(v["trivia_time_limit"], v["trivia_question_count"], v["trivia_points"])
        cooldowns = CooldownSettings(v["cooldown_lookups"], v["cooldown_trivia"], v["cooldown_reports"])
        object.__setattr__(self, "spoilers", rules)
        object.__setattr__(self, "trivia", trivia)
        object.__setattr__(self, "cooldowns", cooldowns)

    def __getitem__(self, key: str) -> Any:
        return self.stored[key]

    @property
    def allow_profanity(self) -> bool:
        return bool(self.stored["allow_profanity"])

    @property
    def automod_rule_id(self) -> int | None:  # the AutoMod rule we created, when the guard is on
        return self.stored["automod_rule_id"]  # type: ignore[no-any-return]

    @property
    def reports_channel_id(self) -> int | None:  # where /report posts members' corrections
        return self.stored["reports_channel_id"]  # type: ignore[no-any-return]

    def values(self) -> dict[str, Any]:
        """The stored settings by key (spoiler channels are kept apart: see ``spoiler_channel_key``)."""
        return dict(self.stored)

    @classmethod
    def from_values(
        cls, guild_id: int, values: Mapping[str, Any], spoiler_channels: frozenset[int] = frozenset()
    ) -> GuildSettings:
        """Settings from stored values (each passed through ``normalise``, so a bad row fails loudly)."""
        checked = {key: normalise(key, values[key]) for key in SETTING_KEYS}
        return cls(guild_id, MappingProxyType(checked), spoiler_channels)

    def with_values(self, **values: Any) -> GuildSettings:
        """These settings with some values replaced (each checked)."""
        checked = {key: normalise(key, value) for key, value in values.items()}
        return replace(self, stored=MappingProxyType({**self.stored, **checked}))

    def with_spoiler_channels(self, channels: frozenset[int]) -> GuildSettings:
        return replace(self, spoiler_channels=channels)


@dataclass(frozen=True, slots=True)
class SettingChange:
    """One setting that actually changed; ``old``/``new`` are canonical text (``setting_text``)."""

    setting: str
    old: str
    new: str


def normalise(key: str, value: Any) -> Any:
    """Validate one setting's value and put it in its canonical form; ``InvalidInput`` if it is bad."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise TypeError(f"unknown setting {key!r}; known settings: {', '.join(SETTING_KEYS)}")
    return spec.check(value)


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


# The canonical texts of on/off, unset and a spoiler channel's state, as a moderator reads them (the
# history keeps the English text: it is data; it is translated only where it is shown).
VALUE_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "on": N_("on"),
        "off": N_("off"),
        "none": N_("none"),
        ALLOWED: N_("allowed"),
        NOT_ALLOWED: N_("not allowed"),
    }
)


def value_words(text: str) -> str:
    """A stored canonical value (``setting_text``) in the language of the moment: "on" → "activado"."""
    words = VALUE_WORDS.get(text)
    return _(words) if words is not None else text


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
