"""Autoscalers (HPA, or a KEDA ScaledObject for ``ome.io/autoscalerClass: keda``) and disruption budgets of
RawDeployment components.

The annotations read here are the component's (the InferenceService's merged with the runtime's and the
service's component annotations), so they have not been through the admission webhook: OME's reconcilers read them
as Go does (presence, not emptiness; ``strconv.Atoi`` with errors read as 0; ``int32`` conversions) and
:func:`problems` reports the values that make OME's reconcile fail.
"""
from __future__ import annotations

from omec.golang.fmt import sprintf_string
from omec.golang.strconv import GoParseError, atoi, quote
from omec.load.templates import load_template
from omec.ome.naming import scaledobject_name
from omec.render.podresult import Problem
from omec.validate.codes import INVALID_AUTOSCALER, INVALID_TARGET_UTILIZATION

DEFAULT_PROMETHEUS = "http://prometheus-operated.monitoring.svc.cluster.local:9090"
CLASS_ANNOTATION = "ome.io/autoscalerClass"
TARGET_ANNOTATION = "ome.io/targetUtilizationPercentage"
AUTOSCALER_CLASSES = ("hpa", "keda", "external")  # the cases of createAutoscaler


def autoscaler_class(annotations: dict) -> str:
    """``getAutoscalerClass``: the annotation when present (even ""), else hpa."""
    return str(annotations[CLASS_ANNOTATION]) if CLASS_ANNOTATION in annotations else "hpa"


def _int32(value: int) -> int:
    """Go's ``int32(v)`` of an int: the low 32 bits, two's complement."""
    return (value + 2**31) % 2**32 - 2**31


def target_utilization(annotations: dict, ce: dict) -> int:
    """``getTargetUtilization``: the annotation read with ``strconv.Atoi`` (a syntax error is 0, out of range the
    clamped value Go returns), else ``scaleTarget``, else 80, converted to int32."""
    if TARGET_ANNOTATION in annotations:
        try:
            value = atoi(str(annotations[TARGET_ANNOTATION]))
        except GoParseError as err:
            value = err.value if isinstance(err.value, int) else 0
        return _int32(value)
    target = ce.get("scaleTarget")
    return _int32(target) if isinstance(target, int) else 80


def problems(component: str, annotations: dict, isvc_block: dict, runtime: str, ce: dict) -> list[Problem]:
    """What fails OME's reconcile of a RawDeployment component's autoscaler: an unknown class
    (``createAutoscaler``), an HPA target utilization the API server rejects (``validateMetricTarget``:
    averageUtilization must be greater than 0,
    https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/apis/autoscaling/validation/validation.go).
    The ISVC-level annotations are checked at admission, so these come from the component annotations."""
    found = []
    autoscaler = autoscaler_class(annotations)
    if autoscaler not in AUTOSCALER_CLASSES:
        field, hint = _source(component, CLASS_ANNOTATION, isvc_block, runtime)
        found.append(Problem(
            INVALID_AUTOSCALER,
            f"failed to create RawKubeReconciler for {component}: unknown autoscaler class type: {autoscaler}",
            field, f"{hint}; use hpa, keda or external"))
    elif autoscaler == "hpa" and TARGET_ANNOTATION in annotations:
        utilization = target_utilization(annotations, ce)
        if utilization < 1:
            field, hint = _source(component, TARGET_ANNOTATION, isvc_block, runtime)
            found.append(Problem(
                INVALID_TARGET_UTILIZATION,
                f"{TARGET_ANNOTATION} {quote(str(annotations[TARGET_ANNOTATION]))} gives the {component} HPA "
                f"averageUtilization {utilization} (OME reads it with strconv.Atoi, an error as 0): the API server "
                f"rejects it: spec.metrics[0].resource.target.averageUtilization: Invalid value: {utilization}: "
                "must be greater than 0", field, f"{hint}; use an integer from 1 to 100"))
    return found


def _source(component: str, key: str, isvc_block: dict, runtime: str) -> tuple[tuple, str]:
    """Where a component annotation comes from: the service's component block, else the runtime's config."""
    if key in (isvc_block.get("annotations") or {}):
        return ("spec", component, "annotations", key), f"set in spec.{component}.annotations"
    return ("spec", component), f"set by runtime {runtime} ({component}Config.annotations)"


def hpa(name: str, namespace: str, metadata: dict, ce: dict, annotations: dict) -> dict:
    requested = ce.get("minReplicas") or 0
    minimum = requested if requested >= 1 else 1
    maximum = max(ce.get("maxReplicas") or 0, minimum)
    utilization = target_utilization(annotations, ce)
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": metadata,
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": minimum,
            "maxReplicas": maximum,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": ce.get("scaleMetric") or "cpu",
                        "target": {"type": "Utilization", "averageUtilization": utilization},
                    },
                }
            ],
            "behavior": {},
        },
    }


def scaled_object(name: str, metadata: dict, ce: dict, annotations: dict, keda: dict) -> dict:
    requested_min, requested_max = ce.get("minReplicas") or 0, ce.get("maxReplicas") or 0
    minimum = requested_min if requested_min > 0 else 1
    maximum = requested_max if requested_max > minimum else minimum
    if "autoscaling.keda.sh/prometheus.query" in annotations:
        query = str(annotations["autoscaling.keda.sh/prometheus.query"])
    elif keda.get("customPromQuery"):
        query = sprintf_string(keda["customPromQuery"], name)
    else:
        query = load_template("keda-query.promql.j2").render(component_name=name)
    trigger_metadata = {
        "serverAddress": _keda_value(annotations, "prometheus.serverAddress", keda, "promServerAddress",
                                     DEFAULT_PROMETHEUS),
        "metricName": ce.get("scaleMetric") or "tps",
        "query": query,
        "threshold": _keda_value(annotations, "threshold", keda, "scalingThreshold", "10"),
        "operator": _keda_value(annotations, "operator", keda, "scalingOperator", "LessThanOrEqual"),
    }
    trigger: dict = {"type": "prometheus", "metadata": trigger_metadata}
    auth = keda.get("authenticationRef")
    if auth:
        # Go's zero value: OME writes name "" when the InferenceService leaves it out (the CRD does not require it)
        trigger["authenticationRef"] = {"name": auth.get("name") or "",
                                        "kind": auth.get("kind") or "TriggerAuthentication"}
        if keda.get("authModes"):
            trigger_metadata["authModes"] = keda["authModes"]
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": {**metadata, "name": scaledobject_name(name)},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicaCount": minimum,
            "maxReplicaCount": maximum,
            "triggers": [trigger],
        },
    }


def _keda_value(annotations: dict, annotation: str, keda: dict, field: str, default: str) -> str:
    """The KEDA reconciler's getters: the annotation when present (even ""), else the kedaConfig field when not
    empty, else OME's default."""
    key = "autoscaling.keda.sh/" + annotation
    if key in annotations:
        return str(annotations[key])
    return str(keda.get(field) or default)


def pdb(metadata: dict, selector_app: str, ce: dict) -> dict:
    spec: dict = {}
    if ce.get("minAvailable") is not None:
        spec["minAvailable"] = ce["minAvailable"]
    if ce.get("maxUnavailable") is not None:
        spec["maxUnavailable"] = ce["maxUnavailable"]
    if not spec:
        spec["maxUnavailable"] = 1
    spec["selector"] = {"matchLabels": {"app": selector_app}}
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": metadata, "spec": spec}
