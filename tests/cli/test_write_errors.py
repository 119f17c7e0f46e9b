"""The destination fails (a full disk, a file size limit, a closed or full stdout, a swap the kernel refuses):
an OMEC801 error naming the OS error, exit 1, no traceback, and the previous output intact."""
from __future__ import annotations

import errno
import io
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omec.options import Options
from omec.run import Sources, run
from omec.write import DirectorySink, StreamSink
from omec.write import atomic as atomic_module
from tests.conftest import REPO

EXAMPLES = REPO / "examples"
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
NO_TRACEBACK = ("Traceback", "Exception ignored", "OMEC900")


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _limit_file_size() -> None:  # in the child: files may not grow past 512 bytes (write(2) fails with EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_write_is_omec801_and_the_previous_output_stays(tmp_path, jobs):
    out = tmp_path / "out"
    specs = tmp_path / "specs"
    shutil.copytree(EXAMPLES, specs, ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    for number in range(120):  # enough services for -j 2 to write from its workers
        (specs / "services" / f"copy-{number}.yaml").write_text(
            (EXAMPLES / "services" / "llama-chat.yaml").read_text().replace("name: llama-chat", f"name: copy-{number}"))
    assert subprocess.run([sys.executable, "-m", "omec", "build", str(EXAMPLES), "-o", str(out)], env=ENV,
                          capture_output=True, timeout=120).returncode == 0
    before = tree(out)
    proc = subprocess.run([sys.executable, "-m", "omec", "build", str(specs), "-o", str(out), "-j", jobs], env=ENV,
                          capture_output=True, text=True, timeout=120, preexec_fn=_limit_file_size)
    assert proc.returncode == 1, proc.stderr
    assert f"error[OMEC801] cannot write {out}: File too large" in proc.stderr
    assert not any(marker in proc.stderr for marker in NO_TRACEBACK), proc.stderr
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["out", "specs"]


def _build_into(out: Path):
    return run(Sources((str(EXAMPLES),)), Options(), DirectorySink(str(out)))


def test_a_swap_the_kernel_refuses_is_omec801_and_the_previous_output_stays(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _build_into(out).ok
    before = tree(out)

    def busy(a: str, b: str) -> bool:  # what renameat2 says for a mount point or the current directory
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), b)

    monkeypatch.setattr(atomic_module, "exchange", busy)
    result = _build_into(out)
    assert [(d.code, d.message) for d in result.diagnostics if d.code == "OMEC801"] == [
        ("OMEC801", f"cannot write {out}: Device or resource busy")]
    assert not result.ok and tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_without_renameat2_a_failed_second_rename_puts_the_old_output_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _build_into(out).ok
    before = tree(out)
    renames = []

    def rename(src, dst):
        renames.append((src, dst))
        if len(renames) == 2:  # the new tree into place
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        os.replace(src, dst)

    monkeypatch.setattr(atomic_module, "exchange", lambda a, b: False)  # unsupported: rename aside, then in
    monkeypatch.setattr(atomic_module.os, "rename", rename)
    result = _build_into(out)
    assert "OMEC801" in [d.code for d in result.diagnostics] and len(renames) == 3
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_exchange_swaps_two_directories_and_raises_the_errors_of_the_swap_itself(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "mark").write_text("a")
    assert atomic_module.exchange(str(a), str(b)) is True and (b / "mark").exists()
    with pytest.raises(FileNotFoundError):
        atomic_module.exchange(str(a), str(tmp_path / "missing"))


class _Trickle(io.BytesIO):
    """A stream that takes at most 7 bytes per write, as a buffered stdout does when the OS takes part of it."""

    def write(self, data) -> int:
        return super().write(bytes(data[:7]))


def test_short_writes_to_the_stream_are_continued_not_dropped():
    sink = StreamSink(_Trickle())
    assert sink.open() == []
    sink.write({"b.yaml": b"kind: B\n", "a.yaml": b"kind: A\n" * 5})
    assert sink.commit(b"{}") == (0, [])
    assert sink.stream.getvalue() == b"kind: A\n" * 5 + b"---\nkind: B\n"


def test_a_full_stdout_is_omec801_without_a_traceback():
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "omec", "build", str(EXAMPLES), "-o", "-"], env=ENV,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "error[OMEC801] cannot write the manifests to the output stream: No space left on device" in proc.stderr
    assert not any(marker in proc.stderr for marker in NO_TRACEBACK), proc.stderr


def test_a_reader_that_quits_is_omec801_without_a_traceback(tmp_path):
    from bench.workload import write_workload

    write_workload(tmp_path / "fleet", 60, 3)  # a stream much larger than a pipe's buffer
    proc = subprocess.Popen([sys.executable, "-m", "omec", "build", str(tmp_path / "fleet"), "-o", "-"], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.read(1) == b"a"  # apiVersion: ...
    proc.stdout.close()  # `| head -c1`
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert b"error[OMEC801] cannot write the manifests to the output stream: Broken pipe" in err
    assert not any(marker.encode() in err for marker in NO_TRACEBACK), err


def test_a_closed_stdout_is_omec801():
    proc = subprocess.run([sys.executable, "-m", "omec", "build", str(EXAMPLES), "-o", "-"], env=ENV,
                          stderr=subprocess.PIPE, text=True, timeout=120, preexec_fn=lambda: os.close(1))
    assert proc.returncode == 1, proc.stderr
    assert "error[OMEC801] cannot write the manifests: stdout is closed" in proc.stderr
    assert not any(marker in proc.stderr for marker in NO_TRACEBACK), proc.stderr
