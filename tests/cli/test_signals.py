"""Signals in the middle of a real build (a fleet big enough to be mid-build, -j 2 workers writing into the
staging tree): SIGINT (Ctrl-C, sent to the whole process group) and SIGTERM end the run and its workers quietly,
exit 130 / 143, the staging tree removed, OUT untouched. A worker killed from outside (the OOM killer) ends the
run at once instead of hanging it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> Path:
    from bench.workload import write_workload

    root = tmp_path_factory.mktemp("fleet")
    write_workload(root, 600, 11)
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _group(pgid: int) -> list[int]:
    """The processes of a process group still alive (zombies excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


def _workers(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _start_mid_build(fleet: Path, out: Path, jobs: str) -> tuple[subprocess.Popen, list[Path]]:
    """A build started in its own session, returned once its staging tree holds files."""
    proc = subprocess.Popen([sys.executable, "-m", "omec", "build", str(fleet), "-o", str(out), "-j", jobs],
                            cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        staging = [p for p in out.parent.glob(f".{out.name}.omec-{proc.pid}-*") if any(p.rglob("*.yaml"))]
        if staging and (jobs == "1" or len(_workers(proc.pid)) == int(jobs)):
            return proc, staging
        time.sleep(0.005)
    proc.kill()
    pytest.fail("the build ended before it was mid-build")


def _finish(proc: subprocess.Popen) -> tuple[bytes, str]:
    """stdout and stderr of a build that must end by itself; its whole group is killed if it hangs."""
    try:
        stdout, stderr = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the build hung")
    return stdout, stderr.decode()


@pytest.mark.parametrize("how, expected", [
    ("sigint-group-j2", 130),  # Ctrl-C in a terminal: every process of the foreground group gets SIGINT
    ("sigint-parent-j1", 130),
    ("sigterm-parent-j2", 143),  # kill, timeout, CI cancelling a job
    ("sigterm-group-j2", 143),
])
def test_a_signal_mid_build_ends_the_run_quietly_and_changes_nothing(tmp_path, fleet, how, expected):
    out = tmp_path / "out"
    assert subprocess.run([sys.executable, "-m", "omec", "build", str(REPO / "examples"), "-o", str(out)], env=ENV,
                          capture_output=True, timeout=120).returncode == 0
    before = tree(out)
    name, target, jobs = how.split("-")
    proc, staging = _start_mid_build(fleet, out, jobs[1:])
    signum = signal.SIGINT if name == "sigint" else signal.SIGTERM
    if target == "group":
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    stdout, text = _finish(proc)
    assert proc.returncode == expected, text
    assert stdout == b"" and "Traceback" not in text and "KeyboardInterrupt" not in text
    assert f"omec: interrupted by {signal.Signals(signum).name}" in text
    assert _group(proc.pid) == []  # no worker left behind
    assert not any(p.exists() for p in staging) and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert tree(out) == before


def test_a_worker_killed_from_outside_ends_the_run_instead_of_hanging_it(tmp_path, fleet):
    out = tmp_path / "out"
    proc, staging = _start_mid_build(fleet, out, "2")
    victim = _workers(proc.pid)[0]
    os.kill(victim, signal.SIGKILL)
    _, text = _finish(proc)
    assert proc.returncode == 70, text
    assert f"omec: error: worker process {victim} was killed by signal 9 while compiling services" in text
    assert "Traceback" not in text and _group(proc.pid) == []
    assert not out.exists() and not any(p.exists() for p in staging)
