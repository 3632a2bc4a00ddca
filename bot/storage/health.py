"""Storage faults as the members and the operator see them: one clear message each, one log line per episode.

A backend classifies its own errors into a ``FaultKind`` (``bot/storage/sqlite/faults.py`` for SQLite)
and reports them to the shared ``StorageHealth``. The member gets a ``StorageFault`` (a ``UserError``:
an ephemeral message, nothing changed); the operator gets one WARNING line when an episode starts,
naming the cause and the fix, and one INFO line when it ends; ``state()`` is what a health endpoint
shows. No discord imports here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.domain.errors import UserError
from bot.i18n.context import N_

log = logging.getLogger(__name__)


class FaultKind(StrEnum):
    LOCKED = "locked"  # another program holds the write lock past the budget
    READ_ONLY = "read_only"  # the file, its folder or the mount is read-only
    DISK_FULL = "disk_full"
    GONE = "gone"  # the database file was deleted or replaced while the bot ran
    IMMUTABLE = "immutable"  # chattr +i/+a on the files: any access would crash the process (SIGBUS)
    CORRUPT = "corrupt"
    IO_ERROR = "io_error"
    UNREACHABLE = "unreachable"  # a database server (PostgreSQL) cannot be reached, or dropped us
    STUCK = "stuck_transaction"  # a connection left inside a transaction nobody will commit


# Faults that leave reads working: only writes are refused while they last.
WRITE_ONLY_FAULTS = frozenset({FaultKind.LOCKED, FaultKind.READ_ONLY, FaultKind.DISK_FULL})

Advice = dict[FaultKind, tuple[str, str]]  # each fault's cause and fix, in the operator's words

STUCK_ADVICE = (
    "a database connection was left inside a transaction (a bug: its work was never acknowledged)",
    "nothing to do: the bot rolled it back; please report it with the log lines around this one",
)

# SQLite's (the default backend); PostgreSQL's are in bot/storage/postgres/faults.py.
CAUSE_AND_FIX: Advice = {
    FaultKind.LOCKED: (
        "another program holds the database's write lock",
        "close the other program's transaction (a sqlite3 shell, a backup tool); the bot retries by itself",
    ),
    FaultKind.READ_ONLY: (
        "the database file, its folder or its disk is read-only",
        "give the bot's user write access to the file, its -wal/-shm files and the folder "
        "(chown/chmod), or remount the disk read-write",
    ),
    FaultKind.DISK_FULL: ("the disk holding the database is full", "free some space on that disk"),
    FaultKind.GONE: (
        "the database file was deleted or replaced while the bot ran",
        "put the file back (e.g. restore the last .bak copy): the bot reopens it by itself; "
        "or restart the bot to start a new, empty database",
    ),
    FaultKind.IMMUTABLE: (
        "the database files are marked immutable or append-only (chattr)",
        "run chattr -i -a on the database file and its -wal/-shm files; the bot resumes by itself",
    ),
    FaultKind.CORRUPT: (
        "the database file is damaged",
        "run `ballerina-bot check`, then restore the last backup (README: Upgrading → To restore)",
    ),
    FaultKind.IO_ERROR: ("the disk reported an I/O error", "check the disk and the system log (dmesg)"),
    FaultKind.UNREACHABLE: (
        "the database server cannot be reached",
        "check that it runs and that this machine can reach it; the bot reconnects by itself",
    ),
    FaultKind.STUCK: STUCK_ADVICE,
}


class StorageFault(UserError):
    """The database cannot do this right now; nothing was changed."""

    def __init__(self, kind: FaultKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class StorageBusy(StorageFault):
    # i18n: limit 2000
    default_message = N_(
        "The bot's database is busy right now, so nothing was changed. Try again in a few seconds."
    )

    def __init__(self, kind: FaultKind = FaultKind.LOCKED) -> None:
        super().__init__(kind, self.default_message)


class StorageUnavailable(StorageFault):
    # i18n: limit 2000
    default_message = N_(
        "The bot can't save anything right now: its storage has a problem that the bot's owner can see "
        "in its logs. Nothing was changed; try again later."
    )

    def __init__(self, kind: FaultKind) -> None:
        super().__init__(kind, self.default_message)


class StorageUnreadable(StorageUnavailable):
    """A read refused: saying "nothing was saved" to someone who only asked to see something misleads."""

    # i18n: limit 2000
    default_message = N_(
        "The bot can't read its data right now: its storage has a problem that the bot's owner can see "
        "in its logs. Try again later."
    )


def fault_error(kind: FaultKind, *, reading: bool = False) -> StorageFault:
    if kind is FaultKind.LOCKED:
        return StorageBusy(kind)
    return StorageUnreadable(kind) if reading else StorageUnavailable(kind)


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    detail: str  # the backend's own words, e.g. "database or disk is full"
    since: float  # monotonic seconds


class StorageHealth:
    """The current fault, if any. One episode = first failure to first success (or probe) after it."""

    def __init__(
        self, where: str, *, clock: Callable[[], float] = time.monotonic, advice: Advice | None = None
    ) -> None:
        self.where = where  # e.g. the database path, for the log lines
        self._clock = clock
        self._advice = advice or CAUSE_AND_FIX  # a backend's own words for its faults
        self.fault: Fault | None = None
        self.failures = 0  # failures in the current episode

    @property
    def healthy(self) -> bool:
        return self.fault is None

    def failed(self, kind: FaultKind, detail: str) -> None:
        if self.fault is not None and self.fault.kind is kind:
            self.failures += 1
            return
        self.fault = Fault(kind, detail, self._clock())
        self.failures = 1
        cause, fix = self._advice[kind]
        log.warning(
            "Storage fault (%s) on %s: %s (%s). Fix: %s. Members are told to try again; nothing is lost "
            "that was acknowledged.",
            kind.value,
            self.where,
            cause,
            detail,
            fix,
        )

    def recovered(self) -> None:
        fault = self.fault
        if fault is None:
            return
        self.fault = None
        log.info(
            "Storage recovered on %s after %.1f s (%s, %d failed operations).",
            self.where,
            self._clock() - fault.since,
            fault.kind.value,
            self.failures,
        )

    def state(self) -> dict[str, Any]:
        """For a health endpoint: ``storage_healthy`` and, when faulted, what and how to fix it."""
        fault = self.fault
        if fault is None:
            return {"storage_healthy": True}
        cause, fix = self._advice[fault.kind]
        return {
            "storage_healthy": False,
            "fault": fault.kind.value,
            "cause": cause,
            "fix": fix,
            "detail": fault.detail,
            "for_seconds": round(self._clock() - fault.since, 1),
            "failures": self.failures,
        }
