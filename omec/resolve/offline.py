"""Missing model metadata offline.

On a cluster OME's model agent fills ``modelFormat``, ``modelFramework``, ``modelArchitecture``,
``modelParameterSize`` and ``quantization`` where the (Cluster)BaseModel leaves them unset, and only then does
selection run. Offline those values are unknown, so omec asks: *could a different value change the result?*

Assumptions: the agent fills a missing field with some value or leaves it unset
(``modelFormat`` is always filled); ``quantization`` counts as missing only when another agent-filled field
is missing too (a model whose format, framework, architecture and size are all written is taken as fully
described: no quantization means "not quantized"); a model annotated
``ome.oracle.com/skip-config-parsing: "true"`` is never filled and is judged as written.

Soundness: every comparison selection makes with a missing field is an equality with a value some runtime
names, a version comparison against a runtime version, or a comparison with a size-range bound. For each
missing field omec samples one value per region those constants partition the value space into (each named
value, "some other value", "unset"; versions at every precision and prefix plus their immediate
neighbours; sizes at, between, below and above every bound), then evaluates the selection on every
combination. A result is declared decidable only after all combinations agree (budgeted; when the budget
runs out omec reports the selection as undecidable rather than guess).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from omec.model import Obj
from omec.resolve.evaluate import evaluate, rank
from omec.resolve.matcher import accelerator_mismatch, check, size_reason, smf_reasons
from omec.resolve.modelver import EQUAL, GREATER_THAN, neighbours, parse_version
from omec.resolve.scorer import score_blockers
from omec.resolve.sizes import model_size
from omec.resolve.views import ModelMeta, RuntimeView, Smf, Spec

SKIP_ANNOTATION = "ome.oracle.com/skip-config-parsing"
FORMAT, FRAMEWORK, ARCHITECTURE, QUANTIZATION, SIZE = (
    "modelFormat",
    "modelFramework",
    "modelArchitecture",
    "quantization",
    "modelParameterSize",
)
FIELDS = (FORMAT, FRAMEWORK, ARCHITECTURE, QUANTIZATION, SIZE)
OTHER = "<other>"  # a name no runtime uses
UNMATCHED_VERSION = "?"  # a version no runtime accepts (does not parse)
_BIG = 999_999  # "any larger version component" when stepping below x.0.0
EVALUATION_BUDGET = 200_000  # runtime evaluations per analysis


def missing_fields(model: Obj, meta: ModelMeta) -> tuple:
    """The agent-filled fields this model leaves unset, in :data:`FIELDS` order (empty: nothing to guess)."""
    if str(model.annotations.get(SKIP_ANNOTATION, "")).lower() == "true":
        return ()
    absent = {
        FORMAT: not meta.format_name,
        FRAMEWORK: meta.framework is None,
        ARCHITECTURE: meta.architecture is None,
        SIZE: meta.size is None,
    }
    if not any(absent.values()):
        return ()
    absent[QUANTIZATION] = meta.quantization is None
    return tuple(f for f in FIELDS if absent.get(f))


# --- possible values of each missing field -------------------------------------------------------------


def _representations(version: str) -> list[str]:
    """``version`` as written, and for official versions every precision/prefix spelling and neighbour."""
    parsed = parse_version(version)
    texts = [version]
    if parsed is None or not parsed.official:
        return texts
    for precision in (1, 2, 3):
        if any(parsed.numbers[precision:]):
            continue
        for prefix in ("", "v"):
            variant = replace(parsed, precision=precision, prefix=prefix)
            texts += [variant.text()] + [n.text() for n in neighbours(variant, _BIG)]
    return texts


def _version_samples(specs: list[Spec]) -> list:
    """Unset, every runtime version, and a version no runtime accepts; where some runtime compares with an
    operator other than Equal (precision and prefix then matter) also every spelling and neighbour."""
    versions = sorted({s.version for s in specs if s.version is not None})
    if all(s.operator == EQUAL for s in specs):
        return [None, *versions, UNMATCHED_VERSION]
    return _unique([None, *itertools.chain.from_iterable(_representations(v) for v in versions), UNMATCHED_VERSION])


def _named_samples(specs: list[Spec]) -> list:
    """(name, version) pairs: every name runtimes use with every version region, and an unknown name."""
    samples = []
    for name in sorted({s.name for s in specs}):
        samples += [(name, v) for v in _version_samples([s for s in specs if s.name == name])]
    return [*samples, (OTHER, None)]


def _size_samples(views: list[RuntimeView]) -> list:
    """Unset, every bound, every midpoint between bounds, and one size below / above all of them."""
    ranges = [view.size_bounds for view in views]
    parsed = {model_size(bound) for bounds in ranges if bounds is not None for bound in bounds}
    bounds = sorted(b for b in parsed if not math.isnan(b))
    if not bounds:
        return [None, "1B"]
    values = set(bounds) | {(a + b) / 2 for a, b in itertools.pairwise(bounds)}
    values.add(bounds[0] / 2 if bounds[0] > 0 else bounds[0] - 1)
    values.add(bounds[-1] * 2 if bounds[-1] > 0 else bounds[-1] + 1)
    return [None] + [repr(v) for v in sorted(values) if not math.isinf(v)]


def _unique(values: list) -> list:
    return list(dict.fromkeys(values))


def field_samples(field: str, views: list[RuntimeView]) -> list:
    smfs = [smf for view in views for smf in view.smfs]
    if field == FORMAT:
        return _named_samples([s.model_format for s in smfs if s.model_format is not None])
    if field == FRAMEWORK:
        return [None, *_named_samples([s.framework for s in smfs if s.framework is not None])]
    if field == SIZE:
        return _size_samples(views)
    attribute = "architecture" if field == ARCHITECTURE else "quantization"
    return [None, *sorted({getattr(s, attribute) for s in smfs} - {None}), OTHER]


def with_value(meta: ModelMeta, field: str, value) -> ModelMeta:
    """``meta`` with one missing field set to a sampled value."""
    if field == FORMAT:
        return replace(meta, format_name=value[0], format_version=value[1])
    if field == FRAMEWORK:
        return replace(meta, framework=None if value is None else Spec(value[0], value[1]))
    if field == ARCHITECTURE:
        return replace(meta, architecture=value)
    if field == QUANTIZATION:
        return replace(meta, quantization=value)
    return replace(meta, size=value)


def worlds(meta: ModelMeta, missing: tuple, views: list[RuntimeView]):
    """Every combination of sampled values of the missing fields (lazily)."""
    samples = [field_samples(field, views) for field in missing]
    for combination in itertools.product(*samples):
        world = meta
        for field, value in zip(missing, combination, strict=True):
            world = with_value(world, field, value)
        yield world


# --- auto-selection -------------------------------------------------------------------------------------


def _consistent(smf: Smf, meta: ModelMeta, missing: tuple) -> bool:
    """Could ``smf`` pass the format predicate for some values of the missing fields?"""
    if smf.model_format is None:
        return False
    return all(reason is None or field in missing for field, reason in smf_reasons(meta, smf).items())


def could_match(view: RuntimeView, meta: ModelMeta, missing: tuple, required: frozenset) -> bool:
    """Over-approximation of "is a match (compatible, auto-selectable, score > 0) for some values of the missing
    fields"."""
    if view.disabled or accelerator_mismatch(view, required) or not view.has_auto_select:
        return False
    if not any(_consistent(smf, meta, missing) for smf in view.smfs):
        return False
    if not any(smf.auto_select is not False and score_blockers(smf, meta) <= set(missing) for smf in view.smfs):
        return False
    sized = SIZE not in missing and meta.size is not None
    if sized and view.size_range is not None and view.size_range.complete:
        return size_reason(view, meta) is None
    return True


