"""The project file omec.yaml (omec/load/project.py, omec/cli/settings.py): found in the working directory or a
parent, paths relative to it, flags override it, `omec build` with no arguments; --exclude and hidden files;
omec-index.json paths relative to the project, byte-identical from any working directory."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from omec.load.codes import HIDDEN_SKIPPED, PROJECT_INVALID
from tests.conftest import REPO

CATALOG = REPO / "tests" / "cases" / "base" / "catalog.yaml"
ISVC = """apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {{name: {name}, namespace: team}}
spec:
  model: {{name: llama}}
  runtime: {{name: single}}
  engine: {{}}
"""


def omec(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "omec", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


def repo(tmp_path: Path, project: str | None = "specs: [deploy/specs]\noutput: deploy/out\n") -> Path:
    root = tmp_path / "repo"
    (root / "deploy" / "specs").mkdir(parents=True)
    shutil.copy(CATALOG, root / "deploy" / "specs" / "catalog.yaml")
    (root / "deploy" / "specs" / "chat.yaml").write_text(ISVC.format(name="chat"))
    if project is not None:
        (root / "omec.yaml").write_text(project)
    return root


def test_build_with_no_arguments_uses_the_project_file_from_a_subdirectory(tmp_path):
    root = repo(tmp_path)
    (root / "deploy" / "specs" / "nested").mkdir()
    proc = omec("build", cwd=root / "deploy" / "specs" / "nested")
    assert proc.returncode == 0, proc.stderr
    out = root / "deploy" / "out"
    assert (out / "team" / "chat" / "deployment-chat-engine.yaml").is_file()
    index = json.loads((out / "omec-index.json").read_text())
    row = index["files"]["team/chat/deployment-chat-engine.yaml"]
    assert row["sources"] == ["deploy/specs/catalog.yaml#0", "deploy/specs/catalog.yaml#3", "deploy/specs/chat.yaml#0"]


def test_flags_override_the_project_file_and_lists_add_up(tmp_path):
    root = repo(tmp_path, "specs: [deploy/specs]\noutput: deploy/out\nnamespace: from-file\nignore: [OMEC505]\n")
    (root / "deploy" / "specs" / "chat.yaml").write_text(ISVC.format(name="chat").replace("namespace: team", ""))
    proc = omec("build", "-n", "from-flag", "-o", "elsewhere", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "elsewhere" / "from-flag" / "chat").is_dir() and not (root / "deploy" / "out").exists()
    assert omec("build", cwd=root).returncode == 0
    assert (root / "deploy" / "out" / "from-file" / "chat").is_dir()


def test_config_flag_names_the_project_file(tmp_path):
    root = repo(tmp_path, None)
    (root / "ci.yaml").write_text("specs: [deploy/specs]\noutput: out\nfailOn: warning\n")
    proc = omec("validate", "--config", str(root / "ci.yaml"), cwd=tmp_path)
    assert proc.returncode == 1 and "warning[OMEC515]" in proc.stderr  # no router for a router runtime: failOn: warning


def test_an_invalid_project_file_is_an_error_positioned_in_it(tmp_path):
    root = repo(tmp_path, "specs: [deploy/specs]\nfailOn: warnings\noutptu: out\nk8sVersion: 1.33\n")
    proc = omec("build", cwd=root)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert f"omec.yaml:2:1: error[{PROJECT_INVALID.id}] failOn: 'warnings' is not one of error, warning" in lines
    assert f"omec.yaml:3:1: error[{PROJECT_INVALID.id}] unknown setting 'outptu'" in lines
    assert "  hint: did you mean 'output'?" in lines
    assert any(line.startswith("omec.yaml:4:1:") and 'quote it ("1.33")' in line for line in lines)


def test_no_specs_and_no_project_file_is_a_usage_error(tmp_path):
    proc = omec("build", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2 and "omec.yaml" in proc.stderr


def test_exclude_globs_and_hidden_files(tmp_path):
    root = repo(tmp_path, "specs: [deploy/specs]\noutput: deploy/out\nexclude: ['*.draft.yaml']\n")
    specs = root / "deploy" / "specs"
    (specs / "next.draft.yaml").write_text(ISVC.format(name="next"))
    (specs / "old").mkdir()
    (specs / "old" / "legacy.yaml").write_text(ISVC.format(name="legacy"))
    (specs / ".yamllint.yaml").write_text("rules: {}\n")
    proc = omec("validate", "--exclude", "deploy/specs/old", "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    diags = json.loads(proc.stderr)
    assert [(d["code"], d["path"], d["line"]) for d in diags if d["code"] == HIDDEN_SKIPPED.id] == [
        (HIDDEN_SKIPPED.id, "deploy/specs/.yamllint.yaml", 1)]
    build = omec("build", "--exclude", "old", "-q", cwd=root)
    assert build.returncode == 0, build.stderr
    assert sorted(p.name for p in (root / "deploy" / "out" / "team").iterdir()) == ["chat"]


def test_the_index_is_byte_identical_from_any_working_directory(tmp_path):
    root = repo(tmp_path, None)
    first = omec("build", "deploy/specs", "-o", str(tmp_path / "a"), cwd=root)
    second = omec("build", str(root / "deploy" / "specs"), "-o", str(tmp_path / "b"), cwd=Path("/"))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    a, b = (tmp_path / "a" / "omec-index.json").read_bytes(), (tmp_path / "b" / "omec-index.json").read_bytes()
    assert a == b and str(tmp_path) not in a.decode()
    assert '"catalog.yaml#0"' in a.decode()  # relative to the inputs' common root, deploy/specs
    (root / "omec.yaml").write_text("specs: [deploy/specs]\n")
    third = omec("build", "-o", str(tmp_path / "c"), cwd=root / "deploy")
    assert third.returncode == 0, third.stderr
    assert '"deploy/specs/catalog.yaml#0"' in (tmp_path / "c" / "omec-index.json").read_text()


def test_the_output_directory_is_a_kustomize_base(tmp_path):
    root = repo(tmp_path)
    assert omec("build", cwd=root).returncode == 0
    out = root / "deploy" / "out"
    listed = yaml.safe_load((out / "kustomization.yaml").read_text())["resources"]
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.yaml") if p.name != "kustomization.yaml")
    assert listed == written
    index = json.loads((out / "omec-index.json").read_text())
    assert sorted(index["files"]) == listed  # the index lists the object files, not the kustomization
