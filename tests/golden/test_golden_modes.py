"""The Serverless engine (a Knative Service, as in OME's engine_test "Serverless deployment") and the engine
deployment mode (utils_test TestDetermineEngineDeploymentMode) through the pipeline."""
from __future__ import annotations

import pytest

from omec.diagnostics import Severity
from tests.golden.harness import (
    PROBER_CONFIG,
    compile_docs,
    container,
    first_container,
    isvc,
    model,
    runtime,
)

BM = model("base-model-1")
RUNTIME = runtime("llm-runtime")
ENGINE = {"containers": [container("ome-container", "engine:latest")]}
LEADER = {"containers": [container("leader", "leader:latest")]}
WORKER = {"size": 1, "containers": [container("worker", "worker:latest")]}


def build(name: str, engine: dict, *, expect_ok: bool = True, annotations: dict | None = None):
    spec = {"model": {"name": "base-model-1", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"}, "engine": engine}
    return compile_docs(BM, RUNTIME, isvc(name, spec, annotations=annotations), config=PROBER_CONFIG,
                        expect_ok=expect_ok)


def test_g9_serverless_engine_is_a_knative_service():
    built = build("test-sl-isvc", {**ENGINE, "minReplicas": 0, "maxReplicas": 5, "timeoutSeconds": 120,
                                   "containerConcurrency": 4, "scaleTarget": 10, "scaleMetric": "concurrency"})
    assert built.names("ksvc") == ["test-sl-isvc-engine"]
    assert built.names("Deployment") == built.names("HorizontalPodAutoscaler") == built.names("PodDisruptionBudget") == []
    assert built.names("Service") == ["test-sl-isvc"]  # the external Service only
    ksvc = built.get("ksvc", "test-sl-isvc-engine")
    template = ksvc["spec"]["template"]
    assert template["metadata"]["annotations"].items() >= {
        "autoscaling.knative.dev/min-scale": "0",
        "autoscaling.knative.dev/max-scale": "5",
        "autoscaling.knative.dev/class": "kpa.autoscaling.knative.dev",
        "autoscaling.knative.dev/target": "10",
        "autoscaling.knative.dev/metric": "concurrency",
    }.items()
    assert "annotations" not in ksvc["metadata"]
    assert "app" not in template["metadata"]["labels"]
    assert (template["spec"]["timeoutSeconds"], template["spec"]["responseStartTimeoutSeconds"]) == (120, 120)
    assert template["spec"]["containerConcurrency"] == 4
    assert "dnsPolicy" not in template["spec"] and "readinessProbe" not in first_container(ksvc)
    assert ksvc["spec"]["traffic"] == [{"latestRevision": True, "percent": 100}]


def test_g9_knative_top_level_annotations_and_tag_routing():
    annotations = {"serving.knative.dev/rollout-duration": "60s", "ome.io/enable-tag-routing": "true"}
    ksvc = build("test-sl-isvc", {**ENGINE, "minReplicas": 0, "maxReplicas": 0}, annotations=annotations).get(
        "ksvc", "test-sl-isvc-engine")
    assert ksvc["metadata"]["annotations"] == {"serving.knative.dev/rollout-duration": "60s"}
    template_annotations = ksvc["spec"]["template"]["metadata"]["annotations"]
    assert "serving.knative.dev/rollout-duration" not in template_annotations
    assert template_annotations["autoscaling.knative.dev/max-scale"] == "3"  # the webhook defaulted 0 to 3
    assert ksvc["spec"]["traffic"] == [{"latestRevision": True, "percent": 100, "tag": "latest"}]


def _mode(built) -> str:
    kinds = {kind for kind, _ in built.objects}
    for kind, mode in (("RayCluster", "MultiNodeRayVLLM"), ("LeaderWorkerSet", "MultiNode"), ("ksvc", "Serverless"),
                       ("Deployment", "RawDeployment")):
        if kind in kinds:
            return mode
    raise AssertionError(f"no workload in {sorted(kinds)}")


@pytest.mark.parametrize(
    "case, engine, mode",
    [
        ("nil", ENGINE, "RawDeployment"),
        ("leader and worker", {"leader": LEADER, "worker": WORKER}, "MultiNode"),
        ("worker only", {**ENGINE, "worker": WORKER}, "MultiNode"),
        ("min 0", {**ENGINE, "minReplicas": 0}, "Serverless"),
        ("leader + min 0", {"minReplicas": 0, "leader": LEADER, "worker": WORKER}, "MultiNode"),
        ("annotation MultiNodeRayVLLM wins", {"annotations": {"ome.io/deploymentMode": "MultiNodeRayVLLM"},
                                              "leader": LEADER, "worker": WORKER}, "MultiNodeRayVLLM"),
        ("annotation MultiNode wins", {**ENGINE, "minReplicas": 0, "annotations": {"ome.io/deploymentMode": "MultiNode"},
                                       "worker": WORKER}, "MultiNode"),
        ("annotation RawDeployment wins", {**ENGINE, "annotations": {"ome.io/deploymentMode": "RawDeployment"},
                                           "leader": LEADER, "worker": WORKER}, "RawDeployment"),
        ("invalid annotation ignored", {**ENGINE, "annotations": {"ome.io/deploymentMode": "PDDisaggregated"}},
         "RawDeployment"),
    ],
)
def test_g36_engine_deployment_mode(case, engine, mode):
    assert _mode(build("test-isvc", engine)) == mode, case


@pytest.mark.parametrize(
    "engine, code",
    [
        ({"leader": LEADER}, "OMEC304"),  # leader only: MultiNode without worker (OME panics)
        ({**ENGINE, "annotations": {"ome.io/deploymentMode": "MultiNode"}}, "OMEC304"),
        ({**ENGINE, "annotations": {"ome.io/deploymentMode": "VirtualDeployment"}}, "OMEC303"),
    ],
)
def test_g36_modes_omec_rejects(engine, code):
    built = build("test-isvc", engine, expect_ok=False)
    assert [e.split()[0] for e in built.errors] == [code]
    assert built.objects == {}


def test_knative_scheduler_labels_on_the_service_not_the_template():
    """Knative Service metadata labels = component + scheduler labels; template labels drop visibility."""
    built = compile_docs(BM, RUNTIME, isvc("test-sl-isvc", {
        "model": {"name": "base-model-1", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"},
        "engine": {**ENGINE, "minReplicas": 0}}, annotations={"ome.io/volcano-queue": "q1"},
        labels={"networking.knative.dev/visibility": "cluster-local"}))
    ksvc = built.get("ksvc", "test-sl-isvc-engine")
    assert ksvc["metadata"]["labels"]["volcano.sh/queue-name"] == "q1"
    assert ksvc["metadata"]["labels"]["networking.knative.dev/visibility"] == "cluster-local"
    template_labels = ksvc["spec"]["template"]["metadata"]["labels"]
    assert not {"volcano.sh/queue-name", "networking.knative.dev/visibility"} & set(template_labels)


def test_virtual_deployment_emits_nothing():
    """An InferenceService-level VirtualDeployment creates no objects (OME only sets the status)."""
    built = build("test-isvc", ENGINE, annotations={"ome.io/deploymentMode": "VirtualDeployment"})
    assert built.objects == {}
    assert "OMEC305" in built.codes(Severity.INFO)
