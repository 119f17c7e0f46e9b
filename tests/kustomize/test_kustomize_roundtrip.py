"""The output tree through the Go YAML stack users run it through: ``kubectl kustomize`` reads every object file
omec wrote (listed in a generated kustomization.yaml), and the objects it prints must equal omec's own, as a set
keyed by (apiVersion, kind, namespace, name) and field by field (values and their types)."""
from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable

import pytest
import yaml

from omec.diagnostics import format_field
from omec.options import Options
from omec.testing import BuildOutput, build
from omec.write import META_FILES
from tests.conftest import CORPUS, REPO, require_shared
from tests.examples.build import build_examples

KUBECTL = shutil.which("kubectl")
OVERLAY = REPO / "examples" / "model-metadata" / "ome-corpus.yaml"
MAX_OBJECTS = 3000  # kustomize needs about 2 s per 1,000 objects: keeps a corpus run well under 20 s
KUSTOMIZE_TIMEOUT = 60
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # yaml.safe_load semantics, in C when libyaml is there


def build_corpus() -> BuildOutput:
    """The shared OME corpus as users compile it; services that fail emit nothing, the others are all here."""
    root = require_shared(CORPUS)
    paths = [str(root / "runtimes"), str(root / "models"), str(root / "samples" / "isvc")]
    return build(*paths, model_metadata=str(OVERLAY), options=Options(last_file_wins=True), partial=True,
                 kustomize=False)


# tree -> (build, fewest objects expected, kinds that must be among them)
TREES = {
    "examples": (build_examples, 40, {"LeaderWorkerSet", "ScaledObject", "Deployment", "Service", "ConfigMap",
                                      "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceAccount", "Role",
                                      "RoleBinding"}),
    "corpus": (build_corpus, 500, {"Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler"}),
}


def capped(result: BuildOutput, limit: int) -> dict[str, bytes]:
    """The object files of whole InferenceServices in namespace/name order, as many as fit in `limit` objects."""
    by_service = defaultdict(list)
    for path in result.files:
        if path not in META_FILES:
            by_service[tuple(path.split("/")[:2])].append(path)
    kept: dict[str, bytes] = {}
    for service in sorted(by_service):
        if len(kept) + len(by_service[service]) > limit:
            break
        kept.update((path, result.files[path].encode("utf-8")) for path in by_service[service])
    return kept


def kustomize(directory, files: dict[str, bytes]) -> list[dict]:
    """Write the tree and a kustomization listing it, run `kubectl kustomize DIR`, parse what it prints."""
    for path, data in files.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    kustomization = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                     "resources": sorted(files)}
    (directory / "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
    proc = subprocess.run([KUBECTL, "kustomize", str(directory)], capture_output=True, text=True,
                          timeout=KUSTOMIZE_TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    return [doc for doc in yaml.load_all(proc.stdout, Loader=SAFE_LOADER) if doc is not None]


def keyed(bodies: Iterable[dict]) -> dict[tuple, dict]:
    found: dict[tuple, dict] = {}
    for body in bodies:
        meta = body["metadata"]
        key = (body["apiVersion"], body["kind"], meta.get("namespace"), meta["name"])
        assert key not in found, f"two objects {key}"
        found[key] = body
    return found


def differences(mine, theirs, path: tuple = ()) -> list[str]:
    """Paths where two JSON-like values differ (a value of another type differs: 1 is not "1", True is not 1)."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        out = []
        for key in sorted(set(mine) | set(theirs), key=str):
            if key not in theirs:
                out.append(f"{format_field((*path, key))}: missing from kustomize's output")
            elif key not in mine:
                out.append(f"{format_field((*path, key))}: added by kustomize ({theirs[key]!r})")
            else:
                out += differences(mine[key], theirs[key], (*path, key))
        return out
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        return [d for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) for d in differences(a, b, (*path, i))]
    if type(mine) is not type(theirs) or mine != theirs:
        return [f"{format_field(path) or '<root>'}: omec {mine!r}, kustomize {theirs!r}"]
    return []


@pytest.mark.parametrize(
    "mine, theirs, expected",
    [
        ({"a": {"b": [1, "x"]}}, {"a": {"b": [1, "x"]}}, []),
        ({"a": {"b": [1, "x"]}}, {"a": {"b": [1, "y"]}}, ["a.b[1]: omec 'x', kustomize 'y'"]),
        ({"port": 8080}, {"port": "8080"}, ["port: omec 8080, kustomize '8080'"]),
        ({"on": True}, {"on": 1}, ["on: omec True, kustomize 1"]),
        ({"a": 1, "b": {}}, {"a": 1}, ["b: missing from kustomize's output"]),
        ({"a": 1}, {"a": 1, "c": None}, ["c: added by kustomize (None)"]),
        ({"l": [1]}, {"l": [1, 2]}, ["l: omec [1], kustomize [1, 2]"]),
    ],
)
def test_differences_name_every_differing_path(mine, theirs, expected):
    assert differences(mine, theirs) == expected


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not on PATH: the round trip runs `kubectl kustomize`")
@pytest.mark.parametrize("tree", sorted(TREES))
def test_kubectl_kustomize_prints_every_object_unchanged(tree, tmp_path):
    build_tree, fewest, kinds = TREES[tree]
    files = capped(build_tree(), MAX_OBJECTS)
    mine = keyed(yaml.load(data, Loader=SAFE_LOADER) for data in files.values())
    assert len(mine) >= fewest and kinds <= {kind for _, kind, _, _ in mine}
    theirs = keyed(kustomize(tmp_path, files))
    assert sorted(set(mine) - set(theirs), key=str) == [], "objects kustomize did not print"
    assert sorted(set(theirs) - set(mine), key=str) == [], "objects kustomize printed that omec did not write"
    mismatched = {key: diff for key in sorted(mine, key=str) if (diff := differences(mine[key], theirs[key]))}
    assert mismatched == {}
