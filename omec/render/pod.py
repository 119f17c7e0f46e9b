"""The pod spec of one component pod, built from one frozen :class:`PodInputs` value.

Runner pre-processing (:mod:`omec.render.runner`) -> runner merged into its container -> placeholder templating ->
model volumes, node selector and affinity. Workload defaults are added by the workload builders
(:mod:`omec.render.workload`), because Knative and Ray pods do not get them.

Fleets repeat pods: services built from the same runtime, model and overrides get the same pod. The build reads
nothing but its :class:`PodInputs`, and that value is itself the key of ``Shared.pods``: two services share a
pod exactly when every input of the build is equal. A field the build needs must be added to PodInputs, which
puts it in the key; there is no separate list of what the build reads to keep in step.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace

from omec.memo import Shared
from omec.model import Obj
from omec.ome.component import NON_POD_FIELDS
from omec.ome.controller_config import ControllerConfig
from omec.ome.merge import merge_container
from omec.ome.naming import model_ready_label_key
from omec.ome.placeholders import apply_placeholders
from omec.render import codes
from omec.render.metadata import (
    BASE_MODEL_FORMAT,
    BASE_MODEL_VENDOR,
    FT_MERGED,
    FT_STRATEGY,
    INJECT_FT_ADAPTER,
    INJECT_MODEL_INIT,
    MODEL_EMPTY_DIR,
    FineTuned,
    Meta,
)
from omec.render.podresult import PodResult, Problem
from omec.render.runner import preprocess_runner, router_runner


@dataclass(frozen=True, slots=True, eq=False)
class PodInputs:
    """Everything one pod spec is built from. Equal (and hashed) by the canonical JSON of all its fields."""

    component: str  # engine | decoder | router
    where: tuple  # field path of the pod source in the InferenceService (problems point there)
    source: dict  # pod fields of the merged component, its leader or its worker
    runner: dict | None
    worker_size: int  # workers of the component (PARALLELISM_SIZE)
    leader_or_runner: bool  # the component has a leader or a runner (a decoder's PARALLELISM_SIZE)
    router_config: dict  # the component's ``config`` (router env)
    own_node_selector: dict  # nodeSelector of the InferenceService's own component block
    own_affinity: bool  # the InferenceService's own block sets affinity
    own_resources: bool  # the InferenceService's own runner sets requests, limits or claims
    model_name: str
    model_namespace: str | None  # None for a ClusterBaseModel
    model_path: str | None  # spec.storage.path
    model_vendor: str | None
    annotations: dict  # the component annotations the build reads (model init, fine-tuned, base model vendor/format)
    fine_tuned: tuple | None  # (weight name, strategy, merged)
    legacy_resources: dict  # resources of the runtime's legacy ``containers``, by container name
    runtime_node_selector: dict
    accelerator: str | None  # the chosen AcceleratorClass
    accelerator_resources: list  # its spec.resources
    accelerator_discovery: dict  # its spec.discovery (nodeSelector, affinity)
    accelerator_config: dict  # acceleratorConfig entry of the supported model format for that class
    template_data: dict | None  # InferenceService metadata for {{ }} placeholders; None when no input has "{{"
    key: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        values = [getattr(self, f.name) for f in fields(self) if f.name != "key"]
        object.__setattr__(self, "key", json.dumps(values, separators=(",", ":"), default=str))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PodInputs) and other.key == self.key


@dataclass(frozen=True, slots=True)
class ComponentContext:
    """What the builders of one component's objects read (pods are built from :class:`PodInputs` only)."""

    isvc: Obj
    component: str  # engine | decoder | router
    ce: dict  # merged component spec
    isvc_block: dict  # the InferenceService's own component block
    model: Obj
    runtime: Obj
    accelerator: Obj | None
    smf: dict | None
    meta: Meta
    ft: FineTuned | None
    config: ControllerConfig  # the controller ConfigMap (multinodeProber for MultiNodeRayVLLM)
    shared: Shared


_FLAG_ANNOTATIONS = (INJECT_MODEL_INIT, FT_MERGED, INJECT_FT_ADAPTER, FT_STRATEGY, BASE_MODEL_VENDOR, BASE_MODEL_FORMAT)


def pod_inputs(ctx: ComponentContext, source: dict, runner: dict | None, where: tuple) -> PodInputs:
    """The inputs of the pod built from ``source`` (CE, CE.leader or CE.worker) and its runner."""
    ce, block, model, accelerator = ctx.ce, ctx.isvc_block, ctx.model, ctx.accelerator
    own_runner = block.get("runner")
    own = (own_runner or {}).get("resources") or {}
    legacy: dict = {}
    for container in ctx.runtime.spec.get("containers") or []:
        legacy.setdefault(container.get("name"), container.get("resources") or {})
    accelerator_config: dict = {}
    if accelerator is not None and ctx.smf is not None:
        accelerator_config = (ctx.smf.get("acceleratorConfig") or {}).get(accelerator.name) or {}
    ft = ctx.ft
    inputs = PodInputs(
        component=ctx.component, where=where, source=pod_fields(source), runner=runner,
        worker_size=(ce.get("worker") or {}).get("size") or 0,
        leader_or_runner=ce.get("leader") is not None or ce.get("runner") is not None,
        router_config=ce.get("config") or {},
        own_node_selector=block.get("nodeSelector") or {}, own_affinity=block.get("affinity") is not None,
        own_resources=own_runner is not None and bool(own.get("requests") or own.get("limits") or own.get("claims")),
        model_name=model.name, model_namespace=model.namespace,
        model_path=(model.spec.get("storage") or {}).get("path"), model_vendor=model.spec.get("vendor"),
        annotations={k: ctx.meta.annotations[k] for k in _FLAG_ANNOTATIONS if k in ctx.meta.annotations},
        fine_tuned=(ft.weight.name, ft.strategy, ft.merged) if ft is not None else None,
        legacy_resources=legacy, runtime_node_selector=ctx.runtime.spec.get("nodeSelector") or {},
        accelerator=accelerator.name if accelerator is not None else None,
        accelerator_resources=accelerator.spec.get("resources") or [] if accelerator is not None else [],
        accelerator_discovery=accelerator.spec.get("discovery") or {} if accelerator is not None else {},
        accelerator_config=accelerator_config, template_data=None,
    )
    # "{{" occurs in the canonical JSON only inside strings, so this is "some input has a placeholder"
    if "{{" not in inputs.key:
        return inputs
    isvc = ctx.isvc
    return replace(inputs, template_data=isvc.metadata | {"namespace": isvc.namespace})


