"""Rebuilding into an existing output keeps files whose bytes did not change (same inode and mtime) and writes
the rest; the swap stays atomic and the content is exactly that of a fresh build."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omec.write.tree import write_files
from tests.conftest import REPO

LLAMA_HPA = "llm-prod/llama-chat/horizontalpodautoscaler-llama-chat-engine.yaml"


def _build(out: Path, *specs: str, jobs: str = "1") -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "omec", "build", *(specs or ("examples",)), "-o", str(out), "-j", jobs]
    proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc


def _files(root: Path) -> dict[str, os.stat_result]:
    return {str(p.relative_to(root)): p.stat() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unchanged_rebuild_keeps_every_file(tmp_path, jobs):
    out = tmp_path / "out"
    _build(out)
    before = _files(out)
    proc = _build(out, jobs=jobs)
    after = _files(out)
    assert after.keys() == before.keys()
    assert all((after[f].st_ino, after[f].st_mtime_ns) == (before[f].st_ino, before[f].st_mtime_ns) for f in after)
    assert all(s.st_nlink == 1 for s in after.values())  # the old tree is gone, not left as a second name
    assert f"({len(after)} of {len(after)} files unchanged)" in proc.stderr


def test_only_changed_files_are_rewritten_and_the_result_equals_a_fresh_build(tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(REPO / "examples", specs, ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    _build(out, str(specs))
    before = _files(out)
    old_bytes = {f: (out / f).read_bytes() for f in before}
    service = specs / "services" / "llama-chat.yaml"
    service.write_text(service.read_text().replace("minReplicas: 2", "minReplicas: 3"))
    (out / "llm-prod" / "qwen-assistant").rename(out / "gone")  # the user moved some output away
    tampered = str(next((out / "llm-large").rglob("*.yaml")).relative_to(out))
    (out / tampered).write_text((out / tampered).read_text() + "# edited by hand\n")
    _build(out, str(specs))
    _build(fresh, str(specs))
    after = _files(out)
    new_bytes = {f: (out / f).read_bytes() for f in after}
    assert new_bytes == {f: (fresh / f).read_bytes() for f in _files(fresh)}
    kept = {f for f in after if f in before and after[f].st_ino == before[f].st_ino}
    same = {f for f in after if old_bytes.get(f) == new_bytes[f] and f != tampered
            and not f.startswith("llm-prod/qwen-assistant/")}
    assert kept == same
    assert LLAMA_HPA in after and LLAMA_HPA not in kept and tampered not in kept and "omec-index.json" in kept
    assert len(kept) > len(after) // 2


def test_symlinks_and_directories_in_the_old_output_are_never_linked(tmp_path):
    previous, staging = tmp_path / "previous", tmp_path / "staging"
    (previous / "ns").mkdir(parents=True)
    staging.mkdir()  # made by open_staging
    target = tmp_path / "elsewhere.yaml"
    target.write_bytes(b"a: 1\n")
    (previous / "ns" / "link.yaml").symlink_to(target)
    (previous / "ns" / "dir.yaml").mkdir()
    (previous / "ns" / "same.yaml").write_bytes(b"b: 2\n")
    files = {"ns/link.yaml": b"a: 1\n", "ns/dir.yaml": b"c: 3\n", "ns/same.yaml": b"b: 2\n", "ns/new.yaml": b"d: 4\n"}
    assert write_files(str(staging), files, str(previous)) == 1
    assert {f: (staging / f).read_bytes() for f in files} == files
    assert not (staging / "ns" / "link.yaml").is_symlink()
    assert (staging / "ns" / "link.yaml").stat().st_ino != target.stat().st_ino
    assert (staging / "ns" / "same.yaml").stat().st_ino == (previous / "ns" / "same.yaml").stat().st_ino
