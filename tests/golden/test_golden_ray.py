"""A MultiNodeRayVLLM engine through the pipeline: RayClusters, head Service and probers as in OME's engine_test
"Multi-node Ray VLLM deployment" and its multinodevllm reconciler test.

OME's multinodevllm reconciler test uses the component name ``test-isvc``; through the pipeline the component
name is ``<isvc>-engine``, so the prober Deployments are ``<isvc>-engine-<i>-mnp``.
"""
from __future__ import annotations

import pytest

from omec.diagnostics import Severity
from omec.ome.naming import check_name
from tests.golden.harness import (
    PROBER,
    PROBER_CONFIG,
    compile_docs,
    container,
    isvc,
    model,
    runtime,
)

BM = model("base-model-ray")
RUNTIME = runtime("llm-runtime")
CN = "test-ray-isvc-engine"
MODEL_LABEL = "models.ome.io/default.basemodel.base-model-ray"
RAY_MODE = {"ome.io/deploymentMode": "MultiNodeRayVLLM"}


def build(name: str = "test-ray-isvc", engine: dict | None = None, *, config: dict | None = PROBER_CONFIG,
          expect_ok: bool = True, labels: dict | None = None):
    engine = engine or {"minReplicas": 2, "annotations": RAY_MODE,
                        "containers": [container("ray-container", "ray-vllm:latest")]}
    spec = {"model": {"name": "base-model-ray", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"},
            "engine": engine}
    return compile_docs(BM, RUNTIME, isvc(name, spec, labels=labels), config=config, expect_ok=expect_ok)


def test_g8_ray_clusters_probers_and_service():
    built = build()
    assert built.names("RayCluster") == [f"{CN}-0", f"{CN}-1"]
    assert built.names("Deployment") == [f"{CN}-0-mnp", f"{CN}-1-mnp"]
    assert built.names("Service") == ["test-ray-isvc", CN]
    assert built.names("LeaderWorkerSet") == built.names("HorizontalPodAutoscaler") == []
    for i in range(2):
        cluster = built.get("RayCluster", f"{CN}-{i}")["spec"]
        head = cluster["headGroupSpec"]
        worker = cluster["workerGroupSpecs"][0]
        assert head["headService"]["metadata"]["name"] == f"{CN}-{i}"
        assert head["rayStartParams"] == {"dashboard-host": "0.0.0.0", "metrics-export-port": "8000"}
        assert head["serviceType"] == "ClusterIP"
        assert head["template"]["metadata"]["name"] == f"{CN}-{i}"
        assert (worker["groupName"], worker["rayStartParams"], worker["replicas"]) == ("wg", {}, 1)
        head_container = head["template"]["spec"]["containers"][0]
        worker_container = worker["template"]["spec"]["containers"][0]
        assert head_container["image"] == worker_container["image"] == "ray-vllm:latest"
        assert head_container["lifecycle"] == {"preStop": {"exec": {"command": ["/bin/bash", "-lc", "ray stop"]}}}
        assert "command" not in head_container
        assert worker_container["command"] == ["/bin/bash", "-lc", "--"]
        assert worker_container["args"] == ["ulimit -n 65536; echo worker; $KUBERAY_GEN_RAY_START_CMD"]
        assert worker_container["lifecycle"] == head_container["lifecycle"]
        for template in (head["template"], worker["template"]):
            assert template["spec"]["nodeSelector"] == {MODEL_LABEL: "Ready"}
            assert "dnsPolicy" not in template["spec"]  # no Deployment/LWS workload defaults on Ray pods
            assert "terminationMessagePath" not in template["spec"]["containers"][0]


def test_g8_ray_service():
    service = build().get("Service", CN)
    assert service["spec"]["selector"] == {
        "app.kubernetes.io/created-by": "kuberay-operator",
        "app.kubernetes.io/name": "kuberay",
        "ray.io/node-type": "head",
        "ome.io/inferenceservice": CN,
    }
    assert [(p["name"], p["port"]) for p in service["spec"]["ports"]] == [
        (CN, 8080), ("dashboard", 8265), ("metrics", 8000), ("redis", 6379)]
    assert "protocol" not in service["spec"]["ports"][1]


def test_g8_ray_service_takes_the_head_container_ports_and_keeps_pod_annotations():
    engine = {"minReplicas": 1, "annotations": {**RAY_MODE, "prometheus.io/scrape": "true"},
              "containers": [container("ray-container", "ray-vllm:latest", ports=[{"containerPort": 8000, "name": "vllm"}])]}
    built = build(engine=engine)
    service = built.get("Service", CN)
    assert [(p["name"], p["port"]) for p in service["spec"]["ports"]] == [
        ("vllm", 8000), ("dashboard", 8265), ("metrics", 8000), ("redis", 6379)]
    assert service["metadata"]["annotations"]["prometheus.io/scrape"] == "true"  # not filtered for Ray
    assert built.get("Service", "test-ray-isvc")["spec"]["ports"][0]["port"] == 8000  # external Service -> engine


def test_g35_prober_deployments():
    built = build()
    for i in range(2):
        prober = built.get("Deployment", f"{CN}-{i}-mnp")
        assert prober["spec"]["selector"] == {"matchLabels": {"app": CN}}
        assert prober["metadata"]["labels"]["app"] == CN
        assert prober["spec"]["strategy"] == {"type": "RollingUpdate",
                                              "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}
        assert (prober["spec"]["revisionHistoryLimit"], prober["spec"]["progressDeadlineSeconds"]) == (10, 600)
        c = prober["spec"]["template"]["spec"]["containers"][0]
        assert (c["name"], c["image"]) == ("multinode-prober", PROBER["image"])
        assert c["args"] == ["--vllm-endpoint", f"http://{CN}-{i}.default.svc.cluster.local:8080",
                             "--addr", "0.0.0.0:8080"]
        assert c["ports"] == [{"name": "http", "containerPort": 8080}]
        assert c["resources"] == {"limits": {"cpu": "100m", "memory": "100Mi"},
                                  "requests": {"cpu": "100m", "memory": "100Mi"}}
        probe = {"timeoutSeconds": 5, "periodSeconds": 30, "successThreshold": 1, "failureThreshold": 3}
        assert c["readinessProbe"] == {"httpGet": {"path": "/healthz", "port": 8080}, **probe}
        assert c["livenessProbe"] == {"httpGet": {"path": "/readyz", "port": 8080}, **probe}
        assert c["startupProbe"] == {"httpGet": {"path": "/startupz", "port": 8080}, "timeoutSeconds": 60,
                                     "periodSeconds": 30, "successThreshold": 1, "failureThreshold": 150,
                                     "initialDelaySeconds": 200}


def test_g35_long_names_go_through_check_name():
    name = "nvidia-nemotron-3-nano-30b-a3b-base-bf16-experimental-deploy"
    built = build(name, expect_ok=False)
    cn = f"{name}-engine"
    assert len(f"{cn}-0-mnp") == 73
    assert built.names("Deployment") == [check_name(f"{cn}-0-mnp"), check_name(f"{cn}-1-mnp")]
    assert built.names("Deployment")[0] == "r0b-a3b-base-bf16-experimental-deploy-engine-0-mnp"
    assert built.names("RayCluster") == [f"{cn}-0", f"{cn}-1"]  # not passed through checkName
    head = built.get("RayCluster", f"{cn}-0")["spec"]["headGroupSpec"]["headService"]["metadata"]["name"]
    assert head == check_name(f"{cn}-0")
    prober = built.get("Deployment", check_name(f"{cn}-0-mnp"))["spec"]["template"]["spec"]["containers"][0]
    assert prober["args"][1] == f"http://{head}.default.svc.cluster.local:8080"
    assert any("OMEC350" in e and "app" in e for e in built.errors)  # app label = 67-char component name


def test_shipped_controller_config_has_the_multinode_prober():
    built = build(config=None)  # omec's default = the ConfigMap OME ships, which has multinodeProber
    [prober] = [d for d in built.names("Deployment") if d.endswith("-mnp")][:1]
    image = built.get("Deployment", prober)["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == "ghcr.io/moirai-internal/multinode-prober:v0.1.5"


def test_missing_multinode_prober_config_is_an_error():
    without = {k: v for k, v in PROBER_CONFIG.items() if k != "multinodeProber"}
    built = build(config=without, expect_ok=False)
    assert [e for e in built.errors if e.startswith("OMEC380")] == [
        "OMEC380 engine is MultiNodeRayVLLM but the controller ConfigMap has no multinodeProber key"]
    assert built.names("Deployment") == []


def test_incomplete_multinode_prober_config_is_an_error():
    prober = {k: v for k, v in PROBER.items() if k not in ("cpuLimit", "image")}
    built = build(config={**PROBER_CONFIG, "multinodeProber": {**prober, "memoryLimit": "lots"}}, expect_ok=False)
    assert [e for e in built.errors if e.startswith("OMEC380")] == [(
        "OMEC380 multinodeProber in the controller ConfigMap lacks valid image, cpuLimit, memoryLimit: "
        "OME panics building the prober")]


def test_istio_sidecar_when_labelled():
    built = build(labels={"sidecar.istio.io/inject": "true"})
    sidecar = built.get("Sidecar", CN)
    assert sidecar["spec"]["workloadSelector"] == {"labels": {"ome.io/inferenceservice": CN}}
    assert "OMEC503" in built.codes(Severity.WARNING)  # selects no pod: pods carry the InferenceService name


@pytest.mark.parametrize("replicas, clusters", [(0, 0), (1, 1), (3, 3)])
def test_one_cluster_and_prober_per_min_replica(replicas, clusters):
    engine = {"minReplicas": replicas, "maxReplicas": 5, "annotations": RAY_MODE,
              "containers": [container("ray-container", "ray-vllm:latest")]}
    built = build(engine=engine)
    assert len(built.names("RayCluster")) == len(built.names("Deployment")) == clusters
    assert CN in built.names("Service")
    assert "OMEC513" in built.codes(Severity.WARNING)  # maxReplicas has no effect (minReplicas clusters, fixed)


def test_ingress_enabled_rejects_a_ray_engine():
    config = {"deploy": PROBER_CONFIG["deploy"], "multinodeProber": PROBER}  # no `ingress` key: ingress enabled
    built = build(config=config, expect_ok=False)
    assert built.errors == ["OMEC362 unsupported deployment mode MultiNodeRayVLLM"]
