"""OME's pkg/acceleratorclassselector tests (selector_test.go, policy_helpers_test.go at
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/acceleratorclassselector) that
omec's resolve cases did not pin.

The selection cases run the whole build: a runtime listing the candidate AcceleratorClasses, an InferenceService with
``acceleratorSelector.policy`` and constraints, and the engine Deployment's node selector tells which class was
chosen (each class's discovery nodeSelector names it). The helper cases call omec's policy functions
(omec/resolve/ac_policies.py) on the same specs. Classes are those of the Go tests' ``createRealisticAccelerators``.
"""
from __future__ import annotations

import pytest

from omec.diagnostics import SourceRef
from omec.golang.sort import slice_sort
from omec.model import Obj
from omec.resolve import ac_policies
from tests.golden.harness import accelerator, compile_docs, container, isvc, model, pod_spec, runtime

GIB = 2**30
H100 = accelerator(
    "nvidia-h100-80gb", vendor="NVIDIA", family="Hopper",
    capabilities={"memoryGB": "80Gi", "memoryBandwidthGBps": "3000",
                  "performance": {"fp32Tflops": 67, "fp16Tflops": 1979, "int8Tops": 3958, "int4Tops": 7916},
                  "features": ["cuda", "tensor-cores", "nvlink", "fp8"], "computeCapability": "9.0"},
    cost={"perHour": "4", "spotPerHour": "2", "perMillionTokens": "100", "tier": "high"},
)
A100 = accelerator(
    "nvidia-a100-40gb", vendor="NVIDIA", family="Ampere",
    capabilities={"memoryGB": "40Gi", "memoryBandwidthGBps": "1555",
                  "performance": {"fp32Tflops": 19, "fp16Tflops": 312, "int8Tops": 624},
                  "features": ["cuda", "tensor-cores", "nvlink"], "computeCapability": "8.0"},
    cost={"perHour": "2", "spotPerHour": "1", "perMillionTokens": "50", "tier": "medium"},
)
T4 = accelerator(
    "nvidia-t4", vendor="NVIDIA", family="Turing",
    capabilities={"memoryGB": "16Gi", "memoryBandwidthGBps": "320",
                  "performance": {"fp32Tflops": 8, "fp16Tflops": 65, "int8Tops": 130},
                  "features": ["cuda", "tensor-cores"], "computeCapability": "7.5"},
    cost={"perHour": "1", "spotPerHour": "0", "perMillionTokens": "20", "tier": "low"},
)
REALISTIC = {ac["metadata"]["name"]: ac for ac in (H100, A100, T4)}


def chosen(policy: str, constraints: dict | None, classes: list[dict]) -> str | None:
    """The AcceleratorClass the engine gets for ``policy`` over ``classes`` (in the runtime's order), or None."""
    names = [ac["metadata"]["name"] for ac in classes]
    rt = runtime("gpu-rt", acceleratorRequirements={"acceleratorClasses": names},
                 engineConfig={"runner": container("ome-container", "vllm:latest")})
    selector = {"policy": policy, **({"constraints": constraints} if constraints is not None else {})}
    spec = {"model": {"name": "m", "kind": "BaseModel"}, "runtime": {"name": "gpu-rt"}, "engine": {},
            "acceleratorSelector": selector}
    built = compile_docs(model("m"), rt, *classes, isvc("svc", spec))
    return pod_spec(built.get("Deployment", "svc-engine"))["nodeSelector"].get("gpu.example.com/class")


def realistic(*names: str) -> list[dict]:
    return [REALISTIC[n] for n in names]


