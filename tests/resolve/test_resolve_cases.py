"""Data-driven selection cases (from OME's selection tests and code, and omec's lints for OME's quirks): one YAML
file per case in ``cases/``.

A case file holds OME objects and a final ``kind: Expect`` document::

    kind: Expect
    case: 18                        # case number (see SPEC_CASES), or a short id for omec-only cases
    include: [_catalogs/x.yaml]     # optional: shared catalog files (relative to cases/)
    options: {strict: true, model_metadata: {m: {parameterSize: 7B}}}   # optional Options fields
    checks:
      - isvc: svc                   # resolve_service + explain_service for this InferenceService
        namespace: default          # optional
        # or: model: m              # explain_model (auto-selection for the model alone)
        winner: rt                  # selected runtime (null: no resolution)
        ranked: [rt, other]         # explain rows that are matches (score > 0), in order
        rows: [rt, other, bad-rt]   # every explain row, in order
        excluded: {bad-rt: "reason substring"}
        scores: {rt: 45}            # auto-selection score of a runtime for the model
        order: [a, b]               # OME's comparator on these runtimes, as if all matched
        smf: 0                      # index of Resolution.smf in the runtime's list (null: none)
        accelerators: {engine: nvidia-a100}
        diagnostics: [{code: OMEC207, severity: error, message: "substring", field: spec.runtime.name}]
        absent: [OMEC217]           # codes that must not be reported

Adding a case is adding a file.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from omec.diagnostics import Diagnostic
from omec.golang.sort import slice_sort
from omec.options import Options
from omec.resolve import explain_model, resolve_service
from omec.resolve.scorer import compare_runtimes, score_runtime
from omec.resolve.views import model_meta, runtime_view

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(p for p in CASES.glob("*.yaml"))


def load_case(helpers, path: Path):
    docs = helpers.parse_documents(path.read_text(), path.name)
    expect = docs.pop()[2]
    assert expect.get("kind") == "Expect", f"{path.name}: the last document must be kind: Expect"
    for include in expect.get("include") or ():
        docs = helpers.parse_documents((CASES / include).read_text(), include) + docs
    return helpers.build_catalog(docs), Options(**(expect.get("options") or {})), expect


def check_diagnostics(diags: list[Diagnostic], wanted: list[dict], absent: list[str]) -> None:
    for want in wanted:
        hits = [
            d for d in diags
            if d.code == want["code"]
            and want.get("severity", d.severity.label) == d.severity.label
            and want.get("message", "") in d.message
            and want.get("field", d.field_text) == d.field_text
        ]
        assert hits, f"no diagnostic like {want} in:\n" + "\n".join(f"  {d.code} {d.message}" for d in diags)
    reported = {d.code for d in diags}
    assert not reported & set(absent), f"unexpected {sorted(reported & set(absent))}"


def run_check(helpers, catalog, options, check: dict):
    namespace = check.get("namespace", "default")
    if "model" in check:
        rows, diags = explain_model(check["model"], namespace, catalog, options)
        return None, rows, diags, check["model"]
    isvc = helpers.service(catalog, check["isvc"], namespace)
    built = resolve_service(isvc, catalog, options)
    explained = resolve_service(isvc, catalog, options, explain=True)
    assert [d.code for d in explained.diagnostics] == [d.code for d in built.diagnostics], "explain and build disagree"
    return built.resolution, list(explained.rows), built.diagnostics, (isvc.spec.get("model") or {}).get("name")


def runtime_named(catalog, name: str, namespace: str):
    return catalog.runtimes.get((namespace, name)) or catalog.cluster_runtimes[name]


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path, catalog_builder) -> None:
    catalog, options, expect = load_case(catalog_builder, path)
    for check in expect["checks"]:
        resolution, rows, diags, model_name = run_check(catalog_builder, catalog, options, check)
        namespace = check.get("namespace", "default")
        if "winner" in check:
            if "model" in check:
                got = rows[0].name if rows and rows[0].selected else None
            else:
                got = resolution.runtime.name if resolution else None
            assert got == check["winner"], f"winner {got!r}; diagnostics: {[d.message for d in diags]}"
        if "ranked" in check:
            assert [r.name for r in rows if r.score > 0] == check["ranked"]
        if "rows" in check:
            assert [r.name for r in rows] == check["rows"]
        for name, reason in (check.get("excluded") or {}).items():
            row = next(r for r in rows if r.name == name)
            assert not row.selected and row.score == 0 and reason in row.reason, row
        model = catalog.find_model(namespace, model_name) if model_name else None
        for name, score in (check.get("scores") or {}).items():
            view = runtime_view(runtime_named(catalog, name, namespace))
            assert score_runtime(view, model_meta(model)).score == score
        if "order" in check:
            views = [runtime_view(runtime_named(catalog, n, namespace)) for n in check["order"]]
            meta = model_meta(model)
            assert [v.name for v in _sort_matches(views, meta)] == check["order"]
        if "smf" in check:
            smfs = resolution.runtime.spec["supportedModelFormats"]
            assert resolution.smf is (None if check["smf"] is None else smfs[check["smf"]])
        for component, name in (check.get("accelerators") or {}).items():
            chosen = resolution.accelerators.get(component)
            assert (chosen.name if chosen else None) == name
        check_diagnostics(diags, check.get("diagnostics") or [], check.get("absent") or [])


def _sort_matches(views: list, meta) -> list:
    """OME's sortMatches (CompareRuntimes under sort.Slice) per scope, namespace-scoped first, from name order."""
    def less(a, b) -> bool:
        return compare_runtimes(a, score_runtime(a, meta).score, b, score_runtime(b, meta).score, meta) > 0

    ordered = sorted(views, key=lambda v: v.sort_key)
    groups = [[v for v in ordered if v.scope == scope] for scope in dict.fromkeys(v.scope for v in ordered)]
    return [v for group in groups for v in slice_sort(group, less)]


# The numbered selection cases (OME's runtime-selector, matcher, fetcher and AcceleratorClass-selector tests, and
# cases derived from OME's code) owned by the resolve stage; 31-33 (versions and sizes) are tables in
# test_resolve_versions_sizes.py and 42-44 run on the shared corpus in test_resolve_corpus.py.
SPEC_CASES = {*range(1, 31), 34, *range(45, 58), 60, 61, *range(64, 70)}


def test_every_spec_case_has_a_case_file() -> None:
    numbers = {list(yaml.safe_load_all(path.read_text()))[-1]["case"] for path in CASE_FILES}
    assert numbers >= SPEC_CASES, sorted(SPEC_CASES - numbers)


def test_strict_turns_unparseable_size_warnings_into_errors(catalog_builder) -> None:
    catalog, options, _ = load_case(catalog_builder, CASES / "54-lowercase-size-suffix.yaml")
    isvc = catalog_builder.service(catalog, "lower-model-size")
    diags = resolve_service(isvc, catalog, replace(options, strict=True)).diagnostics
    assert {d.severity.label for d in diags if d.code == "OMEC215"} == {"error"}
