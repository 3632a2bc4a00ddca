"""Errors a member should hear about: the tree's error handler shows ``message`` as an ephemeral reply.

Any layer raises these directly (no re-wrapping at the Discord edge); anything else that
escapes a command is a bug and is logged with an error id.

The text is translated when it is read, not when it is raised: a public command runs in the
server's language, but its refusal is a private reply in the member's. So raise the English
text, marked, with its values by name: ``raise UserError(N_("No quote matches '{query}'."),
query=typed)``; ``message`` is that text in the language of the moment. (A message translated
already, ``UserError(_("…"))``, reads as it was made.)
"""

from __future__ import annotations

from bot.i18n.context import N_, _


class UserError(Exception):
    """A refusal with friendly text for the member; nothing is logged as a failure."""

    # i18n: limit 2000
    default_message = N_("That didn't work. Try again?")

    def __init__(self, message: str | None = None, **values: object) -> None:
        self.template = message if message is not None else self.default_message
        self.values = values
        super().__init__(self.template.format(**values) if values else self.template)

    @property
    def message(self) -> str:
        """The friendly text in the language of the moment (the reader's)."""
        text = _(self.template)
        return text.format(**self.values) if self.values else text


class InvalidInput(UserError, ValueError):
    """A value the member typed or picked cannot be used; nothing was changed."""
