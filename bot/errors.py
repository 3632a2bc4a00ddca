"""Errors the tree's handler shows to the user as a short ephemeral message."""

from __future__ import annotations

from discord import app_commands


class UserFacingError(app_commands.AppCommandError):
    """Raise from a command with a friendly message; nothing is logged as a failure."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
