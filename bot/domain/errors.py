"""Errors a member should hear about: the tree's error handler shows ``message`` as an ephemeral reply.

Any layer raises these directly (no re-wrapping at the Discord edge); anything else that
escapes a command is a bug and is logged with an error id.
"""

from __future__ import annotations


class UserError(Exception):
    """A refusal with friendly text for the member; nothing is logged as a failure."""

    default_message = "That didn't work. Try again?"

    def __init__(self, message: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)


class InvalidInput(UserError, ValueError):
    """A value the member typed or picked cannot be used; nothing was changed."""