# --- selector_test.go ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "constraints", "candidates", "expected"),
    [
        ("80GB requirement - H100 only option", {"minMemory": 80, "preferredPrecisions": ["fp16"]},
         ("nvidia-h100-80gb", "nvidia-a100-40gb", "nvidia-t4"), "nvidia-h100-80gb"),
        ("FP8 preference with high memory - H100 selected", {"minMemory": 80, "preferredPrecisions": ["fp8", "fp16"]},
         ("nvidia-h100-80gb", "nvidia-a100-40gb"), "nvidia-h100-80gb"),
        ("NVLink required - filters out T4", {"minMemory": 16, "requiredFeatures": ["nvlink"]},
         ("nvidia-a100-40gb", "nvidia-t4"), "nvidia-a100-40gb"),
        ("Single candidate after filtering", {"minMemory": 16, "maxMemory": 20},
         ("nvidia-h100-80gb", "nvidia-a100-40gb", "nvidia-t4"), "nvidia-t4"),
    ],
)
def test_select_best_fit_integration(case, constraints, candidates, expected):
    """TestSelectBestFit_Integration."""
    assert chosen("BestFit", constraints, realistic(*candidates)) == expected, case


@pytest.mark.parametrize(
    ("case", "constraints", "candidates", "expected"),
    [
        ("Spot pricing preferred", {"minMemory": 40}, ("nvidia-h100-80gb", "nvidia-a100-40gb"), "nvidia-a100-40gb"),
        ("High memory requirement - H100 vs A100", {"minMemory": 80}, ("nvidia-h100-80gb", "nvidia-a100-40gb"),
         "nvidia-h100-80gb"),
    ],
)
def test_select_cheapest_integration(case, constraints, candidates, expected):
    """TestSelectCheapest_Integration."""
    assert chosen("Cheapest", constraints, realistic(*candidates)) == expected, case


@pytest.mark.parametrize(
    ("case", "costs", "expected"),
    [
        ("Mixed hourly types - spot vs on-demand same unit", {"ac-a": {"spotPerHour": "5"}, "ac-b": {"perHour": "3"}},
         "ac-b"),
        ("Hourly vs token - hourly group takes priority",
         {"ac-hourly": {"perHour": "10"}, "ac-token": {"perMillionTokens": "1"}}, "ac-hourly"),
        ("Only token pricing",
         {"ac-expensive-token": {"perMillionTokens": "50"}, "ac-cheap-token": {"perMillionTokens": "10"}},
         "ac-cheap-token"),
        ("Only tier pricing", {"ac-high": {"tier": "high"}, "ac-low": {"tier": "low"}}, "ac-low"),
        ("No cost data at all", {"ac-no-cost-1": None, "ac-no-cost-2": None}, None),
    ],
)
def test_select_cheapest_cost_type_grouping(case, costs, expected):
    """TestSelectCheapest_CostTypeGrouping: hourly (spot, else on-demand) before per-million-tokens before tier; no
    cost data at all selects nothing."""
    classes = [accelerator(name, **({"cost": cost} if cost else {})) for name, cost in costs.items()]
    assert chosen("Cheapest", {}, classes) == expected, case


@pytest.mark.parametrize(
    ("case", "constraints", "expected"),
    [
        ("FP16 workload - H100 most capable", {"minMemory": 16, "preferredPrecisions": ["fp16"]}, "nvidia-h100-80gb"),
        ("FP32 workload - H100 most capable", {"minMemory": 16, "preferredPrecisions": ["fp32"]}, "nvidia-h100-80gb"),
        ("Memory constraint filters H100", {"minMemory": 16, "maxMemory": 50, "preferredPrecisions": ["fp16"]},
         "nvidia-a100-40gb"),
    ],
)
def test_select_most_capable_integration(case, constraints, expected):
    """TestSelectMostCapable_Integration (candidates H100, A100, T4)."""
    assert chosen("MostCapable", constraints, realistic("nvidia-h100-80gb", "nvidia-a100-40gb", "nvidia-t4")) == expected


def test_edge_case_all_candidates_filtered_out():
    """TestEdgeCases "All candidates filtered out": T4 with minMemory 100 leaves no class."""
    assert chosen("BestFit", {"minMemory": 100}, realistic("nvidia-t4")) is None


