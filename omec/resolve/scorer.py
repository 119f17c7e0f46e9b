"""Auto-selection score, match ordering and the supported-format pick, as OME's scorer and
``GetSupportedModelFormat``:
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/scorer.go,
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/selector.go#L324.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from omec.resolve.modelver import version_ok
from omec.resolve.sizes import model_size
from omec.resolve.views import CLUSTER_SCOPE, ModelMeta, RuntimeView, Smf, Spec

FORMAT_WEIGHT_FALLBACK = 10  # a stored weight of 0 (explicit `weight: 0`)
FRAMEWORK_WEIGHT_FALLBACK = 5


@dataclass(frozen=True, slots=True)
class Score:
    score: int
    smf_index: int | None = None  # the SMF that produced the score (first with the maximum)
    priority: int | None = None
    weight: int | None = None  # effective format weight (+ framework weight) of that SMF


NO_SCORE = Score(0)


def _versions_ok(runtime: Spec, model_version: str | None) -> bool:
    """One-sided missing versions count as a match here, unlike in compatibility."""
    if runtime.version is None or model_version is None:
        return True
    return version_ok(runtime.version, runtime.operator, model_version)


def smf_weight(smf: Smf) -> int:
    """Effective format weight (+ framework weight) of an SMF; a stored 0 becomes 10 / 5."""
    weight = 0
    if smf.model_format is not None:
        weight += smf.model_format.weight or FORMAT_WEIGHT_FALLBACK
    if smf.framework is not None:
        weight += smf.framework.weight or FRAMEWORK_WEIGHT_FALLBACK
    return weight


def score_blockers(smf: Smf, model: ModelMeta) -> frozenset:
    """The model fields (``modelFormat``, ``modelFramework``) whose mismatch makes this SMF score 0."""
    fmt, framework, have = smf.model_format, smf.framework, model.framework
    blockers = set()
    if fmt is not None and (fmt.name != model.format_name or not _versions_ok(fmt, model.format_version)):
        blockers.add("modelFormat")
    if framework is None or have is None:
        framework_blocks = framework is not have  # one side has a framework, the other none
    else:
        framework_blocks = framework.name != have.name or not _versions_ok(framework, have.version)
    if framework_blocks:
        blockers.add("modelFramework")
    return frozenset(blockers)


def format_score(smf: Smf, model: ModelMeta, priority: int) -> int:
    """``p x wF (+ p x wW)`` if the SMF's format and framework match the model, else 0."""
    return 0 if score_blockers(smf, model) else priority * smf_weight(smf)


def score_runtime(runtime: RuntimeView, model: ModelMeta) -> Score:
    """Maximum over SMFs whose ``autoSelect`` is not explicitly false (nil counts)."""
    best = NO_SCORE
    for smf in runtime.smfs:
        if smf.auto_select is False:
            continue
        value = format_score(smf, model, smf.priority)
        if value > best.score:
            best = Score(value, smf.index, smf.priority, smf_weight(smf))
    return best


def closeness(runtime: RuntimeView, model: ModelMeta) -> float:
    """``calculateSizeScore``: |min - s| + |max - s| for a ranged runtime, 0 without a range (NaN stays NaN); only
    used when the model has a size."""
    bounds = runtime.size_bounds
    if bounds is None:
        return 0.0
    assert model.size is not None, "closeness is only compared for models with a size"
    size = model_size(model.size)
    return abs(model_size(bounds[0]) - size) + abs(model_size(bounds[1]) - size)


def go_int(value: float) -> int:
    """Go's ``int(float64)`` on amd64: truncation toward zero; NaN and values beyond int64 give MinInt64."""
    if math.isnan(value) or not -(2.0**63) <= value < 2.0**63:
        return -(2**63)
    return int(value)


def size_comparison(first: RuntimeView, second: RuntimeView, model: ModelMeta) -> int | None:
    """``CompareRuntimes``' size step for a sized model: None when both closeness values are equal (the comparison
    goes on to scope and name), else ``int(second - first)``, which is 0 (a tie, with no name order) when they
    differ by less than 1."""
    if model.size is None:
        return None
    mine, theirs = closeness(first, model), closeness(second, model)
    return None if mine == theirs else go_int(theirs - mine)


def compare_runtimes(first: RuntimeView, first_score: int, second: RuntimeView, second_score: int,
                     model: ModelMeta) -> int:
    """OME's ``CompareRuntimes``: > 0 when ``first`` ranks before ``second``, < 0 after, 0 for a tie. Score, size-range
    closeness (truncated difference), namespace before cluster scope, then name."""
    if first_score != second_score:
        return first_score - second_score
    size = size_comparison(first, second, model)
    if size is not None:
        return size
    if first.scope != second.scope:
        return -1 if first.scope == CLUSTER_SCOPE else 1
    if first.name != second.name:
        return 1 if first.name < second.name else -1
    return 0


def pick_supported_format(runtime: RuntimeView, model: ModelMeta, pinned: bool) -> Smf | None:
    """The supported model format whose ``acceleratorConfig`` applies: the first SMF with the strictly highest
    priority-1 score > 0; auto-selected runtimes only look at ``autoSelect: true`` entries. Architecture and
    quantization are not checked."""
    best, best_score = None, 0
    for smf in runtime.smfs:
        if not pinned and smf.auto_select is not True:
            continue
        value = format_score(smf, model, 1)
        if value > best_score:
            best, best_score = smf, value
    return best
