"""OME's decoder component (pkg/controller/v1beta1/inferenceservice/components/decoder.go) through omec's builds: the
decoder variants of the engine cases omec's golden tests cover (decoder_test.go TestDecoderReconcile,
TestDecoderReconcileObjectMeta, TestDecoderWorkerPodSpec, TestDecoderResourceMerging, TestDecoderAffinityMerging at
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/components/decoder_test.go)
and the multi-node decoder of controller_test.go TestDetermineDeploymentModes.
"""
from __future__ import annotations

import pytest

from tests.golden.harness import accelerator, compile_docs, container, first_container, isvc, model, pod_spec, runtime

ENGINE = {"runner": container("ome-container", "engine:latest")}


def build(decoder: dict, *, base: dict | None = None, rt: dict | None = None, extra: tuple = (),
          annotations: dict | None = None, labels: dict | None = None):
    base = base or model("base-model-1")
    kind = base["kind"]
    spec = {"model": {"name": base["metadata"]["name"], "kind": kind}, "runtime": {"name": "pd-runtime"},
            "engine": ENGINE, "decoder": decoder}
    return compile_docs(base, rt or runtime("pd-runtime"), *extra,
                        isvc("test-isvc", spec, annotations=annotations, labels=labels))


def test_cluster_base_model_decoder_with_node_selector():
    """TestDecoderReconcile "ClusterBaseModel decoder with node selector"."""
    base = model("cluster-decoder-model", namespace=None, path="/mnt/models/cluster-model")
    built = build({"minReplicas": 1, "maxReplicas": 2, "containers": [container("decoder", "decoder:latest")]},
                  base=base)
    selector = pod_spec(built.get("Deployment", "test-isvc-decoder"))["nodeSelector"]
    assert selector["models.ome.io/clusterbasemodel.cluster-decoder-model"] == "Ready"


def test_decoder_object_meta():
    """TestDecoderReconcileObjectMeta "Basic decoder object metadata"."""
    base = model("base-model", path="/mnt/models/decoder", vendor="meta",
                 annotations={"models.ome.io/category": "LARGE"}, modelFormat={"name": "safetensors", "version": "1.0"})
    decoder = {"annotations": {"decoder-annotation": "decoder-value"}, "labels": {"decoder-label": "decoder-value"},
               "runner": container("ome-container", "decoder:latest")}
    rt = runtime("pd-runtime", smf={"modelFormat": {"name": "safetensors", "version": "1.0"}})
    meta = build(decoder, base=base, rt=rt, annotations={"custom-annotation": "value"},
                 labels={"custom-label": "value"}).get("Deployment", "test-isvc-decoder")["metadata"]
    assert meta["name"] == "test-isvc-decoder"
    assert meta["annotations"].items() >= {
        "custom-annotation": "value", "decoder-annotation": "decoder-value", "ome.io/base-model-name": "base-model",
        "ome.io/base-model-format": "safetensors", "ome.io/base-model-format-version": "1.0",
        "ome.io/base-model-vendor": "meta", "ome.io/serving-runtime": "pd-runtime",
    }.items()
    assert meta["labels"].items() >= {
        "custom-label": "value", "decoder-label": "decoder-value", "ome.io/inferenceservice": "test-isvc",
        "component": "decoder", "serving-runtime": "pd-runtime", "base-model-name": "base-model",
        "base-model-size": "LARGE", "base-model-type": "Serving", "base-model-vendor": "meta",
        "fine-tuned-serving": "false",
    }.items()


