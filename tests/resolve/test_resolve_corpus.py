"""Resolve over the shared OME corpus (../shared/corpus/ome/config): three auto-selecting samples whose winner the
corpus decides (a range-less runtime winning the tie, a single match, a model without size) and a sweep.

The catalog is every runtime and model file in sorted path order (duplicate runtime names: the last file wins,
as with ``--last-file-wins``); every InferenceService document under samples/isvc is resolved against it.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from omec.diagnostics import REGISTRY, Severity
from omec.model import INFERENCE_SERVICE
from omec.options import Options
from omec.resolve import resolve_service

OPTIONS = Options()


@pytest.fixture(scope="module")
def world(corpus, catalog_builder):
    """(catalog, {sample path: InferenceService})."""
    docs = []
    for folder in ("runtimes", "models"):
        for path in sorted((corpus / folder).rglob("*.yaml")):
            docs += catalog_builder.parse_documents(path.read_text(), str(path.relative_to(corpus)))
    catalog = catalog_builder.build_catalog(docs)
    samples = {}
    for path in sorted((corpus / "samples" / "isvc").rglob("*.yaml")):
        name = str(path.relative_to(corpus))
        services = catalog_builder.build_catalog(catalog_builder.parse_documents(path.read_text(), name)).services
        for isvc in services:
            if isvc.kind == INFERENCE_SERVICE:
                samples[name] = isvc
    return catalog, samples


def resolve(world, sample: str, options: Options = OPTIONS):
    catalog, samples = world
    outcome = resolve_service(samples[f"samples/isvc/{sample}"], catalog, options)
    return outcome.resolution, outcome.diagnostics


def test_case_42_range_less_runtime_wins_the_tie(world) -> None:
    resolution, diags = resolve(world, "Qwen/Qwen2.5-32B-Instruct.yaml")
    assert resolution.runtime.name == "srt-deepseek-r1-distill-qwen-14b"
    assert not resolution.pinned and resolution.reason.startswith("auto-selected: score 2")
    assert [d.code for d in diags] == ["OMEC217"]  # ties with srt-deepseek-r1-distill-qwen-32b, name decides
    catalog, samples = world
    rows = list(resolve_service(samples["samples/isvc/Qwen/Qwen2.5-32B-Instruct.yaml"], catalog, OPTIONS, explain=True).rows)
    assert [c.name for c in rows[:2]] == [
        "srt-deepseek-r1-distill-qwen-14b", "srt-deepseek-r1-distill-qwen-32b"
    ]


def test_case_43_single_match(world) -> None:
    resolution, diags = resolve(world, "Qwen/Qwen3-32B.yaml")
    assert resolution.runtime.name == "srt-qwen3-32b"
    assert not [d for d in diags if d.severity >= Severity.WARNING]


def test_case_44_model_without_size(world) -> None:
    """As written OME picks srt-gpt-oss-120b-grpc (3-way tie, name); the size the model agent fills in
    decides on a cluster, so offline the choice is undecidable."""
    catalog, samples = world
    isvc = samples["samples/isvc/openai/gpt-oss-20b.yaml"]
    rows = list(resolve_service(isvc, catalog, OPTIONS, explain=True).rows)
    assert rows[0].selected and [r.name for r in rows if r.score > 0] == [
        "srt-gpt-oss-120b-grpc", "srt-gpt-oss-20b", "srt-gpt-oss-20b-grpc"
    ]
    resolution, diags = resolve(world, "openai/gpt-oss-20b.yaml")
    assert resolution is None
    (error,) = [d for d in diags if d.severity == Severity.ERROR]
    assert error.code == "OMEC211" and "modelParameterSize" in error.message
    assert "srt-gpt-oss-120b-grpc, srt-gpt-oss-20b" in error.message


def test_case_44_with_the_size_the_agent_would_fill(world) -> None:
    """gpt-oss-20b has 20.9B parameters: no corpus runtime's range admits it (srt-gpt-oss-20b says 10B-15B)."""
    options = replace(OPTIONS, model_metadata={"gpt-oss-20b": {"parameterSize": "20.9B"}})
    resolution, diags = resolve(world, "openai/gpt-oss-20b.yaml", options)
    assert resolution is None
    (error,) = [d for d in diags if d.severity == Severity.ERROR]
    assert error.code == "OMEC207"
    assert "srt-gpt-oss-20b (model size 20.9B is outside supported range [10B, 15B])" in error.message
    options = replace(OPTIONS, model_metadata={"gpt-oss-20b": {"parameterSize": "12B"}})
    assert resolve(world, "openai/gpt-oss-20b.yaml", options)[0].runtime.name == "srt-gpt-oss-20b"


def test_every_sample_resolves_or_says_why(world) -> None:
    catalog, samples = world
    assert len(samples) >= 100
    for name, isvc in samples.items():
        outcome = resolve_service(isvc, catalog, OPTIONS)
        resolution, diags = outcome.resolution, outcome.diagnostics
        assert all(d.code in REGISTRY and d.message and "\n" not in d.message for d in diags), name
        errors = [d for d in diags if d.severity == Severity.ERROR]
        assert (resolution is None) == bool(errors), (name, [d.message for d in errors])
        assert all(d.ref is not None for d in errors), name


def test_pinned_samples_lacking_metadata_only_warn(world) -> None:
    catalog, samples = world
    checked = 0
    for name, isvc in samples.items():
        model = catalog.find_model(isvc.namespace, (isvc.spec.get("model") or {}).get("name", ""))
        pinned = (isvc.spec.get("runtime") or {}).get("name")
        if model is None or not pinned or (model.spec.get("modelFormat") or {}).get("name"):
            continue
        outcome = resolve_service(isvc, catalog, OPTIONS)
        resolution, diags = outcome.resolution, outcome.diagnostics
        assert resolution is not None and resolution.runtime.name == pinned, name
        assert "OMEC212" in {d.code for d in diags}, name
        assert not [d for d in diags if d.severity == Severity.ERROR], name
        checked += 1
    assert checked >= 50
