"""Every snippet of README's "Use with ..." section, run (or, for files another tool reads, checked against the
file or test that runs it). A snippet is the code block after a `<!-- snippet: NAME -->` line."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.testing.test_pytest_plugin import TEST as PYTEST_SNIPPET_RUN_BY_THE_PLUGIN_TEST

README = (REPO / "README.md").read_text()
SNIPPETS = dict(re.findall(r"<!-- snippet: ([\w-]+) -->\n```\w*\n(.*?)```", README, re.S))
CATALOG = REPO / "tests" / "cases" / "base" / "catalog.yaml"
ISVC = (REPO / "tests" / "cases" / "OMEC020-kustomization-invalid" / "pass" / "isvc.yaml").read_text()
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}


def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for folder in ("specs", "deploy/specs"):
        (root / folder).mkdir(parents=True)
        shutil.copy(CATALOG, root / folder / "catalog.yaml")
        (root / folder / "chat.yaml").write_text(ISVC.replace("runtime: {name: single}", "runtime: {name: single}"))
    (root / "specs" / "kustomization.yaml").write_text("resources: [catalog.yaml, chat.yaml]\n")
    return root


def sh(script: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=300)


def test_every_snippet_is_tested():
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert set(SNIPPETS) <= tested, sorted(set(SNIPPETS) - tested)


def test_project(tmp_path):
    root = repo(tmp_path)
    (root / "omec.yaml").write_text(SNIPPETS["project"])
    (root / "deploy" / "specs" / "next.draft.yaml").write_text(ISVC.replace("name: chat,", "name: next,"))
    proc = sh("omec build", root)
    assert proc.returncode == 1 and "warning[OMEC515]" in proc.stderr  # failOn: warning
    (root / "omec.yaml").write_text(SNIPPETS["project"] + "ignore: [OMEC515]\n")
    assert sh("omec build", root).returncode == 0
    assert sorted(p.name for p in (root / "deploy" / "generated" / "team").iterdir()) == ["chat"]  # draft excluded


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not on PATH")
def test_kustomize(tmp_path):
    root = repo(tmp_path)
    proc = sh(SNIPPETS["kustomize"], root)
    assert proc.returncode == 0, proc.stderr
    rendered = [d for d in yaml.safe_load_all((root / "rendered.yaml").read_text()) if d]
    written = [yaml.safe_load(p.read_text()) for p in (root / "out").rglob("*.yaml") if p.name != "kustomization.yaml"]
    key = lambda b: (b["kind"], b["metadata"]["name"])  # noqa: E731
    assert sorted(rendered, key=key) == sorted(written, key=key) and len(written) == 6


def test_argocd():
    application = yaml.safe_load((REPO / "examples" / "argocd" / "application.yaml").read_text())
    snippet = yaml.safe_load(SNIPPETS["argocd"])
    assert snippet["source"]["plugin"] == application["spec"]["source"]["plugin"]  # run by tests/cli/test_argocd.py


@pytest.mark.skipif(shutil.which("kpt") is None, reason="kpt is not on PATH")
def test_kpt(tmp_path):
    root = repo(tmp_path)
    package = root / "serving"
    shutil.copytree(root / "deploy" / "specs", package)
    (package / "Kptfile").write_text("apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: serving\n")
    proc = sh(SNIPPETS["kpt"], root)
    assert proc.returncode == 0, proc.stderr
    assert (package / "generated" / "team" / "chat" / "deployment-chat-engine.yaml").is_file()
    assert not (package / "catalog.yaml").exists()


@pytest.mark.skipif(shutil.which("kpt") is None, reason="kpt is not on PATH")
def test_kptfile(tmp_path):
    package = repo(tmp_path) / "deploy" / "specs"
    (package / "Kptfile").write_text(SNIPPETS["kptfile"])
    proc = sh("kpt fn render --allow-exec .", package)
    assert proc.returncode == 0, proc.stderr
    assert "OMEC515" not in proc.stderr + proc.stdout  # its configMap: ignore
    assert (package / "generated" / "team" / "chat" / "service-chat.yaml").is_file()


def test_transformer():
    """The FunctionConfig the kustomize transformer test uses (tests/cli/test_fn.py), with the executable by name."""
    snippet = yaml.safe_load(SNIPPETS["transformer"])
    from tests.cli import test_fn

    source = Path(test_fn.__file__).read_text()
    assert snippet["kind"] == "FunctionConfig" and "exec:\n        path: {BIN / 'omec-fn'}" in source
    assert yaml.safe_load(snippet["metadata"]["annotations"]["config.kubernetes.io/function"]) == {
        "exec": {"path": "omec-fn"}}
    assert shutil.which("omec-fn", path=str(BIN))


def test_pytest():
    assert SNIPPETS["pytest"] == PYTEST_SNIPPET_RUN_BY_THE_PLUGIN_TEST  # tests/testing/test_pytest_plugin.py runs it


def test_pre_commit():
    hooks = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    [entry] = yaml.safe_load(SNIPPETS["pre-commit"])["repos"]
    assert [h["id"] for h in entry["hooks"]] == sorted(hooks, reverse=True)  # run by tests/packaging


def test_github_actions(tmp_path):
    root = repo(tmp_path)
    (root / "omec.yaml").write_text("specs: [deploy/specs]\noutput: deploy/generated\nignore: [OMEC515]\n")
    steps = [s["run"] for s in yaml.safe_load(SNIPPETS["github-actions"])["steps"] if "run" in s]
    commands = [s for s in steps if s.startswith("omec ")]
    assert commands == ["omec validate --format github --fail-on warning", "omec build --check"]
    assert sh(commands[0], root).returncode == 0
    assert sh(commands[1], root).returncode == 3  # nothing built yet
    assert sh("omec build", root).returncode == 0 and sh(commands[1], root).returncode == 0
    (root / "omec.yaml").write_text("specs: [deploy/specs]\n")
    annotated = sh(commands[0], root)
    assert annotated.returncode == 1
    assert "::warning file=deploy/specs/chat.yaml,line=4,col=1,title=OMEC515::" in annotated.stderr
