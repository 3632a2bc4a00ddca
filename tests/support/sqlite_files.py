"""SQLite's files on disk, as a fault test handles them."""

from __future__ import annotations

from pathlib import Path


def delete_database_files(path: Path) -> None:
    """The database file and its WAL and shared-memory files, as if someone deleted them."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
