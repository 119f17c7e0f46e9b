"""OME's controller ConfigMap ``inferenceservice-config``: the keys ``deploy``, ``ingress`` and ``multinodeProber``
(OME ships https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/config/configmap/inferenceservice.yaml).

``--controller-config FILE`` accepts the ConfigMap itself or a plain mapping of the same keys whose values
are JSON strings or objects. Without it, omec uses the defaults of the ConfigMap OME ships
(ingress creation disabled, so an external Service is created; default deployment mode RawDeployment).
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
# `multinodeProber` of the shipped ConfigMap: the prober Deployment of MultiNodeRayVLLM engines.
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
INGRESS_FIELD_DEFAULTS = {
    "ingressDomain": "example.com",
    "domainTemplate": "{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}",
    "urlScheme": "http",
}


@dataclass(frozen=True, slots=True)
class ControllerConfig:
    default_deployment_mode: str = "RawDeployment"
    ingress: dict = field(default_factory=lambda: dict(SHIPPED_INGRESS))
    multinode_prober: dict | None = field(default_factory=lambda: dict(SHIPPED_MULTINODE_PROBER))
    source: str = "shipped defaults"


SHIPPED = ControllerConfig()
