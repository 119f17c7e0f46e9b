"""OME's service and external_service reconcilers (pkg/controller/v1beta1/inferenceservice/reconcilers/service,
/external_service): annotations of component Services and the external Service, as their tests assert them
(service_reconciler_test.go TestBuildServiceFiltersAnnotations, external_service_reconciler_test.go
TestExternalServiceReconciler_shouldCreateExternalService at
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers).
"""
from __future__ import annotations

import pytest

from tests.golden.harness import PROBER_CONFIG, compile_docs, container, isvc, model, runtime

RUNTIME = runtime("llm-runtime", engineConfig={"runner": container("ome-container", "engine:latest")})
LEADER_WORKER = {"leader": {"runner": container("ome-container", "leader:latest")},
                 "worker": {"size": 1, "containers": [container("worker", "worker:latest")]}}


def build(annotations: dict, engine: dict | None = None, config: dict | None = None):
    spec = {"model": {"name": "base-model-1", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"},
            "engine": engine or {}}
    return compile_docs(model("base-model-1"), RUNTIME, isvc("test-service", spec, annotations=annotations),
                        config=config)


def service_annotations(annotations: dict, engine: dict | None = None) -> dict:
    return build(annotations, engine).get("Service", "test-service-engine")["metadata"]["annotations"]


@pytest.mark.parametrize(
    ("scenario", "given", "dropped"),
    [
        ("FilterGrafanaAnnotations", {"k8s.grafana.com/scrape": "true", "k8s.grafana.com/port": "8080",
                                      "ome.io/service-type": "ClusterIP"}, {"k8s.grafana.com/scrape", "k8s.grafana.com/port"}),
        ("FilterLokiAnnotations", {"loki.grafana.com/scrape": "true", "loki.grafana.com/log-format": "json"},
         {"loki.grafana.com/scrape", "loki.grafana.com/log-format"}),
        ("FilterPrometheusAnnotations", {"prometheus.io/scrape": "true", "prometheus.io/port": "8080",
                                         "prometheus.io/path": "/metrics"},
         {"prometheus.io/scrape", "prometheus.io/port", "prometheus.io/path"}),
        ("FilterNetworkingGKEAnnotations", {"networking.gke.io/default-interface": "eth0",
                                            "networking.gke.io/interfaces": '[{"interfaceName":"eth0"}]'},
         {"networking.gke.io/default-interface", "networking.gke.io/interfaces"}),
        ("FilterInjectionAnnotations", {"ome.io/inject-model-init": "true", "ome.io/inject-fine-tuned-adapter": "weight-name",
                                        "ome.io/inject-serving-sidecar": "true"},
         {"ome.io/inject-model-init", "ome.io/inject-fine-tuned-adapter", "ome.io/inject-serving-sidecar"}),
        ("FilterMixedAnnotations", {"k8s.grafana.com/scrape": "true", "networking.gke.io/interfaces": "[]",
                                    "ome.io/inject-model-init": "true", "rdma.ome.io/auto-inject": "true",
                                    "ome.io/service-type": "ClusterIP", "meta.helm.sh/release-name": "test"},
         {"k8s.grafana.com/scrape", "networking.gke.io/interfaces", "ome.io/inject-model-init", "rdma.ome.io/auto-inject"}),
        ("PreserveAllNonPodOnlyAnnotations", {"ome.io/service-type": "ClusterIP", "ome.io/load-balancer-ip": "10.0.0.1",
                                              "custom.annotation/key": "value", "meta.helm.sh/release-name": "test"},
         set()),
    ],
)
def test_build_service_filters_annotations(scenario, given, dropped):
    """TestBuildServiceFiltersAnnotations: the Service keeps every annotation but the pod-only ones (the base-model,
    serving-runtime and deployment-mode annotations OME adds are kept too)."""
    kept = service_annotations(given)
    assert set(given) - set(kept) == dropped, scenario
    assert {"ome.io/base-model-name", "ome.io/serving-runtime", "ome.io/deploymentMode"} <= set(kept)


def test_load_balancer_ip_annotation_on_a_cluster_ip_service():
    """PreserveAllNonPodOnlyAnnotations: ome.io/load-balancer-ip stays an annotation and is not applied (the Service
    is not a LoadBalancer: buildServiceWithLoadBalancer sets loadBalancerIP only for that type)."""
    service = build({"ome.io/service-type": "ClusterIP", "ome.io/load-balancer-ip": "10.0.0.1"}).get(
        "Service", "test-service-engine")
    assert service["metadata"]["annotations"]["ome.io/load-balancer-ip"] == "10.0.0.1"
    assert service["spec"]["type"] == "ClusterIP"
    assert "loadBalancerIP" not in service["spec"]


@pytest.mark.parametrize("engine", [None, LEADER_WORKER], ids=["raw", "multinode"])
def test_pod_only_injection_keys_are_prefixes(engine):
    """FilterPodOnlyAnnotations (pkg/utils/utils.go#L67) matches every PodOnlyAnnotationPrefixes entry with
    strings.HasPrefix (IsPrefixSupported), the three ome.io/inject-* keys included: a longer key that starts with one
    of them is dropped from Services too (component Services of Raw and MultiNode components alike)."""
    kept = service_annotations({"ome.io/inject-model-init-x": "1", "ome.io/inject-serving-sidecar-extra": "1",
                                "ome.io/inject": "kept"}, engine)
    assert "ome.io/inject-model-init-x" not in kept
    assert "ome.io/inject-serving-sidecar-extra" not in kept
    assert kept["ome.io/inject"] == "kept"


def test_ray_head_service_keeps_pod_only_annotations():
    """buildRayHeadService (service/ray_service_reconciler.go#L37) goes to buildServiceWithLoadBalancer directly: the
    Ray head Service is not filtered."""
    engine = {"minReplicas": 1, "annotations": {"ome.io/deploymentMode": "MultiNodeRayVLLM"},
              "containers": [container("ray-container", "ray-vllm:latest")]}
    built = build({"prometheus.io/scrape": "true"}, engine, config=PROBER_CONFIG)
    assert built.get("Service", "test-service-engine")["metadata"]["annotations"]["prometheus.io/scrape"] == "true"


def test_external_service_for_a_multinode_engine():
    """TestExternalServiceReconciler_shouldCreateExternalService "should create for multinode deployment when ingress
    disabled": the shipped ConfigMap disables ingress creation, so a MultiNode engine gets the external Service
    selecting its component."""
    service = build({}, LEADER_WORKER).get("Service", "test-service")
    assert service["spec"]["selector"] == {"ome.io/inferenceservice": "test-service", "component": "engine"}
    assert service["metadata"]["labels"] == {"component": "external-service", "ome.io/inferenceservice": "test-service"}


@pytest.mark.parametrize(
    ("predictor", "component"),
    [({"model": {}}, "engine"), ({"maxReplicas": 0}, "engine"), ({"workerSpec": {"size": 1}}, None),
     ({"model": {"baseModel": "base-model-1"}}, None)],
)
def test_external_service_selector_follows_is_predictor_used(predictor, component):
    """TestExternalServiceReconciler_determineTargetSelector: the component label only when IsPredictorUsed
    (utils/migration_util.go#L54) is false; a predictor block that sets nothing it checks (an empty model, maxReplicas
    0) is not "used"."""
    spec = {"model": {"name": "base-model-1", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"},
            "engine": {}, "predictor": predictor}
    built = compile_docs(model("base-model-1"), RUNTIME, isvc("test-service", spec))
    expected = {"ome.io/inferenceservice": "test-service", **({"component": component} if component else {})}
    assert built.get("Service", "test-service")["spec"]["selector"] == expected


def test_external_service_copies_cloud_annotations_longer_than_the_prefix():
    """getServiceAnnotations copies service.beta.kubernetes.io/, cloud.google.com/ and service.kubernetes.io/ keys."""
    annotations = {"service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "cloud.google.com/neg": "{}",
                   "other.io/x": "y"}
    service = build(annotations).get("Service", "test-service")
    assert service["metadata"]["annotations"] == {"service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                                                  "cloud.google.com/neg": "{}"}
