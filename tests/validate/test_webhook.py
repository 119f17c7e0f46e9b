"""ISVC admission webhooks replayed offline: predictor conversion, the deployment-mode annotation, replica defaults
and admission checks (cases 35-40 from OME's webhook defaults/validation tests, 62 derived from its code)."""
from __future__ import annotations

import pytest
import yaml

from omec.load import load_texts
from omec.ome.controller_config import SHIPPED, ControllerConfig
from omec.options import Options
from omec.validate import validate

CBM = """
apiVersion: ome.io/v1beta1
kind: ClusterBaseModel
metadata: {name: test-model}
spec: {storage: {storageUri: "hf://x/y"}}
"""


def build(isvc_yaml: str, extra: str = CBM, config: ControllerConfig = SHIPPED):
    loaded = load_texts({"catalog.yaml": extra, "isvc.yaml": isvc_yaml})
    catalog, diags = validate(loaded.documents, Options(), config)
    return catalog, diags


def isvc(spec: dict, annotations: dict | None = None, name: str = "svc") -> str:
    metadata = {"name": name, "namespace": "default"}
    if annotations:
        metadata["annotations"] = annotations
    return yaml.safe_dump({"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": metadata, "spec": spec})


def test_case_35_decoder_without_engine():
    _, diags = build(isvc({"model": {"name": "test-model"}, "decoder": {}}))
    assert [d.message for d in diags if d.code == "OMEC145"] == ["decoder cannot be specified without engine"]


@pytest.mark.parametrize(
    "spec, annotations, config, expected",
    [
        ({"engine": {}, "decoder": {}}, None, SHIPPED, "PDDisaggregated"),
        ({"engine": {"leader": {}, "worker": {"size": 2}}}, None, SHIPPED, "MultiNode"),
        ({"engine": {"leader": {}, "worker": {"size": 0}}}, None, SHIPPED, "RawDeployment"),
        ({"engine": {}}, {"ome.io/deploymentMode": "Serverless"}, SHIPPED, "Serverless"),
        ({"engine": {}}, None, ControllerConfig(default_deployment_mode="Serverless"), None),
    ],
)
def test_case_36_deployment_mode_annotation(spec, annotations, config, expected):
    catalog, _ = build(isvc({"model": {"name": "test-model"}, **spec}, annotations), config=config)
    assert catalog.services[0].annotations.get("ome.io/deploymentMode") == expected


def test_case_37_predictor_with_base_model_and_replicas():
    catalog, diags = build(isvc({"predictor": {"model": {"baseModel": "test-model"}, "minReplicas": 2, "maxReplicas": 5}}))
    spec = catalog.services[0].spec
    assert spec["model"] == {"name": "test-model", "kind": "ClusterBaseModel", "apiGroup": "ome.io"}
    assert spec["engine"] == {"minReplicas": 2, "maxReplicas": 5}
    assert "runtime" not in spec
    assert "OMEC149" in [d.code for d in diags]


def test_case_38_predictor_model_missing():
    _, diags = build(isvc({"predictor": {"model": {"baseModel": "non-existent-model"}}}))
    assert "neither ClusterBaseModel nor BaseModel found with name non-existent-model" in [d.message for d in diags]


@pytest.mark.parametrize(
    "names, runner, rest",
    [
        (["ome-container", "sidecar"], "ome-container", ["sidecar"]),
        (["some-ome-runner", "sidecar"], "some-ome-runner", ["sidecar"]),
        (["first", "second", "third"], "first", ["second", "third"]),
        (["only"], "only", None),
    ],
)
def test_case_39_predictor_container_becomes_runner(names, runner, rest):
    containers = [{"name": n, "image": f"{n}:1"} for n in names]
    catalog, _ = build(isvc({"predictor": {"model": {"baseModel": "test-model"}, "containers": containers}}))
    engine = catalog.services[0].spec["engine"]
    assert engine["runner"]["name"] == runner
    assert [c["name"] for c in engine.get("containers", [])] == (rest or [])


