"""OME's keda, autoscaler, istiosidecar, rbac and modelconfig reconciler tests
(pkg/controller/v1beta1/inferenceservice/reconcilers/{keda,autoscaler,istiosidecar,rbac,modelconfig} at
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers)
that omec's golden tests did not pin, through omec's builds.
"""
from __future__ import annotations

import json

import pytest
import yaml

from omec.options import Options
from omec.testing import build as build_specs
from tests.golden.harness import API, compile_docs, container, fine_tuned_weight, isvc, model, runtime, to_yaml

RUNTIME = runtime("llm-runtime", engineConfig={"runner": container("ome-container", "engine:latest")},
                  routerConfig={"runner": container("router", "router:latest")})
MODEL_REF = {"name": "base-model-1", "kind": "BaseModel"}


def build(spec: dict, *, annotations: dict | None = None, labels: dict | None = None, docs: tuple = ()):
    body = {"model": MODEL_REF, "runtime": {"name": "llm-runtime"}, "engine": {}, **spec}
    return compile_docs(model("base-model-1"), RUNTIME, *docs,
                        isvc("test-isvc", body, annotations=annotations, labels=labels))


# --- keda_reconciler_test.go TestGetScaledObjectTriggers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "keda", "auth", "auth_modes", "address"),
    [
        ("No authenticationRef - should create trigger without auth",
         {"enableKeda": True, "promServerAddress": "http://prometheus:9090", "scalingThreshold": "10"},
         None, None, "http://prometheus:9090"),
        ("With TriggerAuthentication - should include authenticationRef",
         {"enableKeda": True, "promServerAddress": "https://prometheus.grafana.net/api/prom", "scalingThreshold": "0.07",
          "authenticationRef": {"name": "grafana-cloud-auth", "kind": "TriggerAuthentication"}, "authModes": "basic"},
         {"name": "grafana-cloud-auth", "kind": "TriggerAuthentication"}, "basic", "https://prometheus.grafana.net/api/prom"),
        ("With ClusterTriggerAuthentication - should include authenticationRef with ClusterTriggerAuthentication kind",
         {"enableKeda": True, "promServerAddress": "https://prometheus.grafana.net/api/prom", "scalingThreshold": "10",
          "authenticationRef": {"name": "cluster-wide-auth", "kind": "ClusterTriggerAuthentication"},
          "authModes": "tls,basic"},
         {"name": "cluster-wide-auth", "kind": "ClusterTriggerAuthentication"}, "tls,basic",
         "https://prometheus.grafana.net/api/prom"),
    ],
)
def test_get_scaled_object_triggers(case, keda, auth, auth_modes, address):
    """TestGetScaledObjectTriggers: one prometheus trigger, authenticationRef and authModes only together, the server
    address from kedaConfig."""
    built = build({"kedaConfig": keda}, annotations={"ome.io/autoscalerClass": "keda"})
    [trigger] = built.get("ScaledObject", "scaledobject-test-isvc-engine")["spec"]["triggers"]
    assert trigger["type"] == "prometheus", case
    assert trigger.get("authenticationRef") == auth
    assert trigger["metadata"].get("authModes") == auth_modes
    assert trigger["metadata"]["serverAddress"] == address


# --- autoscaler_reconciler_test.go TestGetAutoscalerClass ----------------------------------------------------------


def test_external_autoscaler_class_creates_no_autoscaler():
    """TestGetAutoscalerClass ``external``: the class is read, and neither an HPA (shouldCreateHPA: class "" or hpa)
    nor a ScaledObject (keda only) is created."""
    built = build({}, annotations={"ome.io/autoscalerClass": "external"})
    assert built.names("HorizontalPodAutoscaler") == [] and built.names("ScaledObject") == []
    assert "test-isvc-engine" in built.names("Deployment")


# --- istiosidecar_reconciler_test.go TestCreateSidecar ---------------------------------------------------------------


def test_create_sidecar_ports_and_hosts():
    """TestCreateSidecar: egress to ./* on 8080 HTTP, ingress 8080 HTTP, workload selector on the meta name."""
    engine = {"leader": {"runner": container("ome-container", "leader:1")},
              "worker": {"size": 1, "containers": [container("worker", "worker:1")]}}
    sidecar = build({"engine": engine}, labels={"sidecar.istio.io/inject": "true"}).get("Sidecar", "test-isvc-engine")
    assert sidecar["metadata"] == {"name": "test-isvc-engine", "namespace": "default"}
    assert sidecar["spec"] == {
        "workloadSelector": {"labels": {"ome.io/inferenceservice": "test-isvc-engine"}},
        "egress": [{"hosts": ["./*"], "port": {"number": 8080, "protocol": "HTTP"}}],
        "ingress": [{"port": {"number": 8080, "protocol": "HTTP"}}],
    }


