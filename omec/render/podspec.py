"""Build the final pod spec of one component pod (spec 02 §2.2-§2.8).

Runner pre-processing (§2.3) -> runner merged into its container (§2.4) -> placeholder templating (§2.5)
-> pod-level additions (§2.6). Workload defaults (§2.7) are added by the workload builders, because
Knative and Ray pods do not get them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from omec.ome.args import merge_args, override_parallelism
from omec.ome.merge import merge_container
from omec.ome.placeholders import apply_placeholders
from omec.model import Obj
from omec.golang.quantity import gpu_count
from omec.render import codes
from omec.render.metadata import (
    FT_MERGED,
    INJECT_FT_ADAPTER,
    INJECT_MODEL_INIT,
    FineTuned,
    Meta,
)
from omec.ome.naming import model_ready_label_key
from omec.ome.controller_config import ControllerConfig

# Component-spec fields that are not core PodSpec fields (spec 01 §1.5).
NON_POD_FIELDS = frozenset(
    {
        "runner", "leader", "worker", "size", "acceleratorOverride", "minReplicas", "maxReplicas", "scaleTarget",
        "scaleMetric", "containerConcurrency", "timeoutSeconds", "canaryTrafficPercent", "labels", "annotations",
        "minAvailable", "maxUnavailable", "deploymentStrategy", "kedaConfig", "config",
    }
)
MODEL_EMPTY_DIR = "model-empty-dir"
FT_MOUNT_PATH = "/opt/ml/model"


@dataclass(frozen=True, slots=True)
class PodContext:
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
    memo: dict | None = None  # pods already built this run (Catalog.derived), see build_pod


@dataclass(slots=True)
class Problem:
    code: object  # omec.diagnostics.Code
    message: str
    field: tuple = ()
    hint: str | None = None


@dataclass(slots=True)
class PodResult:
    spec: dict
    problems: list = field(default_factory=list)
    own: dict = field(default_factory=dict)  # fields only this service's pod has, set on top of ``shared``
    shared: dict | None = None  # the memoized pod ``spec`` extends (None: ``spec`` itself)


def pod_fields(source: dict) -> dict:
    return {k: v for k, v in source.items() if k not in NON_POD_FIELDS}


def build_pod(ctx: PodContext, source: dict, runner: dict | None, where: tuple) -> PodResult:
    """Pod spec from ``source`` (CE, CE.leader or CE.worker) and its runner; ``where`` positions problems.

    Services built from the same inputs get the same pod: results are memoized in ``ctx.memo`` under a key
    holding every input the pod depends on (:func:`_pod_key`), so fleets share one dict per distinct pod
    (cheaper to build, validate and serialize). A router pod is that shared pod plus its own service account.
    Results are never mutated after they are built.
    """
    if ctx.memo is None:
        result = _build_pod(ctx, source, runner, where)
    else:
        key = _pod_key(ctx, source, runner, where)
        result = ctx.memo.get(key)
        if result is None:
            result = ctx.memo[key] = _build_pod(ctx, source, runner, where)
    if ctx.component != "router":
        return result
    own = {"serviceAccountName": f"{ctx.isvc.name}-router"}
    return PodResult({**result.spec, **own}, result.problems, own, result.spec)


SHARED = "shared"  # memo entry: id -> pod spec emitted by several services (omec.write.serialize.SharedText)
FLAG_ANNOTATIONS = (INJECT_MODEL_INIT, FT_MERGED, INJECT_FT_ADAPTER, "ome.io/base-model-format")


def _pod_key(ctx: PodContext, source: dict, runner: dict | None, where: tuple) -> tuple:
    """Every input of :func:`_build_pod`: the pod fields of the source and the runner (as JSON); what it reads of
    the merged component (worker size, leader/runner presence, router config) and of the InferenceService's own
    block (node selector, affinity presence, own runner resources); the runtime, model, AcceleratorClass,
    supported format, fine-tuned weight and the component annotations it reads; and the InferenceService's
    metadata where they reach the pod (``{{ }}`` placeholders; the router's service account is set on top)."""
    ce, block = ctx.ce, ctx.isvc_block
    own_resources = ((block.get("runner") or {}).get("resources") or {}) if block.get("runner") is not None else None
    reads = [
        (ce.get("worker") or {}).get("size"), ce.get("leader") is not None, ce.get("runner") is not None,
        ce.get("config"), block.get("nodeSelector"), block.get("affinity") is not None,
        None if own_resources is None else bool(
            own_resources.get("requests") or own_resources.get("limits") or own_resources.get("claims")),
    ]
    text = json.dumps([pod_fields(source), runner, reads], separators=(",", ":"), default=str)
    isvc = ctx.isvc
    personal: tuple = ()
    if "{{" in text:
        personal = (isvc.namespace, json.dumps(isvc.metadata, sort_keys=True, default=str))
    model, ft = ctx.model, ctx.ft
    return (
        "pod", ctx.component, where, text, ctx.runtime.ref, ctx.runtime.name,
        (model.kind, model.namespace, model.name), ctx.accelerator.name if ctx.accelerator else None,
        id(ctx.smf) if ctx.smf is not None else None, (ft.weight.name, ft.strategy, ft.merged) if ft else None,
        tuple(ctx.meta.annotations.get(k) for k in FLAG_ANNOTATIONS), personal,
    )


def _build_pod(ctx: PodContext, source: dict, runner: dict | None, where: tuple) -> PodResult:
    result = PodResult(pod_fields(source))
    pod = result.spec
    if runner is not None:
        runner = _preprocess_runner(ctx, runner, result, where) if ctx.component != "router" else _router_runner(ctx, runner)
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
        containers[index] = _templated(ctx, containers[index], result, where)
        pod["containers"] = containers
    _add_model_volumes(ctx, pod, result, where)
    if ctx.component != "router":
        _set_node_selector(ctx, pod)
        _set_affinity(ctx, pod)
    return result


# --- runner pre-processing (engine / decoder), spec 02 §2.3 ---------------------------------------


def _preprocess_runner(ctx: PodContext, runner: dict, result: PodResult, where: tuple) -> dict:
    runner = dict(runner)
    annotations = ctx.meta.annotations
    path = (ctx.model.spec.get("storage") or {}).get("path")
    model_init = annotations.get(INJECT_MODEL_INIT) == "true"
    merged_ft = annotations.get(FT_MERGED) == "true"
    env = list(runner.get("env") or [])
    mounts = list(runner.get("volumeMounts") or [])
    # 1. MODEL_PATH (base-model serving) or the fine-tuned env (§2.10).
    if ctx.ft is None and not model_init and not merged_ft and path and not _has_env(env, "MODEL_PATH"):
        env.append({"name": "MODEL_PATH", "value": path})
    if ctx.ft is not None:
        env = _fine_tuned_env(ctx, env)
    # 2. AcceleratorClass environment override.
    accel_config = _accelerator_config(ctx)
    for name in sorted(accel_config.get("environmentOverride") or {}):
        env = _upsert_env(env, name, str(accel_config["environmentOverride"][name]))
    # 3. Model volume mount, then the fine-tuned mounts (§2.10).
    if not model_init and not merged_ft and path:
        mounts.append({"name": ctx.model.name, "mountPath": path, "readOnly": True})
    if ctx.ft is not None:
        mounts = _fine_tuned_mounts(ctx, mounts)
    if env:
        runner["env"] = env
    if mounts:
        runner["volumeMounts"] = mounts
    # 4. Resources from legacy runtime containers and the AcceleratorClass.
    runner = _runner_resources(ctx, runner)
    # 5. AcceleratorClass args override and tensor/pipeline parallel rewrites.
    if accel_config.get("runtimeArgsOverride"):
        runner["args"] = merge_args(runner.get("args") or [], list(accel_config["runtimeArgsOverride"]))
    parallel = accel_config.get("tensorParallelismOverride") or {}
    runner = override_parallelism(runner, parallel.get("tensorParallelSize") or 0, parallel.get("pipelineParallelSize") or 0)
    # 6. PARALLELISM_SIZE when no AcceleratorClass was chosen.
    if ctx.accelerator is None:
        runner = _parallelism_size(ctx, runner, result, where)
    return runner


def _accelerator_config(ctx: PodContext) -> dict:
    if ctx.accelerator is None or ctx.smf is None:
        return {}
    return (ctx.smf.get("acceleratorConfig") or {}).get(ctx.accelerator.name) or {}


def _has_env(env: list, name: str) -> bool:
    return any(e.get("name") == name for e in env)


def _upsert_env(env: list, name: str, value: str) -> list:
    for i, entry in enumerate(env):
        if entry.get("name") == name:
            env = list(env)
            env[i] = {**entry, "value": value}
            return env
    return [*env, {"name": name, "value": value}]


def _fine_tuned_env(ctx: PodContext, env: list) -> list:
    """Fine-tuned weight serving env of the runner, by base-model vendor (spec 02 §2.10)."""
    vendor = ctx.model.spec.get("vendor")
    if vendor == "meta":
        env = _upsert_env(env, "SERVED_MODEL_NAME", f"/data/{ctx.ft.weight.name}")
        if not _has_env(env, "MODEL_PATH"):
            env = [*env, {"name": "MODEL_PATH", "value": FT_MOUNT_PATH}]
    elif _cohere_tfew(ctx) and not _has_env(env, "TFEW_PATH"):
        env = [*env, {"name": "TFEW_PATH", "value": "/opt/ml/tfew/fastertransformer/1"}]
    return env


def _fine_tuned_mounts(ctx: PodContext, mounts: list) -> list:
    """Fine-tuned weight serving mounts of the runner (spec 02 §2.10)."""
    if not any(m.get("name") == MODEL_EMPTY_DIR for m in mounts):
        mounts = [*mounts, {"name": MODEL_EMPTY_DIR, "mountPath": FT_MOUNT_PATH}]
    if _cohere_tfew(ctx):
        fmt = ctx.meta.annotations.get("ome.io/base-model-format", "")
        mounts = [
            {**m, "mountPath": f"{FT_MOUNT_PATH}/{fmt}", "subPath": "base"} if m.get("name") == MODEL_EMPTY_DIR else m
            for m in mounts
        ]
        mounts.append({"name": MODEL_EMPTY_DIR, "mountPath": f"/opt/ml/tfew/{fmt}", "subPath": "finetuned", "readOnly": True})
    return mounts


def _cohere_tfew(ctx: PodContext) -> bool:
    ft = ctx.ft
    return ctx.model.spec.get("vendor") == "cohere" and ft.strategy == "tfew" and not ft.merged


def _runner_resources(ctx: PodContext, runner: dict) -> dict:
    own_runner = ctx.isvc_block.get("runner")
    own = (own_runner or {}).get("resources") or {}
    if own_runner is not None and (own.get("requests") or own.get("limits") or own.get("claims")):
        return runner
    resources = dict(runner.get("resources") or {})
    requests = dict(resources.get("requests") or {})
    limits = dict(resources.get("limits") or {})
    legacy = next(
        (c for c in ctx.runtime.spec.get("containers") or [] if c.get("name") == runner.get("name")), None
    )
    if legacy is not None:
        legacy_res = legacy.get("resources") or {}
        for key, value in (legacy_res.get("requests") or {}).items():
            requests.setdefault(key, value)
        for key, value in (legacy_res.get("limits") or {}).items():
            limits.setdefault(key, value)
    if ctx.accelerator is not None:
        for entry in ctx.accelerator.spec.get("resources") or []:
            quantity = str(entry.get("quantity", "1"))
            requests[entry["name"]] = quantity
            limits[entry["name"]] = quantity
    if requests:
        resources["requests"] = requests
    if limits:
        resources["limits"] = limits
    if resources:
        runner = {**runner, "resources": resources}
    return runner


def _parallelism_size(ctx: PodContext, runner: dict, result: PodResult, where: tuple) -> dict:
    gpus = gpu_count(runner)
    worker_size = (ctx.ce.get("worker") or {}).get("size") or 0
    if ctx.component == "engine":
        pods = 1 + worker_size
    else:
        leaders = 1 if (ctx.ce.get("leader") is not None or ctx.ce.get("runner") is not None) else 0
        pods = leaders + worker_size
    if gpus <= 0 or pods <= 0:
        return runner
    env = list(runner.get("env") or [])
    existing = next((e for e in env if e.get("name") == "PARALLELISM_SIZE"), None)
    if existing is not None and "valueFrom" in existing:
        result.problems.append(
            Problem(
                codes.PARALLELISM_VALUE_FROM,
                "PARALLELISM_SIZE uses valueFrom; OME also writes a value and the API server rejects both",
                where,
                "remove PARALLELISM_SIZE from the container env: OME sets it from the GPU count",
            )
        )
    return {**runner, "env": _upsert_env(env, "PARALLELISM_SIZE", str(gpus * pods))}


def _router_runner(ctx: PodContext, runner: dict) -> dict:
    """Router: ``config`` entries are appended to the runner env, sorted by key (spec 02 §2.8)."""
    config = ctx.ce.get("config") or {}
    if not config:
        return runner
    extra = [{"name": key, "value": str(config[key])} for key in sorted(config)]
    return {**runner, "env": [*(runner.get("env") or []), *extra]}


# --- templating, volumes, scheduling (spec 02 §2.5, §2.6) ------------------------------------------


def _templated(ctx: PodContext, container: dict, result: PodResult, where: tuple) -> dict:
    new, errors, warnings = apply_placeholders(container, ctx.isvc.metadata | {"namespace": ctx.isvc.namespace})
    for message in errors:
        result.problems.append(Problem(codes.PLACEHOLDER_FAILED, f"failed to replace placeholders in container: {message}", where,
                                       "OME runs containers through Go html/template with the InferenceService metadata ({{.Name}}, "
                                       "{{.Namespace}}, {{.Labels.key}}, {{.Annotations.key}}); escape other braces"))
    for message in warnings:
        result.problems.append(Problem(codes.PLACEHOLDER_OFFLINE, message, where))
    return new


def _add_model_volumes(ctx: PodContext, pod: dict, result: PodResult, where: tuple) -> None:
    volumes = list(pod.get("volumes") or [])
    path = (ctx.model.spec.get("storage") or {}).get("path")
    if path:
        if any(v.get("name") == ctx.model.name for v in volumes):
            result.problems.append(
                Problem(codes.DUPLICATE_VOLUME,
                        f"volume {ctx.model.name!r} clashes with the model volume OME adds (same name)", where,
                        "rename the runtime/service volume")
            )
        volumes.append({"name": ctx.model.name, "hostPath": {"path": path}})
    annotations = ctx.meta.annotations
    if annotations.get(INJECT_MODEL_INIT) == "true" or annotations.get(INJECT_FT_ADAPTER):
        if not any(v.get("name") == MODEL_EMPTY_DIR for v in volumes):
            volumes.append({"name": MODEL_EMPTY_DIR, "emptyDir": {"medium": "Memory"}})
    if volumes:
        pod["volumes"] = volumes


def _set_node_selector(ctx: PodContext, pod: dict) -> None:
    if ctx.meta.annotations.get(FT_MERGED) == "true":
        return
    selector = dict(pod.get("nodeSelector") or {})
    key = model_ready_label_key(ctx.model.name, ctx.model.namespace)
    selector.setdefault(key, "Ready")
    selector.update(ctx.runtime.spec.get("nodeSelector") or {})
    if ctx.accelerator is not None:
        selector.update((ctx.accelerator.spec.get("discovery") or {}).get("nodeSelector") or {})
    selector.update(ctx.isvc_block.get("nodeSelector") or {})
    pod["nodeSelector"] = selector


def _set_affinity(ctx: PodContext, pod: dict) -> None:
    if ctx.isvc_block.get("affinity") is not None or ctx.accelerator is None:
        return
    affinity = (ctx.accelerator.spec.get("discovery") or {}).get("affinity")
    if affinity is not None:
        pod["affinity"] = affinity


# --- workload defaults (spec 02 §2.7) --------------------------------------------------------------

POD_DEFAULTS = {
    "dnsPolicy": "ClusterFirst",
    "restartPolicy": "Always",
    "terminationGracePeriodSeconds": 30,
    "securityContext": {},
    "schedulerName": "default-scheduler",
}
CONTAINER_DEFAULTS = {
    "terminationMessagePath": "/dev/termination-log",
    "terminationMessagePolicy": "File",
    "imagePullPolicy": "IfNotPresent",
}


def workload_pod(ctx: PodContext, pod: PodResult, *, drop_empty_args: bool = False, readiness_default: bool = False) -> dict:
    """:func:`with_workload_defaults` of a built pod, shared like the pod itself (see :func:`build_pod`); a
    pod's own fields are set on top (no default depends on them)."""
    base = pod.spec if pod.shared is None else pod.shared
    if ctx.memo is None:
        spec = with_workload_defaults(base, drop_empty_args=drop_empty_args, readiness_default=readiness_default)
        return {**spec, **pod.own} if pod.own else spec
    key = ("workload", id(base), drop_empty_args, readiness_default)
    hit = ctx.memo.get(key)
    if hit is None or hit[0] is not base:  # the entry keeps the base pod alive, so its id stays unique
        hit = ctx.memo[key] = (base, with_workload_defaults(
            base, drop_empty_args=drop_empty_args, readiness_default=readiness_default
        ))
        shared = ctx.memo.setdefault(SHARED, {})  # serializers may reuse their text (SharedText)
        shared[id(hit[1])] = hit[1]
        for value in hit[1].values():  # a pod with its own fields shares these with its peers
            if type(value) is list and value:
                shared[id(value)] = value
    return {**hit[1], **pod.own} if pod.own else hit[1]


def with_workload_defaults(pod: dict, *, drop_empty_args: bool = False, readiness_default: bool = False) -> dict:
    """Defaults OME writes on Deployment and LeaderWorkerSet pod specs."""
    pod = {**{k: v for k, v in POD_DEFAULTS.items() if not pod.get(k)}, **{k: v for k, v in pod.items()}}
    for key in ("containers", "initContainers"):
        if pod.get(key):
            pod[key] = [_container_defaults(c, drop_empty_args, readiness_default and key == "containers") for c in pod[key]]
    return pod


def _container_defaults(container: dict, drop_empty_args: bool, readiness_default: bool) -> dict:
    out = dict(container)
    for key, value in CONTAINER_DEFAULTS.items():
        if not out.get(key):
            out[key] = value
    if drop_empty_args and "args" in out and not out["args"]:
        del out["args"]
    if readiness_default and out.get("name") == "ome-container" and not out.get("readinessProbe"):
        ports = out.get("ports") or []
        port = ports[0].get("containerPort", 8080) if ports else 8080
        out["readinessProbe"] = {
            "tcpSocket": {"port": port},
            "timeoutSeconds": 1,
            "periodSeconds": 10,
            "successThreshold": 1,
            "failureThreshold": 3,
        }
    return out
