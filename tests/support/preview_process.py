"""Run ``ballerina-bot preview`` as a person would: a subprocess that prints one URL."""

from __future__ import annotations

import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

URL = re.compile(r"http://127\.0\.0\.1:(\d+)/#[A-Za-z0-9_-]+")
START_LIMIT = 30.0  # seconds; it takes about half a second


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def console_script() -> str:
    """The installed ``ballerina-bot`` next to this Python (the venv's bin/)."""
    return str(Path(sys.executable).with_name("ballerina-bot"))


@dataclass
class RunningPreview:
    process: subprocess.Popen[str]
    url: str
    first_line: str
    started_in: float  # seconds from launch to the URL line

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C, as a person stops it; returns (exit code, rest of stdout, stderr)."""
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=20)
        return self.process.returncode, out, err


@contextmanager
def running_preview(database: Path, port: int) -> Iterator[RunningPreview]:
    started = time.monotonic()
    process = subprocess.Popen(
        [console_script(), "preview", "--port", str(port), "--database", str(database)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], START_LIMIT)
        line = process.stdout.readline() if ready else ""  # the URL line, or "" if it died or hangs
        took = time.monotonic() - started
        match = URL.search(line)
        if match is None:
            process.kill()
            _, err = process.communicate(timeout=10)
            raise AssertionError(f"no URL from ballerina-bot preview: {line!r}; stderr: {err}")
        assert took < START_LIMIT, f"the preview took {took:.1f} s to start"
        yield RunningPreview(process, match.group(0), line, took)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
