"""Fine-tuned serving as in OME's engine_test ("Fine-tuned serving with single weight", "Fine-tuned serving
metadata"): adapter annotations and labels, the ``model-empty-dir`` mount and volume, MODEL_PATH and
SERVED_MODEL_NAME, and what merged weights leave out (base-model mount, env and node selector)."""
from __future__ import annotations

from tests.golden.harness import (
    compile_docs,
    container,
    env_map,
    fine_tuned_weight,
    first_container,
    isvc,
    model,
    pod_spec,
    runtime,
)

LLAMA = model("llama-base", vendor="meta")
RUNTIME = runtime("llm-runtime", routerConfig={"runner": container("router", "router:latest")})


def build(weight: dict, *, router: bool = False):
    spec = {
        "model": {"name": "llama-base", "kind": "BaseModel", "fineTunedWeights": [weight["metadata"]["name"]]},
        "runtime": {"name": "llm-runtime"},
        "engine": {"containers": [container("ft-container", "ft:latest")],
                   "runner": container("ft-container", "ft:latest", args=["--lora"])},
    }
    if router:
        spec["router"] = {}
    return compile_docs(LLAMA, RUNTIME, weight, isvc("test-isvc", spec))


def test_g10_single_fine_tuned_weight():
    built = build(fine_tuned_weight("ft-weight-1", "llama-base"))
    deployment = built.get("Deployment", "test-isvc-engine")
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["ome.io/inject-fine-tuned-adapter"] == "ft-weight-1"
    assert annotations["ome.io/fine-tuned-weight-ft-strategy"] == "lora"
    c = first_container(deployment)
    assert [c["name"] for c in pod_spec(deployment)["containers"]] == ["ft-container"]
    assert env_map(c) == {"SERVED_MODEL_NAME": "/data/ft-weight-1", "MODEL_PATH": "/opt/ml/model"}
    assert c["volumeMounts"] == [
        {"name": "llama-base", "mountPath": "/mnt/models/base", "readOnly": True},
        {"name": "model-empty-dir", "mountPath": "/opt/ml/model"},
    ]
    assert pod_spec(deployment)["volumes"] == [
        {"name": "llama-base", "hostPath": {"path": "/mnt/models/base"}},
        {"name": "model-empty-dir", "emptyDir": {"medium": "Memory"}},
    ]
    models_json = built.get("ConfigMap", "modelconfig-test-isvc")["data"]["models.json"]
    assert '"fineTunedWeightSpec":{"storageUri":"oci://bucket/ft-weight-1/","modelType":"LoRA"}' in models_json


def test_g13_fine_tuned_metadata():
    built = build(fine_tuned_weight("ft-weight", "llama-base"), router=True)
    meta = built.get("Deployment", "test-isvc-engine")["metadata"]
    assert meta["annotations"].items() >= {
        "ome.io/inject-fine-tuned-adapter": "ft-weight",
        "ome.io/fine-tuned-weight-ft-strategy": "lora",
    }.items()
    assert meta["labels"].items() >= {
        "fine-tuned-serving": "true",
        "fine-tuned-weight-ft-strategy": "lora",
        "fine-tuned-serving-with-merged-weights": "false",
        "base-model-size": "SMALL",
    }.items()
    router = built.get("Deployment", "test-isvc-router")
    assert router["metadata"]["labels"]["fine-tuned-serving"] == "false"
    assert "fine-tuned-weight-ft-strategy" not in router["metadata"]["labels"]
    assert "ome.io/inject-fine-tuned-adapter" not in router["metadata"]["annotations"]
    assert [v["name"] for v in pod_spec(router)["volumes"]] == ["llama-base"]  # no adapter volume


def test_g13_merged_weights_skip_base_model_mount_env_and_node_selector():
    built = build(fine_tuned_weight("ft-merged", "llama-base", merged=True))
    deployment = built.get("Deployment", "test-isvc-engine")
    assert deployment["metadata"]["annotations"].items() >= {
        "ome.io/fine-tuned-serving-with-merged-weights": "true",
        "ome.io/inject-model-init": "false",
    }.items()
    assert deployment["metadata"]["labels"]["fine-tuned-serving-with-merged-weights"] == "true"
    c = first_container(deployment)
    assert c["volumeMounts"] == [{"name": "model-empty-dir", "mountPath": "/opt/ml/model"}]
    assert env_map(c) == {"SERVED_MODEL_NAME": "/data/ft-merged", "MODEL_PATH": "/opt/ml/model"}
    assert "nodeSelector" not in pod_spec(deployment)