def test_edge_case_single_candidate_is_selected_without_scoring():
    """TestEdgeCases "Single candidate optimization": one candidate and no constraints is returned as is (the nil
    constraints are never dereferenced)."""
    assert chosen("BestFit", None, realistic("nvidia-t4")) == "nvidia-t4"


def test_edge_case_cheapest_without_cost_data():
    """TestEdgeCases "Cheapest with no cost data for multiple candidates" (nil) and "Single candidate without cost
    data - still selected"."""
    no_cost = [accelerator("no-cost-gpu-1", capabilities={"memoryGB": "16Gi"}),
               accelerator("no-cost-gpu-2", capabilities={"memoryGB": "32Gi"})]
    assert chosen("Cheapest", None, no_cost) is None
    assert chosen("Cheapest", None, [accelerator("no-cost-gpu", capabilities={"memoryGB": "16Gi"})]) == "no-cost-gpu"


def test_best_fit_ties_follow_go_sort_slice():
    """sortScoredCandidates (policy_helpers.go#L505) is Go's sort.Slice, not stable: with 13 candidates scoring
    [0.35, 0.35, 0.7, 0.7, 0.35, 0.35, 0.7, 0.7, 0.35, 0.35, 0.7, 0.7, 0.7] (memory 80Gi or 40Gi for minMemory 40)
    Go's order starts with the candidate at index 6 (printed by Go 1.26.8's sort.Slice for these scores), not with the
    first 0.7 at index 2."""
    memory = ["80Gi", "80Gi", "40Gi", "40Gi"] * 3 + ["40Gi"]
    classes = [accelerator(f"ac-{i:02d}", capabilities={"memoryGB": m}) for i, m in enumerate(memory)]
    assert chosen("BestFit", {"minMemory": 40}, classes) == "ac-06"


# --- policy_helpers_test.go --------------------------------------------------------------------------------------


def ac(**spec) -> Obj:
    return Obj("AcceleratorClass", "test-accelerator", None, {"spec": spec}, SourceRef("test", 0))


@pytest.mark.parametrize(
    ("tflops", "required", "expected"),
    [(0, 100, 0.0), (100, 0, 1.0), (100, 100, 1.0), (200, 100, 1.0), (50, 100, 0.5), (25, 100, 0.25), (95, 100, 0.95)],
)
def test_score_from_tflops(tflops, required, expected):
    """TestScoreFromTFLOPS."""
    assert ac_policies._tflops_score(tflops, required) == pytest.approx(expected)


PERFORMANCE = {"fp32Tflops": 100, "fp16Tflops": 200, "int8Tops": 400, "int4Tops": 800}


@pytest.mark.parametrize(
    ("performance", "precision", "expected"),
    [(PERFORMANCE, "fp32", 100), (PERFORMANCE, "fp16", 200), (PERFORMANCE, "int8", 400), (PERFORMANCE, "fp8", 400),
     (PERFORMANCE, "int4", 800), (PERFORMANCE, "FP16", 200), (None, "fp16", 0), ({"fp32Tflops": 100}, "fp16", 0),
     (PERFORMANCE, "unknown", 0)],
)
def test_get_tflops_for_precision(performance, precision, expected):
    """TestGetTFLOPSForPrecision (fp8 reads int8Tops; the precision is case-insensitive)."""
    spec = {"capabilities": {"performance": performance}} if performance is not None else {"capabilities": {}}
    assert ac_policies._tflops(ac(**spec), precision) == expected


@pytest.mark.parametrize(
    ("performance", "expected"),
    [(PERFORMANCE, 800), ({"fp32Tflops": 500, "fp16Tflops": 200}, 500), ({"fp16Tflops": 200}, 200), (None, 0), ({}, 0),
     ({"fp32Tflops": 0, "fp16Tflops": 0}, 0)],
)
def test_get_max_tflops(performance, expected):
    """TestGetMaxTFLOPS."""
    assert ac_policies._max_tflops(ac(capabilities={"performance": performance})) == expected