def _accepted_version(spec: Spec) -> str | None:
    """A model version the runtime spec accepts (below it for GreaterThan)."""
    parsed = parse_version(spec.version) if spec.version is not None else None
    if spec.operator == GREATER_THAN and parsed is not None and parsed.official:
        below = neighbours(parsed, _BIG)[1:]
        return below[0].text() if below else spec.version
    return spec.version


def witness(view: RuntimeView, meta: ModelMeta, missing: tuple) -> ModelMeta | None:
    """Values of the missing fields taken from the runtime's first consistent SMF (a likely match)."""
    smf = next((s for s in view.smfs if _consistent(s, meta, missing)), None)
    if smf is None:
        return None
    bounds = view.size_bounds
    values = {
        FORMAT: (smf.model_format.name, _accepted_version(smf.model_format)),
        FRAMEWORK: None if smf.framework is None else (smf.framework.name, _accepted_version(smf.framework)),
        ARCHITECTURE: smf.architecture,
        QUANTIZATION: smf.quantization,
        SIZE: repr((model_size(bounds[0]) + model_size(bounds[1])) / 2) if bounds is not None else None,
    }
    world = meta
    for field in missing:
        world = with_value(world, field, values[field])
    return world


@dataclass(frozen=True, slots=True)
class AutoAnalysis:
    missing: tuple
    candidates: tuple  # tuple[RuntimeView, ...]: runtimes that might match for some values (superset)
    possible: tuple  # tuple[RuntimeView, ...]: runtimes seen winning for some values (scope, name order)
    worlds: dict  # (scope, name) -> a world (ModelMeta) in which that runtime wins
    none_possible: bool  # for some values no runtime matches
    proved: bool  # every combination was evaluated (False: budget exhausted, treat as undecidable)

    @property
    def decided(self) -> RuntimeView | None:
        return self.possible[0] if self.proved and len(self.possible) == 1 else None


