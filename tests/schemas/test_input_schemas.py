"""Input schemas (schemas/ome/): same verdicts as OME's own CRDs on the corpus and on hand-made
negative cases, every error reported with its field path."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from omec.diagnostics import SourceRef
from omec.model import OME_KINDS
from omec.schema import SchemaError
from omec.schema.bundle import INT_FORMATS
from omec.validate.schemas import InputChecker

KNOWN_INVALID = {
    "samples/isvc/zai-org/glm-4-5v.yaml": {
        ("OMEC101", "spec.modelRef"),
        ("OMEC101", "spec.minReplicas"),
        ("OMEC101", "spec.maxReplicas"),
        ("OMEC101", "spec.scaleTarget"),
    },
    "samples/isvc/LGAI-EXAONE/exaone-3-5-7-8b-instruct-isvc.yaml": {
        ("OMEC101", "spec.model.modelName"),
        ("OMEC101", "spec.model.runtime"),
        ("OMEC102", "spec.model"),
        ("OMEC101", "spec.deployment"),
    },
}


@pytest.fixture(scope="module")
def corpus(ome_config: Path) -> list[tuple[str, int, dict]]:
    """Every ome.io object of the corpus except BenchmarkJobs: (path relative to config/, doc index, body)."""
    found = []
    for path in sorted(ome_config.rglob("*.yaml")):
        if "crd" in path.relative_to(ome_config).parts:
            continue
        for index, doc in enumerate(yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)):
            if isinstance(doc, dict) and doc.get("apiVersion") == "ome.io/v1beta1" and doc.get("kind") != "BenchmarkJob":
                found.append((path.relative_to(ome_config).as_posix(), index, doc))
    return found


OME_CRD_FILES = {
    "InferenceService": "ome.io_inferenceservices.yaml",
    "ServingRuntime": "ome.io_servingruntimes.yaml",
    "ClusterServingRuntime": "ome.io_clusterservingruntimes.yaml",
    "BaseModel": "ome.io_basemodels.yaml",
    "ClusterBaseModel": "ome.io_clusterbasemodels.yaml",
    "AcceleratorClass": "ome.io_acceleratorclasses.yaml",
    "FineTunedWeight": "ome.io_finetunedweights.yaml",
}


@pytest.fixture(scope="module")
def upstream(crd_validator, ome_config: Path):
    """kind -> validator of OME's CRD for that kind (read from the corpus at test time, on first use)."""
    return lambda kind: crd_validator(ome_config / "crd" / "full" / OME_CRD_FILES[kind], "v1beta1")


def _verdicts(schema_set, upstream, body: dict) -> tuple[bool, bool]:
    ours = not InputChecker(schema_set).check(body["kind"], body, SourceRef("case.yaml"))
    return ours, upstream(body["kind"]).is_valid(body)


def test_corpus_has_every_kind_omec_reads(corpus):
    kinds = {body["kind"] for _, _, body in corpus}
    assert {"InferenceService", "ClusterServingRuntime", "ClusterBaseModel"} <= kinds
    assert len(corpus) > 400


def test_corpus_verdicts_match_the_upstream_crds(schema_set, upstream, corpus):
    mismatches = [
        (path, index, ours, theirs)
        for path, index, body in corpus
        for ours, theirs in [_verdicts(schema_set, upstream, body)]
        if ours != theirs
    ]
    assert mismatches == []


def _deref(node: dict, defs: dict) -> dict:
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _main_type(node: dict):
    types = node.get("type", "anyOf" if "anyOf" in node or "oneOf" in node else None)
    types = [t for t in types if t != "null"] if isinstance(types, list) else [types]
    return types[0] if len(types) == 1 else types


def _format(node: dict):
    """The integer format a field is held to: its format (int64 without one, as the API server applies it); int32
    for an IntOrString that is not a quantity (Go's IntOrString keeps an int32, so OME's controller cannot decode a
    larger number)."""
    if node.get("x-kubernetes-int-or-string"):
        return None if "pattern" in node else "int32"
    return node.get("format", "int64") if node.get("type") == "integer" else None


def _effective(node: dict, fmt, aspect: str):
    """A bound as validation applies it: the stated one narrowed by the integer format's range."""
    stated = node.get(aspect)
    if fmt not in INT_FORMATS:
        return stated
    low, high = INT_FORMATS[fmt]
    if aspect == "minimum":
        return low if stated is None else max(stated, low)
    return high if stated is None else min(stated, high)


