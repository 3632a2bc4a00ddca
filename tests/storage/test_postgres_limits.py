"""PostgreSQL inside an interaction's 3 s, and out of disk: each produced for real.

* a statement slower than ``STATEMENT_TIMEOUT_MS`` (``pg_sleep``) is refused as busy in time;
* a pool with no free connection is busy too, never "the server cannot be reached";
* deleting a whole server's data may take longer than that (a trigger makes it slow);
* a full disk: a tablespace on a 1 MiB tmpfs this test mounts (as root), the table moved there,
  filled until PostgreSQL reports "could not extend file" (SQLSTATE 53100); answered as SQLite's
  full disk is, and over once there is room again.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from bot.storage.cache import SettingsCache
from bot.storage.health import FaultKind, StorageBusy, StorageUnavailable
from bot.storage.postgres.database import STATEMENT_TIMEOUT_MS, PostgresDatabase
from bot.storage.sql.server_store import SqlServerDataStore
from tests.support.environment import needs
from tests.support.stores import GUILD, UPSERT, fault_lines

pytestmark = [pytest.mark.postgresql, pytest.mark.usefixtures("info_logs")]


@pytest.fixture
def db(postgres_db: PostgresDatabase) -> PostgresDatabase:
    """These tests are about PostgreSQL itself."""
    return postgres_db


async def test_a_statement_slower_than_the_budget_is_refused_as_busy(
    db: PostgresDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    assert STATEMENT_TIMEOUT_MS + 1000 <= 3000, "with the wait for a connection, inside Discord's 3 s"
    with pytest.raises(StorageBusy) as raised:
        await db.fetchone("SELECT pg_sleep(?)", (STATEMENT_TIMEOUT_MS / 1000 + 1.5,))
    assert raised.value.kind is FaultKind.LOCKED
    assert "statement_timeout" in fault_lines(caplog)[0]
    await db.execute(UPSERT, ("k", "quick"))
    assert db.health.healthy, "the next write in time ends the episode"


async def test_a_full_pool_is_busy_not_an_unreachable_server(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    db = await PostgresDatabase.open(postgres_url, min_size=1, max_size=1)
    try:
        async with db.transaction() as tx:  # the pool's only connection, held
            await tx.execute(UPSERT, ("k", "held"))
            with pytest.raises(StorageBusy) as raised:
                await db.fetchone("SELECT value FROM bot_meta WHERE key = 'k'")
        assert raised.value.kind is FaultKind.LOCKED
        [line] = fault_lines(caplog)
        assert "every pooled connection is in use" in line and "cannot be reached" not in line
    finally:
        await db.close()


async def test_deleting_a_departed_servers_data_may_outlast_an_interactions_statement(
    db: PostgresDatabase, postgres_url: str
) -> None:
    other = await asyncpg.connect(postgres_url)
    try:  # every DELETE on guild_settings now takes longer than STATEMENT_TIMEOUT_MS
        await other.execute(
            "CREATE FUNCTION slow_delete() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN PERFORM pg_sleep({STATEMENT_TIMEOUT_MS / 1000 + 0.5}); RETURN NULL; END $$; "
            "CREATE TRIGGER slow_delete AFTER DELETE ON guild_settings "
            "FOR EACH STATEMENT EXECUTE FUNCTION slow_delete()"
        )
    finally:
        await other.close()
    servers = SqlServerDataStore(db, SettingsCache())
    left = datetime(2026, 1, 1, tzinfo=UTC)
    await servers.record_departure(GUILD, left)
    deleted = await servers.purge(GUILD, left)
    assert deleted is not None and await servers.departures() == []


# -- a full disk ------------------------------------------------------------------------------


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 1 MiB tmpfs the PostgreSQL server (running on this machine, as "postgres") may write to."""

    try:
        owner = pwd.getpwnam("postgres")
    except KeyError:
        needs('(for a full disk on PostgreSQL) the PostgreSQL server on this machine, running as "postgres"')
    folder = Path(tempfile.mkdtemp(prefix="bb-pg-full-", dir="/var/tmp"))
    folder.chmod(0o755)
    options = f"size=1m,mode=0700,uid={owner.pw_uid},gid={owner.pw_gid}"
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        folder.rmdir()
        why = mounted.stderr.strip() or mounted.returncode
        needs(f"(for a full disk on PostgreSQL) to mount a tmpfs, as root ({why})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        with contextlib.suppress(OSError):
            folder.rmdir()


def fill(path: Path) -> None:
    """Write until the disk is full."""
    with contextlib.suppress(OSError), path.open("wb", buffering=0) as f:
        while True:
            f.write(b"\0" * 4096)


async def test_a_full_disk_is_refused_as_sqlites_is_and_over_once_there_is_room(
    db: PostgresDatabase, postgres_url: str, small_disk: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tablespace = f"bb_full_{os.getpid()}"
    admin = await asyncpg.connect(postgres_url)
    try:
        await admin.execute(f"CREATE TABLESPACE {tablespace} LOCATION '{small_disk}'")
        await admin.execute(f"ALTER TABLE bot_meta SET TABLESPACE {tablespace}")
        await admin.execute(f"ALTER INDEX bot_meta_pkey SET TABLESPACE {tablespace}")
        filler = small_disk / "filler"
        fill(filler)
        raised: list[StorageUnavailable] = []
        for i in range(2000):
            try:
                await db.execute(UPSERT, (f"k{i}", os.urandom(1500).hex()))  # random: not compressed
            except StorageUnavailable as exc:
                raised.append(exc)
                break
        assert raised and raised[0].kind is FaultKind.DISK_FULL, "PostgreSQL reported a full disk"
        assert raised[0].message == StorageUnavailable(FaultKind.DISK_FULL).message
        [line] = fault_lines(caplog)
        assert "disk is full" in line and "free some space" in line
        assert await db.fetchone("SELECT count(*) FROM bot_meta") is not None, "reads go on"
        assert not db.health.healthy

        filler.unlink()
        assert await db.check_health(), "the health probe's own write succeeds: the episode ends"
        await db.execute(UPSERT, ("after", "room again"))
    finally:  # the schema goes back to the pool as it came: bot_meta on the default tablespace
        (small_disk / "filler").unlink(missing_ok=True)
        await admin.execute("ALTER TABLE bot_meta SET TABLESPACE pg_default")
        await admin.execute("ALTER INDEX bot_meta_pkey SET TABLESPACE pg_default")
        await admin.execute(f"DROP TABLESPACE IF EXISTS {tablespace}")
        await admin.close()