def _winner(candidates: list[RuntimeView], world: ModelMeta, required: frozenset) -> RuntimeView | None:
    """The auto-selected runtime in one world; None also when OME would crash on a size range there."""
    verdicts = [evaluate(view, world, required) for view in candidates]
    if any(v.compat.invalid_range for v in verdicts):
        return None
    ranked = rank(verdicts, world)
    return ranked[0].view if ranked else None


def analyse_auto(pool: list[RuntimeView], meta: ModelMeta, missing: tuple, required: frozenset) -> AutoAnalysis:
    """Which runtimes auto-selection can pick over all possible values of the missing fields."""
    candidates = [view for view in pool if could_match(view, meta, missing, required)]
    found: dict = {}
    none_possible = False

    def record(world: ModelMeta) -> None:
        nonlocal none_possible
        winner = _winner(candidates, world, required)
        if winner is None:
            none_possible = True
        else:
            found.setdefault((winner.scope, winner.name), (winner, world))

    for view in candidates:
        likely = witness(view, meta, missing)
        assert likely is not None, "candidates always have a consistent SMF"
        record(likely)
    proved = True
    if len(found) < 2 and candidates:
        budget = EVALUATION_BUDGET // len(candidates)
        for count, world in enumerate(worlds(meta, missing, candidates)):
            if count >= budget:
                proved = False
                break
            record(world)
            if len(found) >= 2:
                break
    possible = sorted((winner for winner, _ in found.values()), key=lambda v: v.sort_key)
    return AutoAnalysis(
        missing,
        tuple(candidates),
        tuple(possible),
        {key: world for key, (_, world) in found.items()},
        none_possible or not found,
        proved,
    )


# --- pinned runtime -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PinnedAnalysis:
    some_compatible: bool
    all_compatible: bool


def analyse_pinned(view: RuntimeView, meta: ModelMeta, missing: tuple, required: frozenset) -> PinnedAnalysis:
    """Is the pinned runtime compatible for some / for all possible values of the missing fields?"""
    likely = witness(view, meta, missing)
    seen = set() if likely is None else {check(view, likely, required).ok}
    for count, world in enumerate(worlds(meta, missing, [view])):
        if count >= EVALUATION_BUDGET:
            return PinnedAnalysis(True in seen, False)
        seen.add(check(view, world, required).ok)
        if len(seen) == 2:
            return PinnedAnalysis(True, False)
    return PinnedAnalysis(True in seen, seen == {True})
