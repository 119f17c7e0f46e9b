"""OME's component helpers (pkg/controller/v1beta1/inferenceservice/components/base.go) and the annotation predicates
they call (utils/annotations.go, utils/container.go), through omec's builds: the model mounts, env and node selector
of fine-tuned and model-init serving, Cohere tfew serving included (no other omec test covers it).

Expected values: OME's utils_test.go (TestIsCohereCommand1TFewFTServing, TestIsEmptyModelDirVolumeRequired,
TestIsOriginalModelVolumeMountNecessary, TestUpdateVolumeMount, TestAddNodeSelectorForReadyModel) at
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/utils_test.go
and what base.go computes (UpdateVolumeMounts L85, UpdateEnvVariables L132, UpdatePodSpecNodeSelector L193).
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from omec.render import runner
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

VENDOR = "ome.io/base-model-vendor"
STRATEGY = "ome.io/fine-tuned-weight-ft-strategy"
MERGED = "ome.io/fine-tuned-serving-with-merged-weights"
MODEL_LABEL = "models.ome.io/default.basemodel.base"
TFEW_MOUNTS = [  # UpdateVolumeMounts for Cohere tfew: the empty dir at /opt/ml/model/<format> (subPath base), then
    {"name": "model-empty-dir", "mountPath": "/opt/ml/model/safetensors", "subPath": "base"},
    {"name": "model-empty-dir", "mountPath": "/opt/ml/tfew/safetensors", "subPath": "finetuned", "readOnly": True},
]


@pytest.mark.parametrize(
    ("case", "annotations", "expected"),
    [
        ("cohere command 1 TFew FT serving", {VENDOR: "cohere", STRATEGY: "tfew"}, True),
        ("all conditions not met - Llama LoRA FT Serving", {VENDOR: "meta", STRATEGY: "lora", MERGED: "true"}, False),
        ("not matched strategy plus merged weights - Cohere Command R LoRA FT Serving",
         {VENDOR: "cohere", STRATEGY: "lora", MERGED: "true"}, False),
        ("Cohere Command R TFew FT Serving", {VENDOR: "cohere", STRATEGY: "tfew", MERGED: "true"}, False),
        ("missing FT strategy annotation", {VENDOR: "cohere", MERGED: "false"}, False),
        ("empty annotations", {}, False),
    ],
)
def test_is_cohere_command1_tfew_ft_serving(case, annotations, expected):
    """TestIsCohereCommand1TFewFTServing: decided from the component annotations only."""
    assert runner._cohere_tfew(SimpleNamespace(annotations=annotations)) is expected, case


def build(*, vendor: str | None = "cohere", strategy: str = "tfew", merged: bool | None = None,
          annotations: dict | None = None, mounts: list | None = None, weights: bool = True):
    base = model("base", vendor=vendor) if vendor else model("base")
    spec: dict = {"model": {"name": "base", "kind": "BaseModel"}, "runtime": {"name": "rt"},
                  "engine": {"runner": container("ome-container", "serve:1", **({"volumeMounts": mounts} if mounts else {}))}}
    docs = [base, runtime("rt")]
    if weights:
        spec["model"]["fineTunedWeights"] = ["ft"]
        docs.append(fine_tuned_weight("ft", "base", strategy=strategy, merged=merged))
    built = compile_docs(*docs, isvc("svc", spec, annotations=annotations))
    return built.get("Deployment", "svc-engine")


def test_cohere_tfew_serving_mounts_and_env():
    """Cohere tfew: the base-model mount, the model-empty-dir mount rewritten by UpdateVolumeMount, the finetuned
    mount, TFEW_PATH (UpdateEnvVariables' cohere branch) and no SERVED_MODEL_NAME / MODEL_PATH."""
    deployment = build()
    c = first_container(deployment)
    assert c["volumeMounts"] == [{"name": "base", "mountPath": "/mnt/models/base", "readOnly": True}, *TFEW_MOUNTS]
    assert env_map(c) == {"TFEW_PATH": "/opt/ml/tfew/fastertransformer/1"}
    assert pod_spec(deployment)["volumes"] == [
        {"name": "base", "hostPath": {"path": "/mnt/models/base"}},
        {"name": "model-empty-dir", "emptyDir": {"medium": "Memory"}},
    ]


def test_update_volume_mount_replaces_path_sub_path_and_read_only_in_place():
    """TestUpdateVolumeMount "update existing volume mount" / "update one of multiple": the same-name mount keeps its
    place and gets the new mountPath, subPath and readOnly: tfew's rewrite has readOnly false, so a read-only
    model-empty-dir mount of the runner becomes writable."""
    mounts = [{"name": "volume-1", "mountPath": "/path/1"},
              {"name": "model-empty-dir", "mountPath": "/old/path", "subPath": "old-sub-path", "readOnly": True},
              {"name": "volume-3", "mountPath": "/path/3"}]
    c = first_container(build(mounts=mounts))
    assert c["volumeMounts"] == [
        {"name": "volume-1", "mountPath": "/path/1"},
        TFEW_MOUNTS[0],
        {"name": "volume-3", "mountPath": "/path/3"},
        {"name": "base", "mountPath": "/mnt/models/base", "readOnly": True},
        TFEW_MOUNTS[1],
    ]


def test_update_volume_mount_rewrites_the_first_same_name_mount_only():
    """UpdateVolumeMount (container.go#L13) stops at the first mount with the name."""
    mounts = [{"name": "model-empty-dir", "mountPath": "/a"}, {"name": "model-empty-dir", "mountPath": "/b"}]
    c = first_container(build(mounts=mounts))
    assert c["volumeMounts"][:2] == [TFEW_MOUNTS[0], {"name": "model-empty-dir", "mountPath": "/b"}]


def test_tfew_is_decided_from_the_vendor_annotation_when_the_model_has_no_vendor():
    """ProcessBaseAnnotations writes ome.io/base-model-vendor only from the model's vendor, so with no vendor the
    service's own annotation stays and IsCohereCommand1TFewFTServing reads it: the tfew mounts are made; TFEW_PATH
    is not (UpdateEnvVariables reads the model's vendor field)."""
    c = first_container(build(vendor=None, annotations={VENDOR: "cohere"}))
    assert c["volumeMounts"][1:] == TFEW_MOUNTS
    assert "TFEW_PATH" not in env_map(c)


@pytest.mark.parametrize(("strategy", "merged"), [("lora", None), ("tfew", True)])
def test_no_tfew_for_lora_or_merged_weights(strategy, merged):
    """Cohere with lora, or tfew with merged weights: only the default model-empty-dir mount at /opt/ml/model."""
    c = first_container(build(strategy=strategy, merged=merged))
    assert {"name": "model-empty-dir", "mountPath": "/opt/ml/model"} in c["volumeMounts"]
    assert not any(m.get("subPath") for m in c["volumeMounts"])


def test_model_init_injection_annotation():
    """TestIsEmptyModelDirVolumeRequired / TestIsOriginalModelVolumeMountNecessary "model init injection true": with
    ome.io/inject-model-init "true" the base model is not mounted (no MODEL_PATH either) and the model-empty-dir
    volume is added; the node selector still asks for the model (UpdatePodSpecNodeSelector does not read it)."""
    deployment = build(weights=False, annotations={"ome.io/inject-model-init": "true"})
    c = first_container(deployment)
    assert "volumeMounts" not in c
    assert "MODEL_PATH" not in env_map(c)
    assert pod_spec(deployment)["volumes"] == [
        {"name": "base", "hostPath": {"path": "/mnt/models/base"}},
        {"name": "model-empty-dir", "emptyDir": {"medium": "Memory"}},
    ]
    assert pod_spec(deployment)["nodeSelector"] == {MODEL_LABEL: "Ready"}


def test_merged_weights_annotation_set_by_the_user_keeps_the_node_selector():
    """UpdatePodSpecNodeSelector skips the model-ready label only for FineTunedServingWithMergedWeights (the weight's
    configuration), not for a service annotation ome.io/fine-tuned-serving-with-merged-weights: "true" — which
    still stops the base-model mount and MODEL_PATH (IsOriginalModelVolumeMountNecessary reads annotations)."""
    deployment = build(weights=False, annotations={MERGED: "true"})
    assert pod_spec(deployment)["nodeSelector"] == {MODEL_LABEL: "Ready"}
    assert "volumeMounts" not in first_container(deployment)


def test_add_node_selector_for_ready_model_does_not_duplicate():
    """TestAddNodeSelectorForReadyModel "duplicate label check": a node selector that already has the label keeps
    one entry, value Ready."""
    spec = {"model": {"name": "base", "kind": "BaseModel"}, "runtime": {"name": "rt"},
            "engine": {"nodeSelector": {MODEL_LABEL: "Ready"}, "runner": container("ome-container", "serve:1")}}
    built = compile_docs(model("base"), runtime("rt"), isvc("svc", spec))
    assert pod_spec(built.get("Deployment", "svc-engine"))["nodeSelector"] == {MODEL_LABEL: "Ready"}
