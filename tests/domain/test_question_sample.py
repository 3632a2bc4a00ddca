"""``ballerina-bot questions --sample N --seed S``: a random draw an audit can name and repeat."""

from __future__ import annotations

import json
import random

import pytest

from bot.cli import EXIT_CONFIG, EXIT_OK, main
from bot.cli.questions import draw, pool
from bot.domain.content import Content


def _drawn(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["questions", "--json", *args]) == EXIT_OK
    return [row["id"] for row in json.loads(capsys.readouterr().out)]


def test_the_same_seed_draws_the_same_questions(capsys: pytest.CaptureFixture[str], content: Content) -> None:
    first = _drawn(capsys, "--sample", "50", "--seed", "2026")
    assert first == _drawn(capsys, "--sample", "50", "--seed", "2026")
    assert len(first) == len(set(first)) == 50
    assert first != _drawn(capsys, "--sample", "50", "--seed", "2027")
    # The draw the audit script states: random.Random(seed).sample over the pool sorted by id.
    everything = sorted(pool(content), key=lambda item: item.question.id)
    assert first == [item.question.id for item in random.Random(2026).sample(everything, 50)]


def test_the_draw_does_not_depend_on_the_pools_order(content: Content) -> None:
    items = pool(content)
    assert draw(items, 20, 7) == draw(list(reversed(items)), 20, 7)
    assert len(draw(items, 10_000, 7)) == len(items)  # more than there are: all of them


def test_the_draw_comes_after_the_filters(capsys: pytest.CaptureFixture[str], content: Content) -> None:
    hard = {item.question.id for item in pool(content) if item.question.difficulty == "hard"}
    drawn = _drawn(capsys, "--difficulty", "hard", "--sample", "10", "--seed", "1")
    assert len(drawn) == 10 and set(drawn) <= hard


def test_a_sample_of_none_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "--sample", "0"]) == EXIT_CONFIG
    assert "--sample" in capsys.readouterr().err
