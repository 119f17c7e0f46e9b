"""Autoscalers of RawDeployment components (omec/render/scaling.py) against OME's reconcilers: the cases of
reconcilers/hpa/hpa_reconciler_test.go, keda/keda_reconciler_test.go and autoscaler/autoscaler_reconciler_test.go
(pkg/controller/v1beta1/inferenceservice/), ported with their inputs and asserted outcomes, and the reconcile
failures OME reaches from component-level annotations, which no webhook checks (autoscaler_reconciler.go
createAutoscaler, hpa_reconciler.go getTargetUtilization). A FineTunedWeight without configuration fails the
reconcile too (components/base.go ReconcileFineTunedWeights).
"""
from __future__ import annotations

import pytest
import yaml

from omec.render.scaling import DEFAULT_PROMETHEUS, autoscaler_class, hpa, scaled_object, target_utilization
from omec.testing import build

META = {"name": "my-model", "namespace": "test"}


@pytest.mark.parametrize("annotations, expected", [
    ({}, "hpa"), ({"ome.io/autoscalerClass": "hpa"}, "hpa"), ({"ome.io/autoscalerClass": "external"}, "external"),
    ({"ome.io/autoscalerClass": ""}, ""),  # getAutoscalerClass: present wins, even empty
])
def test_get_autoscaler_class(annotations, expected):
    """TestGetAutoscalerClass."""
    assert autoscaler_class(annotations) == expected


@pytest.mark.parametrize("ce, expected", [
    # TestCreateHPA: (minReplicas, maxReplicas, scaleTarget, scaleMetric) -> (min, max, utilization, metric)
    ({}, (1, 1, 80, "cpu")),
    ({"minReplicas": 2, "maxReplicas": 5, "scaleTarget": 30, "scaleMetric": "cpu"}, (2, 5, 30, "cpu")),
    ({"maxReplicas": 0, "scaleMetric": "memory"}, (1, 1, 80, "memory")),
    ({"minReplicas": 5, "maxReplicas": 10, "scaleTarget": 50, "scaleMetric": "cpu"}, (5, 10, 50, "cpu")),
    ({"minReplicas": 0, "maxReplicas": -10, "scaleMetric": "memory"}, (1, 1, 80, "memory")),
])
def test_create_hpa(ce, expected):
    spec = hpa("my-model", "test", META, ce, {})["spec"]
    metric = spec["metrics"][0]["resource"]
    assert (spec["minReplicas"], spec["maxReplicas"], metric["target"]["averageUtilization"], metric["name"]) == expected


@pytest.mark.parametrize("value, utilization", [
    ("50", 50), ("+50", 50), ("050", 50),  # strconv.Atoi
    ("abc", 0), (" 50", 0), ("٣", 0), ("²", 0), ("1.5", 0),  # utilization, _ := strconv.Atoi(value): errors are 0
    ("4294967346", 50),  # int32(utilization): the low 32 bits
    ("99999999999999999999", -1),  # Atoi's out-of-range value is the clamped int64 max, whose low 32 bits are -1
])
def test_target_utilization_annotation_is_read_with_atoi(value, utilization):
    assert target_utilization({"ome.io/targetUtilizationPercentage": value}, {"scaleTarget": 30}) == utilization


@pytest.mark.parametrize("ce, expected", [
    # TestCalculateMinMaxReplicas (KEDA): (minReplicas, maxReplicas) -> (min, max)
    ({"maxReplicas": 0}, (1, 1)), ({"minReplicas": 2, "maxReplicas": 10}, (2, 10)),
    ({"minReplicas": 5, "maxReplicas": 3}, (5, 5)),
])
def test_calculate_min_max_replicas(ce, expected):
    spec = scaled_object("my-model", META, ce, {}, {})["spec"]
    assert (spec["minReplicaCount"], spec["maxReplicaCount"]) == expected


