"""One reviewed snapshot per topology (Raw, prefill/decode, MultiNode, Serverless, KEDA, fine-tuned): every output
file of one InferenceService, as omec writes it.

The index file ``omec-index.json`` is left out (it repeats the object list; the CLI tests cover it). Each
snapshot was reviewed when it was (re)generated; regenerate with
``pytest --snapshot-update tests/golden`` and review the diff the same way.
"""
from __future__ import annotations

import pytest

from omec.write import META_FILES
from tests.golden.harness import (
    compile_docs,
    container,
    fine_tuned_weight,
    isvc,
    model,
    runtime,
)

LLAMA = model("llama-3-1-8b-instruct", None, path="/raid/models/meta/llama-3-1-8b-instruct", vendor="meta",
              modelArchitecture="LlamaForCausalLM", modelParameterSize="8B")
PROMETHEUS = {"prometheus.io/scrape": "true", "prometheus.io/port": "8080", "prometheus.io/path": "/metrics"}
GPU_TOLERATION = [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]
DSHM = [{"name": "dshm", "emptyDir": {"medium": "Memory"}}]


def _engine_runner(gpus: int, *args: str) -> dict:
    return container(
        "ome-container", "docker.io/lmsysorg/sglang:v0.5.5",
        ports=[{"containerPort": 8080, "name": "http1", "protocol": "TCP"}],
        command=["python3", "-m", "sglang.launch_server", "--port", "8080", "--model-path", "$(MODEL_PATH)",
                 "--tp-size", "$(PARALLELISM_SIZE)", *args],
        volumeMounts=[{"mountPath": "/dev/shm", "name": "dshm"}],
        resources={"requests": {"cpu": "10", "memory": "30Gi", "nvidia.com/gpu": gpus},
                   "limits": {"cpu": "10", "memory": "30Gi", "nvidia.com/gpu": gpus}},
        readinessProbe={"httpGet": {"path": "/health_generate", "port": 8080}, "periodSeconds": 60},
    )


def _engine_config(gpus: int, *args: str) -> dict:
    return {"annotations": PROMETHEUS, "labels": {"logging-forward": "enabled"}, "tolerations": GPU_TOLERATION,
            "volumes": DSHM, "runner": _engine_runner(gpus, *args)}


ROUTER_CONFIG = {"runner": container(
    "router", "smg:v0.2.4",
    ports=[{"containerPort": 8080, "name": "http"}],
    command=["python3", "-m", "sglang_router.launch_router", "--service-discovery", "--selector",
             "component=engine ome.io/inferenceservice=$(INFERENCESERVICE_NAME)"],
    env=[{"name": "NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
         {"name": "INFERENCESERVICE_NAME",
          "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['ome.io/inferenceservice']"}}}],
    resources={"limits": {"cpu": "1", "memory": "2Gi"}},
)}


def _runtime(**configs) -> dict:
    return runtime("srt-llama", None, smf={"modelArchitecture": "LlamaForCausalLM"},
                   modelSizeRange={"min": "7B", "max": "9B"}, routerConfig=ROUTER_CONFIG, **configs)


def _isvc(name: str, spec: dict, **metadata) -> dict:
    return isvc(name, {"model": {"name": "llama-3-1-8b-instruct"}, "runtime": {"name": "srt-llama"}, **spec}, "llm",
                **metadata)


LEADER_GROUP = {"tolerations": GPU_TOLERATION, "volumes": DSHM, "runner": _engine_runner(8, "--nnodes", "2")}

TOPOLOGIES = {
    "raw-engine-router": (
        _runtime(engineConfig=_engine_config(1)),
        _isvc("chat", {"engine": {"minReplicas": 2, "maxReplicas": 4}, "router": {"minReplicas": 1, "maxReplicas": 1}},
              labels={"team": "search"}),
    ),
    "pd-engine-decoder-router": (
        _runtime(engineConfig=_engine_config(2, "--disaggregation-mode", "prefill"),
                 decoderConfig=_engine_config(2, "--disaggregation-mode", "decode")),
        _isvc("pd", {"engine": {}, "decoder": {}, "router": {"config": {"POLICY": "random", "CACHE": "on"}}}),
    ),
    "multinode-engine-router": (
        _runtime(engineConfig={"annotations": PROMETHEUS, "leader": LEADER_GROUP, "worker": {"size": 1, **LEADER_GROUP}}),
        _isvc("big", {"engine": {"minReplicas": 1, "maxReplicas": 1}, "router": {}}),
    ),
    "serverless-engine-raw-router": (
        _runtime(engineConfig=_engine_config(1)),
        _isvc("scale-to-zero", {"engine": {"minReplicas": 0, "maxReplicas": 2, "timeoutSeconds": 600}, "router": {}}),
    ),
    "keda-engine": (
        _runtime(engineConfig=_engine_config(1)),
        _isvc("keda", {"engine": {"minReplicas": 1, "maxReplicas": 6},
                       "kedaConfig": {"customPromQuery": 'sum(rate(requests{svc="%s"}[1m]))', "scalingThreshold": "25"}},
              annotations={"ome.io/autoscalerClass": "keda"}),
    ),
    "fine-tuned-engine": (
        _runtime(engineConfig=_engine_config(1)),
        fine_tuned_weight("llama-lora", "llama-3-1-8b-instruct", namespace=None),
        _isvc("ft", {"model": {"name": "llama-3-1-8b-instruct", "fineTunedWeights": ["llama-lora"]}, "engine": {}}),
    ),
}


@pytest.mark.parametrize("topology", sorted(TOPOLOGIES))
def test_topology_snapshot(topology, snapshot_yaml):
    built = compile_docs(LLAMA, *TOPOLOGIES[topology])
    files = {path: text for path, text in built.files.items() if path not in META_FILES}
    assert files == snapshot_yaml
