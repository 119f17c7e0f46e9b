"""AcceleratorClass constraints and selection policies (BestFit, Cheapest, MostCapable, FirstAvailable), as in
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/acceleratorclassselector/policy_helpers.go

BestFit and MostCapable sort the scored candidates with Go's ``sort.Slice`` (``sortScoredCandidates``) and take the
first, so equal scores end in the order Go's unstable sort leaves them (:func:`omec.golang.sort.slice_sort`; the
runtime-list order up to 12 candidates); Cheapest takes the first lowest cost in list order.
"""
from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TypeVar

from omec.golang.quantity import GIB, quantity_or_none, value_or_none
from omec.golang.sort import slice_sort
from omec.model import Obj

BEST_FIT, CHEAPEST, MOST_CAPABLE, FIRST_AVAILABLE = "BestFit", "Cheapest", "MostCapable", "FirstAvailable"
_PERFORMANCE_KEYS = {
    "fp32": "fp32Tflops", "fp16": "fp16Tflops", "int8": "int8Tops", "fp8": "int8Tops", "int4": "int4Tops"
}
_TIERS = {"low": 1, "medium": 2, "high": 3}

T = TypeVar("T")
S = TypeVar("S", float, Fraction)  # scores: floats, or exact costs


def _capabilities(ac: Obj) -> dict:
    return ac.spec.get("capabilities") or {}


def memory_bytes(ac: Obj) -> int | None:
    """``capabilities.memoryGB.Value()``: bytes (the field is a Quantity), None when absent."""
    return value_or_none(_capabilities(ac).get("memoryGB")) if "memoryGB" in _capabilities(ac) else None


def _gib(memory: int) -> int:
    """``Value() / (1024 * 1024 * 1024)`` in int64: truncated toward zero."""
    return int(Fraction(memory, GIB))


def _constraint_failure(ac: Obj, constraints: dict) -> bool:
    spec, caps = ac.spec, _capabilities(ac)
    if ac.name in (constraints.get("excludedClasses") or ()):
        return True
    families = constraints.get("architectureFamilies") or ()
    if families:
        family = str(spec.get("family") or "").lower()
        vendor_family = f"{str(spec.get('vendor') or '').lower()}-{family}"
        if not any(str(f).lower() == (vendor_family if "-" in str(f) else family) for f in families):
            return True
    if constraints.get("minMemory") is not None or constraints.get("maxMemory") is not None:
        memory = memory_bytes(ac)
        if memory is None:
            return True
        gib = _gib(memory)
        if constraints.get("minMemory") is not None and gib < constraints["minMemory"]:
            return True
        if constraints.get("maxMemory") is not None and gib > constraints["maxMemory"]:
            return True
    features = {str(f).lower() for f in caps.get("features") or ()}
    if any(str(f).lower() not in features for f in constraints.get("requiredFeatures") or ()):
        return True
    minimum = constraints.get("minArchitectureVersion")
    if minimum is not None:
        capability = caps.get("computeCapability") or ""
        if not capability or str(capability) < str(minimum):  # lexicographic, as OME ("10.0" < "9.0")
            return True
    return False


def filter_candidates(candidates: list[Obj], constraints: dict | None) -> list[Obj]:
    if not constraints:
        return list(candidates)
    return [ac for ac in candidates if not _constraint_failure(ac, constraints)]


def _tflops(ac: Obj, precision: str) -> int:
    key = _PERFORMANCE_KEYS.get(precision.lower())
    value = (_capabilities(ac).get("performance") or {}).get(key) if key else None
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _max_tflops(ac: Obj) -> int:
    return max(_tflops(ac, p) for p in ("fp32", "fp16", "int8", "int4"))


def _tflops_score(tflops: int, required: int) -> float:
    if tflops == 0:
        return 0.0
    if required == 0:
        return 1.0
    return min(tflops / required, 1.0)


