"""The loader refuses text too long to fit a Discord message, naming the file, item and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.content.loader import DEFAULT_DATA_DIR, MAX_LENGTHS, ContentError, load_content
from bot.domain.content import CastMember, TriviaQuestion


def test_every_limit_fits_a_discord_embed_field() -> None:
    # A spoiler note is tagged (4 characters) inside a 1024-character field value.
    assert MAX_LENGTHS[CastMember]["spoiler_note.text"] + 4 <= 1024
    # Trivia options are listed with their letters in one description; answers are button-free.
    assert MAX_LENGTHS[TriviaQuestion]["question"] + 4 * (MAX_LENGTHS[TriviaQuestion]["answer"] + 12) < 4096


@pytest.mark.parametrize(
    ("file", "key", "field", "limit"),
    [
        ("cast.yaml", "cast", ("spoiler_note", "text"), 900),
        ("cast.yaml", "cast", ("description",), 1000),
        ("trivia.yaml", "trivia", ("answer",), 80),
    ],
)
def test_too_long_text_is_refused(
    tmp_path: Path, file: str, key: str, field: tuple[str, ...], limit: int
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    document = yaml.safe_load((data_dir / file).read_text(encoding="utf-8"))
    item = next(
        i
        for i in document[key]
        if all(part in (i if len(field) == 1 else i.get(field[0]) or {}) for part in field[-1:])
    )
    target = item if len(field) == 1 else item[field[0]]
    target[field[-1]] = "x" * (limit + 1)
    (data_dir / file).write_text(
        yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_content(data_dir)
    message = str(caught.value)
    assert f"data/{file}" in message or file in message
    assert f"'{item['id']}'" in message
    assert ".".join(field) in message and f"at most {limit} characters" in message