def _differences(ours: dict, theirs: dict, defs: dict, path: str = ""):
    """(field path, aspect) where our bundled schema and the strict upstream CRD schema disagree on fields, types,
    enums, integer formats and ranges, minLength or required fields (walking both trees; status and metadata are
    left out)."""
    ours = _deref(ours, defs)
    if "anyOf" not in (_main_type(ours), _main_type(theirs)) and _main_type(ours) != _main_type(theirs):
        yield path, "type"
    for aspect in ("enum", "minLength"):
        if ours.get(aspect) != theirs.get(aspect):
            yield path, aspect
    fmt = _format(theirs)
    if ours.get("format") != fmt:
        yield path, "format"
    for aspect in ("minimum", "maximum"):
        if ours.get(aspect) != _effective(theirs, fmt, aspect):
            yield path, aspect
    if sorted(ours.get("required", [])) != sorted(theirs.get("required", [])):
        yield path, "required"
    mine, upstream = ours.get("properties", {}), theirs.get("properties", {})
    if set(mine) != set(upstream):
        yield path, "fields"
    for name in sorted(set(mine) & set(upstream) - {"metadata", "status"}):
        yield from _differences(mine[name], upstream[name], defs, f"{path}.{name}".lstrip("."))
    for key in ("items", "additionalProperties"):
        if isinstance(ours.get(key), dict) and isinstance(theirs.get(key), dict):
            yield from _differences(ours[key], theirs[key], defs, f"{path}{'[]' if key == 'items' else '{}'}")


# Deliberate: apiVersion/kind are pinned and required (the CRD leaves them to the API server's routing), and the
# Kubernetes definitions require probe ports and os.name, which the API server checks when it admits the pod.
EXPECTED_DIFFERENCES = {("", "required"), ("apiVersion", "type"), ("apiVersion", "enum"), ("kind", "type"),
                        ("kind", "enum"), ("httpGet", "required"), ("tcpSocket", "required"), ("os", "required")}


@pytest.mark.parametrize("kind, deep", [
    ("InferenceService", "spec.engine.runner.readinessProbe.httpGet"),
    ("ClusterServingRuntime", None),
    ("ClusterBaseModel", None),
    ("AcceleratorClass", None),
    ("FineTunedWeight", None),
])
def test_fields_types_and_constraints_match_the_upstream_crd(schema_set, upstream, kind, deep):
    bundle = schema_set.bundle("ome.io/v1beta1", kind)
    found = set(_differences(bundle, upstream(kind).schema, bundle["$defs"]))
    assert {(path.rsplit(".", 1)[-1], aspect) for path, aspect in found} <= EXPECTED_DIFFERENCES
    assert deep is None or (deep, "required") in found  # the walk reaches the core types


def test_only_the_known_invalid_samples_are_rejected(schema_set, corpus):
    rejected = {path for path, index, body in corpus if InputChecker(schema_set).check(body["kind"], body, SourceRef(path, index))}
    assert rejected == set(KNOWN_INVALID)


@pytest.mark.parametrize("path", sorted(KNOWN_INVALID))
def test_known_invalid_samples_are_reported_at_their_fields(schema_set, ome_config, path):
    body = yaml.safe_load((ome_config / path).read_text(encoding="utf-8"))
    diags = InputChecker(schema_set).check(body["kind"], body, SourceRef(path))
    assert {(d.code, d.field_text) for d in diags} == KNOWN_INVALID[path]
    assert all(d.ref == SourceRef(path) for d in diags)


def test_unknown_field_message_names_kind_and_parent_and_suggests(schema_set, ome_config):
    body = yaml.safe_load((ome_config / "samples/isvc/zai-org/glm-4-5v.yaml").read_text(encoding="utf-8"))
    (diag,) = [d for d in InputChecker(schema_set).check(body["kind"], body, SourceRef("x")) if d.field[-1] == "modelRef"]
    assert diag.message == 'unknown field "modelRef" in InferenceService spec'
    assert diag.field == ("spec", "modelRef")
    assert diag.hint == 'did you mean "model"?'


# --- hand-written cases: (id, base, path to change, new value (``...`` deletes), expected (code, field, message))

