"""Storage faults on a real filesystem, for RELIABILITY.md (root: mounts a tiny tmpfs). Not run by pytest.

    sudo .venv/bin/python -m tests.process.fault_drill

Disk full for real: the database on a 512 KiB tmpfs, filled by another file; then the file is
removed. Each step prints what a write and a read did, and the storage health state. (A read-only
remount under an open database is refused by Linux while files are open for writing, and chmod
does not affect descriptors already open; the tests produce SQLite's read-only error with
``PRAGMA query_only``.)
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import tempfile
from pathlib import Path

from bot.storage.health import StorageFault
from bot.storage.sqlite.database import Database

UPSERT = (
    "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


async def attempt(db: Database, label: str, key: str) -> None:
    try:
        await db.execute(UPSERT, (key, "x" * 3000))
        write = "stored"
    except StorageFault as exc:
        write = f"refused ({exc.kind.value}): {exc.message[:60]}…"
    try:
        await db.fetchone("SELECT COUNT(*) FROM bot_meta")
        read = "ok"
    except StorageFault as exc:
        read = f"refused ({exc.kind.value})"
    print(f"{label:<28} write {write:<80} read {read:<10} health {db.health.state().get('fault', 'healthy')}")


def run(*command: str) -> None:
    subprocess.run(command, check=True)


def fill(path: Path) -> None:
    try:
        with open(path, "wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
    except OSError:  # the disk is full
        pass


async def main() -> None:
    mount = Path(tempfile.mkdtemp(prefix="ballerina-drill-"))
    run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount))
    try:
        db = await Database.open(mount / "bot.sqlite3", backup=False)
        await attempt(db, "healthy", "a")
        filler = mount / "filler"
        fill(filler)
        for n in range(3):
            await attempt(db, f"disk full #{n + 1}", f"full{n}-" + "k" * 50)
        os.remove(filler)
        await attempt(db, "space freed", "after-full")
        await db.close()
    finally:
        run("umount", "-l", str(mount))


if __name__ == "__main__":
    asyncio.run(main())
