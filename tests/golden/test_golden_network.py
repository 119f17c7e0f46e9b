"""Component Service annotations (pod-only ones dropped), the external Service and the router RBAC through the
pipeline, as in OME's service, external-service and rbac reconciler tests. Ingress, domains, HTTPRoutes and the
VirtualService are covered by tests/render/test_ingress.py, not here.
"""
from __future__ import annotations

import pytest

from tests.golden.harness import (
    NO_INGRESS_CONFIG,
    compile_docs,
    container,
    isvc,
    model,
    pod_spec,
    runtime,
)

BM = model("base-model-1")
MODEL_REF = {"name": "base-model-1", "kind": "BaseModel"}
RUNNER_8081 = container("ome-container", "engine:latest", ports=[{"containerPort": 8081, "name": "http"}])
ROUTER_8082 = container("router", "router:latest", ports=[{"containerPort": 8082, "name": "http"}])
RUNTIME = runtime("llm-runtime", engineConfig={"runner": RUNNER_8081}, routerConfig={"runner": ROUTER_8082})

POD_ONLY = {
    "k8s.grafana.com/scrape": "true",
    "loki.grafana.com/enabled": "true",
    "prometheus.io/scrape": "true",
    "networking.gke.io/x": "y",
    "rdma.ome.io/auto-inject": "true",
    "ome.io/inject-model-init": "false",
    "ome.io/inject-fine-tuned-adapter": "adapter",
    "ome.io/inject-serving-sidecar": "true",
}


def build(spec: dict, *, annotations: dict | None = None, labels: dict | None = None, config: dict | None = None):
    body = {"model": MODEL_REF, "runtime": {"name": "llm-runtime"}, "engine": {}, **spec}
    return compile_docs(BM, RUNTIME, isvc("test-isvc", body, annotations=annotations, labels=labels), config=config)


def test_g25_service_drops_pod_only_annotations():
    built = build({}, annotations={**POD_ONLY, "ome.io/service-type": "ClusterIP"})
    service = built.get("Service", "test-isvc-engine")["metadata"]["annotations"]
    assert not set(POD_ONLY) & set(service)
    assert service.items() >= {
        "ome.io/base-model-name": "base-model-1",
        "ome.io/serving-runtime": "llm-runtime",
        "ome.io/deploymentMode": "RawDeployment",
        "ome.io/service-type": "ClusterIP",
    }.items()
    # The Deployment and its pods keep all of them.
    deployment = built.get("Deployment", "test-isvc-engine")
    assert deployment["spec"]["template"]["metadata"]["annotations"].items() >= POD_ONLY.items()


@pytest.mark.parametrize(
    "spec, selector_component, port",
    [
        ({"router": {}}, "router", 8082),
        ({}, "engine", 8081),
        ({"engine": {"minReplicas": 0}}, "engine", 8080),  # Serverless engine: no Service, default port
    ],
)
def test_g26_external_service(spec, selector_component, port):
    service = build(spec).get("Service", "test-isvc")
    assert service == {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "test-isvc", "namespace": "default",
                     "labels": {"component": "external-service", "ome.io/inferenceservice": "test-isvc"}},
        "spec": {
            "type": "ClusterIP",
            "selector": {"ome.io/inferenceservice": "test-isvc", "component": selector_component},
            "ports": [{"name": "http", "port": port, "targetPort": port, "protocol": "TCP"}],
        },
    }


def test_g26_external_service_type_and_cloud_annotations():
    annotations = {"ome.io/service-type": "LoadBalancer", "service.beta.kubernetes.io/lb-class": "internal"}
    service = build({}, annotations=annotations).get("Service", "test-isvc")
    assert service["spec"]["type"] == "LoadBalancer"
    assert service["metadata"]["annotations"] == {"service.beta.kubernetes.io/lb-class": "internal"}


@pytest.mark.parametrize(
    "labels, config",
    [
        ({"networking.knative.dev/visibility": "cluster-local"}, None),
        (None, NO_INGRESS_CONFIG),
    ],
)
def test_g26_no_external_service(labels, config):
    built = build({}, labels=labels, config=config)
    assert "test-isvc" not in built.names("Service")


def test_g27_router_rbac():
    built = build({"router": {}})
    router_labels = built.get("Deployment", "test-isvc-router")["metadata"]["labels"]
    expected_labels = {k: v for k, v in router_labels.items() if k != "app"}
    for kind in ("ServiceAccount", "Role", "RoleBinding"):
        meta = built.get(kind, "test-isvc-router")["metadata"]
        assert meta == {"name": "test-isvc-router", "namespace": "default", "labels": expected_labels}
    assert built.get("Role", "test-isvc-router")["rules"] == [
        {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}
    ]
    binding = built.get("RoleBinding", "test-isvc-router")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "test-isvc-router"}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "test-isvc-router", "namespace": "default"}]
    assert pod_spec(built.get("Deployment", "test-isvc-router"))["serviceAccountName"] == "test-isvc-router"


def test_g27_serverless_router_still_gets_rbac():
    built = build({"router": {"minReplicas": 0}})
    assert built.names("ksvc") == ["test-isvc-router"]
    assert built.names("ServiceAccount") == ["test-isvc-router"]
