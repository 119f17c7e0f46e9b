"""Corpus InferenceServices built from the shared OME corpus, read in place: meta/llama3-1-8b-instruct (Raw engine
and router), deepseek-ai/deepseek-v3-pd (MultiNode engine and decoder), mistralai/mixtral-8x7b-instruct-v0-1
(Serverless engine, Raw router) and the Cohere runtime whose Jinja placeholders OME cannot template.

The corpus models carry no format/framework metadata (OME's model agent fills it on a cluster), so each case
passes the metadata the golden assumes as a ``--model-metadata`` overlay.
"""
from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import CORPUS, require_shared
from tests.golden.harness import (
    compile_paths,
    env_names,
    first_container,
    isvc,
    pod_spec,
    to_yaml,
)

LLAMA_META = {"format": "safetensors", "formatVersion": "1.0.0", "framework": "transformers",
              "frameworkVersion": "4.42.3", "architecture": "LlamaForCausalLM", "parameterSize": "8.03B",
              "modelType": "llama"}
DEEPSEEK_META = {"format": "safetensors", "formatVersion": "1.0.0", "framework": "transformers",
                 "frameworkVersion": "4.33.1", "architecture": "DeepseekV3ForCausalLM", "parameterSize": "685B",
                 "quantization": "fp8"}
MIXTRAL_META = {"format": "safetensors", "formatVersion": "1.0.0", "framework": "transformers",
                "frameworkVersion": "4.36.0.dev0", "architecture": "MixtralForCausalLM", "parameterSize": "46.7B"}
COHERE_META = {"format": "safetensors", "formatVersion": "1.0.0", "framework": "transformers",
               "frameworkVersion": "4.38.2", "architecture": "CohereForCausalLM", "parameterSize": "35B"}


@pytest.fixture(scope="module")
def corpus():
    return require_shared(CORPUS)


def _build(corpus, files: list[str], name: str, metadata: dict, extra=()):
    return compile_paths([*(corpus / f for f in files), *extra], model_metadata={name: metadata})


def _runner(corpus, runtime_file: str, key: str = "engineConfig") -> dict:
    return yaml.safe_load((corpus / runtime_file).read_text())["spec"][key]["runner"]


LLAMA_FILES = ["samples/isvc/meta/llama3-1-8b-instruct.yaml", "runtimes/srt/meta/llama-3-1-8b-instruct-rt.yaml",
               "models/meta/Llama-3.1-8B-Instruct.yaml"]
LLAMA = "llama-3-1-8b-instruct"


def test_g37_llama_modelconfig(corpus):
    built = _build(corpus, LLAMA_FILES, LLAMA, LLAMA_META)
    data = built.get("ConfigMap", "modelconfig-lama-3-1-8b-instruct")["data"]["models.json"]
    assert data == (
        '[{"modelName":"llama-3-1-8b-instruct","modelSpec":{"storageUri":"hf://meta-llama/Llama-3.1-8B-Instruct",'
        '"path":"/raid/models/meta/llama-3-1-8b-instruct","storageKey":"hf-token","modelFormatName":"safetensors",'
        '"modelFormatVersion":"1.0.0","modelType":"llama","modelFrameworkName":"transformers",'
        '"modelFrameworkVersion":"4.42.3"}}]'
    )


