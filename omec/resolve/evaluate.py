"""One runtime's verdict for a model, and the ranking of the matches."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from omec.golang.sort import slice_sort
from omec.memo import NO_SHARING, Shared
from omec.resolve.matcher import Compat, check
from omec.resolve.scorer import NO_SCORE, Score, compare_runtimes, score_runtime
from omec.resolve.views import NAMESPACE_SCOPE, ModelMeta, RuntimeView

NO_AUTO_SELECT_REASON = "no supported format has autoSelect: true"
ZERO_SCORE_REASON = "score 0: no supported format with autoSelect not false matches the model format and framework"


@dataclass(frozen=True, slots=True)
class Verdict:
    view: RuntimeView
    compat: Compat
    score: Score

    @property
    def eligible(self) -> bool:
        """A match: compatible, auto-selectable (some SMF has ``autoSelect: true``) and score > 0."""
        return self.compat.ok and self.view.has_auto_select and self.score.score > 0

    @property
    def exclusion(self) -> str | None:
        """Why the runtime is not a match (OME's reason for incompatible ones), None for matches."""
        if not self.compat.ok:
            return self.compat.reason
        if not self.view.has_auto_select:
            return NO_AUTO_SELECT_REASON
        if self.score.score <= 0:
            return ZERO_SCORE_REASON
        return None


def evaluate(view: RuntimeView, model: ModelMeta, required: frozenset) -> Verdict:
    compat = check(view, model, required)
    return Verdict(view, compat, score_runtime(view, model) if compat.ok else NO_SCORE)


def evaluate_pool(pool: list, model: ModelMeta, required: frozenset, shared: Shared = NO_SHARING) -> list[Verdict]:
    """Verdicts of every runtime of ``pool``, reused across services through ``shared.verdicts``."""
    model_key = repr(model)
    return [
        shared.verdicts.get((view.obj.ref, model_key, required), partial(evaluate, view, model, required))
        for view in pool
    ]


def rank(verdicts: list[Verdict], model: ModelMeta) -> list[Verdict]:
    """Matches in OME's order (``GetCompatibleRuntimes``): the namespace-scoped matches, then the cluster-scoped ones,
    each group sorted by ``sort.Slice`` with ``CompareRuntimes`` from the order the runtimes were fetched in (creation
    time, newest first, then name: name order, creation times being unknown offline)."""
    matches = [v for v in verdicts if v.eligible]

    def less(a: Verdict, b: Verdict) -> bool:
        return compare_runtimes(a.view, a.score.score, b.view, b.score.score, model) > 0

    namespaced = [v for v in matches if v.view.scope == NAMESPACE_SCOPE]
    cluster = [v for v in matches if v.view.scope != NAMESPACE_SCOPE]
    return [*slice_sort(namespaced, less), *slice_sort(cluster, less)]


def invalid_ranges(verdicts: list[Verdict]) -> list[Verdict]:
    """Runtimes whose incomplete modelSizeRange OME would dereference (a crash of the whole selection)."""
    return [v for v in verdicts if v.compat.invalid_range]