@pytest.mark.parametrize(
    ("memory_gb", "required", "expected"),
    [(40, None, 1.0), (40, 40, 1.0), (80, 40, 0.5), (400, 40, 0.1), (160, 40, 0.25), (50, 40, 0.8)],
)
def test_calculate_memory_fit_score(memory_gb, required, expected):
    """TestCalculateMemoryFitScore (memoryGB is a BinarySI quantity of memory_gb * 2^30 bytes)."""
    candidate = ac(capabilities={"memoryGB": f"{memory_gb}Gi"})
    constraints = {} if required is None else {"minMemory": required}
    assert ac_policies._memory_fit(candidate, constraints) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("performance", "required", "preferred", "expected"),
    [
        ({"fp16Tflops": 100}, None, ["fp16"], 1.0),
        ({"fp16Tflops": 100}, 100, ["fp16"], 1.0),
        ({"fp16Tflops": 200}, 100, ["fp16"], 1.0),
        ({"fp16Tflops": 50}, 100, ["fp16"], 0.5),
        ({"fp16Tflops": 100}, 100, ["fp8", "fp16"], 0.5),
        ({"fp16Tflops": 100}, 100, ["int4", "int8", "fp16"], 0.25),
        ({"fp32Tflops": 50, "fp16Tflops": 100, "int8Tops": 200}, 200, [], 1.0),
        ({}, 100, ["fp16"], 0.0),
        (None, 100, ["fp16"], 0.0),
    ],
)
def test_calculate_compute_performance_tflops_score(performance, required, preferred, expected):
    """TestCalculateComputePerformanceTFLOPSScore: the first preferred precision with data, halved per step."""
    capabilities = {} if performance is None else {"performance": performance}
    constraints = {"preferredPrecisions": preferred, **({} if required is None else {"minComputePerformanceTFLOPS": required})}
    assert ac_policies._compute_score(ac(capabilities=capabilities), constraints) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("memory_gb", "preferred", "expected"),
    [(40, ["fp16"], 1.0), (80, ["fp16"], 0.65), (40, ["fp8", "fp16"], 0.85)],
)
def test_calculate_best_fit_score(memory_gb, preferred, expected):
    """TestCalculateBestFitScore: 0.7 memory fit + 0.3 compute (fp16 100 TFLOPS, minMemory 40)."""
    candidate = ac(capabilities={"memoryGB": f"{memory_gb}Gi", "performance": {"fp16Tflops": 100}})
    constraints = {"minMemory": 40, "preferredPrecisions": preferred}
    score = 0.7 * ac_policies._memory_fit(candidate, constraints) + 0.3 * ac_policies._compute_score(candidate, constraints)
    assert score == pytest.approx(expected, abs=0.02)


@pytest.mark.parametrize(
    "capabilities",
    [
        {"performance": {"fp16Tflops": 1000}, "memoryGB": "80Gi", "memoryBandwidthGBps": "2000"},
        {"performance": {"fp16Tflops": 100}, "memoryGB": "16Gi", "memoryBandwidthGBps": "500"},
        {"memoryGB": "40Gi", "memoryBandwidthGBps": "1000"},
    ],
)
def test_calculate_capability_score_is_not_zero(capabilities):
    """TestCalculateCapabilityScore: a single candidate normalised against itself scores above 0 (and is chosen)."""
    candidate = ac(capabilities=capabilities)
    tflops, memory, bandwidth = ac_policies._raw_capability(candidate, [])
    assert 0.5 * (memory > 0) + 0.3 * (bandwidth > 0) + 0.2 * (tflops > 0) > 0
    assert ac_policies.most_capable([candidate], []) is candidate


