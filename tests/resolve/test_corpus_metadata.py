"""The model-metadata overlay (what OME's model agent fills in): the ``ModelMetadata`` envelope, the validate stage
skipping it inside a spec directory, and ``examples/model-metadata/ome-corpus.yaml`` applied to the shared OME corpus.

Corpus tests compile runtimes + models + samples/isvc with ``--last-file-wins`` (duplicate InferenceServices: the
last file in path order is compiled) with and without the overlay, and pin what the real metadata
decides: which auto-selecting samples stop being undecidable offline and which runtime wins, and which pinned
runtimes turn out incompatible with the models they serve.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import yaml

from omec.diagnostics import Severity, SourceRef
from omec.options import Options
from omec.resolve import resolve_service
from omec.resolve.sizes import model_size
from omec.testing import BuildOutput, build
from omec.validate.model_metadata import SHORT_KEYS, parse_model_metadata

REPO = Path(__file__).resolve().parents[2]
OVERLAY = REPO / "examples" / "model-metadata" / "ome-corpus.yaml"
OPTIONS = Options(last_file_wins=True)
ENVELOPE = {"apiVersion": "omec.dev/v1alpha1", "kind": "ModelMetadata"}

# --- the envelope form -----------------------------------------------------------------------------------------


def test_envelope_parses_like_the_bare_mapping() -> None:
    models = {"llama": {"parameterSize": "8B", "color": "blue"}, "qwen": "7B", "gpt": {"modelArchitecture": "G"}}
    bare, bare_diags = parse_model_metadata(models, "meta.yaml")
    wrapped, wrapped_diags = parse_model_metadata({**ENVELOPE, "metadata": {"name": "x"}, "models": models}, "m.yaml")
    assert wrapped == bare == {"gpt": {"architecture": "G"}, "llama": {"parameterSize": "8B"}}
    assert [d.field_text for d in bare_diags] == ["llama.color", "qwen"]
    assert [(d.code, d.severity, d.field_text, d.ref) for d in wrapped_diags] == [
        ("OMEC214", Severity.WARNING, "models.llama.color", SourceRef("m.yaml", 0)),
        ("OMEC214", Severity.WARNING, "models.qwen", SourceRef("m.yaml", 0)),
    ]


@pytest.mark.parametrize(
    "document, overlay, problems",
    [
        ({**ENVELOPE}, {}, []),  # no models: nothing to fill
        ({**ENVELOPE, "models": None}, {}, []),
        ({**ENVELOPE, "models": ["m"]}, {}, [("error", "models")]),
        ({**ENVELOPE, "apiVersion": "omec.dev/v2", "models": {"m": {}}}, {}, [("error", "apiVersion")]),
        ({"kind": "ModelMetadata", "models": {"m": {}}}, {}, [("error", "apiVersion")]),
        ({**ENVELOPE, "kind": "ConfigMap", "models": {"m": {}}}, {}, [("error", "kind")]),
        ({**ENVELOPE, "spec": {}, "models": {"m": {"quantization": "fp8"}}}, {"m": {"quantization": "fp8"}},
         [("warning", "spec")]),
        # a model may be called "kind": its entry is a mapping, so this is the bare form
        ({"kind": {"architecture": "A"}}, {"kind": {"architecture": "A"}}, []),
    ],
)
def test_envelope_problems(document: dict, overlay: dict, problems: list) -> None:
    parsed, diags = parse_model_metadata(document, "meta.yaml")
    assert parsed == overlay
    assert [(d.severity.label, d.field_text) for d in diags] == problems
    assert all(d.code == "OMEC214" and "\n" not in d.message for d in diags)


@pytest.mark.parametrize(
    "document, hint",
    [
        ({**ENVELOPE, "models": {}}, "pass this file with --model-metadata"),
        ({"apiVersion": "omec.dev/v2", "kind": "ModelMetadata"}, "pass this file with --model-metadata"),
        ({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "inferenceservice-config"}},
         "pass the controller ConfigMap with --controller-config"),
        ({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "other"}}, None),
    ],
)
def test_validate_skips_side_files_with_a_hint(document: dict, hint: str | None) -> None:
    result = build(texts={"specs/side.yaml": yaml.safe_dump(document)}, options=OPTIONS)
    catalog = result.catalog
    (skipped,) = result.diagnostics
    assert (skipped.code, skipped.severity, skipped.hint, skipped.field) == ("OMEC140", Severity.INFO, hint, ("kind",))
    assert skipped.message.startswith(f"skipped {document['kind']} ({document['apiVersion']}): not an OME object")
    assert not catalog.cluster_models and not catalog.services


def _overlay() -> tuple[dict, list]:
    return parse_model_metadata(yaml.safe_load(OVERLAY.read_text(encoding="utf-8")), str(OVERLAY))


def test_the_example_overlay_is_a_clean_envelope() -> None:
    overlay, diags = _overlay()
    assert diags == []
    assert len(overlay) > 200
    assert all(set(entry) <= set(SHORT_KEYS) for entry in overlay.values())


# --- the example overlay against the corpus --------------------------------------------------------------------


@cache
def _compiled(corpus: Path, overlay: bool, samples: str = "samples/isvc") -> BuildOutput:
    paths = [str(corpus / "runtimes"), str(corpus / "models"), str(corpus / samples)]
    return build(*paths, model_metadata=str(OVERLAY) if overlay else None, options=OPTIONS, partial=True,
                 kustomize=False)


def _winners(result: BuildOutput) -> dict[str, str]:
    """namespace/name -> the runtime the index records for its files."""
    return {row["inferenceService"]: row["runtime"] for row in result.index()["files"].values()}


def _sample(corpus: Path, path: str) -> str:
    return Path(path).relative_to(corpus / "samples" / "isvc").as_posix()


def _outcomes(corpus: Path, result: BuildOutput, overlay: bool) -> dict[str, tuple[bool, str, frozenset]]:
    """sample -> (auto-selecting, winning runtime or the first resolve error code, resolve warning codes), from the
    resolve stage over the validated catalog of the build."""
    options = replace(OPTIONS, model_metadata=_overlay()[0] if overlay else {})
    outcomes = {}
    for isvc in result.catalog.services:
        resolved = resolve_service(isvc, result.catalog, options)
        own = [d for d in resolved.diagnostics if d.ref == isvc.ref and d.code.startswith("OMEC2")]
        errors = sorted(d.code for d in own if d.severity >= Severity.ERROR)
        warnings = frozenset(d.code for d in own if d.severity == Severity.WARNING)
        auto = not (isvc.spec.get("runtime") or {}).get("name")
        winner = resolved.resolution.runtime.name if resolved.resolution is not None else errors[0]
        outcomes[_sample(corpus, isvc.ref.path)] = (auto, winner, warnings)
    return outcomes


UNDECIDABLE_WITHOUT_METADATA = {
    "BAAI/bge-m3.yaml",
    "BAAI/bge-reranker-v2-m3.yaml",
    "Qwen/qwen2-5-3b-instruct.yaml",
    "deepseek-ai/deepseek-llm-7b-chat.yaml",
    "deepseek-ai/deepseek-v4-flash.yaml",
    "intfloat/e5-mistral-7b-instruct.yaml",
    "meta/llama-2-13b.yaml",
    "meta/llama-2-70b-chat-hf.yaml",
    "meta/llama-2-70b.yaml",
    "meta/llama-2-7b-chat-hf.yaml",
    "meta/llama-guard-3-8b.yaml",
    "meta/llama3-1-70b-instruct.yaml",
    "microsoft/phi-3-5-moe-instruct.yaml",
    "microsoft/phi-4-mini-instruct.yaml",
    "microsoft/phi-4.yaml",
    "mistralai/mixtral-8x22b-v0-1.yaml",
    "mistralai/mixtral-8x7b-v0-1.yaml",
    "nvidia/llama-3-3-nemotron-super-49b-v1.yaml",
    "openai/gpt-oss-20b.yaml",
}

# Every auto-selecting sample compiled with the overlay: the winner, or the resolve error.
AUTO_WITH_METADATA = {
    # fully described in the corpus already: unchanged
    "OpenGVLab/InternVL2_5-8B.yaml": "srt-internvl2-5-8b",
    "Qwen/Qwen-7B-Chat.yaml": "srt-qwen-7b-chat",
    "Qwen/Qwen1.5-110B-Chat.yaml": "srt-qwen1-5-110b-chat",
    "Qwen/Qwen1.5-32B-Chat.yaml": "srt-qwen1-5-32b-chat",
    "Qwen/Qwen1.5-72B-Chat.yaml": "srt-qwen1-5-72b-chat",
    "Qwen/Qwen1.5-7B-Chat.yaml": "srt-qwen1-5-7b-chat",
    "Qwen/Qwen2-VL-7B-Instruct.yaml": "srt-qwen2-vl-7b-instruct",
    "Qwen/Qwen2.5-72B-Instruct.yaml": "srt-deepseek-r1-distill-qwen-14b",
    "Qwen/Qwen2.5-VL-7B-Instruct.yaml": "srt-qwen2-5-vl-7b-instruct",
    "Qwen/Qwen3-32B.yaml": "srt-qwen3-32b",
    "Skywork/skywork-or1-7b-preview.yaml": "srt-skywork-or1-7b-preview",
    "tiiuae/falcon3-10b-instruct.yaml": "srt-falcon3-10b-instruct",
    "unsloth/llama3-2-11b-vision.yaml": "srt-llama-3-2-11b-vision-instruct",
    "meta/llama3-2-90b-vision-fp8-dynamic.yaml": "OMEC201",  # names a model the corpus does not define
    # decided by the overlay
    "BAAI/bge-m3.yaml": "srt-bge-m3",
    "BAAI/bge-reranker-v2-m3.yaml": "srt-bge-reranker-v2-m3",
    # 3.09B fits srt-qwen2-5-3b-instruct's 2B-4B, but the range-less distill runtimes (same score) win on
    # closeness 0, then by name: the quirk of Qwen2.5-32B-Instruct (test_resolve_corpus), for a 3B model
    "Qwen/qwen2-5-3b-instruct.yaml": "srt-deepseek-r1-distill-qwen-14b",
    "intfloat/e5-mistral-7b-instruct.yaml": "srt-e5-mistral-7b-instruct",  # 6B-8B is the narrowest of 3 ranges
    "meta/llama-2-13b.yaml": "srt-llama-2-13b",
    "meta/llama-2-70b.yaml": "srt-llama-2-70b",
    "meta/llama-2-7b-chat-hf.yaml": "srt-llama-2-7b-chat-hf",
    "microsoft/phi-3-5-moe-instruct.yaml": "srt-phi-3-5-moe-instruct",
    "microsoft/phi-4.yaml": "srt-phi-4",
    # transformers_version unknown, but architecture + size leave one runtime or none (OMEC213)
    "mistralai/mixtral-8x22b-v0-1.yaml": "srt-mixtral-8x22b",
    "nvidia/llama-3-3-nemotron-super-49b-v1.yaml": "vllm-llama-3-3-nemotron-super-49b-v1",  # 48B-50B beats 45B-55B
    # the only runtimes for these models have autoSelect false: no runtime
    "meta/llama3-1-70b-instruct.yaml": "OMEC207",
    "mistralai/mixtral-8x7b-v0-1.yaml": "OMEC207",
    # still undecidable: the overlay leaves transformers_version (or the size) unknown
    "deepseek-ai/deepseek-llm-7b-chat.yaml": "OMEC211",
    "deepseek-ai/deepseek-v4-flash.yaml": "OMEC211",
    "meta/llama-2-70b-chat-hf.yaml": "OMEC211",
    "meta/llama-guard-3-8b.yaml": "OMEC211",
    "microsoft/phi-4-mini-instruct.yaml": "OMEC211",
    "openai/gpt-oss-20b.yaml": "OMEC211",
}

# Pinned runtimes the real metadata makes incompatible (OME: RuntimeIncompatible).
PINNED_INCOMPATIBLE = {
    # srt-deepseek-rdma: transformers GreaterThanOrEqual 4.33.1 compares runtime >= model (OME: runtime OP model)
    "deepseek-ai/deepseek-r1.yaml": "framework version mismatch (model=4.46.3, runtime=4.33.1)",
    # srt-deepseek-v3 declares transformers 4.33.1 (Equal); DeepSeek-V3's config.json says 4.46.3
    "deepseek-ai/deepseek-v3.yaml": "framework version mismatch (model=4.46.3, runtime=4.33.1)",
    # the FP8 checkpoint's quant_method fbgemm_fp8 makes the agent fill fp8; the runtime's SMF names none
    "meta/llama3-1-405b-instruct-fp8.yaml": "model has quantization fp8 but runtime has no quantization requirement",
}
PINNED_CLEARED = 27  # pinned samples whose "cannot validate offline" (OMEC212) the overlay settles as compatible


@pytest.fixture(scope="module")
def without(corpus: Path) -> dict:
    return _outcomes(corpus, _compiled(corpus, False), False)


@pytest.fixture(scope="module")
def with_metadata(corpus: Path) -> dict:
    return _outcomes(corpus, _compiled(corpus, True), True)


def test_undecidable_without_metadata(without: dict) -> None:
    assert {sample for sample, (_, outcome, _) in without.items() if outcome == "OMEC211"} == (
        UNDECIDABLE_WITHOUT_METADATA
    )
    assert all(without[sample][0] for sample in UNDECIDABLE_WITHOUT_METADATA)


def test_auto_selection_with_metadata(without: dict, with_metadata: dict) -> None:
    auto = {sample: outcome for sample, (is_auto, outcome, _) in with_metadata.items() if is_auto}
    assert auto == AUTO_WITH_METADATA
    decided = {s for s in UNDECIDABLE_WITHOUT_METADATA if auto[s] != "OMEC211"}
    assert len(decided) == 13
    # samples that were decided already keep their winner
    assert all(auto[s] == without[s][1] for s in AUTO_WITH_METADATA if s not in UNDECIDABLE_WITHOUT_METADATA)


def test_pinned_runtimes_with_metadata(corpus: Path, without: dict, with_metadata: dict) -> None:
    pinned = [s for s, (is_auto, _, _) in without.items() if not is_auto]
    unsure = {s for s in pinned if "OMEC212" in without[s][2]}
    cleared = {s for s in unsure if "OMEC212" not in with_metadata[s][2]}
    failing = {s for s in pinned if with_metadata[s][1].startswith("OMEC") and not without[s][1].startswith("OMEC")}
    assert failing == set(PINNED_INCOMPATIBLE) and failing <= cleared
    assert len(cleared - failing) == PINNED_CLEARED
    assert all(with_metadata[s][1] == without[s][1] for s in cleared - failing)  # still the pinned runtime
    messages = {
        _sample(corpus, d.ref.path): d.message
        for d in _compiled(corpus, True).diagnostics
        if d.code == "OMEC206" and d.ref is not None
    }
    assert all(reason in messages[s] for s, reason in PINNED_INCOMPATIBLE.items())


@pytest.mark.parametrize(
    "sample, runtime",
    [
        # both models are fully described in the corpus, so the overlay changes nothing
        ("Qwen/Qwen2.5-32B-Instruct.yaml", "srt-deepseek-r1-distill-qwen-14b"),
        ("Qwen/Qwen3-32B.yaml", "srt-qwen3-32b"),
    ],
)
def test_spec_corpus_cases_keep_their_winner(corpus: Path, sample: str, runtime: str) -> None:
    # compiled alone: in the whole tree Qwen2.5-32B-Instruct.yaml is shadowed by a later duplicate
    result = _compiled(corpus, True, f"samples/isvc/{sample}")
    assert list(_winners(result).values()) == [runtime]


def test_overlay_covers_every_model_and_only_unset_fields(corpus: Path) -> None:
    catalog = _compiled(corpus, True).catalog
    overlay = _overlay()[0]
    assert set(overlay) == set(catalog.cluster_models)
    written_as = {
        "modelFormat": ("format", "formatVersion"),
        "modelFramework": ("framework", "frameworkVersion"),
        "modelArchitecture": ("architecture",),
        "modelParameterSize": ("parameterSize",),
        "quantization": ("quantization",),
    }
    for name, model in catalog.cluster_models.items():
        written = [key for field, keys in written_as.items() if model.spec.get(field) for key in keys]
        assert not set(written) & set(overlay[name]), name
        assert ("framework" in overlay[name]) == ("frameworkVersion" in overlay[name]), name


def test_rounded_sizes_cannot_change_a_range_decision(corpus: Path) -> None:
    """A size with two decimals is what the agent writes; one known to fewer digits stands for an interval, and
    no corpus size bound may lie in it (else the rounding could decide a range check)."""
    catalog = _compiled(corpus, True).catalog
    bounds = {
        model_size(str(bound))
        for runtime in catalog.cluster_runtimes.values()
        for bound in (runtime.spec.get("modelSizeRange") or {}).values()
    }
    overlay = _overlay()[0]
    sizes = {name: entry["parameterSize"] for name, entry in overlay.items() if "parameterSize" in entry}
    rounded = {}
    for name, text in sizes.items():
        decimals, unit = re.fullmatch(r"\d+(?:\.(\d+))?([MBT])", text).groups()
        if len(decimals or "") < 2:
            rounded[name] = (model_size(text), model_size(f"1{unit}") / 10 ** len(decimals or "") / 2)
    assert len(sizes) > 100 and 30 < len(rounded) < len(sizes)
    for name, (value, half) in rounded.items():
        assert not [b for b in bounds if value - half <= b <= value + half], (name, sizes[name])
