"""OME's ServingRuntime / ClusterServingRuntime validating webhooks (omec/validate/runtime_webhook.py): the cases of
pkg/webhook/admission/servingruntime/servingruntime_webhook_test.go, ported with their inputs and asserted
outcomes, and the handler's order and messages (servingruntime_webhook.go at the pinned commit).
"""
from __future__ import annotations

import pytest
import yaml

from omec.load import load_texts
from omec.ome.controller_config import SHIPPED
from omec.options import Options
from omec.validate import validate

ACCELERATORS = [{"apiVersion": "ome.io/v1beta1", "kind": "AcceleratorClass", "metadata": {"name": name},
                 "spec": {"discovery": {"nodeSelector": {"gpu": name}}, "capabilities": {"memoryGB": "80Gi"}}}
                for name in ("nvidia-h100-80gb", "nvidia-a100-80gb")]
FORMAT = {"modelFormat": {"name": "safetensors"}, "modelFramework": {"name": "transformers"}}
MULTINODE = ("invalid configuration: for MultiNode deployment, both leader and worker must be defined and "
             "worker.size must be greater than 0")
RAW = "invalid configuration: for RawDeployment, leader and worker must not be defined"
ENGINE = {"runner": {"name": "ome-container", "image": "ome/vllm:latest"}}
DECODER = {"runner": {"name": "ome-container", "image": "ome/vllm:latest"}}


def runtime_diagnostics(spec: dict, kind: str = "ClusterServingRuntime", name: str = "example-runtime-1",
                        extra: tuple = ()) -> list:
    metadata = {"name": name, **({"namespace": "default"} if kind == "ServingRuntime" else {})}
    docs = [{"apiVersion": "ome.io/v1beta1", "kind": kind, "metadata": metadata,
             "spec": {"supportedModelFormats": [FORMAT], **spec}}, *ACCELERATORS, *extra]
    _, diags = validate(load_texts({"specs.yaml": yaml.safe_dump_all(docs)}).documents, Options(), SHIPPED)
    return [(d.code, d.message) for d in diags]


def env(mode: str) -> list:
    return [{"name": "engine", "image": "engine:latest", "env": [{"name": "DEPLOYMENT_MODE", "value": mode}]}]


@pytest.mark.parametrize("spec, error", [
    # TestValidateServingRuntimeConfiguration
    ({"engineConfig": ENGINE, "decoderConfig": DECODER}, None),
    ({"decoderConfig": DECODER}, None),
    ({"engineConfig": ENGINE, "workers": {"size": 2}}, None),
    ({"engineConfig": ENGINE, "workers": {"size": 0}}, MULTINODE),
    ({"engineConfig": ENGINE, "workers": {"size": -1}}, MULTINODE),
    ({"engineConfig": ENGINE, "containers": env("RawDeployment")}, None),
    ({"engineConfig": ENGINE, "containers": [{"name": "engine", "image": "engine:latest"}]}, None),
    ({"engineConfig": ENGINE, "workers": {"size": 2}, "containers": env("RawDeployment")}, RAW),
    ({"engineConfig": ENGINE, "workers": {"size": 2}, "containers": env("MultiNode")}, None),
    ({"engineConfig": ENGINE, "containers": env("MultiNode")}, MULTINODE),
    ({}, None),
    # TestValidateServingRuntimeConfigurationComplete
    ({"engineConfig": ENGINE, "workers": {"size": 1}, "containers": env("RawDeployment")}, RAW),
    ({"engineConfig": ENGINE, "workers": {"size": 2}, "containers": env("RawDeployment")}, RAW),
    ({"engineConfig": ENGINE, "containers": env("MultiNode")}, MULTINODE),
    ({"decoderConfig": DECODER}, None),
    ({"engineConfig": ENGINE, "workers": {"size": 0}}, MULTINODE),
    # from the code: workers without a size are "not defined"; both env values: MultiNode checked, then RawDeployment
    ({"engineConfig": ENGINE, "workers": {}, "containers": env("MultiNode")}, MULTINODE),
    ({"engineConfig": ENGINE, "workers": {"size": 1}, "containers": [*env("MultiNode"), *env("RawDeployment")]}, RAW),
    ({"workers": {"size": 2}, "containers": env("RawDeployment")}, None),  # no engineConfig: only the size check
    ({"engineConfig": ENGINE, "decoderConfig": DECODER, "workers": {"size": 0}}, None),  # PD: nothing checked
])
def test_validate_serving_runtime_configuration(spec, error):
    found = [m for c, m in runtime_diagnostics(spec) if c == "OMEC162"]
    assert found == ([] if error is None else [error])


