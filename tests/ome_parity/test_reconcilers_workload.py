"""OME's workload reconcilers (pkg/controller/v1beta1/inferenceservice/reconcilers/deployment, /lws, /common at
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers):
the pod-spec and Deployment-spec defaults and the pod fields passed through, as their tests assert them
(deployment_reconciler_test.go TestSetDefaultPodSpec / TestSetDefaultDeploymentSpec, lws_reconciler_test.go
TestSetDefaultPodSpec, podspec_reconciler_test.go TestPodSpecReconciler_ReconcilePodSpec /
ReconcileWorkerPodSpec), and where omec used to differ from setDefaultPodSpec / setDefaultDeploymentSpec.
"""
from __future__ import annotations

import pytest

from tests.golden.harness import compile_docs, container, isvc, model, pod_spec, runtime

RUNTIME = runtime("llm-runtime")
MODEL = {"name": "base", "kind": "BaseModel"}


def build(engine: dict, *, expect_ok: bool = True):
    spec = {"model": MODEL, "runtime": {"name": "llm-runtime"}, "engine": engine}
    return compile_docs(model("base"), RUNTIME, isvc("svc", spec), expect_ok=expect_ok)


def deployment_pod(engine: dict) -> dict:
    return pod_spec(build(engine).get("Deployment", "svc-engine"))


SOME_FIELDS_SET = {  # deployment_reconciler_test "pod spec with some fields set"
    "containers": [container("test", "t:1", terminationMessagePath="/custom/path", args=["arg1", "arg2"]),
                   container("test2", "t:2", imagePullPolicy="Always")],
    "dnsPolicy": "ClusterFirstWithHostNet",
    "schedulerName": "custom-scheduler",
}


def _check_some_fields_set(pod: dict) -> None:
    assert (pod["dnsPolicy"], pod["restartPolicy"], pod["terminationGracePeriodSeconds"]) == (
        "ClusterFirstWithHostNet", "Always", 30)
    assert (pod["securityContext"], pod["schedulerName"]) == ({}, "custom-scheduler")
    test, test2 = (c for c in pod["containers"] if c["name"] in ("test", "test2"))
    assert (test["terminationMessagePath"], test["terminationMessagePolicy"], test["imagePullPolicy"]) == (
        "/custom/path", "File", "IfNotPresent")
    assert test["args"] == ["arg1", "arg2"]
    assert (test2["terminationMessagePath"], test2["terminationMessagePolicy"], test2["imagePullPolicy"]) == (
        "/dev/termination-log", "File", "Always")


def test_deployment_set_default_pod_spec_with_some_fields_set():
    """deployment_reconciler_test TestSetDefaultPodSpec "pod spec with some fields set": set values stay, the others
    get the defaults."""
    _check_some_fields_set(deployment_pod(SOME_FIELDS_SET))


def test_lws_set_default_pod_spec_with_some_fields_set():
    """lws_reconciler_test TestSetDefaultPodSpec, second case, on the leader and the worker template."""
    engine = {"leader": SOME_FIELDS_SET, "worker": {"size": 1, **SOME_FIELDS_SET}}
    lws = build(engine).get("LeaderWorkerSet", "lws-svc-engine")["spec"]["leaderWorkerTemplate"]
    _check_some_fields_set(lws["leaderTemplate"]["spec"])
    _check_some_fields_set(lws["workerTemplate"]["spec"])


def test_set_default_pod_spec_leaves_init_containers_alone():
    """setDefaultContainerSettings (deployment_reconciler.go#L137) loops over podSpec.Containers only: init containers
    get no terminationMessagePath/Policy or imagePullPolicy from OME."""
    pod = deployment_pod({"initContainers": [container("init", "busybox:1")],
                          "runner": container("ome-container", "serve:1")})
    assert pod["initContainers"] == [{"name": "init", "image": "busybox:1"}]


