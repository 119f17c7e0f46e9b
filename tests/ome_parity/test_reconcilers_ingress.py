"""OME's pkg/controller/v1beta1/inferenceservice/reconcilers/ingress tests (factory/reconciler_factory_test.go,
reconciler_test.go, strategies/*_test.go, services/domain_service_test.go, services/path_service_test.go at
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers/ingress)
that omec's tests did not pin: the ingress objects of MultiNode engines, the ingress mode of mixed-mode services,
cluster-local services outside Serverless, and the domain/path template values.

Builds use the ingress fixtures of tests/render (runtime ``rt`` with engine, decoder and router runners, model ``m``)
and a controller ConfigMap with ingress creation enabled, as the Go tests' ingress configs.
"""
from __future__ import annotations

import pytest

from omec.render.domain import DomainError, generate_host, url_path
from tests.render.test_ingress import GATEWAY_API, VISIBILITY, bodies, build, only

LEADER_WORKER = {"leader": {"runner": {"name": "ome-container", "image": "leader:1"}},
                 "worker": {"size": 1, "containers": [{"name": "worker", "image": "worker:1"}]}}


def kinds(result) -> set[str]:
    return {body["kind"] for body in result.objects().values()}


# --- factory/reconciler_factory_test.go TestCreateStrategyWithOptions ------------------------------------------


def test_multinode_engine_gets_a_kubernetes_ingress():
    """"multinode deployment mode with kubernetes ingress": MultiNode -> KubernetesIngress."""
    result = build({"engine": LEADER_WORKER})
    assert result.ok, result.diagnostics
    ingress = only(result, "Ingress")
    assert [(r["host"], r["http"]["paths"][0]["backend"]["service"]["name"]) for r in ingress["spec"]["rules"]] == [
        ("test-isvc.default.example.com", "test-isvc-engine")]
    assert "LeaderWorkerSet" in kinds(result) and "HTTPRoute" not in kinds(result)


def test_multinode_engine_gets_http_routes_with_gateway_api():
    """"multinode deployment mode with gateway api": MultiNode + enableGatewayAPI -> GatewayAPI: the engine route and
    the top-level route, both named after the InferenceService (PredictorServiceName), so one HTTPRoute."""
    result = build({"engine": LEADER_WORKER}, GATEWAY_API)
    assert result.ok, result.diagnostics
    assert [r["metadata"]["name"] for r in bodies(result, "HTTPRoute")] == ["test-isvc"]
    assert "Ingress" not in kinds(result)


# --- reconciler_test.go TestIngressReconciler_GetDeploymentMode ---------------------------------------------------


def test_serverless_router_over_a_raw_engine_gets_a_virtual_service():
    """"router takes precedence - serverless router with raw engine": engine minReplicas 1, router minReplicas 0: the
    ingress follows the router (Serverless -> VirtualService); the engine stays a Deployment."""
    result = build({"engine": {"minReplicas": 1}, "router": {"minReplicas": 0}}, knative_domain="example.com")
    assert result.ok, result.diagnostics
    assert bodies(result, "VirtualService") and "Ingress" not in kinds(result)
    assert ("Deployment", "test-isvc-engine") in {(b["kind"], b["metadata"]["name"]) for b in bodies(result, "Deployment")}
    [knative] = bodies(result, "Service", "serving.knative.dev/v1")
    assert knative["metadata"]["name"] == "test-isvc-router"


def test_serverless_engine_with_a_decoder_becomes_raw_and_gets_an_ingress():
    """"decoder constraint - engine becomes raw when decoder present": engine minReplicas 0 and a decoder -> the engine
    is RawDeployment (validateDeploymentModeCompatibility), so the ingress is a Kubernetes Ingress."""
    result = build({"engine": {"minReplicas": 0}, "decoder": {}})
    assert result.ok, result.diagnostics
    assert only(result, "Ingress")["metadata"]["name"] == "test-isvc"
    assert not bodies(result, "Service", "serving.knative.dev/v1") and not bodies(result, "VirtualService")
    names = {b["metadata"]["name"] for b in bodies(result, "Deployment")}
    assert {"test-isvc-engine", "test-isvc-decoder"} <= names


# --- strategies: cluster-local services outside Serverless ---------------------------------------------------------


def test_gateway_api_strategy_ignores_cluster_local_visibility():
    """gateway_api_strategy_test Reconcile "cluster local visibility": GatewayAPIStrategy has no visibility check, the
    routes are built."""
    result = build({"engine": {}}, GATEWAY_API, labels={VISIBILITY: "cluster-local"})
    assert [r["metadata"]["name"] for r in bodies(result, "HTTPRoute")] == ["test-isvc"]


