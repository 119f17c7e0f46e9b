"""Where OUT may be: never an input, inside one, or containing one (``--force`` included), never the current
directory or one of its parents; a symlink OUT is followed (the link stays, no debris); the staging trees of killed
runs are removed by the next run, those of live runs kept."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from omec.write.tree import remove_stale
from tests.conftest import REPO

EXAMPLES = REPO / "examples"


def omec(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "omec", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def specs(tmp_path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "specs", ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    return tmp_path / "specs"


def test_out_inside_an_input_directory_is_refused(specs):
    proc = omec("build", str(specs), "-o", str(specs / "out"))
    assert proc.returncode == 2, proc.stderr
    assert f"refusing to use {specs / 'out'} as the output directory: it lies inside the input {specs}" in proc.stderr
    assert not (specs / "out").exists()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_out_containing_the_specs_never_deletes_them(tmp_path, force):
    out = tmp_path / "out"
    assert omec("build", str(EXAMPLES), "-o", str(out)).returncode == 0  # an omec-created OUT: no --force needed
    shutil.copytree(EXAMPLES, out / "specs", ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    before = tree(out)
    proc = omec("build", str(out / "specs"), "-o", str(out), *force)
    assert proc.returncode == 2, proc.stderr
    assert f"refusing to use {out} as the output directory: it contains the input {out / 'specs'}" in proc.stderr
    assert tree(out) == before


def test_out_equal_to_the_specs_is_refused_even_with_force(specs):
    before = tree(specs)
    proc = omec("build", str(specs), "-o", str(specs), "--force")
    assert proc.returncode == 2, proc.stderr
    assert f"it is the input {specs}" in proc.stderr
    assert tree(specs) == before


def test_side_files_are_inputs_too(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    config = out / "config.yaml"
    config.write_text("{}\n")
    proc = omec("build", str(EXAMPLES), "--controller-config", str(config), "-o", str(out), "--force")
    assert proc.returncode == 2 and f"it contains the input {config}" in proc.stderr
    assert config.read_text() == "{}\n"


def test_inputs_and_out_are_compared_as_real_paths(tmp_path, specs):
    alias = tmp_path / "alias"
    alias.symlink_to(specs)
    proc = omec("build", str(alias), "-o", str(specs / "out"))
    assert proc.returncode == 2 and "lies inside the input" in proc.stderr
    assert not (specs / "out").exists()


@pytest.mark.parametrize("out", [".", "..", "CWD"])
def test_the_current_directory_and_its_parents_are_refused(tmp_path, out):
    cwd = tmp_path / "here"
    cwd.mkdir()
    (cwd / "notes.txt").write_text("mine")
    proc = omec("build", str(EXAMPLES), "-o", str(cwd) if out == "CWD" else out, "--force", cwd=cwd)
    assert proc.returncode == 2, proc.stderr
    assert "the current directory" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"] and (cwd / "notes.txt").read_text() == "mine"


def test_a_symlink_out_is_followed_and_stays_a_symlink(tmp_path):
    real, link = tmp_path / "real", tmp_path / "link"
    assert omec("build", str(EXAMPLES), "-o", str(real)).returncode == 0
    link.symlink_to(real)
    inodes = {p.name: p.stat().st_ino for p in real.rglob("*.yaml")}
    proc = omec("build", str(EXAMPLES), "-o", str(link))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]  # no .link.omec-* or .real.omec-* left
    assert tree(link) == tree(real) and {p.name: p.stat().st_ino for p in real.rglob("*.yaml")} == inodes


def test_a_dangling_symlink_out_is_refused_and_left_alone(tmp_path):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "missing")
    proc = omec("build", str(EXAMPLES), "-o", str(link))
    assert proc.returncode == 1 and "error[OMEC800]" in proc.stderr and "does not exist" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link"] and link.is_symlink()


def test_a_file_out_is_refused_even_with_force(tmp_path):
    out = tmp_path / "notes.txt"
    out.write_text("mine")
    proc = omec("build", str(EXAMPLES), "-o", str(out), "--force")
    assert proc.returncode == 1 and f"error[OMEC800] output path {out} exists and is not a directory" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"] and out.read_text() == "mine"


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_stale_staging_trees_of_dead_runs_are_removed_live_ones_kept(tmp_path):
    out = tmp_path / "out"
    dead, alive = _dead_pid(), os.getpid()
    stale = [tmp_path / f".out.omec-{dead}-abc123", tmp_path / f".out.omec-{dead}-abc123.old"]
    kept = [tmp_path / f".out.omec-{alive}-live_1", tmp_path / f".other.omec-{dead}-abc", tmp_path / ".out.omec-x"]
    for folder in stale + kept:
        (folder / "ns").mkdir(parents=True)
    (tmp_path / f".out.omec-{dead}-link").symlink_to(kept[0])  # a symlink is never followed nor removed
    assert omec("build", str(EXAMPLES), "-o", str(out)).returncode == 0
    assert not any(p.exists() for p in stale)
    assert all((p / "ns").is_dir() for p in kept) and (tmp_path / f".out.omec-{dead}-link").is_symlink()
    assert remove_stale(str(out)) == []


def test_a_run_killed_with_sigkill_leaves_a_staging_tree_the_next_run_removes(tmp_path):
    out = tmp_path / "out"
    fleet = tmp_path / "fleet"
    from bench.workload import write_workload

    write_workload(fleet, 300, 5)
    proc = subprocess.Popen([sys.executable, "-m", "omec", "build", str(fleet), "-o", str(out), "-j", "2"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    staging: list[Path] = []
    while not staging and time.monotonic() < deadline and proc.poll() is None:
        staging = [p for p in tmp_path.glob(f".out.omec-{proc.pid}-*") if any(p.iterdir())]
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert staging, "the build ended before it wrote anything"
    assert all(p.is_dir() for p in staging)
    assert omec("build", str(EXAMPLES), "-o", str(out)).returncode == 0
    assert not any(p.exists() for p in staging) and sorted(p.name for p in tmp_path.iterdir()) == ["fleet", "out"]
