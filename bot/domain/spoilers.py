"""The one spoiler policy every answer goes through.

``decide`` says what to do with a piece of content of some spoiler level for one
reply; ``Redactor`` applies that decision to text. Renderers must pass every
spoiler-bearing string through a Redactor and must never put such a string in a
place where Discord cannot hide it (titles, footers, button labels, choices).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from bot.domain.content import SpoilerLevel
from bot.domain.text import spoiler_tag


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


WITHHELD_TEXT = "🔒 Hidden: spoiler. Mark the film as seen with `/seen yes` and ask again with `private: True`."
WITHHELD_SHORT = "🔒 hidden spoiler"


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

    def apply(self, text: str, level: SpoilerLevel, *, short: bool = False) -> str:
        action = self.action(level)
        if action is Action.SHOW:
            return text
        if action is Action.TAG:
            return spoiler_tag(text)
        self.withheld += 1
        return WITHHELD_SHORT if short else WITHHELD_TEXT
