"""AcceleratorClass choice per component, engine and decoder only (OME's ``GetAcceleratorClass``,
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/acceleratorclassselector/selector.go#L48)."""
from __future__ import annotations

from omec.diagnostics import Diagnostic, did_you_mean
from omec.golang.quantity import is_binary
from omec.model import ACCELERATOR_CLASS, Catalog, Obj
from omec.resolve import codes
from omec.resolve.ac_policies import (
    BEST_FIT,
    CHEAPEST,
    FIRST_AVAILABLE,
    MOST_CAPABLE,
    best_fit,
    cheapest,
    filter_candidates,
    most_capable,
)
from omec.resolve.references import missing_accelerator
from omec.resolve.views import RuntimeView

COMPONENTS = ("engine", "decoder")


def _named_class(isvc: Obj, component: str) -> tuple[str | None, tuple]:
    """Component override first, else the InferenceService selector (a present override masks the selector)."""
    override = (isvc.spec.get(component) or {}).get("acceleratorOverride") or {}
    if override.get("acceleratorClass") is not None:
        return str(override["acceleratorClass"]), ("spec", component, "acceleratorOverride", "acceleratorClass")
    selector = isvc.spec.get("acceleratorSelector") or {}
    if selector.get("acceleratorClass") is not None:
        return str(selector["acceleratorClass"]), ("spec", "acceleratorSelector", "acceleratorClass")
    return None, ()


def _policy(isvc: Obj, component: str) -> str | None:
    override = (isvc.spec.get(component) or {}).get("acceleratorOverride") or {}
    selector = isvc.spec.get("acceleratorSelector") or {}
    return override.get("policy") or selector.get("policy") or None


def _memory_warnings(candidates: list[Obj], policy: str, constraints: dict | None) -> list[Diagnostic]:
    """memoryGB is a Quantity OME reads as bytes / 2^30, so ``80`` or ``80G`` is not 80 GiB."""
    limits = constraints or {}
    if policy != MOST_CAPABLE and limits.get("minMemory") is None and limits.get("maxMemory") is None:
        return []
    return [
        codes.ACCELERATOR_POLICY.at(
            f"memoryGB {ac.spec['capabilities']['memoryGB']!r} of AcceleratorClass {ac.name} is read as bytes / 2^30; "
            "write it with a binary suffix such as 80Gi",
            ac.ref,
            ("spec", "capabilities", "memoryGB"),
            object=ac.id,
        )
        for ac in candidates
        if "memoryGB" in (ac.spec.get("capabilities") or {}) and not is_binary(ac.spec["capabilities"]["memoryGB"])
    ]


def _listed_but_missing(runtime: RuntimeView, index: int, policy: str, catalog: Catalog) -> Diagnostic:
    name = runtime.accelerator_classes[index]
    rejected = catalog.rejected_object(name, (ACCELERATOR_CLASS, None))
    state = "is invalid (its errors are reported where it is defined)" if rejected else "does not exist"
    return codes.ACCELERATOR_POLICY.at(
        f"AcceleratorClass {name} listed by runtime {runtime.name} {state}: OME then chooses no accelerator class "
        f"by policy {policy}",
        runtime.obj.ref,
        ("spec", "acceleratorRequirements", "acceleratorClasses", index),
        object=runtime.obj.id,
        hint=None if rejected else did_you_mean(name, catalog.accelerators),
    )


def _by_policy(isvc: Obj, runtime: RuntimeView, policy: str, catalog: Catalog) -> tuple[Obj | None, list[Diagnostic]]:
    names = list(dict.fromkeys(runtime.accelerator_classes))
    missing = [i for i, name in enumerate(runtime.accelerator_classes) if name not in catalog.accelerators]
    if missing:
        return None, [_listed_but_missing(runtime, i, policy, catalog) for i in missing]
    selector = isvc.spec.get("acceleratorSelector") or {}
    constraints = selector.get("constraints")
    candidates = [catalog.accelerators[n] for n in names]
    survivors = filter_candidates(candidates, constraints)
    diags = _memory_warnings(candidates, policy, constraints)
    if not survivors:
        return None, diags
    if policy == FIRST_AVAILABLE or (len(survivors) == 1 and policy in (BEST_FIT, CHEAPEST, MOST_CAPABLE)):
        return survivors[0], diags
    if policy == BEST_FIT:
        if constraints is None:  # calculateMemoryFitScore reads constraints.MinMemory: a panic, the reconcile fails
            return None, [*diags, codes.BEST_FIT_WITHOUT_CONSTRAINTS.at(
                f"policy BestFit without constraints among {len(survivors)} accelerator classes: OME's selector "
                "dereferences the nil constraints (calculateMemoryFitScore) and the reconcile fails",
                isvc.ref, ("spec", "acceleratorSelector"), object=isvc.id,
                hint="set acceleratorSelector.constraints (even {}), or name the class with acceleratorClass")]
        return best_fit(survivors, constraints), diags
    if policy == CHEAPEST:
        return cheapest(survivors), diags
    if policy == MOST_CAPABLE:
        return most_capable(survivors, [str(p) for p in (constraints or {}).get("preferredPrecisions") or ()]), diags
    return None, diags


def choose_accelerator(
    isvc: Obj, runtime: RuntimeView, component: str, catalog: Catalog
) -> tuple[Obj | None, list[Diagnostic]]:
    """The AcceleratorClass for one component, or None: none when the runtime lists no classes, else the class the
    component or the InferenceService names, else the one the policy picks."""
    if not runtime.accelerator_classes:
        return None, []
    name, field = _named_class(isvc, component)
    if name:
        found = catalog.accelerators.get(name)
        if found is None:
            not_found = codes.ACCELERATOR_NOT_FOUND.at(
                f"accelerator class {name} not found at cluster scope", isvc.ref, field, object=isvc.id,
                hint=f"OME event: Failed to get accelerator class for {component}",
            )
            return None, [missing_accelerator(catalog, name, not_found)]
        return found, []
    policy = _policy(isvc, component)
    return _by_policy(isvc, runtime, policy, catalog) if policy else (None, [])


def choose_accelerators(isvc: Obj, runtime: RuntimeView, catalog: Catalog) -> tuple[dict, list[Diagnostic]]:
    """{component: AcceleratorClass or None} for the engine/decoder the InferenceService declares."""
    chosen, diags = {}, []
    for component in COMPONENTS:
        if isvc.spec.get(component) is None:
            continue
        chosen[component], problems = choose_accelerator(isvc, runtime, component, catalog)
        diags += problems
    return chosen, diags
