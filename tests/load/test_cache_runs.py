"""Whole builds (``omec build`` processes) with damaged, unwritable or full caches and without a usable home
directory: the run succeeds and its files and diagnostics are exactly those of a build without any cache."""
from __future__ import annotations

import ctypes
import os
import pwd
import resource
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from omec.load.cache import Cache
from omec.load.parsecache import PACK
from omec.testing import build
from tests.conftest import REPO

SPECS = REPO / "examples"
Build = tuple[dict[str, bytes], str]


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OMEC_CACHE_DIR", "XDG_CACHE_HOME")}
    return {**env, **values}


def _build(out: Path, env: dict[str, str], **kwargs) -> Build:
    """(files by path, stderr) of ``omec build examples -o out``, which must succeed."""
    argv = [sys.executable, "-m", "omec", "build", str(SPECS), "-o", str(out)]
    proc = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, **kwargs)
    assert proc.returncode == 0, proc.stderr
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return files, proc.stderr.replace(str(out), "OUT")


def _snapshot(cache: Path) -> dict[str, bytes]:
    return {str(p.relative_to(cache)): p.read_bytes() for p in sorted(cache.rglob("*")) if p.is_file()}


def _verified(cache: Path) -> dict[str, bool]:
    return {str(p.relative_to(cache)): Cache(p.parent).read(p.name) is not None for p in sorted(cache.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Build:
    return _build(tmp_path_factory.mktemp("reference") / "out", _env(OMEC_CACHE_DIR="off"))


@pytest.fixture(scope="module")
def populated(tmp_path_factory, reference) -> Path:
    """A cache filled by one build of the examples (which gives the reference output)."""
    cache = tmp_path_factory.mktemp("populated") / "cache"
    assert _build(cache.parent / "out", _env(OMEC_CACHE_DIR=str(cache))) == reference
    kinds = {(p.parent.name, p.name.split("-")[0].split("_")[0]) for p in cache.rglob("*.marshal")}
    assert kinds == {("validators", "v"), ("validators", "valid"), ("inputs", "parsed"), ("inputs", "positions")}
    return cache


def _permissions_apply() -> None:
    """Child setup: as root, drop the capabilities that let root ignore file permissions (from the bounding set,
    so the program executed has none of them), as for the non-root user of a CI runner or a repo server."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "cut in half": lambda data: data[:len(data) // 2],
    "empty": lambda data: b"",
    "random bytes": lambda data: bytes(range(256)) * 16,
    # an old-style file marshal would decode into a 2**31-item tuple: MemoryError or minutes of paging
    "a marshal length bomb": lambda data: b"(\xff\xff\xff\x7f",
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_cache_files_are_ignored_and_rebuilt(tmp_path, populated, reference, damage):
    cache = tmp_path / "cache"
    shutil.copytree(populated, cache)
    for path in cache.rglob("*.marshal"):
        path.write_bytes(damage(path.read_bytes()))
    assert _build(tmp_path / "out", _env(OMEC_CACHE_DIR=str(cache)), preexec_fn=_limit_memory) == reference
    assert _snapshot(cache).keys() == _snapshot(populated).keys()
    assert all(_verified(cache).values())


def test_a_changed_byte_in_the_parse_cache_never_reaches_the_output(tmp_path, populated, reference):
    cache = tmp_path / "cache"
    shutil.copytree(populated, cache)
    pack = cache / "inputs" / PACK
    image = b"vllm/vllm-openai:v0.9.0.1"  # examples/runtimes/vllm-qwen2-5-7b.yaml
    assert pack.read_bytes().count(image) == 1
    pack.write_bytes(pack.read_bytes().replace(image, image[:-1] + b"2"))  # a bad sector, a stray write
    assert _build(tmp_path / "out", _env(OMEC_CACHE_DIR=str(cache))) == reference


@pytest.mark.parametrize("populate", [False, True], ids=["empty", "populated"])
def test_a_read_only_cache_directory_is_skipped(tmp_path, populated, reference, populate):
    cache = tmp_path / "cache"
    if populate:
        shutil.copytree(populated, cache)
    else:
        cache.mkdir()
    before = _snapshot(cache)
    for path in [cache, *cache.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        assert _build(tmp_path / "out", _env(OMEC_CACHE_DIR=str(cache)), preexec_fn=_permissions_apply) == reference
        assert _snapshot(cache) == before
    finally:
        for path in [cache, *cache.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_a_read_only_home_directory_is_skipped(tmp_path, reference):
    """Argo CD's repository server runs plugins with a read-only HOME and no cache variables."""
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    try:
        assert _build(tmp_path / "out", _env(HOME=str(home)), preexec_fn=_permissions_apply) == reference
        assert list(home.iterdir()) == []
    finally:
        home.chmod(0o755)


def _full_disk() -> None:
    """Files stop growing at 64 KiB: writes beyond fail with EFBIG (the signal that would kill us is ignored),
    as they fail with ENOSPC on a full disk. The outputs of the examples are smaller, the larger compiled
    validators (up to 400 KB) are not."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))


def test_a_full_cache_disk_is_skipped_and_leaves_no_partial_file(tmp_path, populated, reference):
    cache = tmp_path / "cache"
    assert _build(tmp_path / "out", _env(OMEC_CACHE_DIR=str(cache)), preexec_fn=_full_disk) == reference
    written = _verified(cache)
    assert written and all(written.values())  # no temporary or partial file, every file whole
    assert written.keys() < _snapshot(populated).keys()  # the limit did stop some writes


def test_without_a_home_directory_nothing_is_written_to_the_working_directory(tmp_path, monkeypatch):
    """No $HOME and no passwd entry (an arbitrary uid in a container): ``~`` does not expand, and the old default
    ``~/.cache/omec`` became a directory named ``~`` wherever omec was run."""
    for variable in ("OMEC_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(variable, raising=False)

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    monkeypatch.chdir(tmp_path)
    assert Cache.open("inputs") is None
    assert build(str(SPECS)).ok
    assert list(tmp_path.iterdir()) == []


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    """The XDG Base Directory specification: "If an implementation encounters a relative path in any of these
    variables it should consider the path invalid and ignore it"
    (https://specifications.freedesktop.org/basedir-spec/latest/#variables)."""
    monkeypatch.delenv("OMEC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    opened = Cache.open("inputs")
    assert opened is not None and opened.folder == tmp_path / "home" / ".cache" / "omec" / "inputs"
    assert list(work.iterdir()) == []
