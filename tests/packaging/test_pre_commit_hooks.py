"""The pre-commit hooks (.pre-commit-hooks.yaml): each entry run as pre-commit runs it (the entry split like a shell
command, no file names: pass_filenames is false) in a repository with an omec.yaml, and `pre-commit try-repo` when
pre-commit is installed."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
CATALOG = REPO / "tests" / "cases" / "base" / "catalog.yaml"
ISVC = (REPO / "tests" / "cases" / "OMEC020-kustomization-invalid" / "pass" / "isvc.yaml").read_text()
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}


def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    shutil.copy(CATALOG, root / "specs" / "catalog.yaml")
    (root / "specs" / "chat.yaml").write_text(ISVC)
    (root / "omec.yaml").write_text("specs: [specs]\noutput: out\n")
    return root


def hook(name: str, root: Path) -> subprocess.CompletedProcess:
    entry = HOOKS[name]
    assert entry["pass_filenames"] is False and entry["language"] == "python"
    return subprocess.run(shlex.split(entry["entry"]), cwd=root, env=ENV, capture_output=True, text=True, timeout=120)


def test_omec_validate_passes_good_specs_and_fails_bad_ones(tmp_path):
    root = project(tmp_path)
    assert hook("omec-validate", root).returncode == 0
    (root / "specs" / "chat.yaml").write_text(ISVC.replace("name: llama", "name: llama-3"))
    failed = hook("omec-validate", root)
    assert failed.returncode == 1 and "specs/chat.yaml:5:" in failed.stderr and "OMEC201" in failed.stderr


def test_omec_check_fails_until_the_output_is_rebuilt(tmp_path):
    root = project(tmp_path)
    first = hook("omec-check", root)
    assert first.returncode == 3 and "  added    team/chat/deployment-chat-engine.yaml" in first.stderr
    assert not (root / "out").exists()
    assert subprocess.run(["omec", "build"], cwd=root, env=ENV, capture_output=True).returncode == 0
    assert hook("omec-check", root).returncode == 0


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_pre_commit_try_repo_runs_both_hooks(tmp_path):  # pragma: no cover - needs pre-commit
    root = project(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "."], cwd=root, check=True)
    subprocess.run(["omec", "build"], cwd=root, env=ENV, check=True, capture_output=True)
    for name in HOOKS:
        proc = subprocess.run(["pre-commit", "try-repo", str(REPO), name, "--all-files"], cwd=root, env=ENV,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
