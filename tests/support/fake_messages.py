"""Reading what a real bot process posted to the loopback fake Discord (``fakes/fake_discord.py``).

Shared by the process tests: the ids of a one-shard server, the question messages a game posts,
and the custom id of an answer button by its label.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from fakes.fake_discord import FakeDiscord

# One server on shard 0, its channel and the member who starts games.
GUILD = 175928847299117063
CHANNEL = 175928847299117100
STARTER = 175928847299118000


def button(message: dict[str, Any], label: str) -> str:
    """The custom id of the message's button with this label (a letter, or "Answer")."""
    for row in message["components"]:
        for component in row["components"]:
            if component.get("label") == label:
                return str(component["custom_id"])
    raise AssertionError(f"no button {label}")


def questions_in(fake: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    """The trivia questions posted in a channel, oldest first."""
    return [
        m
        for m in fake.messages_in(channel_id)
        if m["embeds"] and re.fullmatch(r"Question \d+ of \d+", m["embeds"][0].get("title") or "")
    ]


async def first_question(fake: FakeDiscord, channel_id: int = CHANNEL) -> dict[str, Any]:
    """The first message with buttons in the channel, waited for (10 s at most)."""
    for _ in range(500):
        question = next((m for m in fake.messages_in(channel_id) if m["components"]), None)
        if question is not None:
            return question
        await asyncio.sleep(0.02)
    raise AssertionError("the game did not post its first question")
