"""OME's pkg/controller/v1beta1/inferenceservice/reconcilers/multinodevllm: the prober Deployments of a
MultiNodeRayVLLM engine (multinodeprober_reconciler.go at
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers/multinodevllm/multinodeprober_reconciler.go).

getDefaultPodSpec builds the prober resources with ``resource.MustParse`` of the ConfigMap strings, so the Deployment
carries ``Quantity.String()``: the canonical form (values from Kubernetes' own table in
tests/golang/test_quantity_canonical.py).
"""
from __future__ import annotations

import pytest

from tests.golden.harness import PROBER, PROBER_CONFIG, compile_docs, container, isvc, model, runtime

CN = "test-ray-isvc-engine"


def prober_container(prober: dict) -> dict:
    engine = {"minReplicas": 1, "annotations": {"ome.io/deploymentMode": "MultiNodeRayVLLM"},
              "containers": [container("ray-container", "ray-vllm:latest")]}
    spec = {"model": {"name": "base-model-ray", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"}, "engine": engine}
    built = compile_docs(model("base-model-ray"), runtime("llm-runtime"), isvc("test-ray-isvc", spec),
                         config={**PROBER_CONFIG, "multinodeProber": prober})
    return built.get("Deployment", f"{CN}-0-mnp")["spec"]["template"]["spec"]["containers"][0]


def test_prober_resources_of_the_multinodevllm_reconciler_test():
    """TestMultiNodeVLLMReconciler_Reconcile's multinodeProber (cpuRequest 100m, memoryRequest 128Mi, cpuLimit 200m,
    memoryLimit 256Mi): already canonical, written as given."""
    prober = {**PROBER, "cpuRequest": "100m", "memoryRequest": "128Mi", "cpuLimit": "200m", "memoryLimit": "256Mi"}
    assert prober_container(prober)["resources"] == {
        "limits": {"cpu": "200m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}
    }


@pytest.mark.parametrize(
    ("written", "emitted"),
    [("0.5", "500m"), ("1000m", "1"), ("1024Mi", "1Gi"), ("1.5Gi", "1536Mi"), ("+1", "+1"), ("1e3", "1e3")],
)
def test_prober_quantities_are_written_as_quantity_string(written, emitted):
    prober = {**PROBER, "cpuRequest": written, "cpuLimit": written, "memoryRequest": written, "memoryLimit": written}
    assert prober_container(prober)["resources"] == {
        "limits": {"cpu": emitted, "memory": emitted}, "requests": {"cpu": emitted, "memory": emitted}
    }


@pytest.mark.parametrize(("replicas", "labelled"), [(0, False), (1, True)])
def test_head_service_scheduler_labels_follow_the_ray_clusters(replicas, labelled):
    """createRayCluster (ray.go#L252) calls SetPodLabelsFromAnnotations on the component's own label map, which the Ray
    head Service is built from afterwards (NewMultiNodeVllmReconciler builds the Ray reconciler first): with
    minReplicas 0 no cluster is created and the Service carries no scheduler label."""
    engine = {"minReplicas": replicas, "maxReplicas": 1, "annotations": {"ome.io/deploymentMode": "MultiNodeRayVLLM"},
              "containers": [container("ray-container", "ray-vllm:latest")]}
    spec = {"model": {"name": "base-model-ray", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"}, "engine": engine}
    built = compile_docs(model("base-model-ray"), runtime("llm-runtime"),
                         isvc("test-ray-isvc", spec, annotations={"ome.io/volcano-queue": "q1"}), config=PROBER_CONFIG)
    labels = built.get("Service", CN)["metadata"]["labels"]
    assert (labels.get("volcano.sh/queue-name") == "q1") is labelled


def test_set_lifecycle_hooks_keeps_an_empty_lifecycle():
    """setLifecycleHooks (ray.go#L311) adds the `ray stop` preStop hook only where Lifecycle is nil: an empty
    `lifecycle: {}` is kept as written."""
    engine = {"minReplicas": 1, "annotations": {"ome.io/deploymentMode": "MultiNodeRayVLLM"},
              "containers": [container("ray-container", "ray-vllm:latest", lifecycle={})]}
    spec = {"model": {"name": "base-model-ray", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"}, "engine": engine}
    built = compile_docs(model("base-model-ray"), runtime("llm-runtime"), isvc("test-ray-isvc", spec), config=PROBER_CONFIG)
    head = built.get("RayCluster", f"{CN}-0")["spec"]["headGroupSpec"]["template"]["spec"]["containers"][0]
    assert head["lifecycle"] == {}
