"""RawDeployment components as OME's controller, engine and deployment reconciler tests expect them: engine only,
PD as two Deployments, the migrated predictor, pinned runtimes with legacy containers, the component object meta,
resource and affinity merging, the default readiness probe and deployment strategy.

OME's controller tests run without the ISVC webhook; omec always applies it, so the InferenceServices below
are written such that the webhook result matches the golden (its only visible effect here is the
``ome.io/deploymentMode`` annotation and replica defaults).
"""
from __future__ import annotations

import pytest

from tests.golden.harness import (
    NO_INGRESS_CONFIG,
    accelerator,
    compile_docs,
    container,
    env_map,
    first_container,
    isvc,
    model,
    pod_spec,
    runtime,
)

BM = model("base-model-1")
BARE_RUNTIME = runtime("llm-runtime")
MODEL_REF = {"name": "base-model-1", "kind": "BaseModel"}
MODEL_LABEL = "models.ome.io/default.basemodel.base-model-1"


def test_g1_engine_only_containers_without_runner():
    built = compile_docs(
        BM,
        runtime("llm-runtime", containers=[container("ome-container", "runtime:latest")]),
        isvc("test-engine-only", {"model": MODEL_REF, "engine": {"containers": [container("engine", "engine:latest")]}}),
    )
    deployment = built.get("Deployment", "test-engine-only-engine")
    pod = pod_spec(deployment)
    assert [c["image"] for c in pod["containers"]] == ["engine:latest"]
    assert "env" not in pod["containers"][0] and "volumeMounts" not in pod["containers"][0]
    assert pod["volumes"] == [{"name": "base-model-1", "hostPath": {"path": "/mnt/models/base"}}]
    assert pod["nodeSelector"] == {MODEL_LABEL: "Ready"}
    for kind in ("Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
        assert built.get(kind, "test-engine-only-engine")["metadata"]["namespace"] == "default"
    assert built.names("ConfigMap") == ["modelconfig-test-engine-only"]


def test_g2_pd_disaggregated_two_raw_deployments():
    spec = {
        "model": MODEL_REF,
        "runtime": {"name": "llm-runtime"},
        "engine": {"containers": [container("engine", "engine:latest")]},
        "decoder": {"containers": [container("decoder", "decoder:latest")]},
    }
    built = compile_docs(BM, BARE_RUNTIME, isvc("test-pd-disaggregated", spec))
    for component in ("engine", "decoder"):
        name = f"test-pd-disaggregated-{component}"
        deployment = built.get("Deployment", name)
        assert first_container(deployment)["image"] == f"{component}:latest"
        for meta in (deployment["metadata"], deployment["spec"]["template"]["metadata"]):
            assert meta["annotations"]["ome.io/deploymentMode"] == "PDDisaggregated"
            assert meta["labels"]["component"] == component
        for kind in ("Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
            built.get(kind, name)
    assert built.names("LeaderWorkerSet") == []


LEGACY = (
    model("sklearn-model", modelParameterSize="100M"),
    runtime(
        "sklearn-runtime",
        modelSizeRange={"min": "0", "max": "1B"},
        engineConfig={"containers": [container("ome-container", "sklearn-server:v1")]},
    ),
    isvc("test-legacy", {"predictor": {"model": {"baseModel": "sklearn-model", "storageUri": "oci://bucket/sklearn"}}}),
)


def test_g3_legacy_predictor_is_migrated_to_an_engine():
    built = compile_docs(*LEGACY)
    deployment = built.get("Deployment", "test-legacy-engine")
    assert first_container(deployment)["image"] == "sklearn-server:v1"
    assert "ome.io/deprecation-warning" in deployment["metadata"]["annotations"]
    assert "OMEC149" in built.codes()  # predictor converted
    # Shipped ConfigMap: ingress disabled -> external Service, whose selector has no component key.
    assert built.get("Service", "test-legacy")["spec"]["selector"] == {"ome.io/inferenceservice": "test-legacy"}
    assert "Deployment" not in {k for k, n in built.objects if n == "test-legacy"}


def test_g3_without_ingress_key_no_external_service_is_created():
    built = compile_docs(*LEGACY, config=NO_INGRESS_CONFIG)
    assert built.names("Service") == ["test-legacy-engine"]


def test_g4_pinned_runtime_legacy_containers_never_become_pod_containers():
    built = compile_docs(
        BM,
        runtime("custom-runtime", containers=[container("custom", "custom:v2")]),
        isvc("test-explicit-runtime", {"model": MODEL_REF, "runtime": {"name": "custom-runtime"},
                                       "engine": {"containers": [container("engine", "engine:latest")]}}),
    )
    pod = pod_spec(built.get("Deployment", "test-explicit-runtime-engine"))
    assert [c["image"] for c in pod["containers"]] == ["engine:latest"]


def test_g6_raw_engine_basic_spec():
    engine = {
        "minReplicas": 1,
        "maxReplicas": 3,
        "containers": [container("ome-container", "engine:latest",
                                 resources={"requests": {"cpu": "1", "memory": "2Gi"}})],
    }
    built = compile_docs(
        model("base-model-1", annotations={"models.ome.io/category": "LARGE"}),
        BARE_RUNTIME,
        isvc("test-isvc", {"model": MODEL_REF, "runtime": {"name": "llm-runtime"}, "engine": engine}),
    )
    deployment = built.get("Deployment", "test-isvc-engine")
    c = first_container(deployment)
    assert "env" not in c
    assert c["readinessProbe"] == {
        "tcpSocket": {"port": 8080}, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
        "failureThreshold": 3,
    }
    assert pod_spec(deployment)["nodeSelector"] == {MODEL_LABEL: "Ready"}
    assert deployment["metadata"]["labels"]["base-model-size"] == "LARGE"
    service = built.get("Service", "test-isvc-engine")
    assert service["spec"]["ports"] == [{"name": "ome-container", "port": 8080, "targetPort": 8080, "protocol": "TCP"}]
    assert service["spec"]["selector"] == {"app": "test-isvc-engine"}


def test_g12_component_object_meta():
    engine = {
        "annotations": {"engine-annotation": "value"},
        "labels": {"engine-label": "value"},
        "containers": [container("ome-container", "engine:latest")],
    }
    built = compile_docs(
        model("base-model", modelFormat={"name": "safetensors", "version": "1.0"}, vendor="meta",
              annotations={"models.ome.io/category": "LARGE"}),
        runtime("test-runtime", smf={"modelFormat": {"name": "safetensors", "version": "1.0"}}),
        isvc("test-isvc", {"model": {"name": "base-model", "kind": "BaseModel"}, "runtime": {"name": "test-runtime"},
                           "engine": engine},
             annotations={"custom-annotation": "value"}, labels={"custom-label": "value"}),
    )
    meta = built.get("Deployment", "test-isvc-engine")["metadata"]
    assert meta["name"] == "test-isvc-engine"
    assert meta["annotations"].items() >= {
        "custom-annotation": "value",
        "engine-annotation": "value",
        "ome.io/base-model-name": "base-model",
        "ome.io/base-model-format": "safetensors",
        "ome.io/base-model-format-version": "1.0",
        "ome.io/base-model-vendor": "meta",
        "ome.io/serving-runtime": "test-runtime",
    }.items()
    assert meta["labels"].items() >= {
        "custom-label": "value",
        "engine-label": "value",
        "ome.io/inferenceservice": "test-isvc",
        "component": "engine",
        "serving-runtime": "test-runtime",
        "base-model-name": "base-model",
        "base-model-size": "LARGE",
        "base-model-type": "Serving",
        "base-model-vendor": "meta",
        "fine-tuned-serving": "false",
    }.items()


GPU_AC = accelerator("gpu-a", resources=[{"name": "nvidia.com/gpu", "quantity": "2"}])
LEGACY_RESOURCES = container("ome-container", "runtime:latest", resources={"requests": {"cpu": "4", "memory": "8Gi"}})


@pytest.mark.parametrize(
    "case, runtime_spec, engine, extra, expected",
    [
        ("a: ISVC runner resources win", {"containers": [LEGACY_RESOURCES]},
         {"runner": container("ome-container", "engine:latest", resources={"requests": {"cpu": "2", "memory": "4Gi"}})},
         {}, {"requests": {"cpu": "2", "memory": "4Gi"}}),
        ("b: legacy runtime container fills a runner without resources", {"containers": [LEGACY_RESOURCES]},
         {"runner": container("ome-container", "engine:latest")}, {}, {"requests": {"cpu": "4", "memory": "8Gi"}}),
        ("c: AcceleratorClass resources become requests and limits",
         {"acceleratorRequirements": {"acceleratorClasses": ["gpu-a"]}},
         {"runner": container("ome-container", "engine:latest")},
         {"acceleratorSelector": {"acceleratorClass": "gpu-a"}},
         {"requests": {"nvidia.com/gpu": "2"}, "limits": {"nvidia.com/gpu": "2"}}),
        ("d: containers without a runner are not merged", {"containers": [LEGACY_RESOURCES]},
         {"containers": [container("ome-container", "engine:latest")]}, {}, None),
    ],
)
def test_g14_engine_resource_merging(case, runtime_spec, engine, extra, expected):
    built = compile_docs(
        BM, GPU_AC, runtime("llm-runtime", **runtime_spec),
        isvc("test-isvc", {"model": MODEL_REF, "runtime": {"name": "llm-runtime"}, "engine": engine, **extra}),
    )
    c = first_container(built.get("Deployment", "test-isvc-engine"))
    assert c.get("resources") == expected, case


def _affinity(key: str) -> dict:
    term = {"matchExpressions": [{"key": key, "operator": "In", "values": ["true"]}]}
    return {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}}


@pytest.mark.parametrize(
    "engine_affinity, selector, expected",
    [
        (_affinity("custom-key"), {"acceleratorClass": "gpu-a"}, _affinity("custom-key")),
        (None, {"acceleratorClass": "gpu-a"}, _affinity("ac-key")),
        (None, None, None),
    ],
)
def test_g15_engine_affinity_merging(engine_affinity, selector, expected):
    engine = {"runner": container("ome-container", "engine:latest")}
    if engine_affinity:
        engine["affinity"] = engine_affinity
    spec = {"model": MODEL_REF, "runtime": {"name": "llm-runtime"}, "engine": engine}
    if selector:
        spec["acceleratorSelector"] = selector
    built = compile_docs(
        BM,
        accelerator("gpu-a", discovery={"affinity": _affinity("ac-key")}),
        runtime("llm-runtime", acceleratorRequirements={"acceleratorClasses": ["gpu-a"]}),
        isvc("test-isvc", spec),
    )
    assert pod_spec(built.get("Deployment", "test-isvc-engine")).get("affinity") == expected


TCP_PROBE = {"timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
HTTP_PROBE = {"httpGet": {"path": "/ready", "port": 8000}}


@pytest.mark.parametrize(
    "runner, expected",
    [
        (container("ome-container", "e:1"), {"tcpSocket": {"port": 8080}, **TCP_PROBE}),
        (container("ome-container", "e:1", ports=[{"containerPort": 9000}]), {"tcpSocket": {"port": 9000}, **TCP_PROBE}),
        (container("other", "e:1"), None),
        (container("ome-container", "e:1", readinessProbe=HTTP_PROBE), HTTP_PROBE),
    ],
)
def test_g33_default_readiness_probe(runner, expected):
    built = compile_docs(BM, BARE_RUNTIME, isvc("test-isvc", {"model": MODEL_REF, "runtime": {"name": "llm-runtime"},
                                                              "engine": {"runner": runner}}))
    assert first_container(built.get("Deployment", "test-isvc-engine")).get("readinessProbe") == expected


@pytest.mark.parametrize(
    "strategy, expected",
    [
        (None, {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}),
        ({"type": "RollingUpdate"}, {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}),
        ({"type": "Recreate"}, {"type": "Recreate"}),
        ({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 2}},
         {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 2}}),
    ],
)
def test_g33_deployment_strategy(strategy, expected):
    engine = {"runner": container("ome-container", "e:1")}
    if strategy:
        engine["deploymentStrategy"] = strategy
    built = compile_docs(BM, BARE_RUNTIME, isvc("test-isvc", {"model": MODEL_REF, "runtime": {"name": "llm-runtime"},
                                                              "engine": engine}))
    spec = built.get("Deployment", "test-isvc-engine")["spec"]
    assert spec["strategy"] == expected
    assert (spec["revisionHistoryLimit"], spec["progressDeadlineSeconds"]) == (10, 600)
    assert "replicas" not in spec


def test_g33_deployment_env_holds_model_path_and_no_parallelism_without_gpus():
    built = compile_docs(BM, BARE_RUNTIME, isvc("test-isvc", {"model": MODEL_REF, "runtime": {"name": "llm-runtime"},
                                                              "engine": {"runner": container("ome-container", "e:1")}}))
    c = first_container(built.get("Deployment", "test-isvc-engine"))
    assert env_map(c) == {"MODEL_PATH": "/mnt/models/base"}
    assert c["volumeMounts"] == [{"name": "base-model-1", "mountPath": "/mnt/models/base", "readOnly": True}]
