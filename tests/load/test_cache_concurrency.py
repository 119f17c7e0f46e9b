"""Several omec processes sharing one cache directory, and spec files edited while a build runs: every build gives
exactly the files and diagnostics (with their positions) of the same build done alone without a cache.

Each run rewrites the pack files (parsed inputs, positions, valid inputs) with its own entries only, so runs on
other trees lose each other's entries; entries are keyed by the content hash of the bytes they were computed
from, so a lost entry is recomputed and an entry read is never wrong.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.workload import write_workload
from omec.load.cache import Cache
from omec.testing import build
from tests.conftest import REPO

Build = tuple[int, dict[str, bytes], str]


def _env(cache: Path | str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}, "OMEC_CACHE_DIR": str(cache)}


def _start(specs: Path, out: Path, cache: Path | str, jobs: str = "1") -> tuple[subprocess.Popen, Path]:
    argv = [sys.executable, "-m", "omec", "build", str(specs), "-o", str(out), "-j", jobs]
    proc = subprocess.Popen(argv, cwd=REPO, env=_env(cache), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    return proc, out


def _finish(started: tuple[subprocess.Popen, Path]) -> Build:
    """(exit status, files by path, stderr) of a build started by :func:`_start`."""
    proc, out = started
    _, stderr = proc.communicate(timeout=120)
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return proc.returncode, files, stderr.replace(str(out), "OUT")


@pytest.fixture(scope="module")
def trees(tmp_path_factory) -> dict[str, tuple[Path, Build]]:
    """Three spec trees and their builds done alone without a cache: ``a`` and ``c`` (two seeds), and ``b``: ``a``
    with every third service and runtime edited at the same paths (a line added above everything, so every
    position moves, and a changed label or image), the case where anything keyed by path would go wrong."""
    root = tmp_path_factory.mktemp("trees")
    write_workload(root / "a", 20, 1, n_runtimes=30)
    write_workload(root / "c", 20, 2, n_runtimes=30)
    shutil.copytree(root / "a", root / "b")
    edited = sorted((root / "b" / "services").rglob("*.yaml"))[::3] + sorted((root / "b" / "runtimes").rglob("*.yaml"))[::3]
    for path in edited:
        text = path.read_text()
        changed = text.replace("part-of: llm-platform", "part-of: llm-platform-b").replace(":v0.", ":v9.")
        assert changed != text
        path.write_text("# edited\n" + changed)
    started = {name: _start(root / name, root / f"alone-{name}", "off") for name in "abc"}
    alone = {name: _finish(proc) for name, proc in started.items()}
    assert all(code == 0 and "warning[" in stderr for code, _, stderr in alone.values())  # positions are exercised
    assert len({repr(build) for build in alone.values()}) == 3
    return {name: (root / name, alone[name]) for name in "abc"}


# (first tree, second tree, -j of each, start from an empty cache)
ROUNDS = [
    ("a", "b", ("1", "1"), True),
    ("a", "b", ("1", "1"), False),
    ("a", "a", ("1", "2"), False),
    ("b", "c", ("2", "1"), False),
    ("c", "a", ("2", "2"), True),
    ("b", "b", ("1", "1"), False),
    ("b", "a", ("1", "2"), False),
]


def test_two_processes_sharing_a_cache_build_what_they_build_alone(tmp_path, trees):
    cache = tmp_path / "cache"
    for number, (first, second, jobs, fresh) in enumerate(ROUNDS):
        if fresh:
            shutil.rmtree(cache, ignore_errors=True)
        started = [_start(trees[name][0], tmp_path / f"out-{number}-{i}", cache, jobs[i])
                   for i, name in enumerate((first, second))]
        results = [_finish(proc) for proc in started]
        for name, result in zip((first, second), results, strict=True):
            assert result == trees[name][1], f"round {number}: {name} built with {first} and {second}"
    assert all(Cache(p.parent).read(p.name) is not None for p in cache.rglob("*") if p.is_file())


def test_processes_in_different_containers_share_a_cache(tmp_path):
    """Containers in their own PID namespaces sharing a cache volume see the same process ids: writers with the
    same pid must not share a temporary file (the old ``.<name>.<pid>.tmp`` let one rename the other's half-written
    file), and a reader sees one whole value or the other."""
    script = (
        "import os, sys\n"
        "os.getpid = lambda: 1\n"
        "from pathlib import Path\n"
        "from omec.load.cache import Cache\n"
        "cache, mark = Cache(Path(sys.argv[1])), sys.argv[2]\n"
        "for i in range(400):\n"
        "    cache.write('shared.marshal', [mark] * 20000)\n"
    )
    folder = tmp_path / "part"
    folder.mkdir()
    writers = [subprocess.Popen([sys.executable, "-c", script, str(folder), mark], cwd=REPO) for mark in "xy"]
    seen: list = []
    reader = Cache(folder)
    while any(w.poll() is None for w in writers):
        value = reader.read("shared.marshal")
        if value is not None or seen:  # nothing until the first write; from then on always a whole value
            seen.append(None if value is None else (value[0], len(value), len(set(value))))
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    assert len(seen) > 10 and set(seen) <= {("x", 20000, 1), ("y", 20000, 1)}
    assert reader.read("shared.marshal") in ([mark] * 20000 for mark in "xy")
    assert sorted(p.name for p in folder.iterdir()) == ["shared.marshal"]


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as editors and git do: a new file renamed over the old one."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text)
    os.replace(tmp, path)


def _edit_after_reading(monkeypatch, path: Path, text: str) -> None:
    """The next time omec reads ``path``, the file is edited right after its bytes were read."""
    import omec.load as load_module

    original = load_module.read_regular

    def reading(file: str) -> bytes:
        data = original(file)
        if Path(file).resolve() == path.resolve():
            _replace(path, text)
            monkeypatch.setattr(load_module, "read_regular", original)
        return data

    monkeypatch.setattr(load_module, "read_regular", reading)


def test_a_file_edited_while_it_is_read_never_leaves_the_caches_wrong(tmp_path, monkeypatch):
    """The parse cache and the valid-input memos are keyed by the hash of the bytes parsed, not by the file: a run
    that read the old bytes caches them under the old hash, and the next run sees the new bytes."""
    specs = tmp_path / "specs"
    shutil.copytree(REPO / "examples", specs, ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    monkeypatch.chdir(tmp_path)
    model = specs / "models" / "qwen2-5-7b-instruct.yaml"
    versions = {"valid": model.read_text()}
    versions["moved"] = versions["valid"].replace("/raid/models/", "/mnt/models/")
    versions["invalid"] = versions["valid"].replace("spec:\n", "spec:\n  bogusField: 1\n", 1)
    monkeypatch.setenv("OMEC_CACHE_DIR", "off")
    alone = {}
    for name, text in versions.items():
        _replace(model, text)
        out = build(str(specs), partial=True)
        alone[name] = (out.files, out.report())
    assert len({repr(result) for result in alone.values()}) == 3 and "OMEC101" in alone["invalid"][1]
    monkeypatch.setenv("OMEC_CACHE_DIR", str(tmp_path / "cache"))
    for first, then in (("valid", "moved"), ("moved", "invalid"), ("valid", "invalid")):
        _replace(model, versions[first])
        _edit_after_reading(monkeypatch, model, versions[then])
        raced = build(str(specs), partial=True)
        assert (raced.files, raced.report()) == alone[first]  # the bytes it read
        warm = build(str(specs), partial=True)
        assert (warm.files, warm.report()) == alone[then]  # the edit, not what was cached for the old bytes


def test_builds_racing_an_editor_never_cache_a_wrong_document(tmp_path):
    """A process rewrites one model file back and forth while builds run on a shared cache: each build gives the
    result of one version, and after the edits stop a warm build gives the result of the last version."""
    specs = tmp_path / "specs"
    shutil.copytree(REPO / "examples", specs, ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    model = specs / "models" / "qwen2-5-7b-instruct.yaml"
    versions = [model.read_text(), model.read_text().replace("/raid/models/", "/mnt/models/")]
    alone = []
    for number, text in enumerate(versions):
        _replace(model, text)
        alone.append(_finish(_start(specs, tmp_path / f"alone-{number}", "off")))
    assert alone[0] != alone[1] and all(code == 0 for code, _, _ in alone)
    stop = threading.Event()

    def edit() -> None:
        flips = 0
        while not stop.is_set():
            flips += 1
            _replace(model, versions[flips % 2])
            stop.wait(0.005)

    editor = threading.Thread(target=edit)
    editor.start()
    try:
        results = [_finish(_start(specs, tmp_path / f"raced-{i}", tmp_path / "cache")) for i in range(3)]
    finally:
        stop.set()
        editor.join()
    assert all(result in alone for result in results)
    final = versions.index(model.read_text())
    assert _finish(_start(specs, tmp_path / "after", tmp_path / "cache")) == alone[final]
