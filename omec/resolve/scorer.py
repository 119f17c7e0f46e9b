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
from omec.resolve.views import ModelMeta, RuntimeView, Smf, Spec

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
    """|min - s| + |max - s| for a ranged runtime, 0 without a range; only used when the model has a size."""
    bounds = runtime.size_bounds
    if bounds is None:
        return 0.0
    assert model.size is not None, "closeness is only compared for models with a size"
    size = model_size(model.size)
    value = abs(model_size(bounds[0]) - size) + abs(model_size(bounds[1]) - size)
    return math.inf if math.isnan(value) else value


def order_key(runtime: RuntimeView, score: Score, model: ModelMeta) -> tuple:
    """Total order inside one scope group: score desc, closeness asc (sized models only), name."""
    return (-score.score, closeness(runtime, model) if model.size is not None else 0.0, runtime.name)


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
