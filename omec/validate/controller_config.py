"""OME's controller ConfigMap ``inferenceservice-config`` (spec 02 §0, §5.2, §7).

``--controller-config FILE`` accepts the ConfigMap itself or a plain mapping of the same keys whose values
are JSON strings or objects. Without it, omec uses the defaults of the ConfigMap OME ships
(ingress creation disabled, so an external Service is created; default deployment mode RawDeployment).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from omec.diagnostics import Diagnostic, SourceRef
from omec.validate.catalog_codes import CONTROLLER_CONFIG_INVALID

DEPLOYMENT_MODES = ("Serverless", "RawDeployment", "MultiNodeRayVLLM", "MultiNode", "VirtualDeployment")

SHIPPED_INGRESS = {
    "ingressGateway": "knative-serving/knative-ingress-gateway",
    "ingressService": "istio-ingressgateway.istio-system.svc.cluster.local",
    "localGateway": "knative-serving/knative-local-gateway",
    "localGatewayService": "knative-local-gateway.istio-system.svc.cluster.local",
    "knativeLocalGatewayService": "knative-local-gateway.istio-system.svc.cluster.local",
    "omeIngressGateway": "",
    "ingressDomain": "svc.cluster.local",
    "ingressClassName": "istio",
    "additionalIngressDomains": None,
    "domainTemplate": "{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}",
    "urlScheme": "http",
    "disableIstioVirtualHost": False,
    "pathTemplate": "",
    "disableIngressCreation": True,
    "enableGatewayAPI": False,
}
# `multinodeProber` of the shipped ConfigMap: the prober Deployment of MultiNodeRayVLLM engines (spec 02 §3.4).
SHIPPED_MULTINODE_PROBER = {
    "image": "ghcr.io/moirai-internal/multinode-prober:v0.1.5",
    "memoryRequest": "100Mi",
    "memoryLimit": "100Mi",
    "cpuRequest": "100m",
    "cpuLimit": "100m",
    "startupFailureThreshold": 150,
    "startupPeriodSeconds": 30,
    "startupTimeoutSeconds": 60,
    "startupInitialDelaySeconds": 200,
    "unavailableThresholdSeconds": 1800,
}
INGRESS_FIELD_DEFAULTS = {"ingressDomain": "example.com", "domainTemplate": "{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}", "urlScheme": "http"}


@dataclass(frozen=True, slots=True)
class ControllerConfig:
    default_deployment_mode: str = "RawDeployment"
    ingress: dict = field(default_factory=lambda: dict(SHIPPED_INGRESS))
    multinode_prober: dict | None = field(default_factory=lambda: dict(SHIPPED_MULTINODE_PROBER))
    source: str = "shipped defaults"


SHIPPED = ControllerConfig()


def _section(data: dict, key: str, ref: SourceRef, diags: list[Diagnostic]) -> dict | None:
    if key not in data:
        return None
    value = data[key]
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            diags.append(CONTROLLER_CONFIG_INVALID.at(f"key {key!r} is not valid JSON: {exc.msg}", ref, ("data", key)))
            return None
    if not isinstance(value, dict):
        diags.append(CONTROLLER_CONFIG_INVALID.at(f"key {key!r} must be a JSON object", ref, ("data", key)))
        return None
    return value


def parse_controller_config(value: object, path: str) -> tuple[ControllerConfig, list[Diagnostic]]:
    """Interpret a loaded ConfigMap (or plain mapping) and validate it as OME does."""
    ref = SourceRef(path, 0)
    diags: list[Diagnostic] = []
    if not isinstance(value, dict):
        return SHIPPED, [CONTROLLER_CONFIG_INVALID.at("expected a ConfigMap or a mapping of config keys", ref)]
    data = value.get("data") if value.get("kind") == "ConfigMap" else value
    if not isinstance(data, dict):
        return SHIPPED, [CONTROLLER_CONFIG_INVALID.at("the ConfigMap has no data", ref, ("data",))]
    deploy = _section(data, "deploy", ref, diags)
    mode = "RawDeployment"
    if deploy is not None:
        mode = deploy.get("defaultDeploymentMode") or ""
        if mode not in ("Serverless", "RawDeployment"):
            diags.append(
                CONTROLLER_CONFIG_INVALID.at(
                    f"deploy.defaultDeploymentMode must be Serverless or RawDeployment, got {mode!r}", ref, ("data", "deploy")
                )
            )
    ingress = _section(data, "ingress", ref, diags)
    if ingress is None:
        # The key is absent: OME then runs with ingress creation enabled and field defaults.
        ingress = dict(INGRESS_FIELD_DEFAULTS) if "ingress" not in data else dict(SHIPPED_INGRESS)
    else:
        if not ingress.get("ingressGateway") or not ingress.get("ingressService"):
            diags.append(
                CONTROLLER_CONFIG_INVALID.at("ingressGateway and ingressService are required", ref, ("data", "ingress"))
            )
        ingress = {**INGRESS_FIELD_DEFAULTS, **{k: v for k, v in ingress.items() if v not in ("", None)}}
    prober = _section(data, "multinodeProber", ref, diags)
    return ControllerConfig(mode, ingress, prober, path), diags