@pytest.mark.parametrize("classes, missing", [
    # TestValidateAcceleratorClasses
    (None, None),
    ([], None),
    (["nvidia-h100-80gb"], None),
    (["unknown-accelerator"], "[unknown-accelerator]"),
    (["nvidia-h100-80gb", "nvidia-a100-80gb"], None),
    (["nvidia-h100-80gb", "invalid-class"], "[invalid-class]"),
    (["invalid-class-1", "invalid-class-2"], "[invalid-class-1 invalid-class-2]"),
])
def test_validate_accelerator_classes(classes, missing):
    spec = {} if classes is None else {"acceleratorRequirements": {"acceleratorClasses": classes}}
    found = [m for c, m in runtime_diagnostics(spec) if c == "OMEC163"]
    assert found == ([] if missing is None else [
        f"unknown accelerator classes referenced in AcceleratorRequirements: {missing}"])


def test_an_unknown_accelerator_class_gets_a_suggestion():
    metadata = {"name": "rt"}
    docs = [{"apiVersion": "ome.io/v1beta1", "kind": "ClusterServingRuntime", "metadata": metadata,
             "spec": {"supportedModelFormats": [FORMAT], "acceleratorRequirements": {"acceleratorClasses": [
                 "nvidia-h100-80g"]}}}, *ACCELERATORS]
    _, diags = validate(load_texts({"s.yaml": yaml.safe_dump_all(docs)}).documents, Options(), SHIPPED)
    [diag] = diags
    assert diag.field == ("spec", "acceleratorRequirements", "acceleratorClasses", 0)
    assert diag.hint.startswith('"nvidia-h100-80g": did you mean "nvidia-h100-80gb"?')


def smf(name: str | None, priority: int, auto_select: bool = True) -> dict:
    return {**FORMAT, **({"name": name} if name is not None else {}), "autoSelect": auto_select, "priority": priority}


@pytest.mark.parametrize("formats, error", [
    # TestValidateModelFormatPrioritySame
    ([smf("vllm", 1), smf("vllm", 2)], "different priorities assigned for the model format vllm"),
    ([smf("vllm", 2), smf("vllm", 2)], None),
    # keyed by the legacy name, "" for formats written without it; only autoSelect formats count
    ([smf(None, 1), smf(None, 2)], "different priorities assigned for the model format "),
    ([smf("vllm", 1), smf("other", 2)], None),
    ([smf("vllm", 1), smf("vllm", 2, auto_select=False)], None),
    ([smf("Vllm", 1), smf("vllm", 2)], None),  # case-sensitive map keys
])
def test_validate_model_format_priority_same(formats, error):
    found = [m for c, m in runtime_diagnostics({"supportedModelFormats": formats}) if c == "OMEC164"]
    assert found == ([] if error is None else [f"{error} under the clusterservingruntime example-runtime-1"])


def test_a_servingruntime_names_its_kind_in_the_message():
    found = runtime_diagnostics({"supportedModelFormats": [smf("vllm", 1), smf("vllm", 2)]}, kind="ServingRuntime",
                                name="example-runtime")
    assert found == [("OMEC164", "different priorities assigned for the model format vllm under the servingruntime "
                                 "example-runtime")]


def test_a_disabled_runtime_is_admitted_without_checks():
    """Handle: ``if spec.IsDisabled() { return admission.Allowed("") }`` before every check."""
    spec = {"disabled": True, "engineConfig": ENGINE, "workers": {"size": 0},
            "acceleratorRequirements": {"acceleratorClasses": ["nope"]},
            "supportedModelFormats": [smf("vllm", 1), smf("vllm", 2)]}
    assert runtime_diagnostics(spec) == []


def test_every_failing_check_is_reported():
    """OME denies with the first (configuration, then accelerator classes, then priorities); omec reports each."""
    spec = {"engineConfig": ENGINE, "workers": {"size": 0}, "acceleratorRequirements": {"acceleratorClasses": ["nope"]},
            "supportedModelFormats": [smf("vllm", 1), smf("vllm", 2)]}
    assert [c for c, _ in runtime_diagnostics(spec)] == ["OMEC162", "OMEC163", "OMEC164"]


def test_legacy_workers_pass_the_webhook_and_are_ignored_by_the_controller():
    """Only the runtime webhook reads spec.workers (WorkerPodSpec); the controller takes the engine's shape from
    engineConfig, so engineConfig.runner + workers.size 2 is a single-node RawDeployment engine."""
    from omec.testing import build

    runtime = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterServingRuntime", "metadata": {"name": "rt"},
               "spec": {"supportedModelFormats": [FORMAT], "workers": {"size": 2},
                        "engineConfig": {"runner": {"name": "ome-container", "image": "img:1",
                                                    "ports": [{"containerPort": 8080}]}}}}
    model = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterBaseModel", "metadata": {"name": "m"},
             "spec": {"modelFormat": {"name": "safetensors"}, "modelFramework": {"name": "transformers"},
                      "storage": {"storageUri": "hf://a/b"}}}
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "svc", "namespace": "ns"},
            "spec": {"model": {"name": "m"}, "runtime": {"name": "rt"}, "engine": {}}}
    out = build(texts={"s.yaml": yaml.safe_dump_all([runtime, model, isvc])})
    assert out.ok, out.report()
    assert sorted({body["kind"] for body in out.objects().values()}) == [
        "ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service"]
