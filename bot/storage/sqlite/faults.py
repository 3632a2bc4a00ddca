"""SQLite's errors and file states as storage faults (``bot.storage.health``).

``classify`` maps an error to a fault by SQLite's primary result code; ``FileWatch`` notices what
SQLite itself does not report: the file deleted or replaced under an open connection (SQLite
keeps writing to the unlinked file), and the files made immutable (the next touch of the
memory-mapped ``-shm`` file would kill the process with SIGBUS, whatever ``mmap_size`` says).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
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


_FS_IOC_GETFLAGS = 0x80086601
_IMMUTABLE_OR_APPEND = 0x10 | 0x20  # FS_IMMUTABLE_FL | FS_APPEND_FL


def _flags(path: str) -> int:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return 0
    try:
        return int.from_bytes(fcntl.ioctl(fd, _FS_IOC_GETFLAGS, b"\0" * 8)[:4], "little")
    except OSError:  # a filesystem without these flags (tmpfs on older kernels, network mounts)
        return 0
    finally:
        os.close(fd)


class FileWatch:
    """The database file as it was opened: is it still there, and may it still be written?"""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.identity = self._identity()

    def _identity(self) -> tuple[int, int] | None:
        with contextlib.suppress(OSError):
            st = os.stat(self.path)
            return st.st_dev, st.st_ino
        return None

    def renew(self) -> None:
        self.identity = self._identity()

    def problem(self) -> FaultKind | None:
        """GONE, IMMUTABLE or None. A few system calls: cheap enough before every access."""
        if self._identity() != self.identity:
            return FaultKind.GONE
        for suffix in ("", "-wal", "-shm"):
            if _flags(self.path + suffix) & _IMMUTABLE_OR_APPEND:
                return FaultKind.IMMUTABLE
        return None
