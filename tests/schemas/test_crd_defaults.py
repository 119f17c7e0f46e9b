"""CRD defaults (operator Equal and weight 1 of model formats, the InferenceService's model and runtime kinds ...):
applied where the API server applies them, without mutating the input."""
from __future__ import annotations

import copy

import pytest

from omec.validate.defaults import apply_crd_defaults

PORT = {"containerPort": 8080}
TCP = {"containerPort": 8080, "protocol": "TCP"}


def _get(body, path):
    for key in path:
        body = body[key]
    return body


RUNTIME = {
    "kind": "ClusterServingRuntime",
    "spec": {
        "supportedModelFormats": [
            {"modelFormat": {"name": "safetensors"}, "modelFramework": {"name": "transformers", "weight": 0}},
            {"modelFormat": {"name": "diffusers", "operator": "GreaterThanOrEqual", "weight": 5}},
        ],
        "containers": [{"name": "legacy", "ports": [PORT]}],
        "workers": {"size": 1, "containers": [{"name": "w", "ports": [PORT]}]},
        "engineConfig": {
            "runner": {"name": "ome-container", "ports": [PORT, {"containerPort": 9000, "protocol": "UDP"}]},
            "leader": {"runner": {"name": "l", "ports": [PORT]}},
            "worker": {"size": 1, "containers": [{"name": "w", "ports": [PORT]}]},
            "kedaConfig": {"authenticationRef": {"name": "auth"}},
        },
        "routerConfig": {"initContainers": [{"name": "init", "ports": [PORT]}]},
    },
}
ISVC = {
    "kind": "InferenceService",
    "spec": {
        "model": {"name": "m"},
        "runtime": {"name": "r", "kind": "ServingRuntime"},
        "engine": {"containers": [{"name": "c", "ports": [PORT]}], "kedaConfig": {"authenticationRef": {"name": "a"}}},
        "decoder": {"leader": {"runner": {"name": "l", "ports": [PORT]}}},
        "router": {"ephemeralContainers": [{"name": "debug", "ports": [PORT]}]},
        "predictor": {"model": {"baseModel": "m", "ports": [PORT]}, "workerSpec": {"containers": [{"name": "w", "ports": [PORT]}]}},
        "kedaConfig": {"authenticationRef": {"name": "a", "kind": "ClusterTriggerAuthentication"}},
    },
}
MODEL = {"kind": "BaseModel", "spec": {"modelFormat": {"name": "safetensors", "operator": None}, "modelFramework": {"name": "t"}}}
ACCELERATOR = {"kind": "AcceleratorClass", "spec": {"resources": [{"name": "nvidia.com/gpu"}, {"name": "rdma", "quantity": "2"}]}}

CASES = [
    (RUNTIME, ("spec", "supportedModelFormats", 0, "modelFormat"), {"name": "safetensors", "operator": "Equal", "weight": 1}),
    (RUNTIME, ("spec", "supportedModelFormats", 0, "modelFramework"), {"name": "transformers", "weight": 0, "operator": "Equal"}),
    (RUNTIME, ("spec", "supportedModelFormats", 1, "modelFormat"), {"name": "diffusers", "operator": "GreaterThanOrEqual", "weight": 5}),
    (RUNTIME, ("spec", "containers", 0, "ports", 0), TCP),
    (RUNTIME, ("spec", "workers", "containers", 0, "ports", 0), TCP),
    (RUNTIME, ("spec", "engineConfig", "runner", "ports"), [TCP, {"containerPort": 9000, "protocol": "UDP"}]),
    (RUNTIME, ("spec", "engineConfig", "leader", "runner", "ports", 0), TCP),
    (RUNTIME, ("spec", "engineConfig", "worker", "containers", 0, "ports", 0), TCP),
    (RUNTIME, ("spec", "engineConfig", "kedaConfig", "authenticationRef"), {"name": "auth", "kind": "TriggerAuthentication"}),
    (RUNTIME, ("spec", "routerConfig", "initContainers", 0, "ports", 0), TCP),
    (ISVC, ("spec", "model"), {"name": "m", "kind": "ClusterBaseModel", "apiGroup": "ome.io"}),
    (ISVC, ("spec", "runtime"), {"name": "r", "kind": "ServingRuntime", "apiGroup": "ome.io"}),
    (ISVC, ("spec", "engine", "containers", 0, "ports", 0), TCP),
    (ISVC, ("spec", "engine", "kedaConfig", "authenticationRef", "kind"), "TriggerAuthentication"),
    (ISVC, ("spec", "decoder", "leader", "runner", "ports", 0), TCP),
    (ISVC, ("spec", "router", "ephemeralContainers", 0, "ports", 0), TCP),
    (ISVC, ("spec", "predictor", "model", "ports", 0), TCP),
    (ISVC, ("spec", "predictor", "workerSpec", "containers", 0, "ports", 0), TCP),
    (ISVC, ("spec", "kedaConfig", "authenticationRef", "kind"), "ClusterTriggerAuthentication"),
    (MODEL, ("spec", "modelFormat"), {"name": "safetensors", "operator": "Equal", "weight": 1}),
    (MODEL, ("spec", "modelFramework"), {"name": "t", "operator": "Equal", "weight": 1}),
    (ACCELERATOR, ("spec", "resources"), [{"name": "nvidia.com/gpu", "quantity": "1"}, {"name": "rdma", "quantity": "2"}]),
]


@pytest.mark.parametrize("body, path, expected", CASES, ids=[f"{c[0]['kind']}:{'.'.join(map(str, c[1]))}" for c in CASES])
def test_default_is_applied(body, path, expected):
    assert _get(apply_crd_defaults(body["kind"], body), path) == expected


@pytest.mark.parametrize("body", [RUNTIME, ISVC, MODEL, ACCELERATOR], ids=lambda b: b["kind"])
def test_input_is_not_mutated(body):
    before = copy.deepcopy(body)
    assert apply_crd_defaults(body["kind"], body) != before
    assert body == before


def test_sub_trees_without_defaults_are_shared():
    body = {"kind": "InferenceService", "spec": {"model": {"name": "m"}, "engine": {"runner": {"image": "x"}}}}
    out = apply_crd_defaults("InferenceService", body)
    assert out["spec"]["engine"] is body["spec"]["engine"]
    assert out["spec"]["model"] is not body["spec"]["model"]


@pytest.mark.parametrize(
    "kind, body",
    [
        ("InferenceService", {"spec": {"engine": {}}}),  # no model/runtime block: nothing is created
        ("FineTunedWeight", {"spec": {"storage": {"storageUri": "x"}}}),
        ("ClusterBaseModel", {"metadata": {"name": "no-spec"}}),
        ("AcceleratorClass", {"spec": {"resources": "not-a-list"}}),
    ],
)
def test_nothing_to_default_returns_the_same_object(kind, body):
    assert apply_crd_defaults(kind, body) is body