def test_g37_llama_engine(corpus):
    built = _build(corpus, LLAMA_FILES, LLAMA, LLAMA_META)
    deployment = built.get("Deployment", f"{LLAMA}-engine")
    assert deployment["metadata"]["namespace"] == LLAMA
    assert deployment["metadata"]["labels"] == {
        "logging-forward": "enabled", "ome.io/inferenceservice": LLAMA, "component": "engine",
        "serving-runtime": "srt-llama-3-1-8b-instruct", "fine-tuned-serving": "false", "base-model-name": LLAMA,
        "base-model-size": "SMALL", "base-model-type": "Serving", "base-model-vendor": "meta",
        "app": f"{LLAMA}-engine",
    }
    engine_annotations = {
        "ome.io/deploymentMode": "RawDeployment", "prometheus.io/scrape": "true", "prometheus.io/port": "8080",
        "prometheus.io/path": "/metrics", "ome.io/base-model-name": LLAMA, "ome.io/base-model-vendor": "meta",
        "ome.io/base-model-format": "safetensors", "ome.io/base-model-format-version": "1.0.0",
        "ome.io/serving-runtime": "srt-llama-3-1-8b-instruct",
    }
    assert deployment["metadata"]["annotations"] == engine_annotations
    pod = pod_spec(deployment)
    assert pod["tolerations"] == [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]
    assert pod["volumes"] == [{"name": "dshm", "emptyDir": {"medium": "Memory"}},
                              {"name": LLAMA, "hostPath": {"path": "/raid/models/meta/llama-3-1-8b-instruct"}}]
    assert pod["nodeSelector"] == {"models.ome.io/clusterbasemodel.llama-3-1-8b-instruct": "Ready"}
    c = pod["containers"][0]
    runner = _runner(corpus, LLAMA_FILES[1])
    assert c["name"] == "ome-container"
    for field in ("image", "command", "ports", "readinessProbe", "livenessProbe", "startupProbe", "resources"):
        assert c[field] == runner[field], field
    assert c["resources"]["limits"] == {"cpu": 10, "memory": "30Gi", "nvidia.com/gpu": 1}
    assert c["env"] == [{"name": "MODEL_PATH", "value": "/raid/models/meta/llama-3-1-8b-instruct"},
                        {"name": "PARALLELISM_SIZE", "value": "1"}]
    assert c["volumeMounts"] == [
        {"mountPath": "/dev/shm", "name": "dshm"},
        {"name": LLAMA, "mountPath": "/raid/models/meta/llama-3-1-8b-instruct", "readOnly": True},
    ]
    service = built.get("Service", f"{LLAMA}-engine")
    assert service["spec"]["ports"] == [{"name": "http1", "port": 8080, "targetPort": 8080, "protocol": "TCP"}]
    assert service["metadata"]["annotations"] == {k: v for k, v in engine_annotations.items()
                                                  if not k.startswith("prometheus.io/")}
    hpa = built.get("HorizontalPodAutoscaler", f"{LLAMA}-engine")["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"], hpa["metrics"][0]["resource"]["name"],
            hpa["metrics"][0]["resource"]["target"]["averageUtilization"]) == (8, 8, "cpu", 80)
    assert built.get("PodDisruptionBudget", f"{LLAMA}-engine")["spec"]["maxUnavailable"] == 1


