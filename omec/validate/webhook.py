"""OME's InferenceService admission webhooks (defaulter and validator), replayed offline:
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/webhook/admission/isvc

Mutating: ISVC-level ``ome.io/deploymentMode`` annotation, predictor -> engine/model/runtime conversion,
replica defaults of the declared components. Validating: name, autoscaler annotations (KEDA settings in
:mod:`omec.validate.keda`), decoder needs engine. The model-existence and trial-selection checks are left to the
resolve stage: the controller checks more than admission does (pinned runtimes are never checked at admission),
and omec reports what the controller would. Presence is tested as Go tests pointers: ``affinity: {}`` and
``baseModel: ""`` are set; numbers are read with Go's ``strconv.Atoi``.
"""
from __future__ import annotations

from omec.diagnostics import Diagnostic
from omec.golang.regexp import match_string
from omec.golang.strconv import GoParseError, atoi, quote
from omec.model import (
    BASE_MODEL,
    CLUSTER_BASE_MODEL,
    CLUSTER_SERVING_RUNTIME,
    Catalog,
    Obj,
)
from omec.validate import codes
from omec.validate.keda import validate_keda

DEPLOYMENT_MODE = "ome.io/deploymentMode"
DEPRECATION_WARNING = "ome.io/deprecation-warning"
DEPRECATION_TEXT = (
    "The Predictor field is deprecated and will be removed in a future release. "
    "Please use Engine and Model fields instead."
)
ISVC_NAME_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"  # IsvcNameFmt, matched as "^" + IsvcNameFmt + "$" (Go's $: end of text)
AUTOSCALER_CLASSES = ("hpa", "keda", "external")  # constants.AutoscalerAllowedClassList
HPA_METRICS = ("cpu", "memory")  # constants.AutoscalerAllowedMetricsList
MAX_REPLICA_DEFAULTS = {"engine": 3, "decoder": 3, "router": 2}

# Predictor fields that are not copied into spec.engine by the webhook's predictor conversion.
_PREDICTOR_ONLY = ("model", "workerSpec")
# isPredictorUsed: these count when non-empty (Go's len() > 0, or != "" for the service account)
_TRIGGER_LISTS = ("serviceAccountName", "containers", "volumes", "nodeSelector", "tolerations")


def apply_webhooks(isvc: Obj, catalog: Catalog, default_mode: str) -> tuple[Obj, list[Diagnostic]]:
    """Return the InferenceService as OME stores it after admission, plus admission diagnostics."""
    diags = _validate(isvc)
    body = dict(isvc.body)
    spec = dict(body.get("spec") or {})
    metadata = dict(body.get("metadata") or {})
    annotations = dict(metadata.get("annotations") or {})

    if DEPLOYMENT_MODE not in annotations:
        mode = _webhook_mode(spec, default_mode)
        if mode:
            annotations[DEPLOYMENT_MODE] = mode

    predictor = spec.get("predictor")
    if isinstance(predictor, dict) and _predictor_used(predictor):
        annotations.setdefault(DEPRECATION_WARNING, DEPRECATION_TEXT)
        if spec.get("engine") is None:
            spec, convert_diags = _convert_predictor(isvc, spec, predictor, catalog)
            diags += convert_diags
        else:
            diags.append(codes.PREDICTOR_CONVERTED.at(
                "spec.predictor is deprecated and ignored: spec.engine is set, so OME's webhook does not convert it",
                isvc.ref, ("spec", "predictor"), object=isvc.id,
                hint="move what the predictor sets into spec.engine, spec.model and spec.runtime, then remove it"))

    for component, max_default in MAX_REPLICA_DEFAULTS.items():
        block = spec.get(component)
        if isinstance(block, dict):
            block = dict(block)
            if block.get("minReplicas") is None:
                block["minReplicas"] = 1
            if not block.get("maxReplicas"):
                block["maxReplicas"] = max_default
            spec[component] = block

    if annotations:
        metadata["annotations"] = annotations
    body["metadata"] = metadata
    body["spec"] = spec
    written = isvc.body if isvc.written is None else isvc.written
    return Obj(isvc.kind, isvc.name, isvc.namespace, body, isvc.ref, written), diags


def _webhook_mode(spec: dict, default_mode: str) -> str | None:
    engine = spec.get("engine")
    if engine is not None and spec.get("decoder") is not None:
        return "PDDisaggregated"
    if (
        isinstance(engine, dict) and engine.get("leader") is not None
        and (engine.get("worker") or {}).get("size", 0) > 0
    ):
        return "MultiNode"
    return "RawDeployment" if default_mode == "RawDeployment" else None


def _predictor_used(predictor: dict) -> bool:
    """``isPredictorUsed``: baseModel, minReplicas and affinity count when set at all (Go pointers), the others
    when non-empty; maxReplicas, workerSpec or model.runtime alone do not."""
    model = predictor.get("model") or {}
    return (
        model.get("baseModel") is not None
        or predictor.get("minReplicas") is not None
        or predictor.get("affinity") is not None
        or any(predictor.get(key) for key in _TRIGGER_LISTS)
    )


