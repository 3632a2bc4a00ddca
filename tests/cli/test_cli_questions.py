"""``ballerina-bot questions``: the pool as a moderator or maintainer reads it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.cli import EXIT_CONFIG, EXIT_OK, main
from bot.cli.questions import CURATED, Listed, block, pool, summary
from bot.content.loader import DEFAULT_DATA_DIR, load_content
from bot.domain.content import Content, Difficulty, TriviaQuestion


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env; the command reads data/ from the package, not the cwd
    monkeypatch.setenv("COLUMNS", "72")
    assert DEFAULT_DATA_DIR.is_absolute()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["questions", *args]) == EXIT_OK
    return capsys.readouterr().out


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(run(capsys, "--json", *args))
    return rows


def test_the_table_lists_every_question_once_with_its_fields(
    capsys: pytest.CaptureFixture[str], content: Content
) -> None:
    out = run(capsys)
    everything = pool(content)
    heads = [line for line in out.splitlines() if line and not line.startswith("    ")]
    assert heads[-1] == f"{len(everything)} of {len(everything)} questions."
    listed_ids = [line.split()[0] for line in heads[:-1]]
    assert listed_ids == [item.question.id for item in everything]
    first = content.trivia[0]
    assert heads[0].startswith(
        f"{first.id} {CURATED} · {first.difficulty} · spoiler {first.spoiler} · sources: "
    )
    assert all(len(line) <= 72 for line in out.splitlines())


def test_filters_narrow_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    rows = as_json(capsys, "--family", "plays", "--difficulty", "easy")
    assert rows and {(r["family"], r["difficulty"]) for r in rows} == {("plays", "easy")}
    rows = as_json(capsys, "--spoiler", "major")
    assert rows and {r["spoiler"] for r in rows} == {"major"}
    both = as_json(capsys, "--family", "plays", "--family", "role")
    assert {r["family"] for r in both} == {"plays", "role"}
    out = run(capsys, "--difficulty", "hard")
    assert out.splitlines()[-1].startswith(f"{len(as_json(capsys, '--difficulty', 'hard'))} of ")


def test_json_gives_every_field_in_full(capsys: pytest.CaptureFixture[str], content: Content) -> None:
    rows = {r["id"]: r for r in as_json(capsys)}
    longest = max((item.question for item in pool(content)), key=lambda q: len(q.explanation))
    row = rows[longest.id]
    assert row["reveal"] == longest.explanation and len(longest.explanation) > 200
    assert row["sources"] == list(longest.sources)
    assert row["answer"] == longest.answer and row["wrong_answers"] == list(longest.wrong_answers)
    assert rows["trivia-013"]["answer_kind"] == "code"  # the kind the typed-answer matcher uses


def test_summary_counts_families_by_difficulty(capsys: pytest.CaptureFixture[str]) -> None:
    rows = as_json(capsys)
    expected = Counter((r["family"], r["difficulty"]) for r in rows)
    lines = run(capsys, "--summary").splitlines()
    assert lines[0].split() == ["family", "easy", "medium", "hard", "total", "share"]
    for line in lines[1:-1]:
        family, easy, medium, hard, total, _share = line.split()
        counts = [expected[(family, d.value)] for d in Difficulty]
        assert [int(easy), int(medium), int(hard)] == counts and int(total) == sum(counts)
    assert lines[-1].split()[1:] == [
        str(sum(n for (_, d), n in expected.items() if d == level.value)) for level in Difficulty
    ] + [str(len(rows))]
    filtered = run(capsys, "--summary", "--family", "curated").splitlines()
    assert [line.split()[0] for line in filtered[1:]] == ["curated", "total"]


def test_an_unknown_family_is_refused_with_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "--family", "nope"]) == EXIT_CONFIG
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "No family nope; the families are: " in captured.err and "curated" in captured.err


def test_a_long_or_hostile_reveal_cannot_break_the_terminal() -> None:
    question = TriviaQuestion(
        id="trivia-x",
        question="?",
        answer="a",
        wrong_answers=("b", "c", "d"),
        difficulty=Difficulty.HARD,
        explanation="\x1b[2J\x1b]0;pwned\x07 Cleared?\r\n" + "word " * 400,
        sources=("wikipedia",) * 40,
    )
    text = block(Listed(question, "curated"), 60)
    lines = text.splitlines()
    assert len(lines) == 4  # the head, then three lines of reveal at most
    assert all(len(line) <= 60 for line in lines)
    assert lines[-1].endswith("…") and lines[0].endswith("…")
    assert not any(c in text for c in "\x1b\x07\r")


def test_summary_of_nothing_is_a_table_of_zeros() -> None:
    assert summary([]).splitlines()[-1].split() == ["total", "0", "0", "0", "0"]


def test_check_still_prints_the_totals(capsys: pytest.CaptureFixture[str], content: Content) -> None:
    main(["check"])
    generated = len(pool(content)) - len(content.trivia)
    total = len(content.trivia) + generated
    assert (
        f"{total} trivia questions: {len(content.trivia)} curated, {generated} generated"
        in capsys.readouterr().out
    )


def test_the_pool_is_read_from_the_package_data() -> None:
    assert len(pool(load_content(DEFAULT_DATA_DIR))) > 100
