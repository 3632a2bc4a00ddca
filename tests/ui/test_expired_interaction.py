"""A click answered after Discord's 3 s (404 Unknown interaction) is counted, not logged per click."""

from __future__ import annotations

import logging
from typing import Any

import discord
import pytest

from bot.storage.answer_writer import AnswerNotSaved
from bot.ui.replies import report_error


class _HttpResponse:
    """What discord.py's HTTP errors read from an aiohttp response: its status and reason."""

    status = 404
    reason = "Not Found"


class _ExpiredResponse:
    """An interaction's response once Discord has forgotten the interaction: every reply is a 404."""

    def is_done(self) -> bool:
        return False

    async def send_message(self, *args: Any, **kwargs: Any) -> None:
        raise unknown_interaction()


class _Interaction:
    """The parts of an interaction ``report_error`` touches."""

    def __init__(self) -> None:
        self.client = None  # no metrics
        self.guild_id = 1
        self.user = discord.Object(2)
        self.extras: dict[str, Any] = {}
        self.response = _ExpiredResponse()


def unknown_interaction() -> discord.NotFound:
    error = discord.NotFound(_HttpResponse(), {"code": 10062, "message": "Unknown interaction"})  # type: ignore[arg-type]
    try:  # raised while answering "could not be saved", as the answer button does
        try:
            raise AnswerNotSaved()
        except AnswerNotSaved:
            raise error from None
    except discord.NotFound as raised:
        return raised


async def test_an_expired_interaction_logs_nothing_per_click(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    interaction = _Interaction()
    for _ in range(30):
        await report_error(interaction, unknown_interaction(), where="a trivia answer button")  # type: ignore[arg-type]
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []
