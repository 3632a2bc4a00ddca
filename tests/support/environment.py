"""What a test needs from the machine, said once: where it is missing a test skips with the reason,
except in CI (``CI=true``), where a skipped test would hide what it guards, so there it fails."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def needs(what: str) -> NoReturn:
    """This test cannot run here without ``what``: skip, or fail in CI."""
    if in_ci():
        pytest.fail(f"CI must run this test, but it needs {what}")
    pytest.skip(f"needs {what}")
