"""OME's pkg/runtimeselector tests (matcher_test.go, selector_test.go at
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector) that omec's
resolve cases did not pin, run on omec's matcher, scorer and ranking (omec/resolve) with the Go tests' objects: no
CRD defaults (no modelFramework unless written, weights as written).
"""
from __future__ import annotations

import pytest

from omec.diagnostics import SourceRef
from omec.model import Obj
from omec.resolve.evaluate import evaluate, rank
from omec.resolve.matcher import check, format_label, required_accelerator_classes, smf_mismatch, smf_passes
from omec.resolve.scorer import pick_supported_format
from omec.resolve.views import model_meta, runtime_view, smf_of


def runtime(name: str, *smfs: dict, namespace: str | None = "default", **spec):
    kind = "ServingRuntime" if namespace else "ClusterServingRuntime"
    body = {"metadata": {"name": name}, "spec": {"supportedModelFormats": list(smfs), **spec}}
    return runtime_view(Obj(kind, name, namespace, body, SourceRef("test", 0)))


def base_model(name: str = "m", **spec):
    return model_meta(Obj("ClusterBaseModel", name, None, {"metadata": {"name": name}, "spec": spec}, SourceRef("t", 0)))


def fmt(name: str, version: str | None = None, **extra) -> dict:
    return {"name": name, **({"version": version} if version else {}), **extra}


# --- matcher_test.go TestRuntimeSupportsModel --------------------------------------------------------------------

PYTORCH_1 = {"modelFormat": fmt("pytorch", "1.0.0")}
LLAMA_FP8 = {"modelFormat": fmt("safetensors", "1.0.0"), "modelArchitecture": "LlamaForCausalLM", "quantization": "fp8"}


@pytest.mark.parametrize(
    ("case", "smf", "model", "size_range"),
    [
        ("supported model format", PYTORCH_1, {"modelFormat": fmt("pytorch", "1.0.0"), "modelParameterSize": "7B"}, None),
        ("supported model format with all attributes matching", {**PYTORCH_1, "autoSelect": True},
         {"modelFormat": fmt("pytorch", "1.0.0")}, None),
        ("runtime with nil size range", LLAMA_FP8, LLAMA_FP8, None),
    ],
)
def test_runtime_supports_model(case, smf, model, size_range):
    """TestRuntimeSupportsModel: compatible, no incompatibility reason."""
    compat = check(runtime("rt", smf, **({"modelSizeRange": size_range} if size_range else {})), base_model(**model),
                   frozenset())
    assert (compat.ok, compat.reason) == (True, None), case


# --- matcher_test.go TestCompareSupportedModelFormats -----------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "smf", "model", "expected"),
    [
        ("matching model format names", {"modelFormat": fmt("ONNX", "1.0.0")}, {"modelFormat": fmt("ONNX", "1.0.0")}, True),
        ("non-matching model format names", {"modelFormat": fmt("PyTorch", "1.0.0")},
         {"modelFormat": fmt("ONNX", "1.0.0")}, False),
        ("matching quantization", {"modelFormat": fmt("ONNX", "1.0.0"), "quantization": "int8"},
         {"modelFormat": fmt("ONNX", "1.0.0"), "quantization": "int8"}, True),
        ("non-matching quantization", {"modelFormat": fmt("ONNX", "1.0.0"), "quantization": "fp16"},
         {"modelFormat": fmt("ONNX", "1.0.0"), "quantization": "int8"}, False),
        ("equal version comparison - not equal", {"modelFormat": fmt("ONNX", "1.9.0", operator="Equal")},
         {"modelFormat": fmt("ONNX", "1.8.0")}, False),
        ("greater than version comparison - false", {"modelFormat": fmt("ONNX", "1.7.0", operator="GreaterThan")},
         {"modelFormat": fmt("ONNX", "1.7.0")}, False),
        ("framework comparison - matching",
         {"modelFormat": fmt("ONNX", "1.0.0", operator="Equal"), "modelFramework": fmt("ONNXRuntime", "1.10.0", operator="Equal")},
         {"modelFormat": fmt("ONNX", "1.0.0"), "modelFramework": fmt("ONNXRuntime", "1.10.0")}, True),
        ("framework comparison - non-matching name",
         {"modelFormat": fmt("ONNX", "1.0.0"), "modelFramework": fmt("PyTorch", "1.10.0")},
         {"modelFormat": fmt("ONNX", "1.0.0"), "modelFramework": fmt("ONNXRuntime", "1.10.0")}, False),
    ],
)
def test_compare_supported_model_formats(case, smf, model, expected):
    """TestCompareSupportedModelFormats (compareSupportedModelFormats)."""
    assert smf_passes(base_model(**model), smf_of(0, smf)) is expected, case


