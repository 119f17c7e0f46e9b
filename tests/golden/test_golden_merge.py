"""Merging and templating, end to end: runtime config ⊕ ISVC block (OME's utils_test TestMergeEngineSpec), the
runner into its container (podspec_reconciler_test), AcceleratorClass args and parallelism overrides (merging_test
TestMergeArgs, TestOverrideArgParam) and ``{{ }}`` placeholders. The pure functions are unit-tested in tests/expand;
these tests prove the wiring.
"""
from __future__ import annotations

import pytest

from tests.golden.harness import (
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
NO_PATH_BM = model("base-model-1", path=None)  # no MODEL_PATH / model volume: keeps env and volumes exact
MODEL_REF = {"name": "base-model-1", "kind": "BaseModel"}
ENGINE_CN = "test-isvc-engine"


def build(runtime_doc: dict, engine: dict, *docs: dict, model_doc: dict = BM, name: str = "test-isvc",
          namespace: str = "default", annotations: dict | None = None, expect_ok: bool = True, **spec):
    body = {"model": MODEL_REF, "runtime": {"name": "llm-runtime"}, "engine": engine, **spec}
    isvc_doc = isvc(name, body, namespace, annotations=annotations)
    if namespace != "default":
        model_doc = {**model_doc, "metadata": {**model_doc["metadata"], "namespace": namespace}}
        runtime_doc = {**runtime_doc, "metadata": {**runtime_doc["metadata"], "namespace": namespace}}
    return compile_docs(model_doc, runtime_doc, *docs, isvc_doc, expect_ok=expect_ok)


def _env(**values: str) -> list:
    return [{"name": k, "value": v} for k, v in values.items()]


def test_g16a_env_merged_by_name_and_sidecar_kept():
    rt = runtime("llm-runtime", engineConfig={"containers": [
        container("ome-container", "runtime:v1", env=_env(ENV1="runtime-value", ENV2="runtime-value2")),
        container("sidecar", "sidecar:v1"),
    ]})
    engine = {"containers": [container("ome-container", "isvc:v2", env=_env(ENV1="isvc-value", ENV3="isvc-value3"))]}
    pod = pod_spec(build(rt, engine, model_doc=NO_PATH_BM).get("Deployment", ENGINE_CN))
    assert [(c["name"], c["image"]) for c in pod["containers"]] == [("ome-container", "isvc:v2"), ("sidecar", "sidecar:v1")]
    assert pod["containers"][0]["env"] == _env(ENV1="isvc-value", ENV3="isvc-value3", ENV2="runtime-value2")


def test_g16b_runner_args_replaced_wholesale():
    rt = runtime("llm-runtime", engineConfig={"runner": container("ome-container", "r:1", args=["--arg1", "runtime"])})
    engine = {"runner": {"name": "ome-container", "args": ["--arg1", "isvc", "--arg2", "new"]}}
    c = first_container(build(rt, engine).get("Deployment", ENGINE_CN))
    assert (c["image"], c["args"]) == ("r:1", ["--arg1", "isvc", "--arg2", "new"])


def test_g16c_leader_and_worker_from_the_isvc():
    rt = runtime("llm-runtime", engineConfig={
        "leader": {"runner": container("ome-container", "leader:v1")},
        "worker": {"size": 2, "runner": container("ome-container", "worker:v1")},
    })
    engine = {"leader": {"runner": {"name": "ome-container", "image": "leader:v2"}},
              "worker": {"size": 4, "runner": {"name": "ome-container", "image": "worker:v2"}}}
    group = build(rt, engine).get("LeaderWorkerSet", f"lws-{ENGINE_CN}")["spec"]["leaderWorkerTemplate"]
    assert group["size"] == 5
    assert group["leaderTemplate"]["spec"]["containers"][0]["image"] == "leader:v2"
    assert group["workerTemplate"]["spec"]["containers"][0]["image"] == "worker:v2"


def test_g16d_volumes_node_selector_tolerations():
    toleration = {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}
    rt = runtime("llm-runtime", engineConfig={
        "runner": container("ome-container", "r:1"),
        "volumes": [{"name": "model-volume", "emptyDir": {}}],
        "nodeSelector": {"gpu": "true", "zone": "us-west-1a"},
        "tolerations": [{"key": "runtime", "operator": "Exists"}],
    })
    engine = {"volumes": [{"name": "cache-volume", "emptyDir": {}}],
              "nodeSelector": {"zone": "us-west-1b", "type": "inference"}, "tolerations": [toleration]}
    pod = pod_spec(build(rt, engine).get("Deployment", ENGINE_CN))
    assert [v["name"] for v in pod["volumes"]] == ["cache-volume", "model-volume", "base-model-1"]
    assert pod["nodeSelector"] == {"gpu": "true", "zone": "us-west-1b", "type": "inference",
                                   "models.ome.io/default.basemodel.base-model-1": "Ready"}
    assert pod["tolerations"] == [toleration]


def test_g16e_partial_overrides():
    affinity = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 1, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname"}}]}}
    rt = runtime("llm-runtime", engineConfig={
        "minReplicas": 1, "scaleMetric": "concurrency", "serviceAccountName": "runtime-sa", "affinity": affinity,
        "runner": container("ome-container", "r:1", resources={"requests": {"cpu": "1", "memory": "1Gi"}}),
    })
    engine = {"maxReplicas": 10, "scaleTarget": 80,
              "runner": {"name": "ome-container", "resources": {"requests": {"cpu": "2"}}}}
    built = build(rt, engine)
    pod = pod_spec(built.get("Deployment", ENGINE_CN))
    assert (pod["serviceAccountName"], pod["affinity"]) == ("runtime-sa", affinity)
    assert pod["containers"][0]["resources"] == {"requests": {"cpu": "2", "memory": "1Gi"}}
    hpa = built.get("HorizontalPodAutoscaler", ENGINE_CN)["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (1, 10)
    assert hpa["metrics"][0]["resource"] == {"name": "concurrency",
                                             "target": {"type": "Utilization", "averageUtilization": 80}}
    assert "OMEC504" in built.codes()  # concurrency is no HPA resource metric (OME copies scaleMetric verbatim)


def test_g16f_empty_isvc_container_list_keeps_the_runtime_containers():
    rt = runtime("llm-runtime", engineConfig={"containers": [container("ome-container", "runtime:v1")]})
    c = first_container(build(rt, {"containers": []}).get("Deployment", ENGINE_CN))
    assert c["image"] == "runtime:v1"


def test_g17_runner_merged_into_its_container():
    rt = runtime("llm-runtime", engineConfig={"containers": [container(
        "ome-container", "runtime:v1", env=_env(RUNTIME_ENV="r"), resources={"requests": {"cpu": "500m"}})]})
    engine = {"runner": {"name": "ome-container", "command": ["/bin/bash"], "args": ["-c", "echo hello"],
                         "env": _env(CUSTOM_ENV="c"),
                         "resources": {"requests": {"memory": "2Gi"}, "limits": {"memory": "4Gi"}}}}
    pod = pod_spec(build(rt, engine, model_doc=NO_PATH_BM).get("Deployment", ENGINE_CN))
    assert len(pod["containers"]) == 1
    c = pod["containers"][0]
    assert (c["image"], c["command"], c["args"]) == ("runtime:v1", ["/bin/bash"], ["-c", "echo hello"])
    assert env_map(c) == {"RUNTIME_ENV": "r", "CUSTOM_ENV": "c"}
    assert c["resources"] == {"requests": {"cpu": "500m", "memory": "2Gi"}, "limits": {"memory": "4Gi"}}


def _accelerated(runner: dict, accelerator_config: dict) -> tuple[dict, dict]:
    rt = runtime("llm-runtime", smf={"acceleratorConfig": {"gpu-a": accelerator_config}},
                 acceleratorRequirements={"acceleratorClasses": ["gpu-a"]}, engineConfig={"runner": runner})
    return rt, accelerator("gpu-a")


@pytest.mark.parametrize(
    "runner, override, field, expected",
    [
        # MergeArgs, list form (merging_test TestMergeArgsListFormat).
        (container("ome-container", "r:1", args=["--tp-size=4", "--pp-size=2", "--port=8080"]),
         {"runtimeArgsOverride": ["--tp-size=8", "--pp-size=4", "--debug"]},
         "args", ["--tp-size=8", "--pp-size=4", "--port=8080", "--debug"]),
        (container("ome-container", "r:1", args=["--tp-size", "4", "--port", "8080"]),
         {"runtimeArgsOverride": ["--tp-size", "8"]}, "args", ["--tp-size", "8", "--port", "8080"]),
        # tensor/pipeline parallel overrides, args first, else command (TestOverrideArgParam,
        # TestOverrideCommandParam).
        (container("ome-container", "r:1", args=["--tp-size", "4", "--pp", "1"]),
         {"tensorParallelismOverride": {"tensorParallelSize": 8, "pipelineParallelSize": 2}},
         "args", ["--tp-size", "8", "--pp", "2"]),
        (container("ome-container", "r:1", command=["python3", "-m", "server", "--tp-size=4"]),
         {"tensorParallelismOverride": {"tensorParallelSize": 8}}, "command", ["python3", "-m", "server", "--tp-size=8"]),
        (container("ome-container", "r:1", command=["python3", "-m", "server"]),
         {"tensorParallelismOverride": {"tensorParallelSize": 8}}, "command", ["python3", "-m", "server"]),
    ],
)
def test_g18_g19_accelerator_args_overrides(runner, override, field, expected):
    rt, ac = _accelerated(runner, override)
    c = first_container(build(rt, {}, ac, acceleratorSelector={"acceleratorClass": "gpu-a"}).get("Deployment", ENGINE_CN))
    assert c[field] == expected


def test_accelerator_environment_override_is_upserted_in_key_order_without_parallelism_size():
    runner = container("ome-container", "r:1", env=_env(B="runtime"),
                       resources={"limits": {"nvidia.com/gpu": "2"}})
    rt, ac = _accelerated(runner, {"environmentOverride": {"C": "3", "B": "2", "A": "1"}})
    c = first_container(build(rt, {}, ac, acceleratorSelector={"acceleratorClass": "gpu-a"}).get("Deployment", ENGINE_CN))
    assert c["env"] == _env(B="2", MODEL_PATH="/mnt/models/base", A="1", C="3")


def test_g41_placeholders():
    rt = runtime("llm-runtime", engineConfig={"runner": container(
        "ome-container", "r:1", args=["--served-model-name", "{{.Name}}", "--ns={{ .Namespace }}", "{{.Annotations.k}}"])})
    built = build(rt, {}, name="my-isvc", namespace="ns1", annotations={"k": "v&<'\"x"})
    c = first_container(built.get("Deployment", "my-isvc-engine"))
    assert c["args"] == ["--served-model-name", "my-isvc", "--ns=ns1", "v&amp;&lt;&#39;&#34;x"]


def test_g41_quoted_template_arguments_fail():
    rt = runtime("llm-runtime", engineConfig={"runner": container(
        "ome-container", "r:1", args=['{{index .Annotations "k"}}'])})
    built = build(rt, {}, expect_ok=False)
    assert [e.split(":")[0] for e in built.errors] == ["OMEC345 failed to replace placeholders in container"]
