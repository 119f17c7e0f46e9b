"""Runner pre-processing, as OME's engine and decoder reconcilers do it before the runner is merged into its
container: MODEL_PATH or fine-tuned env, AcceleratorClass env, model and fine-tuned mounts, resources (legacy runtime
containers, AcceleratorClass), AcceleratorClass args and parallelism overrides, PARALLELISM_SIZE; and the router's
``config`` env. Everything is read from :class:`omec.render.pod.PodInputs`."""
from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from omec.golang.quantity import gpu_count
from omec.ome.args import merge_args, override_parallelism
from omec.render import codes
from omec.render.metadata import (
    BASE_MODEL_FORMAT,
    BASE_MODEL_VENDOR,
    FT_MERGED,
    FT_MOUNT_PATH,
    FT_STRATEGY,
    INJECT_MODEL_INIT,
    MODEL_EMPTY_DIR,
)
from omec.render.podresult import PodResult, Problem

if TYPE_CHECKING:
    from omec.render.pod import PodInputs


def preprocess_runner(inputs: PodInputs, runner: dict, result: PodResult) -> dict:
    """The engine/decoder runner after OME's additions (problems go to ``result``)."""
    runner = dict(runner)
    path = inputs.model_path
    model_init = inputs.annotations.get(INJECT_MODEL_INIT) == "true"
    merged_ft = inputs.annotations.get(FT_MERGED) == "true"
    env = list(runner.get("env") or [])
    mounts = list(runner.get("volumeMounts") or [])
    # 1. MODEL_PATH (base-model serving) or the fine-tuned env.
    if inputs.fine_tuned is None and not model_init and not merged_ft and path and not _has_env(env, "MODEL_PATH"):
        env.append({"name": "MODEL_PATH", "value": path})
    if inputs.fine_tuned is not None:
        env = _fine_tuned_env(inputs, env)
    # 2. AcceleratorClass environment override.
    accel_config = inputs.accelerator_config
    for name in sorted(accel_config.get("environmentOverride") or {}):
        env = _upsert_env(env, name, str(accel_config["environmentOverride"][name]))
    # 3. Model volume mount, then the fine-tuned mounts.
    if not model_init and not merged_ft and path:
        mounts.append({"name": inputs.model_name, "mountPath": path, "readOnly": True})
    if inputs.fine_tuned is not None:
        mounts = _fine_tuned_mounts(inputs, mounts)
    if env:
        runner["env"] = env
    if mounts:
        runner["volumeMounts"] = mounts
    # 4. Resources from legacy runtime containers and the AcceleratorClass.
    runner = _runner_resources(inputs, runner)
    # 5. AcceleratorClass args override and tensor/pipeline parallel rewrites.
    if accel_config.get("runtimeArgsOverride"):
        runner["args"] = merge_args(runner.get("args") or [], list(accel_config["runtimeArgsOverride"]))
    parallel = accel_config.get("tensorParallelismOverride") or {}
    runner = override_parallelism(
        runner, parallel.get("tensorParallelSize") or 0, parallel.get("pipelineParallelSize") or 0
    )
    # 6. PARALLELISM_SIZE when no AcceleratorClass was chosen.
    if inputs.accelerator is None:
        runner = _parallelism_size(inputs, runner, result)
    return runner


def router_runner(inputs: PodInputs, runner: dict) -> dict:
    """Router: ``config`` entries are appended to the runner env, sorted by key."""
    config = inputs.router_config
    if not config:
        return runner
    extra = [{"name": key, "value": str(config[key])} for key in sorted(config)]
    return {**runner, "env": [*(runner.get("env") or []), *extra]}


def _has_env(env: list, name: str) -> bool:
    return any(e.get("name") == name for e in env)


def _upsert_env(env: list, name: str, value: str) -> list:
    for i, entry in enumerate(env):
        if entry.get("name") == name:
            env = list(env)
            env[i] = {**entry, "value": value}
            return env
    return [*env, {"name": name, "value": value}]


def _fine_tuned_env(inputs: PodInputs, env: list) -> list:
    """Fine-tuned weight serving env of the runner, by the base model's ``vendor`` field."""
    assert inputs.fine_tuned is not None
    if inputs.model_vendor == "meta":
        env = _upsert_env(env, "SERVED_MODEL_NAME", f"/data/{inputs.fine_tuned[0]}")
        if not _has_env(env, "MODEL_PATH"):
            env = [*env, {"name": "MODEL_PATH", "value": FT_MOUNT_PATH}]
    elif inputs.model_vendor == "cohere" and _cohere_tfew(inputs) and not _has_env(env, "TFEW_PATH"):
        env = [*env, {"name": "TFEW_PATH", "value": "/opt/ml/tfew/fastertransformer/1"}]
    return env