ISVC = {
    "apiVersion": "ome.io/v1beta1",
    "kind": "InferenceService",
    "metadata": {"name": "llama", "namespace": "ns"},
    "spec": {
        "model": {"name": "llama-3-1-8b-instruct"},
        "runtime": {"name": "srt-llama"},
        "engine": {
            "minReplicas": 1,
            "maxReplicas": 2,
            "runner": {"image": "srt:latest", "resources": {"limits": {"nvidia.com/gpu": 1, "cpu": "500m"}}},
            "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
            "minAvailable": 1,
        },
        "router": {"runner": {"name": "router", "image": "smg"}},
        "kedaConfig": {"authenticationRef": {"name": "prom-auth"}},
        "acceleratorSelector": {"policy": "BestFit"},
    },
}
RUNTIME = {
    "apiVersion": "ome.io/v1beta1",
    "kind": "ClusterServingRuntime",
    "metadata": {"name": "srt-llama"},
    "spec": {
        "supportedModelFormats": [
            {"modelFormat": {"name": "safetensors", "version": "1.0.0"}, "modelFramework": {"name": "transformers"},
             "autoSelect": True, "priority": 1}
        ],
        "modelSizeRange": {"min": "7B", "max": "9B"},
        "engineConfig": {
            "runner": {"name": "ome-container", "image": "srt", "ports": [{"containerPort": 8080, "name": "http1"}]},
            "volumes": [{"name": "dshm", "emptyDir": {"medium": "Memory"}}],
        },
    },
}
MODEL = {
    "apiVersion": "ome.io/v1beta1",
    "kind": "ClusterBaseModel",
    "metadata": {"name": "llama"},
    "spec": {"modelFormat": {"name": "safetensors"}, "storage": {"storageUri": "hf://meta/llama", "path": "/raid/llama"}},
}
ACCELERATOR = {
    "apiVersion": "ome.io/v1beta1",
    "kind": "AcceleratorClass",
    "metadata": {"name": "h100"},
    "spec": {
        "discovery": {"nodeSelector": {"nvidia.com/gpu.product": "H100"}},
        "capabilities": {"memoryGB": "80Gi", "computeCapability": "9.0"},
        "resources": [{"name": "nvidia.com/gpu"}],
    },
}
FINE_TUNED = {
    "apiVersion": "ome.io/v1beta1",
    "kind": "FineTunedWeight",
    "metadata": {"name": "ft"},
    "spec": {
        "baseModelRef": {"name": "llama"},
        "modelType": "LoRA",
        "hyperParameters": {"strategy": "lora"},
        "storage": {"storageUri": "oci://n/b/ft"},
    },
}