def _convert_predictor(isvc: Obj, original: dict, predictor: dict, catalog: Catalog) -> tuple[dict, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    spec = dict(original)
    engine = {k: v for k, v in predictor.items() if k not in _PREDICTOR_ONLY and k != "containers"}
    containers = list(predictor.get("containers") or [])
    if containers:
        index = next((i for i, c in enumerate(containers) if _is_runner_name(c.get("name", ""))), 0)
        engine["runner"] = containers[index]
        rest = containers[:index] + containers[index + 1 :]
        if rest:
            engine["containers"] = rest
    if predictor.get("workerSpec") is not None:
        engine["worker"] = predictor["workerSpec"]
    spec["engine"] = engine

    model = predictor.get("model") or {}
    base_model = model.get("baseModel")
    kept = {"runtime"} if spec.get("runtime") is None and model.get("runtime") is not None else set()
    if spec.get("model") is None and base_model is not None:
        if base_model in catalog.cluster_models:
            kind = CLUSTER_BASE_MODEL
        elif (isvc.namespace, base_model) in catalog.models:
            kind = BASE_MODEL
        else:
            kind = None
            diags.append(
                codes.PREDICTOR_MODEL_NOT_FOUND.at(
                    f"neither ClusterBaseModel nor BaseModel found with name {base_model}",
                    isvc.ref,
                    ("spec", "predictor", "model", "baseModel"),
                    object=isvc.id,
                )
            )
        if kind is None:
            return original, diags  # OME's webhook refuses the InferenceService: nothing is converted
        new_model = {"name": base_model, "kind": kind, "apiGroup": "ome.io"}
        kept.add("baseModel")
        if model.get("fineTunedWeights"):
            new_model["fineTunedWeights"] = model["fineTunedWeights"]
            kept.add("fineTunedWeights")
        spec["model"] = new_model
    if "runtime" in kept:
        spec["runtime"] = {"name": model["runtime"], "kind": CLUSTER_SERVING_RUNTIME, "apiGroup": "ome.io"}
    # what is left of predictor.model has no place in the new form (storageUri, protocolVersion, container fields)
    dropped = sorted(key for key, value in model.items() if key not in kept and value not in (None, [], {}))
    diags.append(
        codes.PREDICTOR_CONVERTED.at(
            "spec.predictor is deprecated; converted to spec.engine/model/runtime as OME's webhook does"
            + (f" (spec.predictor.model.{_join(dropped)} {'is' if len(dropped) == 1 else 'are'} dropped)"
               if dropped else ""),
            isvc.ref,
            ("spec", "predictor"),
            object=isvc.id,
            hint="rewrite the service with spec.model, spec.runtime and spec.engine",
        )
    )
    return spec, diags


def _join(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _is_runner_name(name: str) -> bool:
    """``ome-container`` or any name containing "ome" (case-insensitive) becomes the engine runner."""
    return "ome" in name.lower()


def _validate(isvc: Obj) -> list[Diagnostic]:
    """``validateInferenceService``, in OME's order; omec reports every failing check (OME stops at the first)."""
    diags: list[Diagnostic] = []
    if not match_string("^" + ISVC_NAME_FMT + "$", isvc.name):
        diags.append(
            codes.INVALID_NAME.at(
                f"invalid InferenceService name {quote(isvc.name)}, must match {quote(ISVC_NAME_FMT)}",
                isvc.ref,
                ("metadata", "name"),
                object=isvc.id,
                hint="use lower-case letters, digits and '-', starting with a letter",
            )
        )
    annotations = isvc.annotations

    def annotation_problem(code, key: str, message: str, hint: str | None = None) -> None:
        diags.append(code.at(message, isvc.ref, ("metadata", "annotations", key), object=isvc.id, hint=hint))

    # validateInferenceServiceAutoscaler: nothing is checked without the class annotation (HPA by default)
    autoscaler = annotations.get("ome.io/autoscalerClass")
    if autoscaler is not None and autoscaler not in AUTOSCALER_CLASSES:
        annotation_problem(codes.INVALID_AUTOSCALER, "ome.io/autoscalerClass",
                           f"[{autoscaler}] is not a supported autoscaler class type", "use hpa, keda or external")
    metric = annotations.get("ome.io/metrics")
    if autoscaler == "hpa" and metric is not None and metric not in HPA_METRICS:
        annotation_problem(codes.INVALID_AUTOSCALER, "ome.io/metrics", f"[{metric}] is not a supported metric",
                           "use cpu or memory")
    if autoscaler == "keda":
        diags += validate_keda(isvc)
    target = annotations.get("ome.io/targetUtilizationPercentage")
    if target is not None and not _percentage(str(target)):
        annotation_problem(codes.INVALID_TARGET_UTILIZATION, "ome.io/targetUtilizationPercentage",
                           "the target utilization percentage should be a [1-100] integer",
                           "an integer from 1 to 100, written with ASCII digits only")
    spec = isvc.spec
    if spec.get("decoder") is not None and spec.get("engine") is None:
        diags.append(
            codes.DECODER_WITHOUT_ENGINE.at(
                "decoder cannot be specified without engine",
                isvc.ref,
                ("spec", "decoder"),
                object=isvc.id,
                hint="add spec.engine (even `engine: {}`)",
            )
        )
    return diags


def _percentage(text: str) -> bool:
    """``validateAutoscalerTargetUtilizationPercentage``: ``strconv.Atoi`` (``+50`` is 50; spaces, ``1.0`` and
    non-ASCII digits do not parse), then 1..100."""
    try:
        return 1 <= atoi(text) <= 100
    except GoParseError:
        return False
