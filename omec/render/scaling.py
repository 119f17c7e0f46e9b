"""Autoscalers (HPA, or a KEDA ScaledObject for ``ome.io/autoscalerClass: keda``) and disruption budgets of
RawDeployment components."""
from __future__ import annotations

from omec.load.templates import load_template
from omec.ome.naming import scaledobject_name

DEFAULT_PROMETHEUS = "http://prometheus-operated.monitoring.svc.cluster.local:9090"


def autoscaler_class(annotations: dict) -> str:
    return annotations.get("ome.io/autoscalerClass") or "hpa"


def hpa(name: str, namespace: str, metadata: dict, ce: dict, annotations: dict) -> dict:
    requested = ce.get("minReplicas") or 0
    minimum = requested if requested >= 1 else 1
    maximum = max(ce.get("maxReplicas") or 0, minimum)
    utilization = ce.get("scaleTarget") or 80
    target = annotations.get("ome.io/targetUtilizationPercentage")
    if target is not None:
        utilization = int(target) if str(target).isdigit() else 0
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
    if annotations.get("autoscaling.keda.sh/prometheus.query"):
        query = annotations["autoscaling.keda.sh/prometheus.query"]
    elif keda.get("customPromQuery"):
        query = _go_sprintf_s(keda["customPromQuery"], name)
    else:
        query = load_template("keda-query.promql.j2").render(component_name=name)
    trigger_metadata = {
        "serverAddress": annotations.get("autoscaling.keda.sh/prometheus.serverAddress")
        or keda.get("promServerAddress")
        or DEFAULT_PROMETHEUS,
        "metricName": ce.get("scaleMetric") or "tps",
        "query": query,
        "threshold": str(annotations.get("autoscaling.keda.sh/threshold") or keda.get("scalingThreshold") or "10"),
        "operator": annotations.get("autoscaling.keda.sh/operator") or keda.get("scalingOperator") or "LessThanOrEqual",
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


def _go_sprintf_s(template: str, value: str) -> str:
    """Go ``fmt.Sprintf(template, value)`` for the ``%s`` / ``%%`` verbs KEDA queries use."""
    out, used, i = [], False, 0
    while i < len(template):
        ch = template[i]
        if ch == "%" and i + 1 < len(template):
            verb = template[i + 1]
            if verb == "%":
                out.append("%")
            elif not used:
                out.append(value)
                used = True
            else:
                out.append(f"%!{verb}(MISSING)")
            i += 2
            continue
        out.append(ch)
        i += 1
    text = "".join(out)
    return text if used else f"{text}%!(EXTRA string={value})"


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
