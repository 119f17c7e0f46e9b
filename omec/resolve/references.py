"""A reference to an object the catalog does not hold: OME's "not found" with a "did you mean" for close names, or,
when the object is in the specs but the API server would reject it (invalid metadata or schema, see
:attr:`omec.model.Catalog.rejected`), a diagnostic that says so and points at it instead of "not found"."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from omec.diagnostics import Diagnostic, did_you_mean
from omec.model import (
    ACCELERATOR_CLASS,
    BASE_MODEL,
    CLUSTER_BASE_MODEL,
    CLUSTER_SERVING_RUNTIME,
    FINE_TUNED_WEIGHT,
    SERVING_RUNTIME,
    Catalog,
)
from omec.resolve import codes


def _missing(
    catalog: Catalog, name: str, scopes: tuple, candidates: Iterable[str], not_found: Diagnostic
) -> Diagnostic:
    rejected = catalog.rejected_object(name, *scopes)
    if rejected is not None:
        return codes.REFERENCE_INVALID.at(
            f"{rejected.id} is in the specs but invalid, so OME cannot use it (the API server rejects it)",
            not_found.ref, not_found.field, object=not_found.object,
            hint=f"fix the errors reported for it in {rejected.ref.path} (document {rejected.ref.index + 1}); "
            f"OME reports: {not_found.message}",
        )
    suggestion = did_you_mean(name, candidates)
    if suggestion is None:
        return not_found
    return replace(not_found, hint=suggestion + (f" ({not_found.hint})" if not_found.hint else ""))


def missing_model(catalog: Catalog, namespace: str, name: str, not_found: Diagnostic) -> Diagnostic:
    """No BaseModel in ``namespace`` and no ClusterBaseModel is called ``name``."""
    names = [n for ns, n in catalog.models if ns == namespace] + list(catalog.cluster_models)
    return _missing(catalog, name, ((BASE_MODEL, namespace), (CLUSTER_BASE_MODEL, None)), names, not_found)


def missing_runtime(catalog: Catalog, namespace: str, name: str, not_found: Diagnostic) -> Diagnostic:
    """No ServingRuntime in ``namespace`` and no ClusterServingRuntime is called ``name``."""
    names = [n for ns, n in catalog.runtimes if ns == namespace] + list(catalog.cluster_runtimes)
    return _missing(catalog, name, ((SERVING_RUNTIME, namespace), (CLUSTER_SERVING_RUNTIME, None)), names, not_found)


def missing_accelerator(catalog: Catalog, name: str, not_found: Diagnostic) -> Diagnostic:
    return _missing(catalog, name, ((ACCELERATOR_CLASS, None),), catalog.accelerators, not_found)


def missing_fine_tuned_weight(catalog: Catalog, name: str, not_found: Diagnostic) -> Diagnostic:
    return _missing(catalog, name, ((FINE_TUNED_WEIGHT, None),), catalog.fine_tuned_weights, not_found)
