"""Kustomize-aware inputs (omec/load/kustomize.py): a directory holding a kustomization contributes what kustomize
builds from it. Expected behaviour is kustomize's own (kubectl 1.32's kustomize v5.5.0, run below where the test
says so): api/internal/target/kusttarget.go accumulates `resources:`, api/pkg/loader/fileloader.go refuses files
outside the kustomization root ("security; file ... is not in or below ...") and cycles ("cycle detected:
candidate root ... contains visited root ..."), a listed directory needs a kustomization ("unable to find one of
'kustomization.yaml', 'kustomization.yml' or 'Kustomization'"), a file listed twice is "may not add resource with
an already registered id"."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from omec.load import load_paths
from omec.load.codes import (
    KUSTOMIZATION_INVALID,
    KUSTOMIZE_BUILT,
    KUSTOMIZE_FAILED,
    KUSTOMIZE_NEEDED,
    KUSTOMIZE_RESOURCE_MISSING,
    NOT_IN_KUSTOMIZATION,
)
from omec.load.kustomize import KUSTOMIZE_FIELDS
from omec.testing import build
from tests.conftest import CORPUS, require_shared

KUBECTL = shutil.which("kubectl")
needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not on PATH: this runs `kubectl kustomize`")
CATALOG = Path(__file__).resolve().parents[1] / "cases" / "base" / "catalog.yaml"
ISVC = """apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {{name: {name}, namespace: team}}
spec:
  model: {{name: llama}}
  runtime: {{name: {runtime}}}
  engine: {{}}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


def test_plain_resources_are_followed_and_unlisted_files_skipped_with_an_info(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {
        "specs/kustomization.yaml": "resources:\n- isvc.yaml\n- nested\n",
        "specs/isvc.yaml": ISVC.format(name="chat", runtime="single"),
        "specs/old.yaml": ISVC.format(name="old", runtime="single"),
        "specs/nested/kustomization.yml": "resources: [deep/a.yaml]\n",
        "specs/nested/deep/a.yaml": ISVC.format(name="a", runtime="single"),
        "specs/nested/deep/b.yaml": ISVC.format(name="b", runtime="single"),
    })
    result = load_paths(["specs"])
    assert result.files == ["specs/isvc.yaml", "specs/nested/deep/a.yaml"]
    skipped = sorted((d.ref.path, d.line) for d in result.diagnostics if d.code == NOT_IN_KUSTOMIZATION.id)
    assert skipped == [("specs/nested/deep/b.yaml", 1), ("specs/old.yaml", 1)]
    assert {d.code for d in result.diagnostics} == {NOT_IN_KUSTOMIZATION.id}


def test_a_directory_met_while_walking_is_built_and_plain_siblings_are_walked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {
        "repo/base/kustomization.yaml": "resources: [one.yaml]\n",
        "repo/base/one.yaml": "a: 1\n",
        "repo/base/two.yaml": "a: 2\n",
        "repo/plain/three.yaml": "a: 3\n",
    })
    assert load_paths(["repo"]).files == ["repo/base/one.yaml", "repo/plain/three.yaml"]
    assert load_paths(["repo"], kustomize=False).files == [
        "repo/base/kustomization.yaml", "repo/base/one.yaml", "repo/base/two.yaml", "repo/plain/three.yaml"]


def test_diagnostics_in_listed_files_keep_their_positions(tmp_path):
    write(tmp_path, {
        "specs/kustomization.yaml": "resources:\n- catalog.yaml\n- isvc.yaml\n",
        "specs/catalog.yaml": CATALOG.read_text(),
        "specs/isvc.yaml": ISVC.format(name="chat", runtime="no-such-runtime"),
    })
    out = build(str(tmp_path / "specs"))
    [error] = out.errors
    assert (error.code, error.ref.path.endswith("specs/isvc.yaml"), error.line, error.col) == ("OMEC204", True, 6, 13)  # spec.runtime.name in isvc.yaml


@pytest.mark.parametrize("kustomization, files, code, line, col, words", [
    ("resources:\n- isvc.yaml\n- missing.yaml\n", {}, KUSTOMIZE_RESOURCE_MISSING, 3, 3, "no such file"),
    ("resources:\n- ../outside.yaml\n", {"outside.yaml": "a: 1\n"}, KUSTOMIZE_RESOURCE_MISSING, 2, 3,
     "is not in or below"),
    ("resources:\n- plain\n", {"specs/plain/x.yaml": "a: 1\n"}, KUSTOMIZE_RESOURCE_MISSING, 2, 3,
     "directory without a kustomization"),
    ("resources:\n- .\n", {}, KUSTOMIZE_RESOURCE_MISSING, 2, 3, "cycle detected"),
    ("resources:\n- isvc.yaml\n- ./isvc.yaml\n", {}, KUSTOMIZE_RESOURCE_MISSING, 3, 3, "already listed"),
    ("resources: isvc.yaml\n", {}, KUSTOMIZATION_INVALID, 1, 1, "list of paths"),
    ("apiVersion: v1\nresources: [isvc.yaml]\n", {}, KUSTOMIZATION_INVALID, 1, 1, "should be kustomize.config"),
])
def test_what_kustomize_refuses_is_an_error_positioned_in_the_kustomization(
        tmp_path, monkeypatch, kustomization, files, code, line, col, words):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"specs/kustomization.yaml": kustomization, "specs/isvc.yaml": "a: 1\n", **files})
    result = load_paths(["specs"])
    [diag] = [d for d in result.diagnostics if d.code == code.id]
    assert words in diag.message
    from omec.load import Locator
    [located] = Locator().locate([diag])
    assert (located.ref.path, located.line, located.col) == ("specs/kustomization.yaml", line, col)


