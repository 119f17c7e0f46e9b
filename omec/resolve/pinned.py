"""Pinned runtime validation, OME's ``ValidateRuntime`` (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/selector.go#L150),
and its offline form for models that lack metadata OME's model agent fills in."""
from __future__ import annotations

from dataclasses import dataclass

from omec.diagnostics import Diagnostic
from omec.model import CLUSTER_SERVING_RUNTIME, SERVING_RUNTIME, Obj
from omec.resolve import codes
from omec.resolve.context import Request
from omec.resolve.evaluate import evaluate
from omec.resolve.lints import runtime_lints, size_lints
from omec.resolve.matcher import ACCELERATOR_REASON, accelerator_mismatch, check
from omec.resolve.model_ref import MODEL_INVALID_TEXT, declared_kind_lint
from omec.resolve.offline import SIZE, analyse_pinned
from omec.resolve.profile import inheritance_problems
from omec.resolve.references import missing_runtime
from omec.resolve.views import CLUSTER_SCOPE, RuntimeView, runtime_view

RUNTIME_FIELD = ("spec", "runtime", "name")


def _incompatible(request: Request, name: str, reason: str | None, suffix: str = "") -> Diagnostic:
    # OME fills "model" with the format name, and leaves it empty for the accelerator check.
    shown = "" if reason == ACCELERATOR_REASON else request.meta.format_name
    return request.subject.at(
        codes.RUNTIME_INCOMPATIBLE,
        f"runtime {name} does not support model {shown}: {reason}{suffix}",
        field=RUNTIME_FIELD,
        hint=f"model {request.model.id}",
    )


def _offline(request: Request, view: RuntimeView) -> list[Diagnostic]:
    """The model lacks agent-filled fields: judge the runtime over all their possible values (OME would validate
    after the agent filled them)."""
    analysis = analyse_pinned(view, request.meta, request.missing, request.required)
    if not analysis.some_compatible:
        reason = check(view, request.meta, request.required).reason
        suffix = f" (whatever the model agent fills in for {request.missing_text})"
        return [_incompatible(request, view.name, reason, suffix)]
    if analysis.all_compatible:
        return []
    size_note = ""
    if SIZE in request.missing and view.size_range is not None:
        bounds = f"[{view.size_range.min}, {view.size_range.max}]"
        size_note = f"; model does not specify size, but runtime has size constraints {bounds}"
    return [
        request.subject.at(
            codes.CANNOT_VALIDATE_OFFLINE,
            f"cannot validate offline: model {request.model.name} lacks {request.missing_text} (filled in by OME's "
            f"model agent on a cluster) and runtime {view.name} supports only some of their values{size_note}",
            hint=f"write the fields into {request.model.id} or pass --model-metadata"
            + (f"; until they are filled OME reports '{MODEL_INVALID_TEXT}'" if not request.meta.format_name else ""),
        )
    ]


def _compatibility(request: Request, view: RuntimeView) -> list[Diagnostic]:
    if accelerator_mismatch(view, request.required):
        return [_incompatible(request, view.name, ACCELERATOR_REASON)]
    if request.missing:
        return size_lints(request.model, request.meta, [], request.options) + _offline(request, view)
    verdict = evaluate(view, request.meta, request.required)
    diags = size_lints(request.model, request.meta, [verdict], request.options)
    if not verdict.compat.ok and not verdict.compat.invalid_range:
        diags.append(_incompatible(request, view.name, verdict.compat.reason))
    return diags


@dataclass(frozen=True, slots=True)
class PinnedSelection:
    view: RuntimeView | None  # the runtime the name resolves to (None: not found)
    accepted: bool  # OME would use it
    diagnostics: list


def select_pinned(request: Request, isvc: Obj, name: str) -> PinnedSelection:
    """The pinned runtime (a ServingRuntime in the namespace, else a ClusterServingRuntime) and whether OME would
    accept it, with every diagnostic about it."""
    found = request.catalog.find_runtime(request.namespace, name)
    if found is None:
        not_found = request.subject.at(
            codes.RUNTIME_NOT_FOUND,
            f"runtime {name} not found in namespace {request.namespace} or at cluster scope",
            field=RUNTIME_FIELD,
        )
        return PinnedSelection(None, False, [missing_runtime(request.catalog, request.namespace, name, not_found)])
    view = runtime_view(found)
    diags = declared_kind_lint(isvc, "runtime", found, (SERVING_RUNTIME, CLUSTER_SERVING_RUNTIME))
    diags += inheritance_problems([view], request.options)
    if view.disabled:
        scope = "cluster-scoped" if view.scope == CLUSTER_SCOPE else "namespace-scoped"
        message = f"{scope} runtime {name} is disabled"
        disabled = request.subject.at(codes.RUNTIME_DISABLED, message, field=RUNTIME_FIELD)
        return PinnedSelection(view, False, [*diags, disabled])
    problems = _compatibility(request, view) + runtime_lints(view, request.meta)
    diags += problems
    failed = any(d.code in (codes.RUNTIME_INCOMPATIBLE.id, codes.INVALID_RUNTIME.id) for d in problems)
    return PinnedSelection(view, not failed, diags)
