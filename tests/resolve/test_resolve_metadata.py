"""``--model-metadata``: the overlay fills only what the model leaves unset, like OME's model agent, and the file
parser reports what it ignores."""
from __future__ import annotations

import copy

import pytest

from omec.diagnostics import SourceRef
from omec.model import CLUSTER_BASE_MODEL, Obj
from omec.resolve.metadata import apply_model_metadata
from omec.validate.model_metadata import normalize_entry, parse_model_metadata


def model(spec: dict) -> Obj:
    body = {"apiVersion": "ome.io/v1beta1", "kind": CLUSTER_BASE_MODEL, "metadata": {"name": "m"}, "spec": spec}
    return Obj(CLUSTER_BASE_MODEL, "m", None, body, SourceRef("models.yaml", 3))


FULL_OVERLAY = {
    "format": "safetensors",
    "formatVersion": "1.0.0",
    "framework": "transformers",
    "frameworkVersion": "4.43.1",
    "architecture": "LlamaForCausalLM",
    "parameterSize": "8.03B",
    "quantization": "fp8",
    "modelType": "llama",
}


@pytest.mark.parametrize(
    "spec, overlay, expected",
    [
        # everything unset: everything filled
        (
            {},
            FULL_OVERLAY,
            {
                "modelFormat": {"name": "safetensors", "version": "1.0.0"},
                "modelFramework": {"name": "transformers", "version": "4.43.1"},
                "modelArchitecture": "LlamaForCausalLM",
                "modelParameterSize": "8.03B",
                "quantization": "fp8",
                "modelType": "llama",
            },
        ),
        # values written in YAML win, field by field
        (
            {"modelArchitecture": "Qwen2ForCausalLM", "modelParameterSize": "7B", "quantization": "int4"},
            {"architecture": "LlamaForCausalLM", "parameterSize": "8B", "quantization": "fp8"},
            {"modelArchitecture": "Qwen2ForCausalLM", "modelParameterSize": "7B", "quantization": "int4"},
        ),
        # modelFormat is replaced as a whole only when its name is empty (a version alone is overwritten)
        ({"modelFormat": {"version": "2"}}, {"format": "safetensors"}, {"modelFormat": {"name": "safetensors"}}),
        ({"modelFormat": {"name": "gguf"}}, {"format": "safetensors", "formatVersion": "1.0.0"}, {}),
        # a present framework (even without version) is kept; a version needs its name
        ({"modelFramework": {"name": "transformers"}}, {"frameworkVersion": "4.43.1"}, {}),
        ({}, {"formatVersion": "1.0.0", "frameworkVersion": "4.0.0"}, {}),
        # an empty quantization is not written
        ({}, {"quantization": ""}, {}),
        # the BaseModelSpec form of the keys
        (
            {},
            {"modelFormat": {"name": "safetensors", "version": "1.0.0"}, "modelParameterSize": 70000000000},
            {"modelFormat": {"name": "safetensors", "version": "1.0.0"}, "modelParameterSize": "70000000000"},
        ),
    ],
)
def test_overlay_fills_only_unset_fields(spec: dict, overlay: dict, expected: dict) -> None:
    base = {"storage": {"storageUri": "hf://org/m"}}
    original = model({**base, **copy.deepcopy(spec)})
    before = copy.deepcopy(original.body)
    filled = apply_model_metadata(original, overlay)
    assert filled.spec == {**base, **spec, **expected}
    assert original.body == before  # never mutates its input
    assert (filled.name, filled.kind, filled.ref) == (original.name, original.kind, original.ref)


def test_overlay_without_effect_returns_the_same_object() -> None:
    original = model({"modelArchitecture": "A"})
    assert apply_model_metadata(original, {"architecture": "B"}) is original


def test_normalize_entry_reports_ignored_keys() -> None:
    flat, ignored = normalize_entry({"arch": "A", "quantization": True, "modelFormat": {"name": ["x"], "version": "1"}})
    assert flat == {"formatVersion": "1"}
    assert ignored == ["arch", "modelFormat.name", "quantization"]


def test_parse_model_metadata_file() -> None:
    value = {"llama": {"parameterSize": "8B", "color": "blue"}, "qwen": "7B", "gpt": {"modelArchitecture": "G"}}
    overlay, diags = parse_model_metadata(value, "meta.yaml")
    assert overlay == {"gpt": {"architecture": "G"}, "llama": {"parameterSize": "8B"}}
    assert [(d.code, d.severity.label, d.field_text, d.ref) for d in diags] == [
        ("OMEC214", "warning", "llama.color", SourceRef("meta.yaml", 0)),
        ("OMEC214", "warning", "qwen", SourceRef("meta.yaml", 0)),
    ]
    assert "model metadata key 'color' of model llama is ignored" in diags[0].message


@pytest.mark.parametrize("value, overlay, errors", [(None, {}, 0), ([1, 2], {}, 1), ("text", {}, 1)])
def test_parse_model_metadata_top_level(value, overlay: dict, errors: int) -> None:
    parsed, diags = parse_model_metadata(value, "meta.yaml")
    assert parsed == overlay
    assert [d.severity.label for d in diags] == ["error"] * errors