def _fine_tuned_mounts(inputs: PodInputs, mounts: list) -> list:
    """Fine-tuned weight serving mounts of the runner. For Cohere tfew the first ``model-empty-dir`` mount is
    rewritten as ``UpdateVolumeMount`` does (mountPath, subPath and readOnly replaced: readOnly becomes false) and a
    read-only ``finetuned`` mount is appended."""
    if not any(m.get("name") == MODEL_EMPTY_DIR for m in mounts):
        mounts = [*mounts, {"name": MODEL_EMPTY_DIR, "mountPath": FT_MOUNT_PATH}]
    if _cohere_tfew(inputs):
        fmt = inputs.annotations.get(BASE_MODEL_FORMAT, "")
        index = next(i for i, m in enumerate(mounts) if m.get("name") == MODEL_EMPTY_DIR)
        rewritten = {k: v for k, v in mounts[index].items() if k not in ("mountPath", "subPath", "readOnly")}
        mounts = list(mounts)
        mounts[index] = {**rewritten, "mountPath": _join(FT_MOUNT_PATH, fmt), "subPath": "base"}
        mounts.append(
            {"name": MODEL_EMPTY_DIR, "mountPath": _join("/opt/ml/tfew", fmt), "subPath": "finetuned", "readOnly": True}
        )
    return mounts


def _join(*parts: str) -> str:
    """Go's ``filepath.Join``: the non-empty parts joined by ``/``, cleaned."""
    return posixpath.normpath("/".join(p for p in parts if p))


def _cohere_tfew(inputs: PodInputs) -> bool:
    """OME's ``IsCohereCommand1TFewFTServing``: decided from the component annotations (the model's vendor, or the
    user's ``ome.io/base-model-vendor`` when the model has none; the weight's strategy; the merged flag)."""
    annotations = inputs.annotations
    return (
        annotations.get(BASE_MODEL_VENDOR) == "cohere"
        and annotations.get(FT_STRATEGY) == "tfew"
        and annotations.get(FT_MERGED) != "true"
    )


def _runner_resources(inputs: PodInputs, runner: dict) -> dict:
    if inputs.own_resources:
        return runner
    resources = dict(runner.get("resources") or {})
    requests = dict(resources.get("requests") or {})
    limits = dict(resources.get("limits") or {})
    legacy = inputs.legacy_resources.get(runner.get("name"))
    if legacy is not None:
        for key, value in (legacy.get("requests") or {}).items():
            requests.setdefault(key, value)
        for key, value in (legacy.get("limits") or {}).items():
            limits.setdefault(key, value)
    for entry in inputs.accelerator_resources:
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


def _parallelism_size(inputs: PodInputs, runner: dict, result: PodResult) -> dict:
    try:
        gpus = gpu_count(runner)
    except ValueError as error:  # e.g. "1e1.5": the CRD pattern accepts it, Quantity.UnmarshalJSON does not
        result.problems.append(Problem(
            codes.QUANTITY_UNDECODABLE,
            f"the runner's nvidia.com/gpu quantity does not parse ({error}): OME cannot decode the InferenceService",
            inputs.where, "write the quantity as Kubernetes does (e.g. 2, 500m, 1e3)"))
        return runner
    if inputs.component == "engine":
        pods = 1 + inputs.worker_size
    else:
        pods = (1 if inputs.leader_or_runner else 0) + inputs.worker_size
    if gpus <= 0 or pods <= 0:
        return runner
    env = list(runner.get("env") or [])
    existing = next((e for e in env if e.get("name") == "PARALLELISM_SIZE"), None)
    if existing is not None and "valueFrom" in existing:
        result.problems.append(Problem(
            codes.PARALLELISM_VALUE_FROM,
            "PARALLELISM_SIZE uses valueFrom; OME also writes a value and the API server rejects both",
            inputs.where,
            "remove PARALLELISM_SIZE from the container env: OME sets it from the GPU count",
        ))
    return {**runner, "env": _upsert_env(env, "PARALLELISM_SIZE", str(gpus * pods))}
