"""Helpers of the load tests: a wall-clock limit for code that used to hang, and omec run as a separate process
(with time and memory limits, for inputs that used to hang it or exhaust memory)."""
from __future__ import annotations

import contextlib
import resource
import signal
import subprocess
import sys

import pytest

ISVC = """\
apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {name: chat, namespace: team}
"""


class Overtime(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: float):
    """Fail (raise Overtime) when the block runs longer than ``seconds`` (SIGALRM; also interrupts a blocking open)."""

    def expire(signum, frame):
        raise Overtime(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_omec(*args: str, cwd, timeout: float = 60, memory: int = 2 << 30, cache: str = "off"
             ) -> subprocess.CompletedProcess:
    """``python -m omec ARGS`` in ``cwd`` with the cache ``cache`` (off by default), killed after ``timeout`` seconds,
    its address space limited to ``memory`` bytes. A test whose command overruns fails (TimeoutExpired)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "omec", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit, env={"OMEC_CACHE_DIR": cache, "PATH": "/usr/bin:/bin"},
                          check=False)


@pytest.fixture
def base_catalog():
    """The catalog the case directories build against (tests/cases/base)."""
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "cases" / "base"
