"""The one spoiler policy every answer goes through.

``decide`` says what to do with a piece of content of some spoiler level for one
reply; ``Redactor`` applies that decision to text. Renderers must pass every
spoiler-bearing string through a Redactor and must never put such a string in a
place where Discord cannot hide it (titles, footers, button labels, choices).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum

from bot.domain.content import SpoilerLevel
from bot.domain.errors import InvalidInput
from bot.domain.text import spoiler_tag
from bot.i18n.context import N_, _, ngettext


class Mode(StrEnum):
    TAG = "tag"  # wrap spoilers in ||…||
    HIDE = "hide"  # withhold spoilers
    OPEN = "open"  # show spoilers plainly


class Threshold(StrEnum):
    """The lowest level that counts as a spoiler in a server."""

    MINOR = "minor"  # minor and major are spoilers
    MAJOR = "major"  # only major is a spoiler


class Action(StrEnum):
    SHOW = "show"
    TAG = "tag"
    WITHHOLD = "withhold"


@dataclass(frozen=True, slots=True)
class SpoilerRules:
    """One server's rules; the defaults are what a new server gets."""

    mode: Mode = Mode.TAG
    threshold: Threshold = Threshold.MINOR
    spoiler_channels: frozenset[int] = frozenset()
    embargo_until: datetime | None = None  # aware UTC

    def embargo_active(self, now: datetime) -> bool:
        return self.embargo_until is not None and now < self.embargo_until

    def counts_as_spoiler(self, level: SpoilerLevel) -> bool:
        lowest = SpoilerLevel.MINOR if self.threshold is Threshold.MINOR else SpoilerLevel.MAJOR
        return level.rank >= lowest.rank


DEFAULT_RULES = SpoilerRules()


@dataclass(frozen=True, slots=True)
class Audience:
    """Who will see one reply, and where."""

    channel_id: int | None = None  # for a thread, the parent channel's rules apply: pass the parent's id
    ephemeral: bool = False
    member_has_seen: bool = False


def decide(level: SpoilerLevel, rules: SpoilerRules, audience: Audience, now: datetime) -> Action:
    """Show, tag or withhold content of ``level`` in this reply.

    Order matters and is documented in README ("How spoilers are decided"):
    1. content below the server's threshold is not a spoiler there;
    2. a private reply to a member who has seen the film shows it plainly (no one else can see it);
    3. an active embargo withholds it everywhere else, spoiler channels included;
    4. a spoiler channel shows it plainly;
    5. otherwise the server's mode decides.
    """
    if not rules.counts_as_spoiler(level):
        return Action.SHOW
    if audience.ephemeral and audience.member_has_seen:
        return Action.SHOW
    if rules.embargo_active(now):
        return Action.WITHHOLD
    if audience.channel_id is not None and audience.channel_id in rules.spoiler_channels:
        return Action.SHOW
    if rules.mode is Mode.OPEN:
        return Action.SHOW
    if rules.mode is Mode.TAG:
        return Action.TAG
    return Action.WITHHOLD


# Translated where a reply is made (``Redactor.apply``), in the reader's language.
# i18n: limit 1024
WITHHELD_TEXT = N_(
    "🔒 Hidden: spoiler. Mark the film as seen with `/seen yes`, then ask again with `private: True`."
)
# i18n: limit 1024
WITHHELD_SHORT = N_("🔒 hidden spoiler")


@dataclass(slots=True)
class Redactor:
    """Applies the policy to strings for one reply and remembers what it did."""

    rules: SpoilerRules
    audience: Audience
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    withheld: int = 0  # how many pieces were withheld, so a renderer can add a hint once

    def action(self, level: SpoilerLevel) -> Action:
        return decide(level, self.rules, self.audience, self.now)

    def allows_plain(self, level: SpoilerLevel) -> bool:
        """True when text of this level may appear untagged (titles, labels, choices)."""
        return self.action(level) is Action.SHOW

    def allows_any(self, level: SpoilerLevel) -> bool:
        """True when content of this level is shown at all (plainly or tagged)."""
        return self.action(level) is not Action.WITHHOLD

    def variant(self) -> tuple[Action, Action]:
        """What this reply does with minor and major spoilers (content without one always shows).

        Two replies with the same variant render any content the same way: a key for rendering once.
        """
        return self.action(SpoilerLevel.MINOR), self.action(SpoilerLevel.MAJOR)

    def highest_allowed_level(self) -> SpoilerLevel:
        """The highest spoiler level this reply may show at all (plainly or tagged)."""
        for level in (SpoilerLevel.MAJOR, SpoilerLevel.MINOR):
            if self.allows_any(level):
                return level
        return SpoilerLevel.NONE

    def apply(self, text: str, level: SpoilerLevel, *, short: bool = False) -> str:
        action = self.action(level)
        if action is Action.SHOW:
            return text
        if action is Action.TAG:
            return spoiler_tag(text)
        self.withheld += 1
        return _(WITHHELD_SHORT if short else WITHHELD_TEXT)


