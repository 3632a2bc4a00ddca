"""Discord's limits on what a bot sends, each said once.

From Discord's API documentation (embed limits, application command and component objects) and
its OpenAPI spec (``tests/contract`` checks every request against that spec). Plain numbers: the
domain (daily time zones, trivia nights), the catalogue tools and the renderers all ask here;
tests keep their own copies on purpose (a wrong number here must not pass its own check), and
``tests/test_meta.py`` finds an embed limit written as a number anywhere else.
"""

from __future__ import annotations

EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
CHOICES = 25  # autocomplete choices, and a command's options
SELECT_VALUES = 25  # what a select menu can hold chosen (its max_values, its default values)
CHOICE_NAME = 100
CHOICE_VALUE = 100  # a string choice's value
COMMAND_NAME = 32
COMMAND_DESCRIPTION = 100  # a command's, and an option's
SCHEDULED_EVENTS = 100  # scheduled (not yet finished) events per server
EVENT_NAME = 100
EVENT_LOCATION = 100  # a scheduled event's external location
EVENT_DESCRIPTION = 1000