def test_g37_llama_router_and_external_service(corpus):
    built = _build(corpus, LLAMA_FILES, LLAMA, LLAMA_META)
    router = f"{LLAMA}-router"
    for kind in ("ServiceAccount", "Role", "RoleBinding", "Deployment", "Service", "HorizontalPodAutoscaler",
                 "PodDisruptionBudget"):
        built.get(kind, router)
    deployment = built.get("Deployment", router)
    labels = deployment["metadata"]["labels"]
    assert "logging-forward" not in labels and labels["component"] == "router"
    pod = pod_spec(deployment)
    assert pod["serviceAccountName"] == router
    c = pod["containers"][0]
    assert env_names(c) == ["NAMESPACE", "INFERENCESERVICE_NAME"]
    assert c["env"][1]["valueFrom"] == {"fieldRef": {"fieldPath": "metadata.labels['ome.io/inferenceservice']"}}
    assert pod["volumes"] == [{"name": LLAMA, "hostPath": {"path": "/raid/models/meta/llama-3-1-8b-instruct"}}]
    assert "volumeMounts" not in c and "nodeSelector" not in pod
    assert built.get("Service", router)["spec"]["ports"] == [
        {"name": "http", "port": 8080, "targetPort": 8080, "protocol": "TCP"}]
    hpa = built.get("HorizontalPodAutoscaler", router)["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (1, 1)
    external = built.get("Service", LLAMA)
    assert external["metadata"]["labels"] == {"ome.io/inferenceservice": LLAMA, "component": "external-service"}
    assert external["spec"] == {
        "type": "ClusterIP",
        "selector": {"ome.io/inferenceservice": LLAMA, "component": "router"},
        "ports": [{"name": "http", "port": 8080, "targetPort": 8080, "protocol": "TCP"}],
    }


DEEPSEEK_FILES = ["samples/isvc/deepseek-ai/deepseek-v3-pd.yaml", "runtimes/srt/deepseek-rdma-pd-rt.yaml",
                  "models/deepseek-ai/DeepSeek-V3.yaml"]


def test_g38_deepseek_pd_multinode(corpus):
    built = _build(corpus, DEEPSEEK_FILES, "deepseek-v3", DEEPSEEK_META)
    assert built.names("LeaderWorkerSet") == ["lws-deepseek-v3-decoder", "lws-deepseek-v3-engine"]
    for component in ("engine", "decoder"):
        lws = built.get("LeaderWorkerSet", f"lws-deepseek-v3-{component}")
        assert lws["metadata"]["annotations"]["ome.io/deploymentMode"] == "PDDisaggregated"
        group = lws["spec"]["leaderWorkerTemplate"]
        assert (lws["spec"]["replicas"], group["size"]) == (1, 2)
        for role in ("leaderTemplate", "workerTemplate"):
            pod = group[role]["spec"]
            c = pod["containers"][0]
            env = {e["name"]: e.get("value") for e in c["env"]}
            assert (env["MODEL_PATH"], env["PARALLELISM_SIZE"]) == ("/raid/models/deepseek-ai/deepseek-v3", "16")
            assert {"name": "deepseek-v3", "mountPath": "/raid/models/deepseek-ai/deepseek-v3",
                    "readOnly": True} in c["volumeMounts"]
            assert pod["volumes"][-1] == {"name": "deepseek-v3",
                                          "hostPath": {"path": "/raid/models/deepseek-ai/deepseek-v3"}}
            assert pod["nodeSelector"] == {"models.ome.io/clusterbasemodel.deepseek-v3": "Ready"}
        leader_labels = group["leaderTemplate"]["metadata"]["labels"]
        assert (leader_labels["app"], leader_labels["ray.io/node-type"]) == (f"deepseek-v3-{component}", "head")
        service = built.get("Service", f"deepseek-v3-{component}")
        assert service["spec"]["selector"] == {"ray.io/node-type": "head"}
        assert service["spec"]["ports"] == [{"name": "ome-container", "port": 8080, "targetPort": 8080,
                                             "protocol": "TCP"}]
    for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceAccount"):
        built.get(kind, "deepseek-v3-router")
    hpa = built.get("HorizontalPodAutoscaler", "deepseek-v3-router")["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (1, 1)
    assert built.names("ConfigMap") == ["modelconfig-deepseek-v3"]
    assert built.get("Service", "deepseek-v3")["spec"]["selector"]["component"] == "router"
    assert "OMEC500" in built.codes()  # both Services select both leaders (selector ray.io/node-type: head only)


MIXTRAL_FILES = ["samples/isvc/mistralai/mixtral-8x7b-instruct-v0-1.yaml", "runtimes/srt/mixtral-8x7b-instruct-rt.yaml",
                 "models/mistralai/Mixtral-8x7B-Instruct-v0.1.yaml"]
MIXTRAL = "mixtral-8x7b-instruct-v0-1"


def test_g39_mixtral_serverless_engine_raw_router(corpus):
    built = _build(corpus, MIXTRAL_FILES, MIXTRAL, MIXTRAL_META)
    ksvc = built.get("ksvc", f"{MIXTRAL}-engine")
    assert ksvc["metadata"]["namespace"] == "default"
    template = ksvc["spec"]["template"]
    assert template["metadata"]["annotations"].items() >= {
        "autoscaling.knative.dev/min-scale": "0",
        "autoscaling.knative.dev/max-scale": "1",
        "autoscaling.knative.dev/class": "kpa.autoscaling.knative.dev",
        "prometheus.io/scrape": "true", "prometheus.io/port": "8080", "prometheus.io/path": "/metrics",
        "ome.io/deploymentMode": "RawDeployment",
    }.items()
    c = first_container(ksvc)
    assert c["env"] == [{"name": "MODEL_PATH", "value": "/raid/models/mistral/mixtral-8x7b-instruct-v0-1"},
                        {"name": "PARALLELISM_SIZE", "value": "2"}]
    assert "dnsPolicy" not in template["spec"] and "terminationMessagePath" not in c
    assert built.names("Deployment") == [f"{MIXTRAL}-router"]
    for kind in ("Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceAccount", "Role", "RoleBinding"):
        built.get(kind, f"{MIXTRAL}-router")
    assert built.get("Service", MIXTRAL)["spec"]["selector"] == {"ome.io/inferenceservice": MIXTRAL,
                                                                  "component": "router"}
    assert built.names("ConfigMap") == ["modelconfig-l-8x7b-instruct-v0-1"]
    assert json.loads(built.get("ConfigMap", "modelconfig-l-8x7b-instruct-v0-1")["data"]["models.json"])[0][
        "modelSpec"]["modelFormatName"] == "safetensors"


def test_g41_cohere_runtime_placeholders_cannot_render(corpus, tmp_path):
    service = tmp_path / "isvc.yaml"
    service.write_text(to_yaml(isvc("command-r", {"model": {"name": "c4ai-command-r-v01"},
                                                  "runtime": {"name": "srt-c4ai-command-r-v01"}, "engine": {}})))
    built = compile_paths(
        [service, corpus / "runtimes/srt/CohereForAI/c4ai-command-r-v01-rt.yaml",
         corpus / "models/CohereForAI/c4ai-command-r-v01.yaml"],
        model_metadata={"c4ai-command-r-v01": COHERE_META}, expect_ok=False)
    assert [e.split(":")[0] for e in built.errors] == ["OMEC345 failed to replace placeholders in container"]