# --- rbac_reconciler_test.go TestRBACReconciler_Reconcile_RouterComponent -------------------------------------------


def test_router_rbac_owner_references():
    """TestRBACReconciler_Reconcile_RouterComponent: SA, Role and RoleBinding are owned by the InferenceService
    (ome.io/v1beta1 InferenceService <name> <uid>); omec writes the reference with --owner-uid."""
    body = {"model": MODEL_REF, "runtime": {"name": "llm-runtime"}, "engine": {}, "router": {}}
    texts = {"in.yaml": to_yaml(model("base-model-1"), RUNTIME, isvc("test-isvc", body))}
    result = build_specs(texts=texts, options=Options(owner_uid="test-uid"))
    assert result.ok, result.diagnostics
    objects = {(b["kind"], b["metadata"]["name"]): b for b in result.objects().values()}
    for kind in ("ServiceAccount", "Role", "RoleBinding"):
        [owner] = objects[(kind, "test-isvc-router")]["metadata"]["ownerReferences"]
        assert (owner["apiVersion"], owner["kind"], owner["name"], owner["uid"]) == (
            "ome.io/v1beta1", "InferenceService", "test-isvc", "test-uid")


# --- modelconfig_reconciler_test.go TestModelConfigReconciler_Reconcile ---------------------------------------------


def models_json(built) -> list:
    return json.loads(built.get("ConfigMap", "modelconfig-test-isvc")["data"]["models.json"])


def _model(name: str, namespace: str | None, spec: dict) -> dict:
    metadata = {"name": name, **({"namespace": namespace} if namespace else {})}
    kind = "BaseModel" if namespace else "ClusterBaseModel"
    return {"apiVersion": API, "kind": kind, "metadata": metadata, "spec": spec}


def _entry(base: dict, kind: str, weights: tuple = ()) -> list:
    ref = {"name": base["metadata"]["name"], "kind": kind, **({"fineTunedWeights": [w["metadata"]["name"] for w in weights]}
                                                             if weights else {})}
    spec = {"model": ref, "runtime": {"name": "serving"},
            "engine": {"runner": container("ome-container", "engine:latest")}}
    smf = {"modelFormat": base["spec"]["modelFormat"], "modelFramework": base["spec"].get("modelFramework")}
    built = compile_docs(base, runtime("serving", smf=smf), *weights, isvc("test-isvc", spec))
    return models_json(built)


def test_modelconfig_for_a_base_model_only():
    """"Create ConfigMap for BaseModel only": storageUri, path, format, framework and modelType (Go's field order)."""
    base = _model("my-base-model", "default", {
        "storage": {"storageUri": "oci://bucket/base-model/", "path": "model.onnx"},
        "modelFormat": {"name": "onnx"}, "modelFramework": {"name": "pytorch"}, "modelType": "classification"})
    [entry] = _entry(base, "BaseModel")
    assert entry == {"modelName": "my-base-model", "modelSpec": {
        "storageUri": "oci://bucket/base-model/", "path": "model.onnx", "modelFormatName": "onnx",
        "modelType": "classification", "modelFrameworkName": "pytorch"}}
    assert list(entry["modelSpec"]) == ["storageUri", "path", "modelFormatName", "modelType", "modelFrameworkName"]


def test_modelconfig_for_a_cluster_base_model_only():
    """"Create ConfigMap for ClusterBaseModel only": parameters, format and framework versions (the Go test's
    framework version "latest" is 2.11 here: the Go test skips runtime selection, which no runtime passes for a
    version that does not parse)."""
    base = _model("my-cluster-base-model", None, {
        "storage": {"storageUri": "s3://cluster-bucket/cluster-model/", "path": "model.tar.gz",
                    "parameters": {"region": "us-west-2"}},
        "modelFormat": {"name": "tensorflow", "version": "2.7"},
        "modelFramework": {"name": "tfserving", "version": "2.11"}, "modelType": "regression"})
    [entry] = _entry(base, "ClusterBaseModel")
    assert entry == {"modelName": "my-cluster-base-model", "modelSpec": {
        "storageUri": "s3://cluster-bucket/cluster-model/", "path": "model.tar.gz", "parameters": {"region": "us-west-2"},
        "modelFormatName": "tensorflow", "modelFormatVersion": "2.7", "modelType": "regression",
        "modelFrameworkName": "tfserving", "modelFrameworkVersion": "2.11"}}


