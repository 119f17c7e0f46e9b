"""Fixtures for the schema tests: an isolated SchemaSet and upstream CRD schemas made strict.

Upstream CRDs (../shared) are test data only: they are read at test time to check that our own schemas accept
and reject the same objects; tests that need them skip when ../shared is absent.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from omec.load.cache import Cache
from omec.load.schemas import open_schema_set
from omec.options import DEFAULT_K8S_VERSION
from omec.schema import SchemaSet
from omec.schema.bundle import INT_FORMATS

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
OME_CONFIG = SHARED / "corpus" / "ome" / "config"
UPSTREAM_CRDS = SHARED / "schemas" / "crds"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared (OME corpus and upstream CRDs) is not checked out beside the repo")
    return path


@pytest.fixture(scope="session")
def ome_config() -> Path:
    """../shared/corpus/ome/config (OME runtimes, models, samples and CRDs)."""
    return _require(OME_CONFIG)


@pytest.fixture(scope="session")
def upstream_crds() -> Path:
    """../shared/schemas/crds (LWS, KEDA, Knative, Gateway API CRDs at OME's pin and at a recent release)."""
    return _require(UPSTREAM_CRDS)


def strict_crd_schema(node: Any) -> Any:
    """A CRD structural schema as the API server applies it with strict field validation, for jsonschema:
    unknown fields are errors wherever ``properties`` are listed (unless x-kubernetes-preserve-unknown-fields),
    x-kubernetes-int-or-string means integer or string, ``nullable`` admits null, an integer lies in the range of
    its format (int64 without one: kube-openapi's IsValueValidAgainstRange,
    https://github.com/kubernetes/kube-openapi/blob/d427ff9ee9ad05f5da435abbb7c5929cb713ac56/pkg/validation/validate/values.go#L333).
    CEL rules are not evaluated. ``format`` and ``x-kubernetes-int-or-string`` stay as annotations (jsonschema
    ignores them) for the comparisons of test_input_schemas."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties":
            out[key] = {name: strict_crd_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = strict_crd_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [strict_crd_schema(sub) for sub in value]
        elif key in ("format", "x-kubernetes-int-or-string") or not (
            key in ("description", "default", "nullable") or key.startswith("x-kubernetes-")
        ):
            out[key] = value
    if node.get("type") == "integer":
        low, high = INT_FORMATS.get(node.get("format"), INT_FORMATS["int64"])
        out["minimum"], out["maximum"] = max(node.get("minimum", low), low), min(node.get("maximum", high), high)
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    if node.get("x-kubernetes-int-or-string") and "anyOf" not in out:
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if "properties" in node and "additionalProperties" not in node and not node.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    return out


@cache
def _crd_validator(path: Path, version: str) -> jsonschema.Draft7Validator:
    crd = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    (served,) = [v for v in crd["spec"]["versions"] if v["name"] == version]
    return jsonschema.Draft7Validator(strict_crd_schema(served["schema"]["openAPIV3Schema"]))


@pytest.fixture(scope="session")
def crd_validator() -> Callable[[Path, str], jsonschema.Draft7Validator]:
    """(CRD file, served version name) -> a jsonschema validator of its strict openAPIV3Schema."""
    return _crd_validator


def _edited(base: dict, path: tuple, value: Any) -> dict:
    body = copy.deepcopy(base)
    node = body
    for key in path[:-1]:
        node = node[key]
    if value is ...:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return body


@pytest.fixture(scope="session")
def edit() -> Callable[[dict, tuple, Any], dict]:
    """(object, field path, new value) -> a changed deep copy of the object; the value ``...`` deletes the field."""
    return _edited


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("omec-cache")


@pytest.fixture(autouse=True)
def _isolated_cache(_session_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled validators go to a temporary cache shared by the session, never to the user's ~/.cache."""
    monkeypatch.setenv("OMEC_CACHE_DIR", str(_session_cache))


@pytest.fixture(scope="session")
def schema_set(_session_cache: Path) -> SchemaSet:
    """One SchemaSet (default Kubernetes version) for the session."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OMEC_CACHE_DIR", str(_session_cache))
        return open_schema_set(DEFAULT_K8S_VERSION, Cache.open("validators"))