E100, E101, E102, E103 = "OMEC100", "OMEC101", "OMEC102", "OMEC103"
CASES = [
    ("wrong-type", ISVC, ("spec", "engine", "minReplicas"), "one",
     (E100, "spec.engine.minReplicas", 'spec.engine.minReplicas: expected integer, got string "one"')),
    ("unknown-field", ISVC, ("spec", "engine", "runner", "gpus"), 1,
     (E101, "spec.engine.runner.gpus", 'unknown field "gpus" in InferenceService spec.engine.runner')),
    ("resources-on-component", ISVC, ("spec", "engine", "resources"), {"limits": {"cpu": "1"}},
     (E101, "spec.engine.resources", 'unknown field "resources" in InferenceService spec.engine')),
    ("isvc-components-have-no-ephemeral-containers", ISVC, ("spec", "engine", "ephemeralContainers"), [],
     (E101, "spec.engine.ephemeralContainers", None)),
    ("missing-model-name", ISVC, ("spec", "model", "name"), ...,
     (E102, "spec.model", 'missing required field "name" in InferenceService spec.model')),
    ("scale-metric-enum", ISVC, ("spec", "engine", "scaleMetric"), "gpu",
     (E103, "spec.engine.scaleMetric",
      'spec.engine.scaleMetric: "gpu" is not allowed, expected one of "cpu", "memory", "concurrency", "rps"')),
    ("policy-enum", ISVC, ("spec", "acceleratorSelector", "policy"), "Fastest", (E103, "spec.acceleratorSelector.policy", None)),
    ("keda-auth-kind-enum", ISVC, ("spec", "kedaConfig", "authenticationRef", "kind"), "Secret",
     (E103, "spec.kedaConfig.authenticationRef.kind", None)),
    ("keda-auth-name-min-length", ISVC, ("spec", "kedaConfig", "authenticationRef", "name"), "",
     (E103, "spec.kedaConfig.authenticationRef.name",
      'spec.kedaConfig.authenticationRef.name: "" must have at least 1 character(s)')),
    ("component-keda-auth-needs-name", ISVC, ("spec", "engine", "kedaConfig"), {"authenticationRef": {"kind": "TriggerAuthentication"}},
     (E102, "spec.engine.kedaConfig.authenticationRef", None)),
    ("quantity-grammar", ISVC, ("spec", "engine", "runner", "resources", "limits", "cpu"), "lots",
     (E103, "spec.engine.runner.resources.limits.cpu",
      'spec.engine.runner.resources.limits.cpu: "lots" is not a valid quantity')),
    ("int-or-string", ISVC, ("spec", "engine", "minAvailable"), True,
     (E100, "spec.engine.minAvailable", "spec.engine.minAvailable: expected string or integer, got boolean true")),
    ("core-type-inside", ISVC, ("spec", "engine", "tolerations", 0, "tolerationSeconds"), "30",
     (E100, "spec.engine.tolerations[0].tolerationSeconds", None)),
    ("leader-runner-needs-name", ISVC, ("spec", "engine", "leader"), {"runner": {"image": "x"}},
     (E102, "spec.engine.leader.runner", 'missing required field "name" in InferenceService spec.engine.leader.runner')),
    ("api-version", ISVC, ("apiVersion",), "ome.io/v1alpha1",
     (E103, "apiVersion", 'apiVersion: "ome.io/v1alpha1" is not allowed, expected one of "ome.io/v1beta1"')),
    ("priority-0", RUNTIME, ("spec", "supportedModelFormats", 0, "priority"), 0,
     (E103, "spec.supportedModelFormats[0].priority",
      "spec.supportedModelFormats[0].priority: 0 is less than the minimum 1")),
    ("smf-needs-framework", RUNTIME, ("spec", "supportedModelFormats", 0, "modelFramework"), ...,
     (E102, "spec.supportedModelFormats[0]",
      'missing required field "modelFramework" in ClusterServingRuntime spec.supportedModelFormats[0]')),
    ("runtime-runner-needs-name", RUNTIME, ("spec", "engineConfig", "runner", "name"), ...,
     (E102, "spec.engineConfig.runner", None)),
    ("container-port-type", RUNTIME, ("spec", "engineConfig", "runner", "ports", 0, "containerPort"), "8080",
     (E100, "spec.engineConfig.runner.ports[0].containerPort", None)),
    ("tp-override-minimum", RUNTIME, ("spec", "supportedModelFormats", 0, "acceleratorConfig"),
     {"h100": {"tensorParallelismOverride": {"tensorParallelSize": -1}}},
     (E103, "spec.supportedModelFormats[0].acceleratorConfig.h100.tensorParallelismOverride.tensorParallelSize", None)),
    ("size-range-type", RUNTIME, ("spec", "modelSizeRange", "min"), 7, (E100, "spec.modelSizeRange.min", None)),
    ("model-storage-uri", MODEL, ("spec", "storage", "storageUri"), ..., (E102, "spec.storage", None)),
    ("download-policy-enum", MODEL, ("spec", "storage", "downloadPolicy"), "Never", (E103, "spec.storage.downloadPolicy", None)),
    ("model-format-weight-type", MODEL, ("spec", "modelFormat", "weight"), "high", (E100, "spec.modelFormat.weight", None)),
    ("accelerator-discovery", ACCELERATOR, ("spec", "discovery"), ...,
     (E102, "spec", 'missing required field "discovery" in AcceleratorClass spec')),
    ("accelerator-memory-quantity", ACCELERATOR, ("spec", "capabilities", "memoryGB"), "80 GB",
     (E103, "spec.capabilities.memoryGB", None)),
    ("fine-tuned-hyper-parameters", FINE_TUNED, ("spec", "hyperParameters"), ..., (E102, "spec", None)),
    ("metadata-label-type", MODEL, ("metadata", "labels"), {"tier": 1}, (E100, "metadata.labels.tier", None)),
]


# Rules the API server enforces outside the CRD's openAPIV3Schema (which has only `metadata: {type: object}`
# and does not constrain apiVersion): the upstream schema alone accepts these cases.
OUTSIDE_CRD_SCHEMA = {"api-version", "metadata-label-type"}


