"""Resolution is a pure function of the catalog: independent of document order, and inputs are never
mutated. OME's ordering is total (score, closeness, name; creationTimestamp has no effect), so omec's output must
not depend on file order."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from omec.options import Options
from omec.resolve import resolve_service

CASES = Path(__file__).parent / "cases"
SAMPLED = ["01-namespace-before-cluster", "19-accelerator-none-requested", "61-name-decides-not-creation-time",
           "x-undecidable-offline", "x-accelerator-policy-quirks", "52-model-without-format"]


def documents(helpers, name: str) -> list:
    path = CASES / f"{name}.yaml"
    docs = helpers.parse_documents(path.read_text(), path.name)[:-1]
    expect = helpers.parse_documents(path.read_text(), path.name)[-1][2]
    for include in expect.get("include") or ():
        docs = helpers.parse_documents((CASES / include).read_text(), include) + docs
    return docs


def outcome(helpers, docs: list) -> list:
    catalog = helpers.build_catalog(docs)
    result = []
    for isvc in catalog.services:
        resolved = resolve_service(isvc, catalog, Options())
        resolution, diags = resolved.resolution, resolved.diagnostics
        rows = list(resolve_service(isvc, catalog, Options(), explain=True).rows)
        result.append((
            isvc.name,
            resolution and (resolution.runtime.name, resolution.reason),
            [d.to_dict() for d in diags],
            rows,
        ))
    return result


@pytest.mark.parametrize("name", SAMPLED)
def test_document_order_does_not_matter(name: str, catalog_builder) -> None:
    docs = documents(catalog_builder, name)
    assert outcome(catalog_builder, docs) == outcome(catalog_builder, list(reversed(docs)))


@pytest.mark.parametrize("name", SAMPLED)
def test_inputs_are_not_mutated(name: str, catalog_builder) -> None:
    docs = documents(catalog_builder, name)
    before = copy.deepcopy(docs)
    outcome(catalog_builder, docs)
    assert docs == before