@needs_kubectl
def test_the_same_inputs_are_refused_by_kubectl_kustomize(tmp_path):
    """The refusals above are kustomize's: the real tool fails on each of them."""
    for name, kustomization in [("missing", "resources: [missing.yaml]\n"), ("outside", "resources: [../x.yaml]\n"),
                                ("cycle", "resources: [.]\n"), ("twice", "resources: [a.yaml, ./a.yaml]\n")]:
        folder = write(tmp_path / name, {"kustomization.yaml": kustomization, "a.yaml": "kind: ConfigMap\n"
                                         "apiVersion: v1\nmetadata: {name: a}\n", "../x.yaml": "a: 1\n"})
        assert subprocess.run([KUBECTL, "kustomize", str(folder)], capture_output=True).returncode != 0, name


def test_several_kustomization_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"d/kustomization.yaml": "resources: []\n", "d/Kustomization": "resources: []\n"})
    [diag] = load_paths(["d"]).diagnostics
    assert diag.code == KUSTOMIZATION_INVALID.id and "several kustomization files" in diag.message


def test_beyond_plain_resources_without_kustomize_on_path_is_an_error_with_a_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    write(tmp_path, {"d/kustomization.yaml": "resources: [a.yaml]\nnamePrefix: x-\n", "d/a.yaml": "a: 1\n",
                     "e/kustomization.yaml": "resources: [a.yaml]\nnamePrefx: x-\n", "e/a.yaml": "a: 1\n"})
    [diag] = load_paths(["d"]).diagnostics
    assert diag.code == KUSTOMIZE_NEEDED.id and "namePrefix" in diag.message
    assert "kubectl kustomize d | omec build -" in diag.hint and "--no-kustomize" in diag.hint
    [typo] = load_paths(["e"]).diagnostics
    assert typo.code == KUSTOMIZATION_INVALID.id and typo.hint == "did you mean 'namePrefix'?"
    assert "namePrefix" in KUSTOMIZE_FIELDS


@needs_kubectl
def test_beyond_plain_resources_are_built_by_kubectl_kustomize(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(Path(KUBECTL).parent))  # kubectl, no standalone kustomize
    write(tmp_path, {
        "overlay/kustomization.yaml": "resources: [../base]\nnamePrefix: prod-\n",
        "base/kustomization.yaml": "resources: [catalog.yaml, isvc.yaml]\n",
        "base/catalog.yaml": CATALOG.read_text(),
        "base/isvc.yaml": ISVC.format(name="chat", runtime="no-such-runtime"),
    })
    out = build("overlay")
    built = [d for d in out.diagnostics if d.code == KUSTOMIZE_BUILT.id]
    assert built and "`kubectl kustomize overlay`" in built[0].message
    [error] = out.errors  # prod-chat now asks for model llama, renamed prod-llama: positioned in the output
    assert error.code == "OMEC201" and error.ref.path == "overlay/<kubectl kustomize>" and error.line > 0
    assert "prod-chat" in (error.object or "")


@needs_kubectl
def test_a_failing_kustomize_build_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"d/kustomization.yaml": "resources: [gone.yaml]\nnamePrefix: x-\n"})
    [diag] = load_paths(["d"]).diagnostics
    tool = "kustomize build" if shutil.which("kustomize") else "kubectl kustomize"
    assert diag.code == KUSTOMIZE_FAILED.id and f"{tool} d exited 1" in diag.message


def _catalog(catalog) -> dict:
    """(kind, namespace, name) -> body of every model and runtime."""
    objects = [*catalog.cluster_models.values(), *catalog.models.values(), *catalog.cluster_runtimes.values(),
               *catalog.runtimes.values()]
    return {(o.kind, o.namespace, o.name): o.body for o in objects}


@needs_kubectl
def test_ome_config_models_gives_the_catalog_kubectl_kustomize_gives():
    """Done-means of the kustomize inputs: OME's own config/models through its kustomization."""
    models = require_shared(CORPUS) / "models"
    native = build(str(models))
    rendered = subprocess.run([KUBECTL, "kustomize", str(models)], capture_output=True, text=True, check=True)
    through = build(texts={"<stdin>": rendered.stdout})
    assert native.catalog is not None and through.catalog is not None
    mine, theirs = _catalog(native.catalog), _catalog(through.catalog)
    assert len(mine) == len([d for d in yaml.safe_load_all(rendered.stdout) if d]) > 80
    assert mine == theirs
    assert native.errors == [] and through.errors == []