def test_multi_node_decoder():
    """TestDecoderReconcile "Multi-node decoder deployment" and TestDetermineDeploymentModes "PD-disaggregated with
    multi-node decoder": a decoder with leader and worker is MultiNode (one LeaderWorkerSet, replicas = minReplicas,
    both templates select the model's nodes) while the engine stays RawDeployment; TestDecoderWorkerPodSpec "Worker
    with leader runner": the worker keeps its own container."""
    decoder = {"minReplicas": 2,
               "leader": {"containers": [container("leader-container", "decoder-leader:latest")],
                          "runner": container("leader-runner", "leader-runtime:latest")},
               "worker": {"size": 2, "containers": [container("worker-container", "decoder-worker:latest")]}}
    built = build(decoder)
    assert built.names("LeaderWorkerSet") == ["lws-test-isvc-decoder"]
    assert "test-isvc-engine" in built.names("Deployment") and "test-isvc-decoder" not in built.names("Deployment")
    lws = built.get("LeaderWorkerSet", "lws-test-isvc-decoder")["spec"]
    assert (lws["replicas"], lws["leaderWorkerTemplate"]["size"]) == (2, 3)
    for template in ("leaderTemplate", "workerTemplate"):
        spec = lws["leaderWorkerTemplate"][template]["spec"]
        assert spec["nodeSelector"]["models.ome.io/default.basemodel.base-model-1"] == "Ready"
    worker = lws["leaderWorkerTemplate"]["workerTemplate"]["spec"]["containers"]
    assert [(c["name"], c["image"]) for c in worker] == [("worker-container", "decoder-worker:latest")]


LEGACY = {"containers": [container("decoder", "decoder:legacy", resources={"requests": {"cpu": "4", "memory": "8Gi"}})]}


@pytest.mark.parametrize(
    ("case", "resources", "expected"),
    [
        ("User specified resources - should NOT merge", {"requests": {"cpu": "2", "memory": "4Gi"}},
         {"cpu": "2", "memory": "4Gi"}),
        ("User did NOT specify resources - should merge from runtime", None, {"cpu": "4", "memory": "8Gi"}),
    ],
)
def test_decoder_resource_merging_from_the_runtime(case, resources, expected):
    """TestDecoderResourceMerging: the runtime's legacy container of the runner's name gives the requests only when the
    service's decoder runner has no resources."""
    runner = container("decoder", "decoder:latest", **({"resources": resources} if resources else {}))
    built = build({"runner": runner}, rt=runtime("pd-runtime", **LEGACY))
    assert first_container(built.get("Deployment", "test-isvc-decoder"))["resources"]["requests"] == expected, case


H100 = accelerator("h100", resources=[{"name": "nvidia.com/gpu", "quantity": "2"}],
                   discovery={"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                       "nodeSelectorTerms": [{"matchExpressions": [{"key": "ac-key", "operator": "In",
                                                                    "values": ["ac-value"]}]}]}}}})
AC_RUNTIME = runtime("pd-runtime", acceleratorRequirements={"acceleratorClasses": ["h100"]})


def accelerated(decoder: dict):
    return build({"acceleratorOverride": {"acceleratorClass": "h100"}, **decoder}, rt=AC_RUNTIME, extra=(H100,))


def test_decoder_resource_merging_from_the_accelerator_class():
    """TestDecoderResourceMerging "User did NOT specify resources - should merge from AcceleratorClass"."""
    c = first_container(accelerated({"runner": container("decoder", "decoder:latest")}).get(
        "Deployment", "test-isvc-decoder"))
    assert c["resources"]["requests"]["nvidia.com/gpu"] == "2"


CUSTOM = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
    {"matchExpressions": [{"key": "custom-key", "operator": "In", "values": ["custom-value"]}]}]}}}


def _first_key(affinity: dict) -> str:
    terms = affinity["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    return terms[0]["matchExpressions"][0]["key"]


def test_decoder_affinity_merging():
    """TestDecoderAffinityMerging: the service's decoder affinity wins; without one the AcceleratorClass's discovery
    affinity is used; without an AcceleratorClass there is none."""
    own = accelerated({"affinity": CUSTOM, "runner": container("decoder", "decoder:latest")})
    assert _first_key(pod_spec(own.get("Deployment", "test-isvc-decoder"))["affinity"]) == "custom-key"
    merged = accelerated({"runner": container("decoder", "decoder:latest")})
    assert _first_key(pod_spec(merged.get("Deployment", "test-isvc-decoder"))["affinity"]) == "ac-key"
    plain = build({"runner": container("decoder", "decoder:latest")})
    assert "affinity" not in pod_spec(plain.get("Deployment", "test-isvc-decoder"))
