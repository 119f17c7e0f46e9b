"""The real OME corpus (../shared/corpus/ome, read in place): every InferenceService sample that pins a
single-node runtime compiles, the known-bad samples get their documented diagnostics, and every emitted
core object passes kubernetes-validate's strict schema check independently of omec's own validator."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from omec.diagnostics import Severity
from omec.options import DEFAULT_K8S_VERSION, Options
from omec.testing import build
from tests.conftest import CORPUS, require_shared

# Known-bad samples of the corpus (schema-invalid, inconsistent or undeployable on OME) and the diagnostic each
# must get.
EXPECTED_FAILURES = {
    "samples/isvc/zai-org/glm-4-5v.yaml": "OMEC101",  # unknown fields modelRef, minReplicas, ...
    "samples/isvc/LGAI-EXAONE/exaone-3-5-7-8b-instruct-isvc.yaml": "OMEC102",  # spec.model.name missing
    "samples/isvc/meta/llama3-3-70b-instruct.yaml": "OMEC301",  # decoder with a runtime lacking decoderConfig
    "samples/isvc/meta/llama3-2-90b-vision-fp8-dynamic.yaml": "OMEC201",  # model does not exist
    "samples/isvc/CohereForAI/c4ai-command-r-v01.yaml": "OMEC345",  # Jinja {{ }} in a runtime arg: not a Go template
}


@pytest.fixture(scope="module")
def corpus_build():
    root = require_shared(CORPUS)
    paths = [str(root / "runtimes"), str(root / "models"), str(root / "samples" / "isvc")]
    # partial: the known-bad samples fail the build; every other service's files are still inspected
    return root, build(*paths, options=Options(last_file_wins=True), partial=True, kustomize=False)


def _samples(root: Path):
    """(relative path, namespace, name, pinned runtime or None) of every InferenceService sample; of two
    samples defining the same service, only the one --last-file-wins keeps (the last in path order)."""
    found = {}
    for path in sorted((root / "samples" / "isvc").rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if isinstance(doc, dict) and doc.get("kind") == "InferenceService":
                meta = doc.get("metadata") or {}
                runtime = ((doc.get("spec") or {}).get("runtime") or {}).get("name")
                key = (meta.get("namespace", "default"), meta.get("name"))
                found[key] = (str(path.relative_to(root)), *key, runtime)
    return sorted(found.values())


def _single_node_runtimes(root: Path) -> set[str]:
    """Names of the corpus runtimes whose engine and decoder configs have no leader or worker (parsed once)."""
    names = set()
    for path in sorted((root / "runtimes").rglob("*.yaml")):
        doc = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
        if isinstance(doc, dict) and isinstance(doc.get("spec"), dict):
            configs = [doc["spec"].get(k) or {} for k in ("engineConfig", "decoderConfig")]
            if not any(c.get("leader") or c.get("worker") for c in configs):
                names.add((doc.get("metadata") or {}).get("name"))
    return names


def test_pinned_single_node_samples_compile(corpus_build):
    root, result = corpus_build
    errors = defaultdict(list)
    for d in result.diagnostics:
        if d.severity >= Severity.ERROR and d.ref is not None:
            errors[str(Path(d.ref.path).resolve().relative_to(root.resolve()))].append(d.code)
    built = {tuple(path.split("/")[:2]) for path in result.files if "/" in path}
    single_node = _single_node_runtimes(root)
    checked = 0
    for rel, namespace, name, runtime in _samples(root):
        if rel in EXPECTED_FAILURES:
            assert EXPECTED_FAILURES[rel] in errors[rel], (rel, errors[rel])
            continue
        if runtime in single_node:
            checked += 1
            assert not errors[rel], (rel, errors[rel])
            assert (namespace, name) in built, rel
    assert checked >= 70


def test_every_emitted_core_object_passes_kubernetes_validate_strict(corpus_build):
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    _, result = corpus_build
    core_groups = ("v1", "apps/v1", "autoscaling/v2", "policy/v1", "rbac.authorization.k8s.io/v1")
    core = [body for body in result.objects().values() if body["apiVersion"] in core_groups]
    assert len(core) > 500
    # Objects with the same structure and value types validate alike: check one of each shape.
    shapes = {_shape(body): body for body in core}
    failures = []
    for body in shapes.values():
        try:
            kubernetes_validate.validate(body, DEFAULT_K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            failures.append((body["kind"], body["metadata"]["name"], str(exc)[:200]))
    assert failures == []


def _shape(value, path=""):
    if isinstance(value, dict):
        return tuple((k, _shape(v)) for k, v in sorted(value.items()))
    if isinstance(value, list):
        return tuple(sorted({_shape(v) for v in value}, key=repr))
    return type(value).__name__
