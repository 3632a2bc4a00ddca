"""SQLite's errors and file states as storage faults (``bot.storage.health``).

``classify`` maps an error to a fault by SQLite's primary result code; ``FileWatch`` notices what
SQLite itself does not report: the file deleted or replaced under an open connection (SQLite
keeps writing to the unlinked file), and the files made immutable (the next touch of the
memory-mapped ``-shm`` file would kill the process with SIGBUS, whatever ``mmap_size`` says).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bot.storage.health import FaultKind

_BY_CODE = {
    5: FaultKind.LOCKED,  # SQLITE_BUSY
    6: FaultKind.LOCKED,  # SQLITE_LOCKED
    8: FaultKind.READ_ONLY,  # SQLITE_READONLY
    10: FaultKind.IO_ERROR,  # SQLITE_IOERR
    11: FaultKind.CORRUPT,  # SQLITE_CORRUPT
    13: FaultKind.DISK_FULL,  # SQLITE_FULL
    14: FaultKind.GONE,  # SQLITE_CANTOPEN
    26: FaultKind.CORRUPT,  # SQLITE_NOTADB
}


def classify(exc: BaseException) -> FaultKind | None:
    """The fault an error means, or None when it is not the storage's fault (a constraint, a bug)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # older Pythons: fall back on the message
        text = str(exc).lower()
        for fragment, kind in (
            ("locked", FaultKind.LOCKED),
            ("readonly", FaultKind.READ_ONLY),
            ("disk is full", FaultKind.DISK_FULL),
            ("malformed", FaultKind.CORRUPT),
            ("not a database", FaultKind.CORRUPT),
            ("disk i/o", FaultKind.IO_ERROR),
        ):
            if fragment in text:
                return kind
        return None
    return _BY_CODE.get(code & 0xFF)


_IMMUTABLE_OR_APPEND = 0x10 | 0x20  # STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND (as FS_*_FL)
_AT_FDCWD = -100
_STATX_SIZE = 256  # struct statx; stx_attributes is the u64 at offset 8


def _load_statx() -> Callable[..., int] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        statx: Callable[..., int] = libc.statx
        return statx
    except (OSError, AttributeError):  # not glibc >= 2.28 / musl >= 1.2.5
        return None


_statx = _load_statx()


def _flags(path: str) -> int:
    """The file's immutable/append-only attributes, read by path with ``statx``.

    Never by opening the file: closing any descriptor of a file drops every POSIX lock this
    process holds on it, SQLite's included. Without its locks, another program that closes its
    own connection believes it was the last one, checkpoints and deletes the -wal and -shm
    files, and the bot goes on committing into the deleted -wal: acknowledged, invisible to
    everyone else, gone at the next SIGKILL.
    """
    if _statx is None:
        return 0  # no way to ask without a descriptor: the check is skipped rather than unsafe
    buf = ctypes.create_string_buffer(_STATX_SIZE)
    if _statx(_AT_FDCWD, os.fsencode(path), 0, 0, buf) != 0:
        return 0  # missing file (GONE is found by identity), or a filesystem without statx
    return int.from_bytes(buf.raw[8:16], "little")


class FileWatch:
    """The database file as it was opened: is it still there, and may it still be written?

    The -wal file too: the bot's connections keep it open, so while they live it must stay the same
    file. Another name at that path (or none) means SQLite is writing into a deleted -wal, where a
    commit is invisible to everyone else and lost at the next crash: reported as GONE, and the
    connections are reopened onto the files at the path.
    """

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.identity = file_identity(self.path)
        self.wal = file_identity(self.path + "-wal")  # None until SQLite creates it

    def renew(self) -> None:
        self.identity = file_identity(self.path)
        self.wal = file_identity(self.path + "-wal")

    def problem(self) -> FaultKind | None:
        """GONE, IMMUTABLE or None. A few system calls: cheap enough before every access."""
        if file_identity(self.path) != self.identity:
            return FaultKind.GONE
        wal = file_identity(self.path + "-wal")
        if self.wal is None:
            self.wal = wal
        elif wal != self.wal:
            return FaultKind.GONE
        for suffix in ("", "-wal", "-shm"):
            if _flags(self.path + suffix) & _IMMUTABLE_OR_APPEND:
                return FaultKind.IMMUTABLE
        return None


def file_identity(path: str) -> tuple[int, int] | None:
    with contextlib.suppress(OSError):
        st = os.stat(path)
        return st.st_dev, st.st_ino
    return None