@pytest.mark.parametrize("keda, auth_ref, auth_modes, address", [
    # TestGetScaledObjectTriggers
    ({"promServerAddress": "http://prometheus:9090", "scalingThreshold": "10"}, None, None, "http://prometheus:9090"),
    ({"promServerAddress": "https://prometheus.grafana.net/api/prom", "scalingThreshold": "0.07",
      "authenticationRef": {"name": "grafana-cloud-auth", "kind": "TriggerAuthentication"}, "authModes": "basic"},
     {"name": "grafana-cloud-auth", "kind": "TriggerAuthentication"}, "basic", "https://prometheus.grafana.net/api/prom"),
    ({"promServerAddress": "https://prometheus.grafana.net/api/prom", "scalingThreshold": "10",
      "authenticationRef": {"name": "cluster-wide-auth", "kind": "ClusterTriggerAuthentication"}, "authModes": "tls,basic"},
     {"name": "cluster-wide-auth", "kind": "ClusterTriggerAuthentication"}, "tls,basic",
     "https://prometheus.grafana.net/api/prom"),
    ({"promServerAddress": "https://prometheus.grafana.net/api/prom", "scalingThreshold": "10",
      "authenticationRef": {"name": "my-auth"}, "authModes": "bearer"},
     {"name": "my-auth", "kind": "TriggerAuthentication"}, "bearer", "https://prometheus.grafana.net/api/prom"),
    ({"promServerAddress": "http://prometheus:9090", "scalingThreshold": "10", "authModes": "basic"},
     None, None, "http://prometheus:9090"),
    ({}, None, None, "http://prometheus-operated.monitoring.svc.cluster.local:9090"),
])
def test_get_scaled_object_triggers(keda, auth_ref, auth_modes, address):
    [trigger] = scaled_object("my-model", META, {}, {}, keda)["spec"]["triggers"]
    assert trigger["type"] == "prometheus"
    assert trigger.get("authenticationRef") == auth_ref
    assert trigger["metadata"].get("authModes") == auth_modes
    assert trigger["metadata"]["serverAddress"] == address


def test_keda_annotations_win_when_present_even_empty():
    """getScalingThreshold / getScalingOperator / getPrometheusServerAddress / getPrometheusQuery: ``if value, ok :=
    annotations[key]; ok { return value }``."""
    annotations = {f"autoscaling.keda.sh/{key}": "" for key in ("threshold", "operator", "prometheus.serverAddress",
                                                                 "prometheus.query")}
    keda = {"scalingThreshold": "5", "scalingOperator": "GreaterThan", "promServerAddress": DEFAULT_PROMETHEUS,
            "customPromQuery": "up"}
    trigger = scaled_object("my-model", META, {}, annotations, keda)["spec"]["triggers"][0]["metadata"]
    assert (trigger["threshold"], trigger["operator"], trigger["serverAddress"], trigger["query"]) == ("", "", "", "")


# --- reconcile failures from component annotations -----------------------------------------------------------------

RUNTIME = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterServingRuntime", "metadata": {"name": "rt"},
           "spec": {"supportedModelFormats": [{"modelFormat": {"name": "safetensors"},
                                               "modelFramework": {"name": "transformers"}}],
                    "engineConfig": {"runner": {"name": "ome-container", "image": "img:1",
                                                "ports": [{"containerPort": 8080}]}}}}
MODEL = {"apiVersion": "ome.io/v1beta1", "kind": "ClusterBaseModel", "metadata": {"name": "m"},
         "spec": {"storage": {"storageUri": "hf://a/b"}}}


def compile_engine(engine_annotations: dict, runtime_annotations: dict | None = None, weight: dict | None = None):
    runtime = yaml.safe_load(yaml.safe_dump(RUNTIME))
    if runtime_annotations:
        runtime["spec"]["engineConfig"]["annotations"] = runtime_annotations
    model: dict = {"name": "m"}
    if weight is not None:
        model["fineTunedWeights"] = ["w"]
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "svc", "namespace": "ns"},
            "spec": {"model": model, "runtime": {"name": "rt"}, "engine": {"annotations": engine_annotations}}}
    docs = [runtime, MODEL, isvc, *([weight] if weight else [])]
    return build(texts={"specs.yaml": yaml.safe_dump_all(docs)})


