"""HPA, KEDA ScaledObject and PDB through the pipeline, as in OME's hpa, keda and pdb reconciler tests.

OME's reconciler tests build these objects from a component extension without the ISVC webhook; omec always
applies it (engine min 1 / max 3 when unset), so the cases spell out the replicas that make the webhook result
equal the test input (e.g. explicit ``maxReplicas: 1`` where the test has none).
"""
from __future__ import annotations

import pytest

from tests.golden.harness import compile_docs, container, isvc, model, runtime

BM = model("base-model-1")
RUNTIME = runtime("llm-runtime")
RUNNER = {"runner": container("ome-container", "engine:latest")}
CN = "test-isvc-engine"


def build(engine: dict, *, annotations: dict | None = None, decoder: dict | None = None, **spec):
    body = {"model": {"name": "base-model-1", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"},
            "engine": {**RUNNER, **engine}, **spec}
    if decoder is not None:
        body["decoder"] = {**RUNNER, **decoder}
    return compile_docs(BM, RUNTIME, isvc("test-isvc", body, annotations=annotations))


def _metric(name: str, utilization: int) -> list:
    return [{"type": "Resource",
             "resource": {"name": name, "target": {"type": "Utilization", "averageUtilization": utilization}}}]


@pytest.mark.parametrize(
    "engine, expected",
    [
        ({"minReplicas": 1, "maxReplicas": 1}, (1, 1, _metric("cpu", 80))),  # "empty extension"
        ({"minReplicas": 2, "maxReplicas": 5, "scaleTarget": 30, "scaleMetric": "cpu"}, (2, 5, _metric("cpu", 30))),
        ({"minReplicas": 1, "maxReplicas": 1, "scaleMetric": "memory"}, (1, 1, _metric("memory", 80))),
        ({"minReplicas": 5, "maxReplicas": 10, "scaleTarget": 50}, (5, 10, _metric("cpu", 50))),
        ({"minReplicas": 4, "maxReplicas": 2}, (4, 4, _metric("cpu", 80))),  # max raised to min
    ],
)
def test_g20_hpa(engine, expected):
    hpa = build(engine).get("HorizontalPodAutoscaler", CN)
    assert hpa["spec"] == {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": CN},
        "minReplicas": expected[0],
        "maxReplicas": expected[1],
        "metrics": expected[2],
        "behavior": {},
    }
    assert hpa["metadata"]["labels"]["app"] == CN


def test_g20_hpa_min_0_max_negative_clamps_to_1_1():
    # An engine with minReplicas 0 would become Serverless; the decoder keeps Raw mode and gets the HPA.
    built = build({}, decoder={"minReplicas": 0, "maxReplicas": -10})
    spec = built.get("HorizontalPodAutoscaler", "test-isvc-decoder")["spec"]
    assert (spec["minReplicas"], spec["maxReplicas"]) == (1, 1)


def test_g20_target_utilization_annotation_beats_scale_target():
    hpa = build({"scaleTarget": 30}, annotations={"ome.io/targetUtilizationPercentage": "65"}).get(
        "HorizontalPodAutoscaler", CN)
    assert hpa["spec"]["metrics"] == _metric("cpu", 65)


KEDA = {"ome.io/autoscalerClass": "keda"}
BUILTIN_QUERY = (
    "sum(\n"
    f'            avg_over_time(vllm:avg_generation_throughput_toks_per_s{{ome_io_inferenceservice="{CN}"}}[5m]) < bool 10\n'
    "        )\n"
    "        *\n"
    "        sum(\n"
    f'            rate(vllm:request_success_total{{ome_io_inferenceservice="{CN}"}}[1m]) > bool 0.50\n'
    "        )"
)


@pytest.mark.parametrize(
    "engine, expected",
    [
        ({"minReplicas": 1, "maxReplicas": 1}, (1, 1)),  # OME test "min nil / max 0"
        ({"minReplicas": 2, "maxReplicas": 10}, (2, 10)),
        ({"minReplicas": 5, "maxReplicas": 3}, (5, 5)),
    ],
)
def test_g21_scaled_object_replicas(engine, expected):
    built = build(engine, annotations=KEDA)
    scaled = built.get("ScaledObject", f"scaledobject-{CN}")
    assert (scaled["spec"]["minReplicaCount"], scaled["spec"]["maxReplicaCount"]) == expected
    assert built.names("HorizontalPodAutoscaler") == []


def test_g21_scaled_object_defaults_without_keda_config():
    scaled = build({}, annotations=KEDA).get("ScaledObject", f"scaledobject-{CN}")
    assert scaled["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": CN}
    assert scaled["spec"]["triggers"] == [{
        "type": "prometheus",
        "metadata": {
            "serverAddress": "http://prometheus-operated.monitoring.svc.cluster.local:9090",
            "metricName": "tps",
            "query": BUILTIN_QUERY,
            "threshold": "10",
            "operator": "LessThanOrEqual",
        },
    }]
    labels = scaled["metadata"]["labels"]
    assert "app" not in labels and labels["component"] == "engine"
    assert scaled["metadata"]["annotations"]["ome.io/autoscalerClass"] == "keda"


@pytest.mark.parametrize(
    "keda, auth, auth_modes",
    [
        ({"authenticationRef": {"name": "keda-auth"}, "authModes": "bearer"},
         {"name": "keda-auth", "kind": "TriggerAuthentication"}, "bearer"),
        ({"authModes": "bearer"}, None, None),
    ],
)
def test_g21_authentication_ref(keda, auth, auth_modes):
    trigger = build({}, annotations=KEDA, kedaConfig=keda).get("ScaledObject", f"scaledobject-{CN}")["spec"]["triggers"][0]
    assert trigger.get("authenticationRef") == auth
    assert trigger["metadata"].get("authModes") == auth_modes


def test_g22_pdb_defaults_to_max_unavailable_1():
    pdb = build({"minReplicas": 1, "maxReplicas": 1}).get("PodDisruptionBudget", CN)
    assert pdb["spec"] == {"maxUnavailable": 1, "selector": {"matchLabels": {"app": CN}}}
    assert pdb["metadata"]["labels"]["app"] == CN


def test_g22_pdb_copies_min_available():
    pdb = build({"minAvailable": "50%"}).get("PodDisruptionBudget", CN)
    assert pdb["spec"] == {"minAvailable": "50%", "selector": {"matchLabels": {"app": CN}}}


@pytest.mark.parametrize(
    "annotations, scheduler",
    [
        ({"ome.io/volcano-queue": "q1", "volcano": "x"},
         {"volcano.sh/queue-name": "q1", "ray.io/scheduler-name": "volcano"}),
        ({"ome.io/dedicated-ai-cluster": "d1"},
         {"volcano.sh/queue-name": "d1", "ray.io/priority-class-name": "volcano-scheduling-high-priority"}),
        ({"ome.io/dedicated-ai-cluster": "d1", "kueue-enabled": ""},
         {"kueue.x-k8s.io/queue-name": "d1", "kueue.x-k8s.io/priority-class": "kueue-scheduling-high-priority"}),
    ],
)
def test_scheduler_labels_follow_the_shared_label_map(annotations, scheduler):
    """HPA, PDB, Deployment and Service carry app + scheduler labels; the ScaledObject does not (OME shares one
    label map and adds them after copying it for the ScaledObject)."""
    labels = {"k8slens-edit-resource-version": "7"}
    built = compile_docs(BM, RUNTIME, isvc("test-isvc", {
        "model": {"name": "base-model-1", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"},
        "engine": {**RUNNER, "labels": labels}}, annotations=annotations))
    for kind in ("Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service"):
        assert built.get(kind, CN)["metadata"]["labels"].items() >= {**scheduler, **labels, "app": CN}.items(), kind
    keda = compile_docs(BM, RUNTIME, isvc("test-isvc", {
        "model": {"name": "base-model-1", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"},
        "engine": {**RUNNER, "labels": labels}}, annotations={**annotations, **KEDA}))
    scaled_labels = keda.get("ScaledObject", f"scaledobject-{CN}")["metadata"]["labels"]
    assert not ({*scheduler, "app", "k8slens-edit-resource-version"} & set(scaled_labels))