def component_pod(ctx: ComponentContext, source: dict, runner: dict | None, where: tuple) -> PodResult:
    """The pod of ``source`` for this component, shared with every service that has the same inputs. A router pod
    is that shared pod plus its own service account."""
    inputs = pod_inputs(ctx, source, runner, where)
    result = ctx.shared.pods.get(inputs, lambda: build_pod(inputs))
    if ctx.component != "router":
        return result
    own = {"serviceAccountName": f"{ctx.isvc.name}-router"}
    return PodResult({**result.spec, **own}, result.problems, own, result.spec)


def pod_fields(source: dict) -> dict:
    return {k: v for k, v in source.items() if k not in NON_POD_FIELDS}


def build_pod(inputs: PodInputs) -> PodResult:
    """The pod spec of ``inputs`` and the problems found building it (never mutated afterwards)."""
    result = PodResult(dict(inputs.source))
    pod = result.spec
    runner = inputs.runner
    if runner is not None:
        if inputs.component == "router":
            runner = router_runner(inputs, runner)
        else:
            runner = preprocess_runner(inputs, runner, result)
    containers = list(pod.get("containers") or [])
    if runner is not None:
        index = next((i for i, c in enumerate(containers) if c.get("name") == runner.get("name")), None)
        if index is None:
            containers.append({})
            index = len(containers) - 1
        containers[index] = merge_container(containers[index], runner)
    else:
        index = 0
    if containers:
        if inputs.template_data is not None:
            containers[index] = _templated(inputs, containers[index], result)
        pod["containers"] = containers
    _add_model_volumes(inputs, pod, result)
    if inputs.component != "router":
        _set_node_selector(inputs, pod)
        _set_affinity(inputs, pod)
    return result


def _templated(inputs: PodInputs, container: dict, result: PodResult) -> dict:
    new, errors, warnings = apply_placeholders(container, inputs.template_data or {})
    for message in errors:
        result.problems.append(Problem(
            codes.PLACEHOLDER_FAILED, f"failed to replace placeholders in container: {message}", inputs.where,
            "OME runs containers through Go html/template with the InferenceService metadata ({{.Name}}, "
            "{{.Namespace}}, {{.Labels.key}}, {{.Annotations.key}}); escape other braces"))
    for message in warnings:
        result.problems.append(Problem(codes.PLACEHOLDER_OFFLINE, message, inputs.where))
    return new


def _add_model_volumes(inputs: PodInputs, pod: dict, result: PodResult) -> None:
    volumes = list(pod.get("volumes") or [])
    if inputs.model_path:
        if any(v.get("name") == inputs.model_name for v in volumes):
            result.problems.append(Problem(
                codes.DUPLICATE_VOLUME, f"volume {inputs.model_name!r} clashes with the model volume OME adds (same "
                "name)", inputs.where, "rename the runtime/service volume"))
        volumes.append({"name": inputs.model_name, "hostPath": {"path": inputs.model_path}})
    annotations = inputs.annotations
    wants_empty_dir = annotations.get(INJECT_MODEL_INIT) == "true" or annotations.get(INJECT_FT_ADAPTER)
    if wants_empty_dir and not any(v.get("name") == MODEL_EMPTY_DIR for v in volumes):
        volumes.append({"name": MODEL_EMPTY_DIR, "emptyDir": {"medium": "Memory"}})
    if volumes:
        pod["volumes"] = volumes


def _set_node_selector(inputs: PodInputs, pod: dict) -> None:
    """``UpdatePodSpecNodeSelector``: skipped only when the fine-tuned weight is merged (the reconciler's flag, not
    the annotation a user can set)."""
    if inputs.fine_tuned is not None and inputs.fine_tuned[2]:
        return
    selector = dict(pod.get("nodeSelector") or {})
    selector.setdefault(model_ready_label_key(inputs.model_name, inputs.model_namespace), "Ready")
    selector.update(inputs.runtime_node_selector)
    if inputs.accelerator is not None:
        selector.update(inputs.accelerator_discovery.get("nodeSelector") or {})
    selector.update(inputs.own_node_selector)
    pod["nodeSelector"] = selector


def _set_affinity(inputs: PodInputs, pod: dict) -> None:
    if inputs.own_affinity or inputs.accelerator is None:
        return
    affinity = inputs.accelerator_discovery.get("affinity")
    if affinity is not None:
        pod["affinity"] = affinity
