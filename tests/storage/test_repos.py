"""Repositories against a real SQLite file: settings + audit, seen, trivia, the answer writer."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.domain.content import Difficulty, SpoilerLevel
from bot.domain.guild_settings import GuildSettings
from bot.domain.spoilers import Mode, Threshold
from bot.storage import (
    AnswerRecord,
    AnswerWriter,
    Database,
    GameStatus,
    LeaderboardRow,
    MemberStats,
    MetaRepo,
    SettingsRepo,
    TriviaRepo,
)

GUILD = 111_111_111_111_111_111
OTHER_GUILD = 222_222_222_222_222_222
ADMIN = 900
T0 = datetime(2025, 6, 6, 12, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "bot.db")
    yield database
    await database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(db: Database, clock: FakeClock) -> SettingsRepo:
    return SettingsRepo(db, clock=clock)


@pytest.fixture
def trivia(db: Database, clock: FakeClock) -> TriviaRepo:
    return TriviaRepo(db, clock=clock)


async def audit_rows(db: Database) -> int:
    return (await db.fetchone("SELECT COUNT(*) FROM audit_log"))[0]


# ---------------------------------------------------------------- database


async def test_transaction_rolls_back_on_error_and_serializes(db: Database) -> None:
    async def fails() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO bot_meta (key, value) VALUES ('a', '1')")
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        await fails()
    assert await db.fetchone("SELECT * FROM bot_meta") is None

    async def bump(n: int) -> None:
        async with db.transaction() as tx:
            row = await tx.fetchone("SELECT value FROM bot_meta WHERE key = 'n'")
            value = int(row["value"]) if row else 0
            await asyncio.sleep(0)  # give other tasks every chance to interleave
            await tx.execute(
                "INSERT INTO bot_meta (key, value) VALUES ('n', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(value + 1),),
            )

    await asyncio.gather(*(bump(i) for i in range(50)))
    assert (await db.fetchone("SELECT value FROM bot_meta WHERE key = 'n'"))[0] == "50"


async def test_helpers_inside_a_transaction_raise_instead_of_deadlocking(db: Database) -> None:
    async with db.transaction():
        with pytest.raises(RuntimeError, match="transaction object"):
            await db.fetchone("SELECT 1")


async def test_meta_repo(db: Database) -> None:
    meta = MetaRepo(db)
    assert await meta.get("tree_hash") is None
    await meta.set("tree_hash", "abc")
    await meta.set("tree_hash", "def")
    assert await meta.get("tree_hash") == "def"


# ---------------------------------------------------------------- settings


async def test_defaults_when_no_row(settings: SettingsRepo) -> None:
    assert await settings.get(GUILD) == GuildSettings(GUILD)


async def test_update_writes_settings_and_one_audit_row_per_change(
    db: Database, settings: SettingsRepo, clock: FakeClock
) -> None:
    embargo = datetime(2025, 6, 13, 18, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    changes = await settings.update(
        GUILD,
        ADMIN,
        spoiler_mode="hide",
        spoiler_threshold=Threshold.MAJOR,
        embargo_until=embargo,
        allow_profanity=True,
        trivia_time_limit=30,
        trivia_question_count=10,  # the default: not a change
        trivia_points=250,
        automod_rule_id=123456789012345678,
    )
    assert [(c.setting, c.old, c.new) for c in changes] == [
        ("spoiler_mode", "tag", "hide"),
        ("spoiler_threshold", "minor", "major"),
        ("embargo_until", "none", f"<t:{int(embargo.timestamp())}:f>"),
        ("allow_profanity", "off", "on"),
        ("trivia_time_limit", "20", "30"),
        ("trivia_points", "100", "250"),
        ("automod_rule_id", "none", "123456789012345678"),
    ]
    assert all(c.actor_id == ADMIN and c.at == clock.now for c in changes)

    got = await settings.get(GUILD)
    assert got.spoilers.mode is Mode.HIDE
    assert got.spoilers.threshold is Threshold.MAJOR
    assert got.spoilers.embargo_until == datetime(2025, 6, 13, 16, 30, 15, tzinfo=UTC)
    assert got.spoilers.embargo_until.tzinfo is UTC
    assert got.allow_profanity is True
    assert (got.trivia.time_limit, got.trivia.question_count, got.trivia.points) == (30, 10, 250)
    assert got.automod_rule_id == 123456789012345678

    history = await settings.history(GUILD)
    assert [(h.setting, h.old, h.new) for h in history] == [
        (c.setting, c.old, c.new) for c in reversed(changes)
    ]
    assert all(h.at == clock.now and h.actor_id == ADMIN for h in history)
    assert await audit_rows(db) == 7

    # Clearing the embargo is a change too.
    cleared = await settings.update(GUILD, ADMIN, embargo_until=None)
    assert [(c.old, c.new) for c in cleared] == [(f"<t:{int(embargo.timestamp())}:f>", "none")]
    assert (await settings.get(GUILD)).spoilers.embargo_until is None


async def test_noop_update_writes_nothing(db: Database, settings: SettingsRepo) -> None:
    assert await settings.update(GUILD, ADMIN, spoiler_mode="tag", trivia_time_limit=20) == []
    assert await settings.update(GUILD, ADMIN) == []
    assert await db.fetchone("SELECT * FROM guild_settings") is None
    await settings.update(GUILD, ADMIN, spoiler_mode="open")
    assert await settings.update(GUILD, ADMIN, spoiler_mode=Mode.OPEN) == []
    assert await audit_rows(db) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"spoiler_mode": "loud"}, "Spoiler mode must be one of tag, hide, open"),
        ({"spoiler_threshold": "none"}, "threshold"),
        ({"trivia_time_limit": 5}, "between 10 and 60"),
        ({"trivia_time_limit": 61}, "between 10 and 60"),
        ({"trivia_question_count": 0}, "between 1 and 25"),
        ({"trivia_points": 1001}, "between 1 and 1000"),
        ({"trivia_points": True}, "whole number"),
        ({"allow_profanity": "yes"}, "on or off"),
        ({"embargo_until": datetime(2025, 1, 1)}, "time zone"),
        ({"automod_rule_id": -3}, "positive"),
    ],
)
async def test_validation_errors_change_nothing(
    db: Database, settings: SettingsRepo, changes: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        # A valid change alongside the bad one must not be written either.
        await settings.update(GUILD, ADMIN, **{"allow_profanity": True, **changes})
    assert await settings.get(GUILD) == GuildSettings(GUILD)
    assert await audit_rows(db) == 0


async def test_unknown_setting_is_a_type_error(settings: SettingsRepo) -> None:
    with pytest.raises(TypeError, match="unknown setting"):
        await settings.update(GUILD, ADMIN, volume=11)


async def test_cache_is_invalidated_by_writes(db: Database, settings: SettingsRepo) -> None:
    first = await settings.get(GUILD)
    assert await settings.get(GUILD) is first  # served from the cache
    await settings.update(GUILD, ADMIN, spoiler_mode="open")
    second = await settings.get(GUILD)
    assert second.spoilers.mode is Mode.OPEN
    assert await settings.get(GUILD) is second
    await settings.set_spoiler_channel(GUILD, ADMIN, 55, True)
    assert (await settings.get(GUILD)).spoilers.spoiler_channels == {55}
    # Another guild's entry is unaffected; a failed update still leaves a correct view.
    with pytest.raises(ValueError, match="between 1 and 1000"):
        await settings.update(GUILD, ADMIN, trivia_points=0)
    assert (await settings.get(GUILD)).spoilers.mode is Mode.OPEN
    assert (await settings.get(OTHER_GUILD)) == GuildSettings(OTHER_GUILD)


async def test_spoiler_channels(db: Database, settings: SettingsRepo) -> None:
    change = await settings.set_spoiler_channel(GUILD, ADMIN, 123, True)
    assert change is not None
    assert (change.setting, change.old, change.new) == (
        "spoiler_channel",
        "<#123> not allowed",
        "<#123> allowed",
    )
    assert await settings.set_spoiler_channel(GUILD, ADMIN, 123, True) is None  # already allowed
    await settings.set_spoiler_channel(GUILD, ADMIN, 456, True)
    await settings.set_spoiler_channel(OTHER_GUILD, ADMIN, 789, True)
    assert (await settings.get(GUILD)).spoilers.spoiler_channels == {123, 456}

    removed = await settings.set_spoiler_channel(GUILD, ADMIN, 123, False)
    assert removed is not None
    assert (removed.old, removed.new) == ("<#123> allowed", "<#123> not allowed")
    assert await settings.set_spoiler_channel(GUILD, ADMIN, 123, False) is None
    assert (await settings.get(GUILD)).spoilers.spoiler_channels == {456}
    # Channels survive a settings row being written later.
    await settings.update(GUILD, ADMIN, spoiler_mode="hide")
    assert (await settings.get(GUILD)).spoilers.spoiler_channels == {456}
    assert await audit_rows(db) == 5


async def test_history_is_newest_first_and_limited(settings: SettingsRepo, clock: FakeClock) -> None:
    for seconds in range(10, 20):
        clock.now = T0 + timedelta(minutes=seconds)
        await settings.update(GUILD, ADMIN + seconds, trivia_time_limit=seconds * 2 + 1)
    await settings.update(OTHER_GUILD, ADMIN, spoiler_mode="open")

    history = await settings.history(GUILD, limit=3)
    assert [h.new for h in history] == ["39", "37", "35"]
    assert [h.actor_id for h in history] == [ADMIN + 19, ADMIN + 18, ADMIN + 17]
    assert history[0].at == T0 + timedelta(minutes=19)
    assert len(await settings.history(GUILD, limit=50)) == 10
    assert [h.setting for h in await settings.history(OTHER_GUILD)] == ["spoiler_mode"]


async def test_seen_is_cached_and_invalidated(db: Database, settings: SettingsRepo) -> None:
    assert await settings.has_seen(GUILD, 1) is False
    await settings.set_seen(GUILD, 1, True)
    await settings.set_seen(GUILD, 1, True)  # idempotent
    assert await settings.has_seen(GUILD, 1) is True
    assert await settings.has_seen(OTHER_GUILD, 1) is False
    # A cached answer is served without touching the database.
    await db.execute("DELETE FROM member_seen")
    assert await settings.has_seen(GUILD, 1) is True
    await settings.set_seen(GUILD, 1, False)
    assert await settings.has_seen(GUILD, 1) is False


async def test_forget_member(db: Database, settings: SettingsRepo, trivia: TriviaRepo) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 5)
    await trivia.record_answers([answer(game, 0, 7), answer(game, 0, 8)])
    await settings.set_seen(GUILD, 7, True)
    assert await settings.has_seen(GUILD, 7)

    await settings.forget_member(GUILD, 7)
    assert await settings.has_seen(GUILD, 7) is False
    assert await trivia.member_stats(GUILD, 7) == MemberStats(GUILD, 7)
    assert await trivia.answer_count(game) == 1
    assert (await trivia.member_stats(GUILD, 8)).answered == 1


# ---------------------------------------------------------------- trivia


def answer(
    game: int,
    question_no: int,
    user: int,
    *,
    correct: bool = True,
    points: int = 100,
    streak: int = 1,
    at_ms: int | None = None,
    guild: int = GUILD,
) -> AnswerRecord:
    return AnswerRecord(
        game_id=game,
        guild_id=guild,
        question_no=question_no,
        question_id=f"q{question_no}",
        user_id=user,
        correct=correct,
        points=points if correct else 0,
        streak=streak if correct else 0,
        answered_at_ms=at_ms if at_ms is not None else int(T0.timestamp() * 1000) + question_no,
    )


async def test_record_answers_counts_each_member_once_per_question(trivia: TriviaRepo) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 5)
    batch = [
        answer(game, 0, 7, points=150),
        answer(game, 0, 7, points=999),  # duplicate in the same batch: first one wins
        answer(game, 0, 8, correct=False),
        answer(game, 1, 7, points=120, streak=2),
    ]
    assert await trivia.record_answers(batch) == 3
    # Duplicates of stored answers in a later batch are ignored too.
    assert await trivia.record_answers([answer(game, 1, 7, points=500), answer(game, 2, 7, streak=3)]) == 1
    assert await trivia.record_answers([]) == 0

    assert await trivia.member_stats(GUILD, 7) == MemberStats(
        GUILD, 7, points=370, correct=3, answered=3, best_streak=3
    )
    assert await trivia.member_stats(GUILD, 8) == MemberStats(GUILD, 8, points=0, correct=0, answered=1)
    # best_streak never goes down.
    await trivia.record_answers([answer(game, 3, 7, streak=1)])
    assert (await trivia.member_stats(GUILD, 7)).best_streak == 3
    assert await trivia.answer_count(game) == 5
    assert await trivia.answer_count(game, 0) == 2


async def test_an_answer_for_an_unknown_game_fails_the_batch(trivia: TriviaRepo) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await trivia.record_answers([answer(999, 0, 7)])
    assert await trivia.member_stats(GUILD, 7) == MemberStats(GUILD, 7)


async def test_games_finish_and_running_games(trivia: TriviaRepo, clock: FakeClock) -> None:
    first = await trivia.create_game(GUILD, 10, ADMIN, "classic", "easy", 5)
    second = await trivia.create_game(OTHER_GUILD, 20, ADMIN, "blitz", "hard", 10)
    running = await trivia.running_games()
    assert [g.id for g in running] == [first, second]
    assert running[0].status is GameStatus.RUNNING
    assert (running[0].channel_id, running[0].mode, running[0].difficulty) == (10, "classic", "easy")
    assert running[0].started_at == T0
    assert running[0].ended_at is None

    # 7 and 8 answered; 9 is named as a player but has no stored answers (e.g. used /privacy
    # during the game) and must not be counted.
    await trivia.record_answers(
        [
            AnswerRecord(first, GUILD, 1, "q1", user, user == 7, 100 if user == 7 else 0, 1, 1000)
            for user in (7, 8)
        ]
    )
    clock.now = T0 + timedelta(minutes=5)
    assert await trivia.finish_game(first, "finished", winner_ids=[7], player_ids=[7, 8, 9]) is True
    assert await trivia.finish_game(first, "finished", winner_ids=[7], player_ids=[7, 8, 9]) is False
    assert [g.id for g in await trivia.running_games()] == [second]
    done = await trivia.get_game(first)
    assert done is not None
    assert done.status is GameStatus.FINISHED
    assert done.ended_at == clock.now

    seven = await trivia.member_stats(GUILD, 7)
    assert (seven.games_played, seven.games_won) == (1, 1)
    assert (await trivia.member_stats(GUILD, 8)).games_played == 1
    assert await trivia.member_stats(GUILD, 9) == MemberStats(GUILD, 9)
    assert await trivia.guild_games_played(GUILD) == 1
    assert await trivia.guild_games_played(OTHER_GUILD) == 0

    assert await trivia.finish_game(second, GameStatus.INTERRUPTED) is True
    assert await trivia.running_games() == []
    assert await trivia.guild_games_played(OTHER_GUILD) == 1
    with pytest.raises(ValueError, match="final status"):
        await trivia.finish_game(second, "running")


async def test_leaderboard_all_time_and_period(trivia: TriviaRepo) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 5)
    week_ago = int((T0 - timedelta(days=7)).timestamp() * 1000)
    now = int(T0.timestamp() * 1000)
    await trivia.record_answers(
        [
            answer(game, 0, 1, points=500, at_ms=week_ago),  # old: all-time only
            answer(game, 1, 2, points=300, at_ms=now),
            answer(game, 2, 2, points=100, at_ms=now),
            answer(game, 1, 3, points=200, at_ms=now),
            answer(game, 2, 3, correct=False, at_ms=now),
            answer(game, 1, 4, points=400, at_ms=now),  # ties user 2 on points, fewer correct
        ]
    )
    other = await trivia.create_game(OTHER_GUILD, 1, ADMIN, "classic", "mixed", 5)
    await trivia.record_answers([answer(other, 0, 1, points=10_000, guild=OTHER_GUILD)])

    assert await trivia.leaderboard(GUILD) == [
        LeaderboardRow(1, 500, 1),
        LeaderboardRow(2, 400, 2),
        LeaderboardRow(4, 400, 1),
        LeaderboardRow(3, 200, 1),
    ]
    assert await trivia.leaderboard(GUILD, limit=2, offset=1) == [
        LeaderboardRow(2, 400, 2),
        LeaderboardRow(4, 400, 1),
    ]
    assert await trivia.leaderboard_size(GUILD) == 4
    since = T0 - timedelta(days=1)
    assert await trivia.leaderboard(GUILD, since) == [
        LeaderboardRow(2, 400, 2),
        LeaderboardRow(4, 400, 1),
        LeaderboardRow(3, 200, 1),
    ]
    assert await trivia.leaderboard_size(GUILD, since) == 3
    assert await trivia.rank(GUILD, 4) == 3
    assert await trivia.rank(GUILD, 1) == 1
    assert await trivia.rank(GUILD, 99) is None


async def test_asked_history(trivia: TriviaRepo) -> None:
    assert await trivia.asked_ids(GUILD) == set()
    await trivia.mark_asked(GUILD, ["a", "b", "a"])
    await trivia.mark_asked(GUILD, ["c"])
    await trivia.mark_asked(OTHER_GUILD, ["z"])
    assert await trivia.asked_ids(GUILD) == {"a", "b", "c"}
    await trivia.reset_asked(GUILD)
    assert await trivia.asked_ids(GUILD) == set()
    assert await trivia.asked_ids(OTHER_GUILD) == {"z"}


async def test_custom_questions(trivia: TriviaRepo) -> None:
    qid = await trivia.add_question(
        GUILD, ADMIN, " Who trained Eve? ", "Nogi", ("Winston", "Charon", "Daniel"), "minor", "hard"
    )
    await trivia.add_question(OTHER_GUILD, ADMIN, "Q", "A", ("B", "C", "D"))
    rows = await trivia.questions(GUILD)
    assert len(rows) == 1
    row = rows[0]
    assert (row.id, row.question, row.answer, row.wrong) == (
        qid,
        "Who trained Eve?",
        "Nogi",
        ("Winston", "Charon", "Daniel"),
    )
    assert row.spoiler is SpoilerLevel.MINOR
    assert row.difficulty is Difficulty.HARD
    assert row.created_at == T0
    assert await trivia.count_questions(GUILD) == 1

    with pytest.raises(ValueError, match="different"):
        await trivia.add_question(GUILD, ADMIN, "Q", "Same", ("same", "x", "y"))
    with pytest.raises(ValueError, match="empty"):
        await trivia.add_question(GUILD, ADMIN, "  ", "a", ("b", "c", "d"))
    with pytest.raises(ValueError, match="Spoiler level"):
        await trivia.add_question(GUILD, ADMIN, "Q", "a", ("b", "c", "d"), spoiler="huge")

    assert await trivia.remove_question(OTHER_GUILD, qid) is False  # not that server's question
    assert await trivia.remove_question(GUILD, qid) is True
    assert await trivia.remove_question(GUILD, qid) is False
    assert await trivia.count_questions(GUILD) == 0


# ---------------------------------------------------------------- answer writer


async def test_answer_writer_under_a_burst_counts_exactly(db: Database, trivia: TriviaRepo) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10)
    writer = AnswerWriter(trivia, max_batch=500)
    writer.start()

    rng = random.Random(7)
    unique = [answer(game, q, user, points=10 + user) for q in range(10) for user in range(40)]  # 400
    duplicates = [rng.choice(unique) for _ in range(100)]
    records = unique + duplicates
    rng.shuffle(records)

    async def clicker(chunk: list[AnswerRecord]) -> None:
        for record in chunk:
            writer.submit(record)
            await asyncio.sleep(0)

    await asyncio.gather(*(clicker(records[i::20]) for i in range(20)))
    await writer.flush()
    assert writer.pending == 0
    assert writer.idle  # no task left waiting once the queue is empty
    assert writer.batches < 100  # batched, not one transaction per click

    assert writer.written == 400
    assert await trivia.answer_count(game) == 400
    total = await db.fetchone("SELECT SUM(points), SUM(answered), SUM(correct) FROM member_stats")
    assert tuple(total) == (sum(r.points for r in unique), 400, 400)
    assert await trivia.member_stats(GUILD, 5) == MemberStats(
        GUILD, 5, points=150, correct=10, answered=10, best_streak=1
    )

    writer.submit(answer(game, 9, 99))
    await writer.close()  # drains first
    await writer.close()
    assert await trivia.answer_count(game) == 401
    with pytest.raises(RuntimeError):
        writer.submit(answer(game, 9, 100))


async def test_answer_writer_survives_a_bad_record(
    trivia: TriviaRepo, caplog: pytest.LogCaptureFixture
) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10)
    writer = AnswerWriter(trivia)
    writer.start()
    writer.submit(answer(game, 0, 1))
    writer.submit(answer(12345, 0, 2))  # no such game: foreign key fails
    writer.submit(answer(game, 0, 3))
    await writer.flush()
    assert writer.failed == 1
    assert writer.written == 2
    assert "could not write" in caplog.text

    writer.submit(answer(game, 1, 1))
    await writer.flush()
    assert await trivia.answer_count(game) == 3
    await writer.close()


async def test_answer_writer_holds_answers_until_started(trivia: TriviaRepo) -> None:
    game = await trivia.create_game(GUILD, 1, ADMIN, "classic", "mixed", 10)
    writer = AnswerWriter(trivia)
    writer.submit(answer(game, 0, 1))
    await asyncio.sleep(0)
    assert writer.pending == 1
    with pytest.raises(RuntimeError, match="not started"):
        await writer.flush()
    writer.start()
    await writer.close()
    assert await trivia.answer_count(game) == 1


async def test_game_players_are_those_with_answers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.storage import AnswerRecord, Database, TriviaRepo

    db = await Database.open(tmp_path / "players.sqlite3")
    try:
        repo = TriviaRepo(db)
        game = await repo.create_game(1, 2, 3, "choice", "mixed", 5)
        assert await repo.game_players(game) == set()
        records = [
            AnswerRecord(game, 1, n, f"q{n}", user, True, 100, 1, 1000 + n) for n in (1, 2) for user in (7, 8)
        ]
        await repo.record_answers(records)
        assert await repo.game_players(game) == {7, 8}
    finally:
        await db.close()


async def test_a_transaction_cancelled_while_it_begins_leaves_the_connection_usable(tmp_path: Path) -> None:
    from bot.storage import Database

    db = await Database.open(tmp_path / "cancel.sqlite3")
    try:
        for _ in range(20):  # land the cancel at different points, BEGIN included

            async def body() -> None:
                async with db.transaction():
                    await asyncio.sleep(10)

            task = asyncio.create_task(body())
            for _ in range(random.randrange(4)):
                await asyncio.sleep(0)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            async with db.transaction() as tx:  # would fail "within a transaction" if one leaked
                await tx.execute("INSERT OR REPLACE INTO bot_meta (key, value) VALUES ('k', 'v')")
        assert (await db.fetchone("SELECT value FROM bot_meta WHERE key = 'k'"))[0] == "v"
    finally:
        await db.close()