@pytest.mark.parametrize(
    ("case", "name", "spec", "constraints", "eligible"),
    [
        ("No constraints - always eligible", "gpu", {}, None, True),
        ("Explicitly excluded", "excluded-gpu", {}, {"excludedClasses": ["excluded-gpu", "other-gpu"]}, False),
        ("Below MinMemory", "small-gpu", {"capabilities": {"memoryGB": "16Gi"}}, {"minMemory": 32}, False),
        ("Meets MinMemory", "medium-gpu", {"capabilities": {"memoryGB": "40Gi"}}, {"minMemory": 32}, True),
        ("Exceeds MaxMemory", "large-gpu", {"capabilities": {"memoryGB": "80Gi"}}, {"maxMemory": 64}, False),
        ("Missing required feature", "basic-gpu", {"capabilities": {"features": ["cuda", "tensor-cores"]}},
         {"requiredFeatures": ["nvlink"]}, False),
        ("Has all required features", "full-gpu", {"capabilities": {"features": ["cuda", "tensor-cores", "nvlink"]}},
         {"requiredFeatures": ["tensor-cores", "nvlink"]}, True),
        ("Architecture family mismatch", "amd-gpu", {"vendor": "AMD", "family": "RDNA"},
         {"architectureFamilies": ["nvidia-ampere", "nvidia-hopper"]}, False),
        ("Architecture family match", "nvidia-gpu", {"vendor": "NVIDIA", "family": "Ampere"},
         {"architectureFamilies": ["nvidia-ampere", "nvidia-hopper"]}, True),
        ("Missing memory specification when MinMemory required", "no-mem-gpu", {}, {"minMemory": 40}, False),
        ("MinComputePerformanceTFLOPS not a hard filter (soft constraint)", "no-perf-gpu", {},
         {"minComputePerformanceTFLOPS": 100}, True),
    ],
)
def test_meets_requirements(case, name, spec, constraints, eligible):
    """TestMeetsRequirements: the eligibility decision (OME's reason strings are only logged)."""
    candidate = Obj("AcceleratorClass", name, None, {"spec": spec}, SourceRef("test", 0))
    assert (ac_policies.filter_candidates([candidate], constraints) == [candidate]) is eligible, case


def test_compare_costs_is_by_value():
    """TestCompareCosts: 1 < 2, 3 > 2, 2 == 2 (Quantity.Cmp); the cheaper of two hourly costs wins."""
    one, two, three = (accelerator(f"c-{n}", cost={"perHour": n}) for n in ("1", "2", "3"))
    assert chosen("Cheapest", None, [two, one]) == "c-1"
    assert chosen("Cheapest", None, [three, two]) == "c-2"
    assert chosen("Cheapest", None, [two, accelerator("c-2b", cost={"perHour": "2000m"})]) == "c-2"  # equal: first


def test_memory_in_gib_truncates_toward_zero():
    """meetsRequirements (policy_helpers.go#L82) computes memGB as ``MemoryGB.Value() / (1024*1024*1024)`` in int64,
    which truncates toward zero: a memoryGB of -512Mi is 0 GiB and meets minMemory 0."""
    negative = accelerator("negative", capabilities={"memoryGB": "-512Mi"})
    assert chosen("FirstAvailable", {"minMemory": 0}, [negative, T4]) == "negative"


def test_sort_scored_candidates():
    """TestSortScoredCandidates: scores c1 0.5, c2 0.9, c3 0.3, c4 0.7 sort descending [c2, c4, c1, c3] and ascending
    [c3, c1, c4, c2] (sortScoredCandidates is sort.Slice, omec.golang.sort.slice_sort); empty and single lists sort."""
    scored = [("c1", 0.5), ("c2", 0.9), ("c3", 0.3), ("c4", 0.7)]
    assert [n for n, _ in slice_sort(scored, lambda a, b: a[1] > b[1])] == ["c2", "c4", "c1", "c3"]
    assert [n for n, _ in slice_sort(scored, lambda a, b: a[1] < b[1])] == ["c3", "c1", "c4", "c2"]
    assert slice_sort([], lambda a, b: a < b) == [] and slice_sort([("c1", 0.5)], lambda a, b: a[1] > b[1]) == [("c1", 0.5)]
