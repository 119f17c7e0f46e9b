"""Rows of ``omec explain`` (columns as upstream ``kubectl ome runtime explain``: RUNTIME / SCOPE / COMPATIBLE /
PRIORITY / WEIGHT / REASON): the selected runtime, the other matches in OME's order, then every excluded
runtime by scope and name with OME's reason."""
from __future__ import annotations

from omec.resolve.evaluate import Verdict
from omec.resolve.result import Candidate
from omec.resolve.scorer import size_comparison
from omec.resolve.views import ModelMeta, RuntimeView

PINNED_REASON = "pinned by spec.runtime.name"


def _decider(first: Verdict, second: Verdict, meta: ModelMeta) -> str:
    """What puts ``first`` ahead of ``second`` in OME's order (scope, score, size-range closeness, name)."""
    if first.view.scope != second.view.scope:
        return "namespace-scoped runtimes rank before cluster-scoped ones"
    if first.score.score != second.score.score:
        return f"higher score ({first.score.score} > {second.score.score})"
    size = size_comparison(first.view, second.view, meta)
    if size:
        return "same score, closer size range (size-range tie-break)"
    if size == 0:
        return "same score, size-range closeness within 1 (a tie for OME): list order, creation time then name"
    return "same score, name order"


def auto_reason(ranked: list[Verdict], meta: ModelMeta) -> str:
    """One line for the auto-selected runtime (``Resolution.reason``)."""
    winner = ranked[0]
    if len(ranked) == 1:
        return f"auto-selected: the only match, score {winner.score.score}"
    second = ranked[1]
    return f"auto-selected: score {winner.score.score}, before {second.view.name}: {_decider(winner, second, meta)}"


def _row(verdict: Verdict, selected: bool, reason: str) -> Candidate:
    score = verdict.score if verdict.eligible else None
    return Candidate(
        name=verdict.view.name,
        scope=verdict.view.scope,
        compatible=verdict.compat.ok,
        selected=selected,
        score=score.score if score else 0,
        priority=score.priority if score else None,
        weight=score.weight if score else None,
        reason=reason,
    )


def candidate_rows(
    verdicts: list[Verdict],
    ranked: list[Verdict],
    meta: ModelMeta,
    pinned: RuntimeView | None = None,
    note: str = "",
) -> tuple:
    """All runtimes of the pool as :class:`Candidate` rows, the chosen one first (``note`` is appended to
    the chosen runtime's reason)."""
    rows = []
    if pinned is not None:
        own = next(v for v in verdicts if v.view.obj is pinned.obj)
        rows.append(_row(own, True, PINNED_REASON + note))
    for position, verdict in enumerate(ranked, start=1):
        if pinned is not None:
            if verdict.view.obj is not pinned.obj:
                rows.append(_row(verdict, False, f"rank {position} for auto-selection; not used: runtime is pinned"))
        elif position == 1:
            rows.append(_row(verdict, True, auto_reason(ranked, meta) + note))
        else:
            rows.append(_row(verdict, False, f"rank {position}: {ranked[0].view.name} wins, "
                                             f"{_decider(ranked[0], verdict, meta)}"))
    excluded = sorted((v for v in verdicts if not v.eligible), key=lambda v: v.view.sort_key)
    for verdict in excluded:
        if pinned is None or verdict.view.obj is not pinned.obj:
            reason = verdict.exclusion
            assert reason is not None, "a verdict that is not eligible has a reason"
            rows.append(_row(verdict, False, reason))
    return tuple(rows)
