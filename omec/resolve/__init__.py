"""RESOLVE stage: model -> runtime (pinned or auto-selected) -> AcceleratorClass per component.

OME's model resolution, runtime selection and AcceleratorClass choice as pure functions over the
:class:`~omec.model.Catalog`, plus lints for OME's selection quirks and the offline handling of the metadata OME's
model agent fills in. The InferenceService passed in is already webhook-converted (``spec.model``,
``spec.runtime``, ``spec.engine`` ...). OME's selectors:
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector,
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/acceleratorclassselector.
"""
from __future__ import annotations

from dataclasses import dataclass

from omec.diagnostics import Diagnostic
from omec.memo import NO_SHARING, Shared
from omec.model import Catalog, Obj
from omec.options import Options
from omec.resolve import codes
from omec.resolve.accelerators import choose_accelerators
from omec.resolve.auto import select_auto
from omec.resolve.candidates import PINNED_REASON, auto_reason, candidate_rows
from omec.resolve.context import Request, Subject
from omec.resolve.evaluate import evaluate_pool, rank
from omec.resolve.matcher import required_accelerator_classes
from omec.resolve.metadata import apply_model_metadata
from omec.resolve.model_ref import (
    MODEL_INVALID_TEXT,
    disabled,
    find_model,
    not_found,
    resolve_model,
)
from omec.resolve.offline import missing_fields
from omec.resolve.pinned import select_pinned
from omec.resolve.profile import version_problems
from omec.resolve.result import Candidate, Resolution
from omec.resolve.scorer import pick_supported_format
from omec.resolve.views import ModelMeta, RuntimeView, candidate_pool, model_meta

__all__ = ["Candidate", "Outcome", "Resolution", "explain_model", "resolve_service"]


@dataclass(slots=True)
class Outcome:
    """What resolving one InferenceService gives: the resolution (None when OME would fail), the explain rows
    (when asked for) and the diagnostics. ``omec build`` and ``omec explain`` both take it from
    :func:`resolve_service`, so they cannot disagree."""

    resolution: Resolution | None
    rows: tuple  # tuple[Candidate, ...]: every runtime as selection saw it (empty unless explain=True)
    diagnostics: list


def _request(
    subject: Subject, catalog: Catalog, options: Options, namespace: str, model: Obj, required, shared: Shared
) -> Request:
    entry = options.model_metadata.get(model.name)
    overlaid = apply_model_metadata(model, entry) if isinstance(entry, dict) else model
    meta = model_meta(overlaid)
    missing = missing_fields(overlaid, meta)
    return Request(subject, catalog, options, namespace, overlaid, meta, missing, required, shared)


def _model_invalid(request: Request) -> list[Diagnostic]:
    """OME rejects a model without ``modelFormat.name`` before selecting; only when nothing will fill ``modelFormat``
    (see :mod:`omec.resolve.offline`)."""
    if request.meta.format_name or request.missing:
        return []
    return [request.subject.at(codes.MODEL_INVALID, MODEL_INVALID_TEXT)]


def _smf_body(view: RuntimeView, world: ModelMeta, pinned: bool) -> dict | None:
    smf = pick_supported_format(view, world, pinned)
    return None if smf is None else view.obj.spec["supportedModelFormats"][smf.index]


def _finish(
    isvc: Obj, request: Request, view: RuntimeView, world: ModelMeta, pinned: bool, reason: str
) -> tuple[Resolution | None, list[Diagnostic]]:
    """AcceleratorClasses (engine and decoder) and the supported format (for ``acceleratorConfig``) of the chosen
    runtime."""
    accelerators, diags = choose_accelerators(isvc, view, request.catalog)
    stopping = (codes.ACCELERATOR_NOT_FOUND.id, codes.BEST_FIT_WITHOUT_CONSTRAINTS.id, codes.REFERENCE_INVALID.id)
    if any(d.code in stopping for d in diags):
        return None, diags
    smf = _smf_body(view, world, pinned)
    return Resolution(isvc, request.model, view.obj, pinned, reason, smf, accelerators), diags


