"""Integer ranges: a number the API server or OME's controller cannot hold is an error, on input and on output.

The API server range-checks an integer against its OpenAPI format, int64 when it has none (kube-openapi's
IsValueValidAgainstRange, https://github.com/kubernetes/kube-openapi/blob/d427ff9ee9ad05f5da435abbb7c5929cb713ac56/pkg/validation/validate/values.go#L333);
OME's Go types decide the formats of its fields (pkg/apis/ome/v1beta1: ``*int`` minReplicas is an int64, ``*int32``
priority and maxTokens int32s, an IntOrString's integer an int32). The bundler turns each format into
minimum/maximum."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from omec.diagnostics import SourceRef
from omec.load.schemas import open_schema_set
from omec.options import DEFAULT_K8S_VERSION
from omec.schema.bundle import INT_FORMATS
from omec.testing import build
from omec.validate.schemas import InputChecker

BASE = (Path(__file__).resolve().parents[1] / "cases" / "base" / "catalog.yaml").read_text(encoding="utf-8")
INT32_MAX, INT64_MAX = (1 << 31) - 1, (1 << 63) - 1


def compile_engine(**engine):
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "chat", "namespace": "team"},
            "spec": {"model": {"name": "llama"}, "runtime": {"name": "single"}, "engine": engine}}
    return build(texts={"catalog.yaml": BASE, "isvc.yaml": yaml.safe_dump(isvc)})


def messages(out, code: str) -> list[str]:
    return [d.message for d in out.diagnostics if d.code == code]


def test_a_replica_count_beyond_int64_is_an_input_error():
    out = compile_engine(minReplicas=99999999999999999999)
    # kubectl (go-yaml v2) reads an integer literal beyond int64 as a float, which JSON writes as 1e+20
    assert messages(out, "OMEC103") == [
        "spec.engine.minReplicas: 1e+20 is greater than the maximum 9223372036854775807 (int64)"]
    assert out.files == {}


def test_a_replica_count_beyond_int32_fails_the_objects_it_lands_in():
    # OME converts minReplicas/maxReplicas with int32(...) for the HPA (hpa_reconciler.go calculateMinReplicas), whose
    # fields are int32s: the API server cannot take the value
    out = compile_engine(minReplicas=3000000000, maxReplicas=3000000001)
    assert messages(out, "OMEC400") == [
        "HorizontalPodAutoscaler team/chat-engine: spec.maxReplicas: 3000000001 is greater than the maximum "
        "2147483647 (int32) (field spec.maxReplicas)",
        "HorizontalPodAutoscaler team/chat-engine: spec.minReplicas: 3000000000 is greater than the maximum "
        "2147483647 (int32) (field spec.minReplicas)",
    ]


def test_values_at_the_limits_are_accepted():
    out = compile_engine(minReplicas=1, maxReplicas=INT32_MAX)
    assert out.ok, out.report()


@pytest.fixture(scope="module")
def check():
    checker = InputChecker(open_schema_set(DEFAULT_K8S_VERSION))
    return lambda body: [(p.code, p.field, p.message) for p in checker.check(body["kind"], body, SourceRef("x.yaml"))]


RUNTIME = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterServingRuntime", "metadata": {"name": "rt"}}


@pytest.mark.parametrize("spec, field, bound", [
    ({"supportedModelFormats": [{"modelFormat": {"name": "f"}, "modelFramework": {"name": "x"},
                                 "priority": INT32_MAX + 1}]}, ("spec", "supportedModelFormats", 0, "priority"),
     "2147483648 is greater than the maximum 2147483647 (int32)"),
    ({"supportedModelFormats": [{"modelFormat": {"name": "f", "weight": INT64_MAX + 1}, "modelFramework": {"name": "x"}}]},
     ("spec", "supportedModelFormats", 0, "modelFormat", "weight"),
     "9223372036854775808 is greater than the maximum 9223372036854775807 (int64)"),
    ({"engineConfig": {"maxUnavailable": INT32_MAX + 1}}, ("spec", "engineConfig", "maxUnavailable"),
     "2147483648 is greater than the maximum 2147483647 (int32)"),  # an IntOrString
    ({"engineConfig": {"terminationGracePeriodSeconds": -(1 << 63) - 1}},
     ("spec", "engineConfig", "terminationGracePeriodSeconds"),
     "-9223372036854775809 is less than the minimum -9223372036854775808 (int64)"),
    ({"engineConfig": {"runner": {"name": "c", "ports": [{"containerPort": 1 << 31}]}}},
     ("spec", "engineConfig", "runner", "ports", 0, "containerPort"),
     "2147483648 is greater than the maximum 2147483647 (int32)"),
])
def test_input_fields_hold_their_go_types(check, spec, field, bound):
    (problem,) = check({**RUNTIME, "spec": spec})
    assert problem[:2] == ("OMEC103", field) and problem[2].endswith(bound)


def test_a_stated_bound_is_shown_without_the_format(check):
    spec = {"supportedModelFormats": [{"modelFormat": {"name": "f"}, "modelFramework": {"name": "x"}, "priority": 0}]}
    ((_, _, message),) = check({**RUNTIME, "spec": spec})
    assert message.endswith("0 is less than the minimum 1")


def test_max_tokens_is_an_int32(check):
    model = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterBaseModel", "metadata": {"name": "m"},
             "spec": {"storage": {"storageUri": "hf://a/b"}, "maxTokens": INT32_MAX + 1}}
    assert [p[1] for p in check(model)] == [("spec", "maxTokens")]


def _integers(node, path=()):
    if isinstance(node, dict):
        types = node.get("type")
        if "integer" in (types if isinstance(types, list) else [types]):
            yield path, node
        for key, value in node.items():
            yield from _integers(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _integers(value, (*path, index))


def test_every_integer_of_every_bundled_schema_has_a_go_range():
    schemas = open_schema_set(DEFAULT_K8S_VERSION)
    core = [("apps/v1", "Deployment"), ("v1", "Service"), ("autoscaling/v2", "HorizontalPodAutoscaler")]
    kinds = [*schemas.own_kinds(), *core]
    unbounded = [
        (kind, path) for api_version, kind in kinds for path, node in _integers(schemas.bundle(api_version, kind))
        if node.get("format") not in INT_FORMATS
        or node.get("minimum", float("-inf")) < INT_FORMATS[node["format"]][0]
        or node.get("maximum", float("inf")) > INT_FORMATS[node["format"]][1]
    ]
    assert unbounded == []
