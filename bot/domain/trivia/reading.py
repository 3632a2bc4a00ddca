"""Time to read: a question's time grows with its length, so slow readers get to answer.

The server's time limit (``/trivia settings time_limit``) is the minimum every question gets. A
question whose words (its text and, in choice mode, its four options) take a slow reader longer
than that, plus a moment to pick, gets the time that takes instead, capped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

SLOW_READING_WORDS_PER_SECOND = 2.5  # 150 words a minute: a slow reader, or one reading a second language
TIME_TO_ANSWER = 8  # seconds to pick (or type) once the question is read
MAX_QUESTION_SECONDS = 90  # however long a question is (300 characters and four 80-character options)


def words(texts: Iterable[str]) -> int:
    return sum(len(text.split()) for text in texts)


def question_seconds(texts: Iterable[str], minimum: int) -> int:
    """Seconds a question with these texts stays open: at least ``minimum``, more if it is long."""
    reading = math.ceil(words(texts) / SLOW_READING_WORDS_PER_SECOND) + TIME_TO_ANSWER
    return max(minimum, min(reading, MAX_QUESTION_SECONDS))
