"""Object names and node-label keys, with cases from OME's tests (base_test, lws, modelconfig and multinodevllm
reconciler tests), corpus InferenceServices and long names."""
from __future__ import annotations

import pytest

from omec.ome.naming import (
    check_name,
    component_name,
    last,
    lws_name,
    model_ready_label_key,
    modelconfig_name,
    scaledobject_name,
    trunc63,
)

LONG_ISVC = "nvidia-nemotron-3-nano-30b-a3b-base-bf16-experimental-deploy"  # 60 chars: its component names exceed 63


@pytest.mark.parametrize(
    ("component", "expected"),
    [
        ("engine", "a823a6e8-on-3-nano-30b-a3b-base-bf16-experimental-deploy-engine"),
        ("router", "ab8cbde7-on-3-nano-30b-a3b-base-bf16-experimental-deploy-router"),
        ("decoder", "c1577034-n-3-nano-30b-a3b-base-bf16-experimental-deploy-decoder"),
    ],
)
def test_trunc63_hashes_long_component_names(component, expected):
    name = component_name(LONG_ISVC, component)
    assert len(name) > 63
    assert trunc63(name) == expected
    assert len(expected) == 63


@pytest.mark.parametrize("name", ["", "foo-engine", "x" * 63])
def test_trunc63_keeps_names_up_to_63(name):
    assert trunc63(name) == name


def test_trunc63_replaces_a_leading_digit_of_the_hash():
    # SHA-256 of this input starts with "52b6419d"; the digit becomes "a" (the model-label hash8 keeps it).
    name = "c" * 64
    assert trunc63(name) == "a2b6419d-" + "c" * 54


@pytest.mark.parametrize(
    ("n", "text", "expected"),
    [(20, "short", "short"), (20, "llama-3-1-8b-instruct", "lama-3-1-8b-instruct"), (3, "abcdef", "def")],
)
def test_last(n, text, expected):
    assert last(n, text) == expected


@pytest.mark.parametrize(
    ("isvc", "expected"),
    [
        ("test-isvc", "modelconfig-test-isvc"),  # modelconfig_reconciler_test
        ("llama-3-1-8b-instruct", "modelconfig-lama-3-1-8b-instruct"),  # corpus llama3-1-8b-instruct: 21 chars
        ("mixtral-8x7b-instruct-v0-1", "modelconfig-l-8x7b-instruct-v0-1"),  # corpus mixtral-8x7b-instruct-v0-1
        (LONG_ISVC, "modelconfig--experimental-deploy"),  # the last 20 chars start with "-"
    ],
)
def test_modelconfig_name(isvc, expected):
    assert modelconfig_name(isvc) == expected


@pytest.mark.parametrize(
    ("cn", "lws", "scaled"),
    [
        ("test-isvc", "lws-test-isvc", "scaledobject-test-isvc"),  # lws_reconciler_test "defaultLWS"
        ("deepseek-v3-engine", "lws-deepseek-v3-engine", "scaledobject-deepseek-v3-engine"),  # corpus deepseek-v3-pd
        (
            component_name(LONG_ISVC, "engine"),
            "lws--nano-30b-a3b-base-bf16-experimental-deploy-engine",  # last 50 chars: a double dash
            "scaledobject--nano-30b-a3b-base-bf16-experimental-deploy-engine",
        ),
    ],
)
def test_lws_and_scaledobject_names(cn, lws, scaled):
    assert lws_name(cn) == lws
    assert scaledobject_name(cn) == scaled


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("foo-engine-0-mnp", "foo-engine-0-mnp"),
        ("test-isvc-0-mnp", "test-isvc-0-mnp"),  # multinodevllm_reconciler_test
        (component_name(LONG_ISVC, "engine") + "-0-mnp", "r0b-a3b-base-bf16-experimental-deploy-engine-0-mnp"),
        ("-leading-dash", "rleading-dash"),
        ("7up", "rup"),
        ("", ""),
    ],
)
def test_check_name(source, expected):
    assert check_name(source) == expected


@pytest.mark.parametrize(
    ("model", "namespace", "expected"),
    [
        ("llama-3-8b", "default", "models.ome.io/default.basemodel.llama-3-8b"),  # base_test
        ("mixtral-8x7b", None, "models.ome.io/clusterbasemodel.mixtral-8x7b"),  # base_test
        ("cluster-base-model", "", "models.ome.io/clusterbasemodel.cluster-base-model"),  # empty namespace: cluster
        (
            "nvidia-nemotron-3-nano-30b-a3b-base-bf16",  # 40 > 32 chars
            None,
            "models.ome.io/clusterbasemodel.86486b23--nano-30b-a3b-base-bf16",
        ),
        (
            "very-long-model-name-that-exceeds-normal-length-limits-and-should-be-truncated",
            "long-namespace-name",
            "models.ome.io/116791bb.basemodel.be83a233-d-should-be-truncated",  # base_test "Long model names"
        ),
        ("m" * 32, None, "models.ome.io/clusterbasemodel." + "m" * 32),  # exactly the budget
        ("a" * 30, "ns-eight", "models.ome.io/ns-eight.basemodel." + "a" * 30),  # 8 + 30 = 38: unchanged
    ],
)
def test_model_ready_label_key(model, namespace, expected):
    assert model_ready_label_key(model, namespace) == expected


def test_model_ready_label_key_short_namespace_keeps_it_and_shortens_the_model():
    key = model_ready_label_key("a" * 40, "ns")
    namespace, model = key.removeprefix("models.ome.io/").split(".basemodel.")
    assert namespace == "ns"
    assert len(model) == 36 and model.endswith("-" + "a" * 27)
    assert len(key.split("/", 1)[1]) <= 49