@pytest.mark.parametrize("value", ["bogus", "", "KEDA"])
def test_an_unknown_component_autoscaler_class_fails_the_reconcile(value):
    """createAutoscaler: ``default: return nil, fmt.Errorf("unknown autoscaler class type: %v", ac)``, wrapped by the
    deployment reconciler as "failed to create RawKubeReconciler for engine"."""
    out = compile_engine({"ome.io/autoscalerClass": value})
    assert [(d.code, d.message, d.field) for d in out.errors] == [
        ("OMEC146", f"failed to create RawKubeReconciler for engine: unknown autoscaler class type: {value}",
         ("spec", "engine", "annotations", "ome.io/autoscalerClass"))]


def test_an_unknown_autoscaler_class_from_the_runtime_names_it():
    out = compile_engine({}, {"ome.io/autoscalerClass": "kpa"})
    [diag] = out.errors
    assert diag.field == ("spec", "engine") and diag.hint.startswith("set by runtime rt (engineConfig.annotations)")


@pytest.mark.parametrize("value, utilization", [("abc", 0), ("0", 0), ("٣", 0), ("-5", -5)])
def test_a_component_target_utilization_the_api_server_refuses(value, utilization):
    """getTargetUtilization reads the annotation with strconv.Atoi, an error as 0; the API server refuses an
    averageUtilization below 1 (k8s pkg/apis/autoscaling/validation validateMetricTarget)."""
    out = compile_engine({"ome.io/targetUtilizationPercentage": value})
    [diag] = out.errors
    assert diag.code == "OMEC147" and diag.message.endswith(
        f"spec.metrics[0].resource.target.averageUtilization: Invalid value: {utilization}: must be greater than 0")


def test_a_component_target_utilization_with_a_sign_is_used():
    out = compile_engine({"ome.io/targetUtilizationPercentage": "+50"})
    assert out.ok, out.report()
    hpa_body = out.objects()["ns/svc/horizontalpodautoscaler-svc-engine.yaml"]
    assert hpa_body["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 50


WEIGHT = {"apiVersion": "ome.io/v1beta1", "kind": "FineTunedWeight", "metadata": {"name": "w"},
          "spec": {"baseModelRef": {"name": "m"}, "modelType": "LoRA", "hyperParameters": {"strategy": "lora"},
                   "storage": {"storageUri": "hf://a/w"}}}


def test_a_fine_tuned_weight_without_configuration_fails_the_reconcile():
    """IsMergedFineTunedWeight: json.Unmarshal(spec.configuration.Raw) of an absent configuration is "unexpected end
    of JSON input", returned by ReconcileFineTunedWeights and wrapped by the engine reconcile."""
    out = compile_engine({}, weight=WEIGHT)
    assert [(d.code, d.message) for d in out.errors] == [
        ("OMEC347", "failed to reconcile fine-tuned weights: unexpected end of JSON input")]
    with_configuration = {**WEIGHT, "spec": {**WEIGHT["spec"], "configuration": {}}}
    assert compile_engine({}, weight=with_configuration).ok


@pytest.mark.parametrize("query, expected", [
    ('sum(rate(requests{svc="%s"}[1m]))', 'sum(rate(requests{svc="my-model"}[1m]))'),
    ("rate(x{pod=~\"%d.*\"}[1m])", 'rate(x{pod=~"%!d(string=my-model).*"}[1m])'),  # a bad verb, as Go prints it
    ("up", "up%!(EXTRA string=my-model)"),
])
def test_custom_prom_query_is_formatted_by_go_sprintf(query, expected):
    """getPrometheusQuery: ``fmt.Sprintf(kedaConfig.CustomPromQuery, metadata.Name)`` (tests/golang/test_fmt.py)."""
    trigger = scaled_object("my-model", META, {}, {}, {"customPromQuery": query})["spec"]["triggers"][0]["metadata"]
    assert trigger["query"] == expected