def test_kubernetes_ingress_strategy_ignores_cluster_local_visibility():
    """raw_ingress_strategy_test Reconcile "cluster local visibility": the Kubernetes Ingress is built too."""
    assert only(build({"engine": {}}, labels={VISIBILITY: "cluster-local"}), "Ingress")["metadata"]["name"] == "test-isvc"


# --- services/domain_service_test.go -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "name", "namespace", "labels", "template", "domain", "expected"),
    [
        ("simple domain template with ObjectMeta", "test-service", "production", {},
         "{{.Name}}.{{.Namespace}}.{{.IngressDomain}}", "example.com", "test-service.production.example.com"),
        ("custom domain template", "ml-model", "ml-team", {}, "{{.Name}}-service.{{.IngressDomain}}", "ml.company.com",
         "ml-model-service.ml.company.com"),
        ("domain template with labels", "labeled-service", "default", {"version": "v2", "type": "classifier"},
         "{{.Labels.type}}-{{.Name}}-{{.Labels.version}}.{{.IngressDomain}}", "example.com",
         "classifier-labeled-service-v2.example.com"),
        ("namespace only template", "any", "special-ns", {}, "{{.Namespace}}.{{.IngressDomain}}", "example.com",
         "special-ns.example.com"),
    ],
)
def test_generate_domain_name(case, name, namespace, labels, template, domain, expected):
    """TestDefaultDomainService_GenerateDomainName."""
    assert generate_host(name, namespace, {}, labels, {"domainTemplate": template, "ingressDomain": domain}) == expected


def test_generate_domain_name_with_an_empty_namespace():
    """TestDefaultDomainService_EdgeCases "empty namespace": "test..example.com" is not a domain name."""
    config = {"domainTemplate": "{{.Name}}.{{.Namespace}}.{{.IngressDomain}}", "ingressDomain": "example.com"}
    with pytest.raises(DomainError, match=r'invalid domain name "test\.\.example\.com"'):
        generate_host("test", "", {}, {}, config)


# --- services/path_service_test.go (callers strip one trailing "/", which omec's url_path includes) -----------------


@pytest.mark.parametrize(
    ("case", "template", "name", "namespace", "expected"),
    [
        ("complex path template", "/api/v1/namespaces/{{.Namespace}}/inference-services/{{.Name}}", "ml-model",
         "ml-team", "/api/v1/namespaces/ml-team/inference-services/ml-model"),
        ("path template with special characters", "/v1/{{.Namespace}}/{{.Name}}/predict", "test-service-v2", "test-ns",
         "/v1/test-ns/test-service-v2/predict"),
        ("template with host (invalid)", "//example.com/{{.Name}}", "test-service", "default",
         "//example.com/test-service"),
        ("root path", "/", "test-service", "default", ""),  # Go "/", then TrimSuffix "/"
        ("nested path", "/ai/nlp/{{.Namespace}}/{{.Name}}/v1/predict", "bert-large", "nlp-models",
         "/ai/nlp/nlp-models/bert-large/v1/predict"),
        ("name only", "/{{.Name}}", "my-model", "default", "/my-model"),
        ("namespace only", "/{{.Namespace}}", "any", "production", "/production"),
        ("both name and namespace", "/{{.Namespace}}/{{.Name}}", "text-classifier", "ml-team", "/ml-team/text-classifier"),
        ("repeated values", "/{{.Name}}/{{.Name}}/{{.Namespace}}", "echo", "test", "/echo/echo/test"),
        ("mixed with static text", "/api/v2/{{.Namespace}}/models/{{.Name}}/inference", "detector", "security",
         "/api/v2/security/models/detector/inference"),
        ("empty service name", "/{{.Name}}", "", "default", ""),  # Go "/", then TrimSuffix "/"
        ("empty namespace", "/{{.Namespace}}", "test", "", ""),
        ("path with fragment", "/{{.Name}}#fragment", "test", "default", "/test#fragment"),
    ],
)
def test_generate_url_path(case, template, name, namespace, expected):
    """TestDefaultPathService_GenerateUrlPath / _TemplateValues / _EdgeCases."""
    assert url_path(name, namespace, {"pathTemplate": template}) == expected, case


def test_generate_url_path_very_long():
    """TestDefaultPathService_EdgeCases "very long path": no error."""
    name, namespace = "a" * 200, "b" * 200
    assert url_path(name, namespace, {"pathTemplate": "/{{.Namespace}}/{{.Name}}"}) == f"/{namespace}/{name}"
