"""EXPAND stage: merge runtime component configs with the InferenceService and decide each component's mode.

A component exists only if the InferenceService declares it; its spec is the runtime's config merged with that
block (:mod:`omec.ome.merge`). The result is a :class:`Plan`: one :class:`Component` per component the
InferenceService declares, in OME's reconcile order engine, decoder, router.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from omec.diagnostics import Diagnostic, has_errors
from omec.model import Obj
from omec.ome.controller_config import DEPLOYMENT_MODES, ControllerConfig
from omec.ome.merge import blanked_runner_names, merge_component, one_of_conflicts
from omec.plan import codes
from omec.resolve.result import Resolution

COMPONENTS = ("engine", "decoder", "router")
CONFIG_KEYS = {"engine": "engineConfig", "decoder": "decoderConfig", "router": "routerConfig"}
MODE_ANNOTATION = "ome.io/deploymentMode"

RAW, MULTINODE, SERVERLESS, RAY, VIRTUAL = (
    "RawDeployment",
    "MultiNode",
    "Serverless",
    "MultiNodeRayVLLM",
    "VirtualDeployment",
)


@dataclass(frozen=True, slots=True)
class Component:
    name: str  # engine | decoder | router
    mode: str  # RawDeployment | MultiNode | Serverless | MultiNodeRayVLLM
    spec: dict  # CE: runtime config merged with the InferenceService block
    isvc_block: dict  # the InferenceService's own block (after webhook defaults)
    accelerator: Obj | None  # chosen AcceleratorClass (engine/decoder only)


@dataclass(frozen=True, slots=True)
class Plan:
    resolution: Resolution
    isvc_mode: str  # ISVC-level mode (annotation or controller default)
    components: tuple  # tuple[Component, ...]

    @property
    def isvc(self) -> Obj:
        return self.resolution.isvc

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)

    @property
    def ingress_mode(self) -> str:
        """The mode that chooses the ingress strategy: router mode if a router exists, else decoder mode, else engine
        mode."""
        for name in ("router", "decoder", "engine"):
            comp = self.component(name)
            if comp is not None:
                return comp.mode
        return ""


def isvc_level_mode(isvc: Obj, config: ControllerConfig) -> str:
    mode = isvc.annotations.get(MODE_ANNOTATION)
    return mode if mode in DEPLOYMENT_MODES else config.default_deployment_mode


NEWER_OME_MODES = frozenset({"OMENative"})  # OME's controller overhaul (ome#771/#804), after the pinned commit
WEBHOOK_MODES = frozenset({"PDDisaggregated"})  # written by the webhook, deliberately not a component mode


def _mode_annotation_checks(resolution: Resolution) -> list[Diagnostic]:
    """Deployment-mode annotations (ISVC and engine) that this OME version would ignore or cannot honour."""
    isvc = resolution.isvc
    sources: list[tuple[object, tuple[str, ...]]] = [
        (isvc.annotations.get(MODE_ANNOTATION), ("metadata", "annotations", MODE_ANNOTATION))
    ]
    engine = isvc.spec.get("engine") or {}
    sources.append(((engine.get("annotations") or {}).get(MODE_ANNOTATION),
                    ("spec", "engine", "annotations", MODE_ANNOTATION)))
    found = []
    for value, where in sources:
        if value is None or value in DEPLOYMENT_MODES or value in WEBHOOK_MODES:
            continue
        if value in NEWER_OME_MODES:
            found.append(codes.UNSUPPORTED_DEPLOYMENT_MODE.at(
                f"deploymentMode {value} needs a newer OME than the pinned behaviour; this OME would silently "
                "fall back to another mode", isvc.ref, where, object=isvc.id,
                hint="use RawDeployment / MultiNode, or compile with an --ome-version that supports it"))
        else:
            found.append(codes.UNKNOWN_DEPLOYMENT_MODE.at(
                f"deploymentMode {value!r} is not one of {', '.join(DEPLOYMENT_MODES)}: OME ignores it",
                isvc.ref, where, object=isvc.id))
    return found


def plan_service(resolution: Resolution, config: ControllerConfig) -> tuple[Plan | None, list[Diagnostic]]:
    isvc = resolution.isvc
    mode_diags = _mode_annotation_checks(resolution)
    if has_errors(mode_diags):
        return None, mode_diags
    isvc_mode = isvc_level_mode(isvc, config)
    if isvc_mode == VIRTUAL:
        note = codes.VIRTUAL_DEPLOYMENT.at(
            "VirtualDeployment: OME creates no objects for this InferenceService",
            isvc.ref,
            ("metadata", "annotations", MODE_ANNOTATION),
            object=isvc.id,
        )
        return Plan(resolution, isvc_mode, ()), [*mode_diags, note]
    spec = isvc.spec
    diags: list[Diagnostic] = list(mode_diags)
    if spec.get("engine") is None:
        diags.append(
            codes.ENGINE_MISSING.at(
                "engine component is required", isvc.ref, ("spec",), object=isvc.id, hint="add `engine: {}` to spec"
            )
        )
        return None, diags
    runtime_spec = resolution.runtime.spec
    merged: dict[str, dict] = {}
    for name in COMPONENTS:
        block = spec.get(name)
        if block is None:
            continue
        base = runtime_spec.get(CONFIG_KEYS[name])
        merged[name] = merge_component(base, block)
        diags += _merge_checks(resolution, name, base, block, merged[name])
    modes = _modes(merged)
    components = []
    for name, ce in merged.items():
        mode = modes[name]
        diags += _component_checks(resolution, name, ce, mode)
        accelerator = resolution.accelerators.get(name) if name != "router" else None
        components.append(Component(name, mode, ce, spec[name], accelerator))
    if has_errors(diags):
        return None, diags
    return Plan(resolution, isvc_mode, tuple(components)), diags


def _modes(merged: dict) -> dict:
    """Per-component deployment modes, as OME's ``DetermineDeploymentModes``
    (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/deployment.go#L38)."""
    modes = {}
    engine = merged["engine"]
    annotated = (engine.get("annotations") or {}).get(MODE_ANNOTATION)
    if annotated in DEPLOYMENT_MODES:
        modes["engine"] = annotated
    elif engine.get("leader") is not None or engine.get("worker") is not None:
        modes["engine"] = MULTINODE
    elif engine.get("minReplicas") == 0:
        modes["engine"] = SERVERLESS
    else:
        modes["engine"] = RAW
    if "decoder" in merged:
        decoder = merged["decoder"]
        multi = decoder.get("leader") is not None or decoder.get("worker") is not None
        modes["decoder"] = MULTINODE if multi else RAW
        if modes["engine"] == SERVERLESS:
            modes["engine"] = RAW
    if "router" in merged:
        modes["router"] = SERVERLESS if merged["router"].get("minReplicas") == 0 else RAW
    return modes


def _merge_checks(resolution: Resolution, name: str, base: dict | None, block: dict, ce: dict) -> list[Diagnostic]:
    """Quirks of the merge: blanked runner names and one-of fields with two members."""
    isvc = resolution.isvc
    found = []
    for path in blanked_runner_names(base, block):
        base_name = _dig(base, path)["name"]
        found.append(
            codes.RUNNER_NAME_MISSING.at(
                f"{name}.{'.'.join(path)} has no name: OME's merge would blank the runtime container name "
                f"{base_name!r} and the API server would reject the pod",
                isvc.ref,
                ("spec", name, *path),
                object=isvc.id,
                hint=f"add `name: {base_name}` to the runner",
            )
        )
    for path, message in one_of_conflicts(ce):
        found.append(
            codes.ONE_OF_CONFLICT.at(
                f"{name}: {message} after merging the runtime's {CONFIG_KEYS[name]} with the service",
                isvc.ref,
                ("spec", name, *path),
                object=isvc.id,
                hint="OME merges field by field; set the same kind of source/handler as the runtime does",
            )
        )
    return found


def _dig(data: object, path: tuple) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _component_checks(resolution: Resolution, name: str, ce: dict, mode: str) -> list[Diagnostic]:
    isvc = resolution.isvc
    where = ("spec", name)
    diags = []
    if name == "engine" and mode == VIRTUAL:
        diags.append(
            codes.INVALID_ENGINE_MODE.at(
                "invalid deployment mode for engine", isvc.ref, where, object=isvc.id,
                hint="VirtualDeployment is an InferenceService-level mode, not an engine mode",
            )
        )
    pod_sources = [ce]
    if mode in (MULTINODE, RAY) and ce.get("leader") is not None:
        pod_sources = [ce["leader"]]
    if mode == MULTINODE and ce.get("worker") is None:
        diags.append(
            codes.MULTINODE_WITHOUT_WORKER.at(
                f"{name} is MultiNode but has no worker: OME dereferences the missing worker pod spec and fails",
                isvc.ref, where, object=isvc.id, hint="add a worker (size >= 1) or remove leader",
            )
        )
    worker = ce.get("worker")
    if name != "router" and worker is not None and worker.get("runner") is None and not worker.get("containers"):
        # reconcileWorkerPodSpec runs whatever the mode (engine.go#L316, decoder.go#L313)
        diags.append(
            codes.COMPONENT_EMPTY.at(
                "no containers found in worker pod spec", isvc.ref, (*where, "worker"), object=isvc.id,
                hint="give the worker containers or a runner (or remove the worker)",
            )
        )
    if not any(src.get("runner") or src.get("containers") for src in pod_sources):
        runtime = resolution.runtime
        diags.append(
            codes.COMPONENT_EMPTY.at(
                "no containers found in pod spec and no runner spec provided",
                isvc.ref,
                where,
                object=isvc.id,
                hint=f"runtime {runtime.name} has no {CONFIG_KEYS[name]}; pin a runtime that has one or give the "
                f"{name} a runner",
            )
        )
    return diags