# An offset is +H, +HH, +HH:MM or +HHMM: three digits ("+123") are ambiguous and refused.
_EMBARGO_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[ T](?P<time>\d{1,2}:\d{2}))?"
    r"\s*(?P<offset>Z|UTC|[+-]\d{1,2}(?::\d{2})?|[+-]\d{4}|[+-]\d{3})?$",
    re.IGNORECASE,
)
# i18n: limit 2000
OFFSET_HELP = N_("UTC offsets go from -12:00 to +14:00, written like +02:00, +0200 or +2.")
MAX_EMBARGO = timedelta(days=366)
# i18n: limit 2000
EMBARGO_FORMAT_HELP = N_(
    "Use `YYYY-MM-DD`, optionally with a time and a UTC offset: `2026-06-06`, `2026-06-06 18:00`, "
    "`2026-06-06 18:00 +02:00`, or `off`."
)


def parse_embargo(text: str, now: datetime) -> datetime | None:
    """Parse what a moderator typed into an aware UTC datetime, or None for "off".

    A date alone means midnight UTC; a time without an offset is UTC. Raises
    ``InvalidInput`` with a message fit to show the moderator, for any text: extreme
    dates (year 1 or 9999, where the offset would leave datetime's range) included.
    """
    text = text.strip()
    if text.lower() in {"off", "none", "clear", "end"}:
        return None
    return parse_moment(
        text,
        now,
        # i18n: limit 2000
        passed=N_("That moment has already passed; an embargo must end in the future."),
        # i18n: limit 2000
        too_far=N_("An embargo can last at most a year."),
    )


def parse_moment(
    text: str, now: datetime, *, passed: str, too_far: str, forms: str = EMBARGO_FORMAT_HELP
) -> datetime:
    """A future moment within a year, in the forms the embargo takes (``parse_embargo``).

    ``passed`` and ``too_far`` are the messages for a moment in the past or over a year ahead;
    ``forms`` says what may be typed (each marked for translation: they are translated here).
    """
    text = text.strip()
    match = _EMBARGO_RE.match(text)
    if not match:
        # i18n: limit 2000
        raise InvalidInput(_("I could not read that date. {forms}").format(forms=_(forms)))
    try:
        day = datetime.strptime(match["date"], "%Y-%m-%d")
        if match["time"]:
            hours, minutes = (int(p) for p in match["time"].split(":"))
            day = day.replace(hour=hours, minute=minutes)
    except ValueError:
        # i18n: limit 2000
        raise InvalidInput(_("That is not a real date or time. {forms}").format(forms=_(forms))) from None
    tz = _offset(match["offset"] or "UTC", forms)
    # Judge the range on the naive time first: converting year 1 or 9999 with an offset overflows.
    naive_now = now.astimezone(UTC).replace(tzinfo=None)
    if day < naive_now - timedelta(days=1):
        raise InvalidInput(passed)
    if day > naive_now + MAX_EMBARGO + timedelta(days=1):
        raise InvalidInput(too_far)
    until = day.replace(tzinfo=tz).astimezone(UTC)
    if until <= now:
        raise InvalidInput(passed)
    if until - now > MAX_EMBARGO:
        raise InvalidInput(too_far)
    return until


def _offset(text: str, forms: str = EMBARGO_FORMAT_HELP) -> timezone:
    if text.upper() in {"Z", "UTC"}:
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if len(digits) == 3:
        raise InvalidInput(
            # i18n: limit 2000
            _("I could not read the UTC offset {offset}. {offsets} {forms}").format(
                offset=repr(text), offsets=_(OFFSET_HELP), forms=_(forms)
            )
        )
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    total = sign * (hours * 60 + minutes)
    if minutes >= 60 or not -12 * 60 <= total <= 14 * 60:
        raise InvalidInput(f"{_(OFFSET_HELP)} {_(forms)}")  # two sentences, each translated
    return timezone(timedelta(minutes=total))


def describe_remaining(until: datetime, now: datetime) -> str:
    """'2 days 3 hours' style, for /spoilers show."""
    seconds = max(0, int((until - now).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    shown = []
    if days:
        # i18n: limit 100
        shown.append(ngettext("{n} day", "{n} days", days).format(n=days))
    if hours:
        # i18n: limit 100
        shown.append(ngettext("{n} hour", "{n} hours", hours).format(n=hours))
    if minutes:
        # i18n: limit 100
        shown.append(ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes))
    if not shown:
        # i18n: limit 100
        return _("less than a minute")
    if len(shown) == 1:
        return shown[0]
    # i18n: a duration in its two largest units, largest first: "2 days 3 hours", "1 hour 5 minutes"
    return _("{larger} {smaller}").format(larger=shown[0], smaller=shown[1])
