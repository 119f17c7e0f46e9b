"""Run one command as a child process and measure it: wall seconds, CPU seconds and peak RSS.

``os.wait4`` returns the resource usage of exactly that child (and of the descendants it waited for), so
every measurement gets its own peak RSS without a wrapper process; ``ru_maxrss`` is the largest single
process of that tree (KiB on Linux), not the sum of concurrent workers.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

STDERR_TAIL_CHARS = 2000


@dataclass(frozen=True)
class Measurement:
    seconds: float  # wall, from spawn to exit
    cpu_seconds: float  # user + system of the child tree
    peak_rss_mib: float
    returncode: int  # negative: killed by that signal
    timed_out: bool
    stderr_tail: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


class _Deadline:
    """Kills a process group once ``timeout`` seconds have passed, and remembers that it did."""

    def __init__(self, pid: int, timeout: float | None):
        self.fired = threading.Event()
        self._pid = pid
        self._timer = threading.Timer(timeout, self._kill) if timeout else None
        if self._timer:
            self._timer.start()

    def _kill(self) -> None:
        self.fired.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._pid, signal.SIGKILL)

    def cancel(self) -> None:
        if self._timer:
            self._timer.cancel()


def run_measured(
    argv: Sequence[str],
    log_dir: Path,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Measurement:
    """Run ``argv`` (stdout and stderr to files in ``log_dir``); kill its process group after ``timeout`` s."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stderr_path = log_dir / "stderr.txt"
    with open(log_dir / "stdout.txt", "wb") as out, open(stderr_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=dict(env) if env is not None else None,
                                start_new_session=True)
        deadline = _Deadline(proc.pid, timeout)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        deadline.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    stderr = stderr_path.read_bytes()[-STDERR_TAIL_CHARS:].decode("utf-8", "replace")
    return Measurement(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
                       deadline.fired.is_set(), stderr)
