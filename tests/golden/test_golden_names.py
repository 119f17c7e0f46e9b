"""Names through the pipeline: the model-ready node selector (as in OME's engine_test and base_test
TestUpdatePodSpecNodeSelector), the ModelConfig ConfigMap (as in its modelconfig reconciler test) and long names
(truncated Services and ``app`` labels, invalid 63+ character LWS leader labels). The naming functions themselves
are unit-tested in tests/render/test_naming.py.
"""
from __future__ import annotations

import pytest

from tests.golden.harness import compile_docs, container, isvc, model, pod_spec, runtime

RUNNER = {"runner": container("ome-container", "engine:latest")}


def selector_for(model_doc: dict, *, runtime_doc: dict | None = None, engine: dict | None = None,
                 namespace: str = "default") -> dict:
    name = model_doc["metadata"]["name"]
    kind = model_doc["kind"]
    spec = {"model": {"name": name, "kind": kind}, "runtime": {"name": "llm-runtime"}, "engine": engine or RUNNER}
    built = compile_docs(model_doc, runtime_doc or runtime("llm-runtime", None), isvc("test-isvc", spec, namespace))
    return pod_spec(built.get("Deployment", "test-isvc-engine"))["nodeSelector"]


@pytest.mark.parametrize(
    "model_doc, namespace, key",
    [
        (model("cluster-base-model", None), "default", "models.ome.io/clusterbasemodel.cluster-base-model"),  # cluster-scoped
        (model("llama-3-8b"), "default", "models.ome.io/default.basemodel.llama-3-8b"),
        (model("mixtral-8x7b", None), "default", "models.ome.io/clusterbasemodel.mixtral-8x7b"),
        (model("nvidia-nemotron-3-nano-30b-a3b-base-bf16", None), "default",
         "models.ome.io/clusterbasemodel.86486b23--nano-30b-a3b-base-bf16"),
    ],
)
def test_g11_g32_model_ready_node_selector(model_doc, namespace, key):
    assert selector_for(model_doc, namespace=namespace) == {key: "Ready"}


def test_g32_long_namespace_and_model_name():
    name = "very-long-model-name-that-exceeds-normal-length-limits-and-should-be-truncated"
    spec = {"model": {"name": name, "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"}, "engine": RUNNER}
    built = compile_docs(model(name, "long-namespace-name"), runtime("llm-runtime", None),
                         isvc("test-isvc", spec, "long-namespace-name"), expect_ok=False)
    deployment = built.get("Deployment", "test-isvc-engine")
    assert pod_spec(deployment)["nodeSelector"] == {
        "models.ome.io/116791bb.basemodel.be83a233-d-should-be-truncated": "Ready"}
    # OME copies the 78-character model name into the base-model-name label, which Kubernetes rejects.
    assert {e.split(":")[0] for e in built.errors} == {
        f"OMEC350 {kind} long-namespace-name/test-isvc-engine"
        for kind in ("Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service")}


def test_g32_existing_node_selector_entries_are_preserved():
    rt = runtime("llm-runtime", None, nodeSelector={"pool": "gpu"},
                 engineConfig={"nodeSelector": {"zone": "a", "pool": "cpu"}})
    selector = selector_for(model("llama-3-8b"), runtime_doc=rt, engine={**RUNNER, "nodeSelector": {"tier": "x"}})
    assert selector == {"models.ome.io/default.basemodel.llama-3-8b": "Ready", "zone": "a", "pool": "gpu", "tier": "x"}


ONNX = {"modelFormat": {"name": "onnx"}, "modelFramework": {"name": "pytorch"}}