@pytest.mark.parametrize("base", [ISVC, RUNTIME, MODEL, ACCELERATOR, FINE_TUNED], ids=lambda b: b["kind"])
def test_valid_bases_pass_ours_and_upstream(schema_set, upstream, base):
    assert _verdicts(schema_set, upstream, base) == (True, True)


@pytest.mark.parametrize("case_id, base, path, value, expected", CASES, ids=[c[0] for c in CASES])
def test_negative_case_is_rejected_like_upstream_at_the_field(schema_set, upstream, edit, case_id, base, path, value, expected):
    body = edit(base, path, value)
    diags = InputChecker(schema_set).check(body["kind"], body, SourceRef("case.yaml", 2))
    code, field, message = expected
    assert [(d.code, d.field_text) for d in diags] == [(code, field)]
    if message is not None:
        assert diags[0].message == message
    assert diags[0].ref == SourceRef("case.yaml", 2)
    assert upstream(body["kind"]).is_valid(body) is (case_id in OUTSIDE_CRD_SCHEMA)


def test_optional_fields_the_upstream_crds_also_accept(schema_set, upstream, edit):
    isvc_runner_without_name = edit(ISVC, ("spec", "router", "runner", "name"), ...)
    runtime_ephemeral = edit(RUNTIME, ("spec", "engineConfig", "ephemeralContainers"), [])
    legacy_runtime = edit(RUNTIME, ("spec", "workers"), {"size": 2, "containers": [{"name": "w", "image": "x"}]})
    isvc_keda_auth_without_name = edit(ISVC, ("spec", "kedaConfig", "authenticationRef"), {"kind": "TriggerAuthentication"})
    for body in (isvc_runner_without_name, runtime_ephemeral, legacy_runtime, isvc_keda_auth_without_name):
        assert _verdicts(schema_set, upstream, body) == (True, True)


def test_every_error_of_a_document_is_reported_sorted_by_path(schema_set, edit):
    body = edit(edit(edit(ISVC, ("spec", "router", "maxReplicas"), "2"), ("spec", "engine", "foo"), 1),
                ("spec", "model", "name"), ...)
    diags = InputChecker(schema_set).check("InferenceService", body, SourceRef("x.yaml"))
    assert [(d.code, d.field_text) for d in diags] == [
        ("OMEC101", "spec.engine.foo"),
        ("OMEC102", "spec.model"),
        ("OMEC100", "spec.router.maxReplicas"),
    ]


def test_every_ome_kind_omec_compiles_has_an_input_schema(schema_set):
    # a kind without one cannot reach the check (validate passes OME_KINDS only): asking for it is a bug
    with pytest.raises(SchemaError, match="BenchmarkJob"):
        InputChecker(schema_set).check("BenchmarkJob", {"kind": "BenchmarkJob"}, SourceRef("b.yaml"))
    assert schema_set.input_kinds() == sorted(OME_KINDS) == sorted(
        ["AcceleratorClass", "BaseModel", "ClusterBaseModel", "ClusterServingRuntime", "FineTunedWeight",
         "InferenceService", "ServingRuntime"]
    )


def test_validation_does_not_mutate_the_document(schema_set, edit):
    body = edit(ISVC, ("spec", "engine", "scaleMetric"), "gpu")
    before = copy.deepcopy(body)
    InputChecker(schema_set).check("InferenceService", body, SourceRef("x"))
    assert body == before


def test_namespaced_and_cluster_kinds_share_their_spec_schema(schema_set, edit):
    for cluster, namespaced, body in (("ClusterServingRuntime", "ServingRuntime", RUNTIME),
                                      ("ClusterBaseModel", "BaseModel", MODEL)):
        as_namespaced = {**body, "kind": namespaced}
        bad = edit(as_namespaced, ("spec", "bogus"), 1)
        assert InputChecker(schema_set).check(namespaced, as_namespaced, SourceRef("x")) == []
        assert [d.field_text for d in InputChecker(schema_set).check(namespaced, bad, SourceRef("x"))] == ["spec.bogus"]
        assert schema_set.bundle("ome.io/v1beta1", cluster)["$defs"] == schema_set.bundle("ome.io/v1beta1", namespaced)["$defs"]