def _compute_score(ac: Obj, constraints: dict) -> float:
    """TFLOPS score: max over precisions without a preference, else the first preferred precision with
    data, halved per fallback step, with fp16 as the last resort."""
    if _capabilities(ac).get("performance") is None:
        return 0.0
    required = int(constraints.get("minComputePerformanceTFLOPS") or 0)
    preferred = [str(p).lower() for p in constraints.get("preferredPrecisions") or ()]
    if not preferred:
        return _tflops_score(_max_tflops(ac), required)
    penalty = 1.0
    for precision in preferred:
        tflops = _tflops(ac, precision)
        if tflops > 0:
            return _tflops_score(tflops, required) * penalty
        penalty *= 0.5
    if "fp16" not in preferred and _tflops(ac, "fp16") > 0:
        return _tflops_score(_tflops(ac, "fp16"), required) * penalty
    return 0.0


def _memory_fit(ac: Obj, constraints: dict) -> float:
    required = constraints.get("minMemory")
    if required is None:
        return 1.0
    memory = memory_bytes(ac)
    if memory is None:
        return 0.0
    gib = float(memory) / GIB  # float64(Value()) / 2^30
    if gib < required:
        return 0.0
    return 1.0 if gib == required else required / gib


def _first_best(candidates: list[T], score: Callable[[T], S]) -> T:
    """The first candidate with the highest score (a linear scan, as ``findCheapestByCost``)."""
    best = candidates[0]
    best_score = score(best)
    for ac in candidates[1:]:
        value = score(ac)
        if value > best_score:
            best, best_score = ac, value
    return best


def _highest(candidates: list[Obj], score: Callable[[Obj], float]) -> Obj:
    """``sortScoredCandidates(scored, false)`` then ``scored[0]``: Go's sort.Slice by descending score."""
    scored = [(ac, score(ac)) for ac in candidates]
    return slice_sort(scored, lambda a, b: a[1] > b[1])[0][0]


def best_fit(candidates: list[Obj], constraints: dict) -> Obj:
    """Maximize 0.7 memory fit + 0.3 compute score."""
    return _highest(candidates, lambda ac: 0.7 * _memory_fit(ac, constraints) + 0.3 * _compute_score(ac, constraints))


def _cost(ac: Obj, *keys: str) -> Fraction | None:
    cost = ac.spec.get("cost") or {}
    for key in keys:
        if cost.get(key) is not None and quantity_or_none(cost[key]) is not None:
            return quantity_or_none(cost[key])
    return None


def cheapest(candidates: list[Obj]) -> Obj | None:
    """Lowest hourly (spot preferred), else lowest per-million-tokens, else lowest tier; no cost = skipped."""
    for keys in (("spotPerHour", "perHour"), ("perMillionTokens",)):
        costs = [(ac, _cost(ac, *keys)) for ac in candidates]
        priced = [(ac, value) for ac, value in costs if value is not None]
        if priced:
            return _first_best(priced, lambda item: -item[1])[0]
    tiers = [(ac, (ac.spec.get("cost") or {}).get("tier")) for ac in candidates]
    tiered = [(ac, _TIERS.get(str(tier).lower(), 2)) for ac, tier in tiers if tier]
    return _first_best(tiered, lambda item: -item[1])[0] if tiered else None


def _raw_capability(ac: Obj, preferred: list[str]) -> tuple[float, float, float]:
    precisions = preferred or ["fp16"]
    tflops = next((t for t in (_tflops(ac, p) for p in precisions) if t > 0), 0)
    memory = memory_bytes(ac)
    bandwidth = value_or_none(_capabilities(ac).get("memoryBandwidthGBps"))
    return float(tflops), float(memory or 0) / GIB, float(bandwidth or 0)


def most_capable(candidates: list[Obj], preferred: list[str]) -> Obj:
    """Maximize 0.5 memory + 0.3 bandwidth + 0.2 TFLOPS, each normalized by the candidates' maximum."""
    raw = {id(ac): _raw_capability(ac, preferred) for ac in candidates}
    top = [max(values[i] for values in raw.values()) for i in range(3)]

    def share(value: float, maximum: float) -> float:
        return value / maximum if maximum > 0 else 0.0

    def score(ac: Obj) -> float:
        tflops, memory, bandwidth = raw[id(ac)]
        return 0.5 * share(memory, top[1]) + 0.3 * share(bandwidth, top[2]) + 0.2 * share(tflops, top[0])

    return _highest(candidates, score)