def _pinned_note(request: Request, verdicts: list, view: RuntimeView | None) -> str:
    if view is None:
        return ""
    if request.missing:
        return f"; cannot validate offline, the model lacks {request.missing_text}"
    own = next(v for v in verdicts if v.view.obj is view.obj)
    return "" if own.compat.ok else f"; OME reports: {own.compat.reason}"


def _pinned(isvc: Obj, request: Request, name: str, want_rows: bool) -> Outcome:
    selection = select_pinned(request, isvc, name)
    rows = ()
    if want_rows:
        pool = candidate_pool(request.catalog, request.namespace, request.shared)
        verdicts = evaluate_pool(pool, request.meta, request.required, request.shared)
        note = _pinned_note(request, verdicts, selection.view)
        rows = candidate_rows(verdicts, rank(verdicts, request.meta), request.meta, selection.view, note)
    if not selection.accepted or selection.view is None:  # an accepted selection always has its runtime
        return Outcome(None, rows, selection.diagnostics)
    resolution, diags = _finish(isvc, request, selection.view, request.meta, True, PINNED_REASON)
    return Outcome(resolution, rows, selection.diagnostics + diags)


def _auto(isvc: Obj | None, request: Request, want_rows: bool) -> Outcome:
    selection = select_auto(request, candidate_pool(request.catalog, request.namespace, request.shared))
    rows = ()
    if want_rows:
        note = "" if selection.winner is not None or not request.missing else (
            f" (the model as written; the choice depends on {request.missing_text})"
        )
        rows = candidate_rows(selection.verdicts, selection.ranked, selection.world, note=note)
    if selection.winner is None or isvc is None:
        return Outcome(None, rows, selection.diagnostics)
    reason = auto_reason(selection.ranked, selection.world)
    if request.missing:
        reason += f"; assumes OME's model agent fills {request.missing_text} compatibly"
    resolution, diags = _finish(isvc, request, selection.winner, selection.world, False, reason)
    return Outcome(resolution, rows, selection.diagnostics + diags)


def resolve_service(
    isvc: Obj, catalog: Catalog, options: Options, shared: Shared = NO_SHARING, explain: bool = False
) -> Outcome:
    """Model, runtime and AcceleratorClasses for one InferenceService, as OME's controller would choose them; with
    ``explain``, also every runtime as OME sees it for this InferenceService: the chosen one first, then the
    ranking, then the excluded runtimes (by scope and name) with their reasons."""
    diags = version_problems(options, isvc.ref, isvc.id)
    if diags:
        return Outcome(None, (), diags)
    namespace = isvc.namespace or options.namespace
    model, diags = resolve_model(isvc, catalog, namespace)
    if model is None:
        return Outcome(None, (), diags)
    subject = Subject(isvc.ref, ("spec", "model", "name"), isvc.id)
    required = required_accelerator_classes(isvc.body)
    request = _request(subject, catalog, options, namespace, model, required, shared)
    invalid = _model_invalid(request)
    if invalid:
        return Outcome(None, (), diags + invalid)
    name = (isvc.spec.get("runtime") or {}).get("name")
    outcome = _pinned(isvc, request, str(name), explain) if name else _auto(isvc, request, explain)
    outcome.diagnostics = diags + outcome.diagnostics
    return outcome


def explain_model(
    model_name: str, namespace: str, catalog: Catalog, options: Options, shared: Shared = NO_SHARING
) -> tuple[list[Candidate], list[Diagnostic]]:
    """Auto-selection for a model alone (no InferenceService, so no accelerator requirements)."""
    diags = version_problems(options, None, None)
    if diags:
        return [], diags
    model = find_model(catalog, namespace, model_name)
    if model is None:
        return [], [not_found(catalog, model_name, namespace, None, None, ())]
    if model.spec.get("disabled") is True:
        return [], [disabled(model, model.ref, model.id, ("spec", "disabled"))]
    subject = Subject(model.ref, ("metadata", "name"), model.id)
    request = _request(subject, catalog, options, namespace, model, frozenset(), shared)
    invalid = _model_invalid(request)
    if invalid:
        return [], invalid
    outcome = _auto(None, request, want_rows=True)
    return list(outcome.rows), outcome.diagnostics
