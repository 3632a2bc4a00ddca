"""The asyncio tasks a test can see: whether a service keeps a background task (a timer) alive."""

from __future__ import annotations

import asyncio
from typing import Any


def live_task(name: str) -> asyncio.Task[Any] | None:
    """The running event loop's unfinished task called ``name`` (services name theirs), if any."""
    return next((t for t in asyncio.all_tasks() if t.get_name() == name and not t.done()), None)
