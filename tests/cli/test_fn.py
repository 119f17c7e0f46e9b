"""`omec fn`, the KRM function: through the real runner (`kpt fn eval --exec`) on a package directory, and on a
ResourceList given directly. The ResourceList and result formats are the KRM functions specification's
(kubernetes-sigs/kustomize cmd/config/docs/api-conventions/functions-spec.md): items carry
config.kubernetes.io/path and index annotations (internal.config.kubernetes.io/* in kpt v1), results have
message, severity, resourceRef, field {path}, file {path, index}."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from omec.load.codes import RESOURCE_LIST_INVALID
from omec.testing import build
from tests.conftest import REPO

KPT = shutil.which("kpt")
KUSTOMIZE = shutil.which("kustomize")
BIN = Path(sys.executable).parent
CATALOG = REPO / "tests" / "cases" / "base" / "catalog.yaml"
CHAT = """apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {name: chat, namespace: team}
spec:
  model: {name: MODEL}
  runtime: {name: single}
  engine: {}
---
apiVersion: v1
kind: Namespace
metadata: {name: team}
"""


def package(root: Path, model: str = "llama") -> Path:
    (root / "specs").mkdir(parents=True)
    (root / "Kptfile").write_text("apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: serving\n")
    shutil.copy(CATALOG, root / "specs" / "catalog.yaml")
    (root / "specs" / "chat.yaml").write_text(CHAT.replace("MODEL", model))
    return root


def expected_objects() -> dict[str, dict]:
    """What `omec build` writes for the same specs (relative path -> object)."""
    out = build(texts={
        "catalog.yaml": CATALOG.read_text(), "chat.yaml": CHAT.replace("MODEL", "llama")})
    assert out.ok, out.report()
    return out.objects()


def tree(root: Path) -> dict[str, list]:
    return {str(p.relative_to(root)): [d for d in yaml.safe_load_all(p.read_text()) if d]
            for p in sorted(root.rglob("*.yaml"))}


def kpt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([KPT, "fn", "eval", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(KPT is None, reason="kpt is not on PATH: this runs `kpt fn eval --exec`")
def test_kpt_fn_eval_replaces_the_ome_objects_by_what_they_generate(tmp_path):
    pkg = package(tmp_path / "pkg")
    proc = kpt(str(pkg), "--exec", f"{BIN / 'omec'} fn")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[warning] ome.io/v1beta1/InferenceService/team/chat spec: runtime single has routerConfig" in proc.stderr
    files = tree(pkg)
    assert "specs/catalog.yaml" not in files  # every object in it was an OME object: consumed
    assert files["specs/chat.yaml"] == [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}}]
    generated = {path.removeprefix("generated/"): docs for path, docs in files.items() if path.startswith("generated/")}
    assert generated == {path: [body] for path, body in expected_objects().items()}


@pytest.mark.skipif(KPT is None, reason="kpt is not on PATH: this runs `kpt fn eval --exec`")
def test_kpt_fn_eval_with_options_keeps_inputs_and_names_the_output_dir(tmp_path):
    pkg = package(tmp_path / "pkg")
    proc = kpt(str(pkg), "--exec", f"{BIN / 'omec'} fn", "--", "keepInputs=true", "outputDir=deploy/out",
               "ignore=OMEC515")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OMEC515" not in proc.stderr and "routerConfig" not in proc.stderr
    files = tree(pkg)
    assert [d["kind"] for d in files["specs/chat.yaml"]] == ["InferenceService", "Namespace"]
    assert len(files["specs/catalog.yaml"]) == len(list(yaml.safe_load_all(CATALOG.read_text())))
    assert {p.removeprefix("deploy/out/") for p in files if p.startswith("deploy/out/")} == set(expected_objects())


@pytest.mark.skipif(KPT is None, reason="kpt is not on PATH: this runs `kpt fn eval --exec`")
def test_kpt_fn_eval_of_a_failing_package_changes_nothing(tmp_path):
    pkg = package(tmp_path / "pkg", model="no-such-model")
    before = tree(pkg)
    proc = kpt(str(pkg), "--exec", f"{BIN / 'omec'} fn")
    assert proc.returncode != 0
    assert "[error] ome.io/v1beta1/InferenceService/team/chat" in proc.stderr and "no-such-model" in proc.stderr
    assert tree(pkg) == before


@pytest.mark.skipif(KUSTOMIZE is None, reason="kustomize is not on PATH (kubectl's kustomize cannot run exec "
                                              "functions): this runs `kustomize build --enable-exec`")
def test_kustomize_transformers_run_omec_fn(tmp_path):
    root = tmp_path / "overlay"
    (root / "specs").mkdir(parents=True)
    shutil.copy(CATALOG, root / "specs" / "catalog.yaml")
    (root / "specs" / "chat.yaml").write_text(CHAT.replace("MODEL", "llama"))
    (root / "kustomization.yaml").write_text("resources: [specs/catalog.yaml, specs/chat.yaml]\n"
                                             "transformers: [omec-fn.yaml]\n")
    (root / "omec-fn.yaml").write_text(f"""apiVersion: omec.dev/v1alpha1
