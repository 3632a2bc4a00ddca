"""Small statistics helpers (standard library only)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), nearest-rank: a value that actually occurred."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def us(seconds: float) -> float:
    return round(seconds * 1e6, 1)


def ms(seconds: float) -> float:
    return round(seconds * 1e3, 2)
