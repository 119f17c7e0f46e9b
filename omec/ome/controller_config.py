"""OME's controller ConfigMap ``inferenceservice-config`` (OME ships
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/config/configmap/inferenceservice.yaml):
the data keys OME's binaries read, the Go types they are decoded into, and the configuration omec compiles with
(``deploy``, ``ingress`` and ``multinodeProber`` shape the objects; the pod webhook's keys only have to decode).

``--controller-config FILE`` accepts the ConfigMap itself or a plain mapping of the same keys whose values
are JSON strings or objects. Without it, omec uses the defaults of the ConfigMap OME ships
(ingress creation disabled, so an external Service is created; default deployment mode RawDeployment).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from omec.golang.jsonv1 import BOOL, INT32, STRING, Custom, Field, GoType, Ptr, Slice, Struct
from omec.golang.resource import canonical_quantity
from omec.golang.strings import trim_space

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



def _quantity(raw: bytes) -> str | None:
    """``resource.Quantity.UnmarshalJSON``: null is fine; quotes stripped, spaces trimmed, then ParseQuantity."""
    if raw == b"null":
        return None
    text = raw[1:-1] if len(raw) >= 2 and raw[:1] == raw[-1:] == b'"' else raw
    try:
        canonical_quantity(trim_space(text.decode("utf-8", "replace")))
    except ValueError as err:
        return str(err)
    return None


def _strings(names: str) -> tuple[Field, ...]:
    return tuple(Field(name, STRING) for name in names.split())


# The Go types OME decodes each data key into, with encoding/json (json tags copied):
# https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/controllerconfig/configmap.go#L53-L89
INGRESS_CONFIG = Struct("controllerconfig.IngressConfig", (
    *_strings("ingressGateway ingressService localGateway localGatewayService knativeLocalGatewayService "
              "omeIngressGateway ingressDomain"),
    Field("ingressClassName", Ptr(STRING)),
    Field("additionalIngressDomains", Ptr(Slice(STRING))),
    *_strings("domainTemplate urlScheme"),
    Field("disableIstioVirtualHost", BOOL),
    Field("pathTemplate", STRING),
    Field("disableIngressCreation", BOOL),
    Field("enableGatewayAPI", BOOL),
))
DEPLOY_CONFIG = Struct("controllerconfig.DeployConfig", (Field("defaultDeploymentMode", STRING),))
MULTINODE_PROBER_CONFIG = Struct("controllerconfig.MultiNodeProberConfig", (
    *_strings("image cpuRequest memoryRequest cpuLimit memoryLimit"),
    *(Field(name, INT32) for name in ("startupFailureThreshold", "startupPeriodSeconds", "startupInitialDelaySeconds",
                                      "startupTimeoutSeconds", "unavailableThresholdSeconds")),
))
# The pod webhook's keys (pkg/webhook/admission/pod/*_injector.go), read on every InferenceService pod.
_SELECTOR = (Field("name", STRING, ("LocalObjectReference",)), Field("key", STRING), Field("optional", Ptr(BOOL)))
_ENV_VAR_SOURCE = Struct("v1.EnvVarSource", (
    Field("fieldRef", Ptr(Struct("v1.ObjectFieldSelector", _strings("apiVersion fieldPath")))),
    Field("resourceFieldRef", Ptr(Struct("v1.ResourceFieldSelector", (
        *_strings("containerName resource"), Field("divisor", Custom("resource.Quantity", _quantity)))))),
    Field("configMapKeyRef", Ptr(Struct("v1.ConfigMapKeySelector", _SELECTOR))),
    Field("secretKeyRef", Ptr(Struct("v1.SecretKeySelector", _SELECTOR))),
))
_VOLUME_MOUNT = Struct("v1.VolumeMount", (
    Field("name", STRING), Field("readOnly", BOOL),
    Field("recursiveReadOnly", Ptr(GoType("v1.RecursiveReadOnlyMode", "string"))),
    Field("mountPath", STRING), Field("subPath", STRING),
    Field("mountPropagation", Ptr(GoType("v1.MountPropagationMode", "string"))), Field("subPathExpr", STRING),
))
_ENV_VAR = Struct("v1.EnvVar", (*_strings("name value"), Field("valueFrom", Ptr(_ENV_VAR_SOURCE))))
_INJECTOR = "image memoryRequest memoryLimit cpuRequest cpuLimit compartmentId authType"
METRICS_AGGREGATOR = Struct("pod.MetricsAggregator", _strings("enableMetricAggregation enablePrometheusScraping"))
MODEL_INIT = Struct("pod.ModelInitInjector", (
    *_strings(_INJECTOR + " vaultId region"),
    Field("extraVolumeMounts", Ptr(Slice(_VOLUME_MOUNT))),
    Field("extraEnvVars", Ptr(Slice(_ENV_VAR))),
))
FINE_TUNED_ADAPTER = Struct("pod.FineTunedAdapterInjector", _strings(_INJECTOR + " region"))
SERVING_SIDECAR = Struct("pod.ServingSidecarInjector", _strings(_INJECTOR + " region realmDomainComponent"))


@dataclass(frozen=True, slots=True)
class DataKey:
    """A data key OME reads: its Go type, OME's error text for it (``{}`` = the encoding/json error) and what
    fails when it does not decode."""

    type: Struct
    message: str
    effect: str


_POD_PANIC = "OME's pod webhook panics on every InferenceService pod, so none starts"
# Every key OME's binaries read from inferenceservice-config: the manager (cmd/manager/main.go, the
# InferenceService webhooks and controller) and the pod webhook (pkg/webhook/admission/pod/mutator.go).
DATA_KEYS = {
    "ingress": DataKey(INGRESS_CONFIG, "unable to parse ingress config json: {}",
                       "OME's manager exits at start-up (NewIngressConfig), so its admission webhooks refuse every "
                       "InferenceService and runtime"),
    "deploy": DataKey(DEPLOY_CONFIG, "unable to parse deploy config json: {}",
                      "OME's manager exits at start-up and its mutating webhook (NewDeployConfig) refuses every "
                      "InferenceService"),
    "multinodeProber": DataKey(MULTINODE_PROBER_CONFIG, "unable to unmarshall multinodeProber json string due to {} ",
                               "every InferenceService reconcile fails (NewInferenceServicesConfig)"),
    "metricsAggregator": DataKey(METRICS_AGGREGATOR, "unable to unmarshall metricsAggregator json string due to {} ",
                                 "OME's pod webhook refuses every InferenceService pod, so none starts"),
    "modelInit": DataKey(MODEL_INIT, "unable to unmarshal modelInit json string: {}", _POD_PANIC),
    "fineTunedAdapter": DataKey(FINE_TUNED_ADAPTER, "unable to unmarshal fineTunedAdapter json string: {}", _POD_PANIC),
    "servingSidecar": DataKey(SERVING_SIDECAR, "unable to unmarshal servingSidecar json string: {}", _POD_PANIC),
}
UNREAD_KEYS = ("kedaConfig",)  # in the shipped ConfigMap, read by no OME code (KEDA defaults are hard-coded)


@dataclass(frozen=True, slots=True)
class ControllerConfig:
    default_deployment_mode: str = "RawDeployment"
    ingress: dict = field(default_factory=lambda: dict(SHIPPED_INGRESS))
    multinode_prober: dict | None = field(default_factory=lambda: dict(SHIPPED_MULTINODE_PROBER))
    source: str = "shipped defaults"


SHIPPED = ControllerConfig()