kind: FunctionConfig
metadata:
  name: omec
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: {BIN / 'omec-fn'}
spec:
  ignore: [OMEC515]
""")
    proc = subprocess.run([KUSTOMIZE, "build", "--enable-alpha-plugins", "--enable-exec", str(root)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    printed = [d for d in yaml.safe_load_all(proc.stdout) if d]
    for body in printed:
        annotations = body["metadata"].get("annotations", {})
        for key in [k for k in annotations if k.startswith(("config.kubernetes.io/", "internal.config."))]:
            del annotations[key]
        if not annotations:
            body["metadata"].pop("annotations", None)
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}}
    key = lambda b: (b["kind"], b["metadata"]["name"])  # noqa: E731
    assert sorted(printed, key=key) == sorted([namespace, *expected_objects().values()], key=key)


def fn(stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "omec", "fn"], input=stdin, capture_output=True, text=True,
                          timeout=120)


def resource_list(model: str = "llama", config: dict | None = None) -> str:
    items = []
    for path, text in (("specs/catalog.yaml", CATALOG.read_text()), ("specs/chat.yaml", CHAT.replace("MODEL", model))):
        for index, body in enumerate(d for d in yaml.safe_load_all(text) if d):
            body["metadata"].setdefault("annotations", {}).update({
                "config.kubernetes.io/path": path, "config.kubernetes.io/index": str(index),
                "internal.config.kubernetes.io/path": path, "internal.config.kubernetes.io/index": str(index)})
            items.append(body)
    body = {"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": items}
    if config is not None:
        body["functionConfig"] = config
    return yaml.safe_dump(body)


def test_stdout_is_only_a_resource_list_and_results_name_files_and_fields():
    proc = fn(resource_list())
    assert proc.returncode == 0 and proc.stderr == ""
    [output] = yaml.safe_load_all(proc.stdout)
    assert (output["apiVersion"], output["kind"]) == ("config.kubernetes.io/v1", "ResourceList")
    [warning] = output["results"]
    assert warning == {
        "message": "runtime single has routerConfig but the service declares no router: no router is deployed "
                   "(hint: add `router: {}` to deploy it)",
        "severity": "warning", "tags": {"code": "OMEC515"},
        "resourceRef": {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "name": "chat",
                        "namespace": "team"},
        "file": {"path": "specs/chat.yaml", "index": 0}, "field": {"path": "spec"}}
    generated = {i["metadata"]["annotations"]["config.kubernetes.io/path"]: i for i in output["items"]
                 if i["metadata"]["annotations"].get("config.kubernetes.io/path", "").startswith("generated/")}
    assert set(generated) == {f"generated/{p}" for p in expected_objects()}
    assert [i["kind"] for i in output["items"] if i not in generated.values()] == ["Namespace"]


def test_errors_return_the_items_unchanged_with_exit_1():
    given = resource_list(model="no-such-model")
    proc = fn(given)
    assert proc.returncode == 1
    [output] = yaml.safe_load_all(proc.stdout)
    assert output["items"] == yaml.safe_load(given)["items"]
    errors = [r for r in output["results"] if r["severity"] == "error"]
    assert errors and errors[0]["file"] == {"path": "specs/chat.yaml", "index": 0}
    assert errors[0]["tags"] == {"code": "OMEC201"} and errors[0]["field"] == {"path": "spec.model.name"}


def test_function_config_is_checked():
    config = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"namepsace": "x"}}
    proc = fn(resource_list(config=config))
    assert proc.returncode == 1
    [output] = yaml.safe_load_all(proc.stdout)
    [result] = output["results"]
    assert result["severity"] == "error" and "unknown setting 'namepsace'" in result["message"]
    assert "did you mean 'namespace'?" in result["message"]


def test_input_that_is_not_a_resource_list_is_an_error():
    proc = fn("apiVersion: v1\nkind: List\nitems: []\n")
    assert proc.returncode == 1
    [output] = yaml.safe_load_all(proc.stdout)
    assert output["items"] == [] and output["results"][0]["tags"] == {"code": RESOURCE_LIST_INVALID.id}