def test_g34_modelconfig():
    built = compile_docs(
        model("my-base-model", "test-ns", storage_uri="oci://bucket/base-model/", path="model.onnx", **ONNX),
        runtime("onnx-runtime", None, smf=ONNX),
        isvc("test-isvc", {"model": {"name": "my-base-model", "kind": "BaseModel"}, "engine": RUNNER}, "test-ns"),
    )
    config_map = built.get("ConfigMap", "modelconfig-test-isvc")
    assert config_map["metadata"] == {"name": "modelconfig-test-isvc", "namespace": "test-ns",
                                      "labels": {"ome.io/inferenceservice": "test-isvc"}}
    assert config_map["data"] == {"models.json": (
        '[{"modelName":"my-base-model","modelSpec":{"storageUri":"oci://bucket/base-model/","path":"model.onnx",'
        '"modelFormatName":"onnx","modelFrameworkName":"pytorch"}}]')}


def test_g34_no_model_no_configmap():
    built = compile_docs(runtime("llm-runtime", None), isvc("test-isvc", {"runtime": {"name": "llm-runtime"},
                                                                         "engine": RUNNER}), expect_ok=False)
    assert any("model reference is required" in e for e in built.errors)
    assert built.objects == {}


def test_q2_namespaced_model_without_kind_fails_the_modelconfig_lookup():
    built = compile_docs(model("my-base-model"), runtime("llm-runtime", None),
                         isvc("test-isvc", {"model": {"name": "my-base-model"}, "engine": RUNNER}), expect_ok=False)
    assert [e for e in built.errors if e.startswith("OMEC343")] == [(
        "OMEC343 failed to get base model spec for my-base-model: OME's ModelConfig reconciler looks it up by "
        "spec.model.kind (ClusterBaseModel)")]
    assert built.objects == {}


LONG = "nvidia-nemotron-3-nano-30b-a3b-base-bf16-experimental-deploy"
ENGINE_SVC = "a823a6e8-on-3-nano-30b-a3b-base-bf16-experimental-deploy-engine"
ROUTER_SVC = "ab8cbde7-on-3-nano-30b-a3b-base-bf16-experimental-deploy-router"


def _long(engine: dict, *, expect_ok: bool = True):
    rt = runtime("llm-runtime", None, routerConfig={"runner": container("router", "router:latest")})
    spec = {"model": {"name": "llama-3-8b"}, "runtime": {"name": "llm-runtime"}, "engine": engine, "router": {}}
    return compile_docs(model("llama-3-8b", None), rt, isvc(LONG, spec), expect_ok=expect_ok)


def test_g40_long_names_raw():
    built = _long(RUNNER)
    assert len(LONG) == 60
    for kind in ("Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
        assert built.names(kind) == [f"{LONG}-engine", f"{LONG}-router"]
    assert built.names("Service") == sorted([LONG, ENGINE_SVC, ROUTER_SVC])
    deployment = built.get("Deployment", f"{LONG}-engine")
    assert deployment["metadata"]["labels"]["app"] == ENGINE_SVC
    assert deployment["spec"]["selector"] == {"matchLabels": {"app": ENGINE_SVC}}
    assert built.get("Service", ENGINE_SVC)["spec"]["selector"] == {"app": ENGINE_SVC}
    assert built.names("ConfigMap") == ["modelconfig--experimental-deploy"]
    assert built.get("Service", LONG)["spec"]["selector"]["component"] == "router"


def test_g40_long_names_multinode_leader_app_label_is_invalid():
    engine = {"leader": {"containers": [container("leader", "leader:latest")]},
              "worker": {"size": 1, "containers": [container("worker", "worker:latest")]}}
    built = _long(engine, expect_ok=False)
    assert built.names("LeaderWorkerSet") == ["lws--nano-30b-a3b-base-bf16-experimental-deploy-engine"]
    lws = built.get("LeaderWorkerSet", "lws--nano-30b-a3b-base-bf16-experimental-deploy-engine")
    leader = lws["spec"]["leaderWorkerTemplate"]["leaderTemplate"]
    assert leader["metadata"]["labels"]["app"] == f"{LONG}-engine"
    assert built.errors == [(
        f"OMEC350 LeaderWorkerSet default/lws--nano-30b-a3b-base-bf16-experimental-deploy-engine: label "
        f"app='{LONG}-engine' is not a valid label value (at most 63 characters)")]