def test_case_40_existing_engine_stops_migration():
    catalog, _ = build(isvc({"predictor": {"model": {"baseModel": "test-model"}}, "engine": {"minReplicas": 3}}))
    spec = catalog.services[0].spec
    assert "model" not in spec
    assert spec["engine"] == {"minReplicas": 3, "maxReplicas": 3}
    assert catalog.services[0].annotations["ome.io/deprecation-warning"].startswith("The Predictor field is deprecated")


def test_case_62_old_form_with_runtime_and_protocol():
    catalog, _ = build(
        isvc({"predictor": {"model": {"baseModel": "test-model", "runtime": "r", "protocolVersion": "openAI"}, "minReplicas": 1}})
    )
    svc = catalog.services[0]
    assert svc.spec["model"]["name"] == "test-model"
    assert svc.spec["runtime"] == {"name": "r", "kind": "ClusterServingRuntime", "apiGroup": "ome.io"}
    assert svc.spec["engine"] == {"minReplicas": 1, "maxReplicas": 3}
    assert "router" not in svc.spec and "protocolVersion" not in str(svc.spec["engine"])
    assert "ome.io/deprecation-warning" in svc.annotations


@pytest.mark.parametrize(
    "component, expected",
    [("engine", {"minReplicas": 1, "maxReplicas": 3}), ("decoder", {"minReplicas": 1, "maxReplicas": 3}),
     ("router", {"minReplicas": 1, "maxReplicas": 2})],
)
def test_replica_defaults_of_declared_components(component, expected):
    spec = {"model": {"name": "test-model"}, "engine": {}, component: {}}
    catalog, _ = build(isvc(spec))
    assert catalog.services[0].spec[component] == expected


@pytest.mark.parametrize(
    "annotations, code, message",
    [
        ({"ome.io/autoscalerClass": "magic"}, "OMEC146", "[magic] is not a supported autoscaler class type"),
        # ome.io/metrics is only checked under an explicit hpa class (validateInferenceServiceAutoscaler)
        ({"ome.io/autoscalerClass": "hpa", "ome.io/metrics": "gpu"}, "OMEC146", "[gpu] is not a supported metric"),
        ({"ome.io/targetUtilizationPercentage": "101"}, "OMEC147", "the target utilization percentage should be a [1-100] integer"),
        ({"ome.io/autoscalerClass": "keda", "autoscaling.keda.sh/operator": "Around"}, "OMEC152", None),
    ],
)
def test_admission_annotation_checks(annotations, code, message):
    _, diags = build(isvc({"model": {"name": "test-model"}, "engine": {}}, annotations))
    found = [d for d in diags if d.code == code]
    assert found and (message is None or found[0].message == message)


def test_invalid_name_is_rejected():
    # a DNS-1123 subdomain (the API server accepts it) that is not a DNS-1035 label: OME's webhook rejects it; a name
    # that is no subdomain ("Bad_Name") is the API server's OMEC180 (tests/validate/test_object_names.py)
    _, diags = build(isvc({"engine": {}}, name="bad.name"))
    assert [d.code for d in diags] == ["OMEC144"]


def test_duplicates_are_errors_unless_last_file_wins():
    dup = CBM.replace("hf://x/y", "hf://x/z")
    loaded = load_texts({"a.yaml": CBM, "b.yaml": dup})
    catalog, diags = validate(loaded.documents, Options(), SHIPPED)
    assert [d.code for d in diags] == ["OMEC143"] and diags[0].severity.label == "error"
    assert catalog.cluster_models["test-model"].ref.path == "a.yaml"
    catalog, diags = validate(loaded.documents, Options(last_file_wins=True), SHIPPED)
    assert diags[0].severity.label == "warning" and catalog.cluster_models["test-model"].ref.path == "b.yaml"


def test_non_ome_documents_are_skipped_with_an_info():
    _, diags = build("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
    assert [(d.code, d.severity.label) for d in diags] == [("OMEC140", "info")]
