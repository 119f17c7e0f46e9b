"""Component Services, the external Service (created while ingress creation is disabled) and router RBAC."""
from __future__ import annotations

SERVICE_TYPES = ("LoadBalancer", "NodePort", "ClusterIP")
EXTERNAL_ANNOTATION_PREFIXES = ("service.beta.kubernetes.io/", "cloud.google.com/", "service.kubernetes.io/")


def service_ports(pod: dict) -> list[dict]:
    """Ports of the pod's first container (8080 named after the container when it declares none)."""
    containers = pod.get("containers") or []
    if not containers:
        return []
    first = containers[0]
    ports = first.get("ports") or []
    if not ports:
        return [{"name": first.get("name", ""), "port": 8080, "targetPort": 8080, "protocol": "TCP"}]
    return [
        {
            "name": p.get("name", ""),
            "port": p["containerPort"],
            "targetPort": p["containerPort"],
            "protocol": p.get("protocol") or "TCP",
        }
        for p in ports
    ]


def component_service(metadata: dict, annotations: dict, ports: list[dict], selector: dict) -> dict:
    """A component Service; ``type`` and ``loadBalancerIP`` come from the component annotations
    (``ome.io/service-type``, ``ome.io/load-balancer-ip``)."""
    service_type = annotations.get("ome.io/service-type")
    spec: dict = {"type": service_type if service_type in SERVICE_TYPES else "ClusterIP"}
    if spec["type"] == "LoadBalancer" and annotations.get("ome.io/load-balancer-ip"):
        spec["loadBalancerIP"] = annotations["ome.io/load-balancer-ip"]
    spec["selector"] = selector
    if ports:
        spec["ports"] = ports
    return {"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec}


def first_port(service: dict) -> int | None:
    ports = service["spec"].get("ports") or []
    return ports[0]["port"] if ports else None


def istio_sidecars(name: str, namespace: str, labels: dict) -> list[dict]:
    """The Istio Sidecar of a MultiNode / MultiNodeRayVLLM component labelled ``sidecar.istio.io/inject: "true"``.

    Its workload selector names the component (an OME quirk: pods carry the InferenceService name, so it selects
    nothing).
    """
    if labels.get("sidecar.istio.io/inject") != "true":
        return []
    return [{
        "apiVersion": "networking.istio.io/v1beta1",
        "kind": "Sidecar",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "workloadSelector": {"labels": {"ome.io/inferenceservice": name}},
            "egress": [{"hosts": ["./*"], "port": {"number": 8080, "protocol": "HTTP"}}],
            "ingress": [{"port": {"number": 8080, "protocol": "HTTP"}}],
        },
    }]


def external_service(isvc_name: str, namespace: str, isvc_annotations: dict, component: str | None, port: int) -> dict:
    annotations = {  # getServiceAnnotations: the key must be longer than the prefix
        k: v for k, v in isvc_annotations.items()
        if any(k.startswith(p) and len(k) > len(p) for p in EXTERNAL_ANNOTATION_PREFIXES)
    }
    metadata: dict = {
        "name": isvc_name,
        "namespace": namespace,
        "labels": {"component": "external-service", "ome.io/inferenceservice": isvc_name},
    }
    if annotations:
        metadata["annotations"] = annotations
    service_type = isvc_annotations.get("ome.io/service-type")
    selector = {"ome.io/inferenceservice": isvc_name}
    if component is not None:
        selector["component"] = component
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": {
            "type": service_type if service_type in SERVICE_TYPES else "ClusterIP",
            "selector": selector,
            "ports": [{"name": "http", "port": port, "targetPort": port, "protocol": "TCP"}],
        },
    }


def router_rbac(isvc_name: str, namespace: str, labels: dict) -> list[dict]:
    name = f"{isvc_name}-router"
    metadata = {"name": name, "namespace": namespace, "labels": labels}
    return [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": metadata},
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "Role",
            "metadata": metadata,
            "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}],
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": metadata,
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name},
            "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": namespace}],
        },
    ]