# --- matcher_test.go TestMatcherPicksRuntimeByModelSize ----------------------------------------------------------


def test_matcher_picks_runtime_by_model_size():
    """TestMatcherPicksRuntimeByModelSize: a 7B diffusers model is outside small-runtime's [1B, 5B] and inside
    mid-runtime's [6B, 13B]; mid-runtime is picked."""
    smf = {"modelFormat": fmt("diffusers"), "autoSelect": True}
    small = runtime("small-runtime", smf, modelSizeRange={"min": "1B", "max": "5B"})
    mid = runtime("mid-runtime", smf, modelSizeRange={"min": "6B", "max": "13B"})
    model = base_model(modelFormat=fmt("diffusers"), modelParameterSize="7B")
    small_verdict, mid_verdict = (evaluate(view, model, frozenset()) for view in (small, mid))
    assert not small_verdict.compat.ok and small_verdict.compat.reason
    assert mid_verdict.compat.ok
    assert [v.view.name for v in rank([small_verdict, mid_verdict], model)] == ["mid-runtime"]


# --- matcher_test.go TestGetFormatMismatchReason ----------------------------------------------------------------


def test_format_mismatch_reason_quantization():
    """TestGetFormatMismatchReason "quantization mismatch"."""
    reason = smf_mismatch(base_model(modelFormat=fmt("safetensors", "1.0.0"), quantization="fp8"),
                          smf_of(0, {"modelFormat": fmt("safetensors", "1.0.0"), "quantization": "int4"}))
    assert reason is not None and "quantization mismatch" in reason


def test_format_mismatch_reason_model_framework_without_runtime_framework():
    """TestGetFormatMismatchReason "model has framework but runtime does not"."""
    reason = smf_mismatch(
        base_model(modelFormat=fmt("safetensors", "1.0.0"), modelFramework=fmt("transformers", "4.0.0")),
        smf_of(0, {"modelFormat": fmt("safetensors", "1.0.0")}))
    assert reason is not None and "model has framework transformers but runtime has no framework requirement" in reason


def test_format_mismatch_reason_multiple_mismatches():
    """TestGetFormatMismatchReason "multiple mismatches combined": both reasons, joined with ", "."""
    reason = smf_mismatch(
        base_model(modelFormat=fmt("safetensors", "1.0.0"), modelArchitecture="LlamaForCausalLM", quantization="fp8"),
        smf_of(0, {"modelFormat": fmt("safetensors", "1.0.0"), "modelArchitecture": "MistralForCausalLM",
                   "quantization": "int4"}))
    assert reason is not None
    assert "architecture mismatch" in reason and "quantization mismatch" in reason and ", " in reason


# --- selector_test.go -----------------------------------------------------------------------------------------------


def test_get_model_format_label_with_every_part():
    """TestGetModelFormatLabel: format, version, architecture, quantization, framework and its version."""
    model = base_model(modelFormat=fmt("pytorch", "1.0.0"), modelArchitecture="transformer", quantization="fp16",
                       modelFramework=fmt("transformers", "4.0.0"))
    assert format_label(model) == "mt:pytorch:1.0.0:transformer:fp16:transformers:4.0.0"


