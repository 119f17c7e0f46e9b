"""Auto-selection, OME's ``SelectRuntime``, and its offline form for models that lack metadata OME's model agent
fills in (:mod:`omec.resolve.offline`). OME: https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/selector.go#L39
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from omec.resolve import codes
from omec.resolve.context import Request
from omec.resolve.evaluate import Verdict, evaluate_pool, invalid_ranges, rank
from omec.resolve.lints import ranking_lints, runtime_lints, size_lints
from omec.resolve.offline import analyse_auto
from omec.resolve.profile import inheritance_problems
from omec.resolve.views import NAMESPACE_SCOPE, ModelMeta, RuntimeView

_LISTED = 10  # candidate names shown in one undecidable-offline message


@dataclass(slots=True)
class AutoSelection:
    """The evaluation auto-selection used: ``world`` is the model as judged (overlay / assumed metadata)."""

    world: ModelMeta
    verdicts: list  # list[Verdict], one per runtime of the pool
    ranked: list  # list[Verdict], the matches in OME's order
    winner: RuntimeView | None = None
    diagnostics: list = field(default_factory=list)


def no_runtime_message(request: Request, verdicts: list[Verdict]) -> str:
    """NoRuntimeFound with every runtime and its reason, by scope then name. OME lists only the incompatible runtimes,
    in random order; omec's list is complete and deterministic."""
    meta = request.meta
    text = (
        f"no runtime found to support model {meta.name} with format {meta.format_name} "
        f"in namespace {request.namespace}"
    )
    if verdicts:
        namespaced = sum(1 for v in verdicts if v.view.scope == NAMESPACE_SCOPE)
        text += (
            f". Checked {len(verdicts)} runtimes ({namespaced} namespace-scoped, {len(verdicts) - namespaced} "
            "cluster-scoped)"
        )
        ordered = sorted(verdicts, key=lambda v: v.view.sort_key)
        text += ". Excluded runtimes: " + "; ".join(f"{v.view.name} ({v.exclusion})" for v in ordered)
    return text


def _names(views) -> str:
    names = [view.name for view in views]
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def _hint(request: Request) -> str:
    return f"write {request.missing_text} into {request.model.id} or supply them with --model-metadata"


def _select_offline(request: Request, pool: list[RuntimeView]) -> AutoSelection:
    """The model lacks agent-filled fields: choose only if every possible value of them leads to the same runtime."""
    analysis = analyse_auto(pool, request.meta, request.missing, request.required)
    winner = analysis.decided
    if winner is not None:
        world = analysis.worlds[(winner.scope, winner.name)]
        verdicts = evaluate_pool(pool, world, request.required)
        otherwise = "; for other values no runtime matches" if analysis.none_possible else ""
        note = request.subject.at(
            codes.METADATA_ASSUMED,
            f"model {request.meta.name} lacks {request.missing_text} (filled in by OME's model agent on a cluster): "
            f"{winner.name} is the only runtime auto-selection can choose{otherwise}",
            hint=_hint(request),
        )
        return AutoSelection(world, verdicts, rank(verdicts, world), winner, [note])
    verdicts = evaluate_pool(pool, request.meta, request.required)
    ranked = rank(verdicts, request.meta)  # as written: what explain shows
    if not analysis.possible and analysis.proved:
        message = no_runtime_message(request, verdicts) + f" (for any value of {request.missing_text})"
        error = request.subject.at(codes.NO_RUNTIME_FOUND, message)
        return AutoSelection(request.meta, verdicts, ranked, None, [error])
    choices = analysis.possible if analysis.proved else analysis.candidates
    reason = "" if analysis.proved else " (too many combinations to prove a single choice)"
    error = request.subject.at(
        codes.UNDECIDABLE_OFFLINE,
        f"undecidable offline: the runtime for model {request.meta.name} depends on {request.missing_text}, "
        f"which OME's model agent fills in on a cluster; it would choose between {_names(choices)}{reason}",
        hint=_hint(request),
    )
    return AutoSelection(request.meta, verdicts, ranked, None, [error])


def _select_online(request: Request, pool: list[RuntimeView]) -> AutoSelection:
    """Selection for a model with complete metadata. Everything but the subject's own diagnostics depends only
    on (namespace, model, required AcceleratorClasses), so it is computed once per run for those."""
    # The pool is the namespace's ServingRuntimes (listed first) + every cluster runtime: namespaces without
    # ServingRuntimes share one pool, hence one selection.
    pool_key = request.namespace if pool and pool[0].scope == NAMESPACE_SCOPE else None
    model = request.model
    key = (pool_key, (model.kind, model.namespace, model.name), repr(request.meta), request.required,
           request.options.strict)

    def select() -> tuple:
        verdicts = evaluate_pool(pool, request.meta, request.required, request.shared)
        ranked = [] if invalid_ranges(verdicts) else rank(verdicts, request.meta)
        return verdicts, ranked, _catalog_lints(request, pool, request.meta, verdicts)

    verdicts, ranked, lints = request.shared.selections.get(key, select)
    if not ranked and not invalid_ranges(verdicts):
        error = request.subject.at(codes.NO_RUNTIME_FOUND, no_runtime_message(request, verdicts))
        return AutoSelection(request.meta, verdicts, [], None, [error, *lints])
    return AutoSelection(request.meta, verdicts, ranked, ranked[0].view if ranked else None, list(lints))


def _catalog_lints(request: Request, pool: list[RuntimeView], world: ModelMeta, verdicts: list[Verdict]) -> list:
    """Lints about the runtimes and the model themselves (positioned on them, not on the InferenceService)."""
    diags = inheritance_problems(pool, request.options) + size_lints(request.model, world, verdicts, request.options)
    world_key = repr(world)
    for verdict in verdicts:
        view = verdict.view
        diags += request.shared.runtime_lints.get((view.obj.ref, world_key), partial(runtime_lints, view, world))
    return diags


def select_auto(request: Request, pool: list[RuntimeView]) -> AutoSelection:
    """The runtime OME would auto-select (or why none), plus lints about the decision."""
    if request.missing:
        selection = _select_offline(request, pool)
        selection.diagnostics += _catalog_lints(request, pool, selection.world, selection.verdicts)
    else:
        selection = _select_online(request, pool)
    if selection.winner is not None:
        selection.diagnostics += ranking_lints(selection.ranked, selection.world, request.subject)
    return selection
