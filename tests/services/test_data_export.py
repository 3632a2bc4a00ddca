"""Export files: valid JSON however the tables are filled, and always under Discord's upload limit."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.services.data_export import REQUEST_MARGIN, encode_server, fit

LIMIT = REQUEST_MARGIN + 4000  # 4,000 bytes of room for the file itself


def noise(size: int) -> bytes:
    """JSON-like text that gzip cannot shrink much (random digits)."""
    rng = random.Random(size)
    return json.dumps([str(rng.getrandbits(64)) for _ in range(size // 22)]).encode()


def test_a_file_that_fits_is_sent_as_it_is() -> None:
    data = b'{"a": 1}'
    assert fit("x.json", data, LIMIT) == [("x.json", data)]


def test_a_file_too_large_is_gzipped_when_that_is_enough() -> None:
    data = json.dumps([{"user_id": "123456789012345678", "points": 150}] * 400).encode()
    assert len(data) > 4000
    [(name, packed)] = fit("x.json", data, LIMIT)
    assert name == "x.json.gz" and len(packed) <= 4000
    assert gzip.decompress(packed) == data


def test_a_file_too_large_even_gzipped_comes_in_parts_that_join_back() -> None:
    data = noise(30_000)
    parts = fit("x.json", data, LIMIT)
    assert len(parts) > 2
    assert [name for name, _ in parts] == [f"x.json.gz.{n:03d}" for n in range(1, len(parts) + 1)]
    assert all(len(chunk) <= 4000 for _, chunk in parts)
    assert gzip.decompress(b"".join(chunk for _, chunk in parts)) == data


@pytest.mark.parametrize(
    "tables",
    [
        {"a": [], "b": []},
        {"a": [[{"guild_id": 1, "x": 'é\n"q"'}], [{"guild_id": 1, "x": None}]], "b": []},
        {"a": [], "b": [[{"user_id": 2**63 - 1, "n": 1.5}]]},
    ],
)
async def test_the_server_file_is_valid_json_with_every_table(tables: dict[str, list[Any]]) -> None:
    async def rows(table: str) -> AsyncIterator[list[dict[str, Any]]]:
        for page in tables[table]:
            yield page

    data = await encode_server({"format": "f", "version": 1}, list(tables), rows)
    doc = json.loads(data)
    assert doc["format"] == "f" and list(doc["tables"]) == list(tables)
    for table, pages in tables.items():
        expected = [
            {k: str(v) if k in ("guild_id", "user_id") else v for k, v in row.items()}
            for page in pages
            for row in page
        ]
        assert doc["tables"][table] == expected


async def test_every_id_setting_is_written_as_a_string() -> None:
    """A Discord id is too big for a JSON reader's number; the settings table says which settings are ids."""
    row = {"guild_id": 1, "automod_rule_id": 2**62, "reports_channel_id": 2**62 + 1, "trivia_points": 100}

    async def rows(table: str) -> AsyncIterator[list[dict[str, Any]]]:
        yield [row]

    doc = json.loads(await encode_server({"format": "f", "version": 1}, ["guild_settings"], rows))
    written = doc["tables"]["guild_settings"][0]
    assert written["automod_rule_id"] == str(2**62) and written["reports_channel_id"] == str(2**62 + 1)
    assert written["trivia_points"] == 100