def test_modelconfig_with_every_storage_field():
    """"Update_ConfigMap_when_BaseModel_changes", initial model: schemaPath, parameters and storageKey too."""
    base = _model("initial-base-model", "default", {
        "modelType": "INITIAL_MODEL_TYPE", "modelFramework": {"name": "InitialFramework", "version": "1.0"},
        "modelFormat": {"name": "InitialFormat", "version": "1.0"},
        "storage": {"storageUri": "oci://initial-bucket/initial-path", "schemaPath": "oci://initial-bucket/initial-schema",
                    "parameters": {"initial_param": "initial_value"}, "key": "initial-storage-key"}})
    [entry] = _entry(base, "BaseModel")
    assert entry["modelSpec"] == {
        "storageUri": "oci://initial-bucket/initial-path", "schemaPath": "oci://initial-bucket/initial-schema",
        "parameters": {"initial_param": "initial_value"}, "storageKey": "initial-storage-key",
        "modelFormatName": "InitialFormat", "modelFormatVersion": "1.0", "modelType": "INITIAL_MODEL_TYPE",
        "modelFrameworkName": "InitialFramework", "modelFrameworkVersion": "1.0"}


def test_modelconfig_with_a_fine_tuned_weight():
    """"Create_ConfigMap_with_FineTunedWeight": the weight's storageUri, schemaPath, parameters and modelType."""
    base = _model("reference-base-model", "default", {
        "modelType": "REFERENCE_MODEL_TYPE", "modelFormat": {"name": "ReferenceFormat", "version": "1.0"},
        "modelFramework": {"name": "ReferenceFramework", "version": "1.0"},
        "storage": {"storageUri": "s3://base-bucket/base-path", "path": "/mnt/models/reference"}})
    weight = fine_tuned_weight("my-fine-tuned-weight", "reference-base-model")
    weight["spec"]["storage"] = {"storageUri": "s3://weights-bucket/weights-path",
                                 "schemaPath": "s3://weights-bucket/schema.json", "parameters": {"region": "us-east-1"}}
    [entry] = _entry(base, "BaseModel", (weight,))
    assert entry["fineTunedWeightSpec"] == {
        "storageUri": "s3://weights-bucket/weights-path", "schemaPath": "s3://weights-bucket/schema.json",
        "parameters": {"region": "us-east-1"}, "modelType": "LoRA"}


def test_modelconfig_writes_empty_strings_it_was_given():
    """ModelSpecInfo's fields are *string with omitempty, which omits nil pointers only: a storageUri, schemaPath or
    storage key written as "" is in the JSON (Go's encoding/json); an empty parameters map is omitted."""
    base = _model("empty-fields", "default", {
        "storage": {"storageUri": "", "path": "/mnt/m", "schemaPath": "", "key": "", "parameters": {}},
        "modelFormat": {"name": "safetensors"}, "modelFramework": {"name": "transformers"}})
    [entry] = _entry(base, "BaseModel")
    assert entry["modelSpec"] == {"storageUri": "", "path": "/mnt/m", "schemaPath": "", "storageKey": "",
                                  "modelFormatName": "safetensors", "modelFrameworkName": "transformers"}


def test_modelconfig_error_when_the_fine_tuned_weight_is_missing():
    """"Error_when_FineTunedWeight_not_found": no ConfigMap (OME fails the reconcile; omec reports the missing
    weight, OMEC341)."""
    spec = {"model": {"name": "base-model-1", "kind": "BaseModel", "fineTunedWeights": ["missing-weight"]},
            "runtime": {"name": "llm-runtime"}, "engine": {}}
    built = compile_docs(model("base-model-1"), RUNTIME, isvc("test-isvc", spec), expect_ok=False)
    assert built.errors == ["OMEC341 No FineTunedWeight with the name: missing-weight"]
    assert ("ConfigMap", "modelconfig-test-isvc") not in built.objects


def test_yaml_roundtrip_of_models_json_is_compact():
    """go_json output: compact separators (the ConfigMap value is Go's json.Marshal)."""
    built = build({})
    text = built.get("ConfigMap", "modelconfig-test-isvc")["data"]["models.json"]
    assert ": " not in text and ", " not in text
    assert yaml.safe_load(text) == models_json(built)
