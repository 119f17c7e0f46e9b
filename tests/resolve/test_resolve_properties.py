"""Properties of the matcher and of the offline analysis of missing model metadata, checked with hypothesis.

* the fast format predicate agrees with the reason texts;
* soundness of the offline analysis: when omec decides a runtime for a model with missing metadata, every
  concrete value the model agent could fill in leads to that runtime or to none; when it says no runtime can
  match, none does; a pinned runtime judged compatible for all values is compatible for each.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from omec.diagnostics import SourceRef
from omec.model import CLUSTER_BASE_MODEL, CLUSTER_SERVING_RUNTIME, Obj
from omec.resolve.evaluate import evaluate_pool, rank
from omec.resolve.matcher import check, smf_mismatch, smf_passes
from omec.resolve.offline import (
    FIELDS,
    analyse_auto,
    analyse_pinned,
    missing_fields,
    with_value,
)
from omec.resolve.views import model_meta, runtime_view

VERSIONS = [None, "1.0.0", "1.0", "v1.0.0", "0.9.0", "1.0.1", "2"]
FRAMEWORK_VERSIONS = [None, "4.30.0", "4.40.0", "4.43.1", "4.45.0", "4.51", "4.51.0", "4.60.0", "4.43.1.dev0"]
OPERATORS = [None, "Equal", "GreaterThan", "GreaterThanOrEqual"]
RANGES = [None, ("1B", "10B"), ("5B", "50B"), ("20B", "30B"), ("7B", "7B")]
SIZES = [None, "0.5B", "1B", "5B", "7B", "8B", "10B", "15B", "20B", "25B", "30B", "40B", "50B", "60B"]


def _spec(name, version, operator) -> dict:
    spec = {"name": name}
    if version is not None:
        spec["version"] = version
    if operator is not None:
        spec["operator"] = operator
    return spec


FORMAT_NAMES = ["safetensors", "safetensors", "onnx"]  # duplicates bias draws towards matches
formats = st.builds(_spec, st.sampled_from(FORMAT_NAMES), st.sampled_from(VERSIONS), st.sampled_from(OPERATORS))
FRAMEWORK_NAMES = ["transformers", "diffusers"]
frameworks = st.none() | st.builds(
    _spec, st.sampled_from(FRAMEWORK_NAMES), st.sampled_from(FRAMEWORK_VERSIONS), st.sampled_from(OPERATORS)
)


@st.composite
def smf_bodies(draw) -> dict:
    smf = {"modelFormat": draw(formats), "priority": draw(st.integers(1, 3))}
    optional = {
        "modelFramework": draw(frameworks),
        "modelArchitecture": draw(st.sampled_from([None, "A", "B"])),
        "quantization": draw(st.sampled_from([None, "fp8"])),
        "autoSelect": draw(st.sampled_from([True, True, True, None, False])),
    }
    smf.update({k: v for k, v in optional.items() if v is not None})
    return smf


@st.composite
def runtimes(draw) -> list:
    views = []
    for index in range(draw(st.integers(1, 3))):
        spec = {"supportedModelFormats": draw(st.lists(smf_bodies(), min_size=1, max_size=2))}
        size_range = draw(st.sampled_from(RANGES))
        if size_range:
            spec["modelSizeRange"] = {"min": size_range[0], "max": size_range[1]}
        body = {"kind": CLUSTER_SERVING_RUNTIME, "metadata": {"name": f"rt-{index}"}, "spec": spec}
        views.append(runtime_view(Obj(CLUSTER_SERVING_RUNTIME, f"rt-{index}", None, body, SourceRef("rt", index))))
    return views


def _value(field: str):
    """Values the model agent could write into one field (wider than what runtimes name)."""
    if field == "modelFormat":
        return st.tuples(st.sampled_from([*FORMAT_NAMES, "gguf"]), st.sampled_from(VERSIONS))
    if field == "modelFramework":
        return st.none() | st.tuples(st.sampled_from(FRAMEWORK_NAMES), st.sampled_from(FRAMEWORK_VERSIONS))
    if field == "modelArchitecture":
        return st.sampled_from([None, "A", "B", "C"])
    if field == "quantization":
        return st.sampled_from([None, "fp8", "int4"])
    return st.sampled_from(SIZES)


@st.composite
def cases(draw):
    """Runtimes, a model with some agent-filled fields missing (the others often copied from a runtime, so
    that matches are common), and one concrete value per field that the agent could fill in."""
    views = draw(runtimes())
    template = draw(st.sampled_from(views)).obj.spec["supportedModelFormats"][0]
    copied = {"modelFormat": (template["modelFormat"]["name"], template["modelFormat"].get("version"))}
    framework = template.get("modelFramework")
    copied["modelFramework"] = framework and (framework["name"], framework.get("version"))
    copied.update({key: template.get(key) for key in ("modelArchitecture", "quantization")})
    copied["modelParameterSize"] = "8B"
    spec = {"storage": {"storageUri": "hf://org/m"}}
    for field in FIELDS:
        choice = draw(st.sampled_from(["missing", "copied", "random"]))
        value = copied[field] if choice == "copied" else draw(_value(field)) if choice == "random" else None
        if value is None:
            continue
        spec[field] = _spec(value[0], value[1], None) if field in ("modelFormat", "modelFramework") else value
    body = {"kind": CLUSTER_BASE_MODEL, "metadata": {"name": "m"}, "spec": spec}
    model = Obj(CLUSTER_BASE_MODEL, "m", None, body, SourceRef("m", 0))
    return views, model, {field: draw(_value(field)) for field in FIELDS}


def _filled(meta, missing, fill):
    for field in missing:
        meta = with_value(meta, field, fill[field])
    return meta


@settings(max_examples=200, deadline=None)
@given(cases())
def test_format_predicate_agrees_with_reason_texts(case) -> None:
    views, model, fill = case
    meta = _filled(model_meta(model), FIELDS, fill)
    for view in views:
        for smf in view.smfs:
            assert smf_passes(meta, smf) is (smf_mismatch(meta, smf) is None)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_offline_auto_selection_is_sound(case) -> None:
    views, model, fill = case
    meta = model_meta(model)
    missing = missing_fields(model, meta)
    if not missing:
        return
    analysis = analyse_auto(views, meta, missing, frozenset())
    world = _filled(meta, missing, fill)
    ranked = rank(evaluate_pool(views, world, frozenset()), world)
    actual = ranked[0].view.name if ranked else None
    if analysis.decided is not None:
        assert actual in (analysis.decided.name, None)
    if analysis.proved and not analysis.possible:
        assert actual is None


@settings(max_examples=200, deadline=None)
@given(cases())
def test_offline_pinned_validation_is_sound(case) -> None:
    views, model, fill = case
    meta = model_meta(model)
    missing = missing_fields(model, meta)
    if not missing:
        return
    view = views[0]
    analysis = analyse_pinned(view, meta, missing, frozenset())
    compatible = check(view, _filled(meta, missing, fill), frozenset()).ok
    if analysis.all_compatible:
        assert compatible
    if not analysis.some_compatible:
        assert not compatible
