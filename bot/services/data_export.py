"""The JSON files of /privacy export and /server export, and fitting them under Discord's upload limit.

Both formats carry ``format`` and ``version`` (README, "Your data": the schema); a change that
renames or removes a field bumps the version. Discord ids are strings (they do not fit a
JavaScript number); the member file's times are ISO 8601 UTC, the server file's values are
exactly as stored (unix seconds; ``answered_at_ms`` in milliseconds).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

from bot.domain.lifecycle import MemberRecords
from bot.domain.settings import SETTINGS

MEMBER_FORMAT = "ballerina-bot member data"
SERVER_FORMAT = "ballerina-bot server data"
MEMBER_VERSION = 1
SERVER_VERSION = 1

# Columns holding Discord ids: written as strings in the server file (settings say so in their table).
SNOWFLAKE_COLUMNS = frozenset(
    {"guild_id", "user_id", "channel_id", "actor_id", "author_id", "starter_id"}
    | {"rules_channel_id", "event_id", "created_by"}  # trivia_nights
    | {"role_id"}  # role_rewards, role_grants
    | {key for key, spec in SETTINGS.items() if spec.snowflake}
)
# Room left under the upload limit for the rest of the request (the message, multipart headers).
REQUEST_MARGIN = 64 * 1024


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def iso_ms(unix_ms: int) -> str:
    moment = datetime.fromtimestamp(unix_ms / 1000, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def member_document(records: MemberRecords, *, exported_at: datetime, bot_version: str) -> dict[str, Any]:
    stats = records.stats
    return {
        "format": MEMBER_FORMAT,
        "version": MEMBER_VERSION,
        "exported_at": iso(exported_at),
        "bot_version": bot_version,
        "server_id": str(records.guild_id),
        "member_id": str(records.user_id),
        "seen_film": {"marked": records.seen_at is not None, "at": iso(records.seen_at)},
        "leaderboards": {"hidden": records.hidden_at is not None, "since": iso(records.hidden_at)},
        "totals": {
            "points": stats.points,
            "correct": stats.correct,
            "answered": stats.answered,
            "games_played": stats.games_played,
            "games_won": stats.games_won,
            "best_streak": stats.best_streak,
        },
        "answers": [
            {
                "game_id": a.game_id,
                "question_no": a.question_no,
                "question_id": a.question_id,
                "correct": a.correct,
                "points": a.points,
                "answered_at": iso_ms(a.answered_at_ms),
            }
            for a in records.answers
        ],
        "games": [
            {
                "id": g.id,
                "channel_id": str(g.channel_id),
                "started_by_you": g.starter_id == records.user_id,
                "mode": g.mode,
                "difficulty": g.difficulty,
                "questions": g.question_count,
                "status": g.status.value,
                "started_at": iso(g.started_at),
                "ended_at": iso(g.ended_at),
            }
            for g in records.games
        ],
        "questions_written": [
            {
                "number": q.id,
                "question": q.question,
                "answer": q.answer,
                "wrong_answers": list(q.wrong),
                "spoiler": q.spoiler.value,
                "difficulty": q.difficulty.value,
                "created_at": iso(q.created_at),
            }
            for q in records.questions_written
        ],
        "settings_changes": [
            {"at": iso(c.at), "setting": c.setting, "old": c.old, "new": c.new}
            for c in records.settings_changes
        ],
        "reports": [
            {"at": iso(r.created_at), "item_kind": r.item_kind, "item_id": r.item_id, "text": r.text}
            for r in records.reports
        ],
        "daily_question": {
            "streak": None
            if records.daily_streak is None
            else {
                "current": records.daily_streak.current,
                "best": records.daily_streak.best,
                "last_day": records.daily_streak.last_day,
            },
            "answers": [
                {
                    "day": day,
                    "correct": a.correct,
                    "answered_at": iso_ms(a.answered_at_ms),
                }
                for day, a in records.daily_answers
            ],
        },
        "roles_given": [
            {"role_id": str(role_id), "at": iso(datetime.fromtimestamp(at, UTC))}
            for role_id, at in records.roles_given
        ],
    }


def encode_member(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def stored_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row as stored, with Discord ids as strings."""
    return {
        column: str(value) if column in SNOWFLAKE_COLUMNS and value is not None else value
        for column, value in row.items()
    }


async def encode_server(
    header: dict[str, Any],
    tables: list[str],
    rows: Callable[[str], AsyncIterator[list[dict[str, Any]]]],
) -> bytes:
    """``header`` plus ``"tables": {name: [row, ...]}``, one row per line, read a page at a time."""
    out = io.BytesIO()
    head = json.dumps({**header, "tables": {}}, ensure_ascii=False)
    out.write(head[: -len("{}}")].encode("utf-8") + b"{")
    for number, table in enumerate(tables):
        out.write(b"\n" if number == 0 else b",\n")
        out.write(json.dumps(table).encode("utf-8") + b": [")
        first = True
        async for page in rows(table):
            for row in page:
                out.write(b"\n" if first else b",\n")
                out.write(json.dumps(stored_row(row), ensure_ascii=False).encode("utf-8"))
                first = False
        out.write(b"]" if first else b"\n]")
    out.write(b"\n}}\n")
    return out.getvalue()


def fit(name: str, data: bytes, limit: int) -> list[tuple[str, bytes]]:
    """The file(s) to send for ``data`` named ``name``, each under ``limit`` bytes with its request.

    As it is when it fits; else gzipped (JSON shrinks about tenfold); else the gzip split into
    numbered parts, one per message, to join again with ``cat name.gz.* > name.gz``.
    """
    room = max(1, limit - REQUEST_MARGIN)
    if len(data) <= room:
        return [(name, data)]
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    if len(packed) <= room:
        return [(f"{name}.gz", packed)]
    chunks = [packed[start : start + room] for start in range(0, len(packed), room)]
    width = max(3, len(str(len(chunks))))
    return [(f"{name}.gz.{number:0{width}d}", chunk) for number, chunk in enumerate(chunks, start=1)]
