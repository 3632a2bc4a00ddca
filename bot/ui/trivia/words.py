"""Trivia's values in words, in the language of the moment: difficulties, modes, spoiler levels,
scores, and a player's name next to a public score."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from bot.domain.content import SpoilerLevel
from bot.domain.trivia.game import TriviaMode
from bot.i18n import N_, _, pgettext
from bot.i18n.formatting import number as format_number

# A member who stays off public leaderboards (/privacy leaderboard).
HIDDEN_PLAYER = N_("a hidden player")


def points(n: int) -> str:
    """A score as the language of the moment writes numbers: 1,234 · 1.234 · 1 234."""
    return format_number(n)


def difficulty_name(value: str) -> str:
    """A difficulty ("easy", ..., "mixed") in the language of the moment; its key stays English."""
    if value == "easy":
        return pgettext("difficulty", "easy")
    if value == "medium":
        return pgettext("difficulty", "medium")
    if value == "hard":
        return pgettext("difficulty", "hard")
    if value == "mixed":
        return pgettext("difficulty", "mixed")
    return value


def mode_name(mode: TriviaMode) -> str:
    if mode is TriviaMode.CHOICE:
        return pgettext("trivia mode", "choice")
    return pgettext("trivia mode", "typed")


def spoiler_level_name(level: SpoilerLevel) -> str:
    """ "minor" or "major" (a question's spoiler level), in the language of the moment."""
    if level is SpoilerLevel.MAJOR:
        return pgettext("spoiler level", "major")
    return pgettext("spoiler level", "minor")


def spoiler_label(level: SpoilerLevel) -> str:
    """ "no spoiler", "minor spoiler", "major spoiler": how much of the film a question gives away."""
    if level is SpoilerLevel.MINOR:
        return _("minor spoiler")
    if level is SpoilerLevel.MAJOR:
        return _("major spoiler")
    return _("no spoiler")


def player_name(user_id: int, hidden: AbstractSet[int]) -> str:
    """A player next to a score in public: their mention, or HIDDEN_PLAYER if they asked (/privacy)."""
    return _(HIDDEN_PLAYER) if user_id in hidden else f"<@{user_id}>"