@pytest.mark.parametrize(
    ("case", "smfs", "model_format", "pinned", "expected"),
    [
        ("auto-selection mode skips non-autoselect formats",
         [{"modelFormat": fmt("pytorch", weight=10), "autoSelect": False}], "pytorch", False, None),
        ("user-selected runtime considers nil autoselect formats", [{"modelFormat": fmt("onnx", weight=8)}], "onnx", True, 0),
        ("auto-selection mode skips nil autoselect formats", [{"modelFormat": fmt("onnx", weight=8)}], "onnx", False, None),
        ("user-selected runtime picks best matching format among multiple",
         [{"modelFormat": fmt("pytorch", weight=5), "autoSelect": False},
          {"modelFormat": fmt("pytorch", weight=15), "autoSelect": False}], "pytorch", True, 1),
    ],
)
def test_get_supported_model_format_custom_runtime(case, smfs, model_format, pinned, expected):
    """TestGetSupportedModelFormat_CustomRuntime: the SMF whose acceleratorConfig applies (index), or none."""
    chosen = pick_supported_format(runtime("rt", *smfs), base_model(modelFormat=fmt(model_format)), pinned)
    assert (chosen.index if chosen is not None else None) == expected, case


AC_LIST = ["nvidia-tesla-t4", "nvidia-tesla-v100", "nvidia-a100"]
WITH_AC = [
    runtime("pytorch-rt", {"modelFormat": fmt("pytorch", weight=10), "autoSelect": True, "priority": 2},
            modelSizeRange={"min": "1B", "max": "10B"}, acceleratorRequirements={"acceleratorClasses": AC_LIST}),
    runtime("pytorch-rt-1", {"modelFormat": fmt("pytorch", weight=8), "autoSelect": True, "priority": 1},
            modelSizeRange={"min": "1B", "max": "8B"}, acceleratorRequirements={"acceleratorClasses": AC_LIST}),
    runtime("pytorch-rt-2", {"modelFormat": fmt("pytorch", weight=12), "autoSelect": True},
            modelSizeRange={"min": "50B", "max": "100B"}, acceleratorRequirements={"acceleratorClasses": AC_LIST}),
    runtime("pytorch-rt-3", {"modelFormat": fmt("pytorch", weight=12), "autoSelect": True},
            modelSizeRange={"min": "1B", "max": "10B"}, acceleratorRequirements={"acceleratorClasses": ["H100"]}),
    runtime("pytorch-rt-4", {"modelFormat": fmt("pytorch", weight=12), "autoSelect": True},
            modelSizeRange={"min": "1B", "max": "10B"},
            acceleratorRequirements={"acceleratorClasses": ["H100", *AC_LIST]}),
]


@pytest.mark.parametrize(
    ("case", "spec", "expected"),
    [
        ("isvc-with-engine-ac", {"engine": {"acceleratorOverride": {"acceleratorClass": "nvidia-tesla-t4"}}},
         ["pytorch-rt", "pytorch-rt-4", "pytorch-rt-1"]),
        ("isvc-with-decoder-ac", {"decoder": {"acceleratorOverride": {"acceleratorClass": "nvidia-tesla-t4"}}},
         ["pytorch-rt", "pytorch-rt-4", "pytorch-rt-1"]),
        ("isvc-with-decoder-without-ac", {"decoder": {}}, ["pytorch-rt", "pytorch-rt-3", "pytorch-rt-4", "pytorch-rt-1"]),
    ],
)
def test_supported_runtime_with_accelerator_classes(case, spec, expected):
    """TestSupportedRuntimeWithAC: GetCompatibleRuntimes' order for a 7B pytorch model; a component's
    acceleratorOverride class must be in the runtime's acceleratorClasses."""
    model = base_model(modelFormat=fmt("pytorch"), modelParameterSize="7B")
    required = required_accelerator_classes({"spec": spec})
    assert [v.view.name for v in rank([evaluate(r, model, required) for r in WITH_AC], model)] == expected, case