def test_set_default_pod_spec_keeps_an_explicit_zero_grace_period():
    """TerminationGracePeriodSeconds is a pointer: only nil gets 30, an explicit 0 stays."""
    pod = deployment_pod({"terminationGracePeriodSeconds": 0, "runner": container("ome-container", "serve:1")})
    assert pod["terminationGracePeriodSeconds"] == 0


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        ({"rollingUpdate": {"maxSurge": 2}}, {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 2}}),
        ({"type": "RollingUpdate", "rollingUpdate": {}}, {"type": "RollingUpdate", "rollingUpdate": {}}),
        ({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 2, "maxSurge": 3}},
         {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 2, "maxSurge": 3}}),
    ],
)
def test_set_default_deployment_spec(strategy, expected):
    """setDefaultDeploymentSpec (deployment_reconciler.go#L177): an empty type becomes RollingUpdate whatever else is
    set; rolling-update parameters are defaulted only when rollingUpdate is nil (an empty {} is kept);
    TestSetDefaultDeploymentSpec's custom 2 / 3 parameters stay."""
    engine = {"deploymentStrategy": strategy, "runner": container("ome-container", "serve:1")}
    assert build(engine).get("Deployment", "svc-engine")["spec"]["strategy"] == expected


def test_reconcile_pod_spec_passes_image_pull_secrets_and_scheduling_fields_through():
    """podspec_reconciler_test TestPodSpecReconciler_ReconcilePodSpec "Pod spec with tolerations and image pull
    secrets" and "Pod spec with scheduler and DNS settings" (no runner)."""
    pod = deployment_pod({
        "containers": [container("ome-container", "test-image:latest")],
        "tolerations": [{"key": "gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule"}],
        "imagePullSecrets": [{"name": "docker-secret"}],
        "schedulerName": "custom-scheduler", "hostNetwork": True, "hostIPC": True, "dnsPolicy": "ClusterFirstWithHostNet",
    })
    assert pod["tolerations"][0]["key"] == "gpu"
    assert pod["imagePullSecrets"] == [{"name": "docker-secret"}]
    assert (pod["schedulerName"], pod["hostNetwork"], pod["hostIPC"], pod["dnsPolicy"]) == (
        "custom-scheduler", True, True, "ClusterFirstWithHostNet")


@pytest.mark.parametrize("mode", [None, "RawDeployment"])
def test_reconcile_worker_pod_spec_without_containers_fails(mode):
    """podspec_reconciler_test TestPodSpecReconciler_ReconcileWorkerPodSpec "Worker pod spec with no containers": a
    worker without containers and runner fails with "no containers found in worker pod spec"; the engine builds the
    worker pod whatever its mode (engine.go#L316), so a RawDeployment annotation does not avoid it."""
    engine = {"worker": {"size": 1}, "runner": container("ome-container", "serve:1")}
    if mode:
        engine["annotations"] = {"ome.io/deploymentMode": mode}
    built = build(engine, expect_ok=False)
    assert built.errors == ["OMEC301 no containers found in worker pod spec"]


def test_set_default_pod_spec_fills_empty_strings():
    """setDefaultPodSpec tests `DNSPolicy == ""`: an empty dnsPolicy / schedulerName is replaced, not kept."""
    pod = deployment_pod({"dnsPolicy": "", "schedulerName": "", "runner": container("ome-container", "serve:1")})
    assert (pod["dnsPolicy"], pod["schedulerName"]) == ("ClusterFirst", "default-scheduler")


def test_reconcile_worker_pod_spec_with_a_runner_merges_it_into_the_named_container():
    """podspec_reconciler_test TestPodSpecReconciler_ReconcileWorkerPodSpec "Worker pod spec with leader runner spec":
    the worker's runner is merged into the worker container of its name: image kept, env RUNTIME_ENV and LEADER_ENV,
    requests cpu 2."""
    worker = {"size": 1,
              "containers": [container("ome-container", "worker-image:latest", env=[{"name": "RUNTIME_ENV", "value": "runtime"}])],
              "runner": container("ome-container", None, env=[{"name": "LEADER_ENV", "value": "leader"}],
                                  resources={"requests": {"cpu": "2"}})}
    worker["runner"].pop("image")
    engine = {"leader": {"runner": container("ome-container", "leader:1")}, "worker": worker}
    spec = build(engine).get("LeaderWorkerSet", "lws-svc-engine")["spec"]["leaderWorkerTemplate"]["workerTemplate"]["spec"]
    [c] = spec["containers"]
    assert c["image"] == "worker-image:latest"
    env = {e["name"]: e.get("value") for e in c["env"]}
    assert (env["RUNTIME_ENV"], env["LEADER_ENV"]) == ("runtime", "leader")
    assert c["resources"]["requests"]["cpu"] == "2"
