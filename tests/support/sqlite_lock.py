"""Another program holding a SQLite database's write lock, as a ``sqlite3`` shell or a backup tool does.

A real second process: SQLite's locks are POSIX locks, kept per process, so a connection in the
test's own process would share the bot's locks and could not show what another program does to
the files when it closes (the last connection to close checkpoints and deletes the -wal).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


@contextmanager
def lock_held_by_another_program(path: Path) -> Iterator[None]:
    """Holds ``BEGIN IMMEDIATE`` in a child process for the ``with`` block, then rolls back and closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.write("done\n")
        holder.stdin.close()
        assert holder.wait(timeout=10) == 0
