"""MultiNode components (LeaderWorkerSet) as in OME's controller, engine and LWS reconciler tests: one LWS and a
head Service, the leader runner winning, the LWS defaults, prometheus annotations on the leader only.

OME's LWS reconciler tests start from a component meta (e.g. name ``test-isvc``); through the pipeline the
component name is always ``<isvc>-engine``, so the names below carry that suffix.
"""
from __future__ import annotations

from tests.golden.harness import compile_docs, container, isvc, model, runtime

BM2 = model("base-model-2")
RUNTIME = runtime("llm-runtime")
MODEL_LABEL = "models.ome.io/default.basemodel.base-model-2"
POD_DEFAULTS = {"dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
                "securityContext": {}, "schedulerName": "default-scheduler"}
CONTAINER_DEFAULTS = {"terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                      "imagePullPolicy": "IfNotPresent"}


def build(name: str, engine: dict, **metadata):
    spec = {"model": {"name": "base-model-2", "kind": "BaseModel"}, "runtime": {"name": "llm-runtime"}, "engine": engine}
    return compile_docs(BM2, RUNTIME, isvc(name, spec, **metadata))


def templates(lws: dict) -> tuple[dict, dict]:
    group = lws["spec"]["leaderWorkerTemplate"]
    return group["leaderTemplate"], group["workerTemplate"]


def test_g5_multinode_engine_is_one_lws_and_a_head_service():
    built = build("test-multinode", {
        "leader": {"containers": [container("leader", "leader:latest")]},
        "worker": {"size": 2, "containers": [container("worker", "worker:latest")]},
    })
    assert built.names("LeaderWorkerSet") == ["lws-test-multinode-engine"]
    lws = built.get("LeaderWorkerSet", "lws-test-multinode-engine")
    assert lws["spec"]["leaderWorkerTemplate"]["size"] == 3
    service = built.get("Service", "test-multinode-engine")
    assert service["spec"]["selector"] == {"ray.io/node-type": "head"}
    assert "app" not in service["metadata"]["labels"]
    assert built.names("Deployment") == built.names("HorizontalPodAutoscaler") == built.names("PodDisruptionBudget") == []


def test_g7_leader_runner_wins_and_both_pods_select_the_model_node():
    built = build("test-isvc", {
        "minReplicas": 2,
        "leader": {"containers": [container("leader-container", "leader:latest")],
                   "runner": container("leader-container", "runtime-leader:latest")},
        "worker": {"size": 2, "containers": [container("worker-container", "worker:latest")]},
    })
    lws = built.get("LeaderWorkerSet", "lws-test-isvc-engine")
    assert (lws["spec"]["replicas"], lws["spec"]["leaderWorkerTemplate"]["size"]) == (2, 3)
    leader, worker = templates(lws)
    assert [c["image"] for c in leader["spec"]["containers"]] == ["runtime-leader:latest"]
    assert [c["image"] for c in worker["spec"]["containers"]] == ["worker:latest"]
    for template in (leader, worker):
        assert template["spec"]["nodeSelector"] == {MODEL_LABEL: "Ready"}
        assert template["spec"]["volumes"] == [{"name": "base-model-2", "hostPath": {"path": "/mnt/models/base"}}]


def test_g23_default_lws():
    built = build("test-isvc", {
        "labels": {"app": "test-isvc"},
        "leader": {"containers": [container("leader", "leader:latest")]},
        "worker": {"size": 2, "containers": [container("worker", "worker:latest", args=[])]},
    }, annotations={"annotation": "value"})
    lws = built.get("LeaderWorkerSet", "lws-test-isvc-engine")
    spec = lws["spec"]
    assert {k: v for k, v in spec.items() if k != "leaderWorkerTemplate"} == {
        "replicas": 1,
        "startupPolicy": "LeaderCreated",
        "networkConfig": {"subdomainPolicy": "Shared"},
        "rolloutStrategy": {"type": "RollingUpdate", "rollingUpdateConfiguration": {"maxUnavailable": 1, "maxSurge": 1}},
    }
    assert spec["leaderWorkerTemplate"]["size"] == 3
    assert spec["leaderWorkerTemplate"]["restartPolicy"] == "RecreateGroupOnPodRestart"
    assert lws["metadata"]["labels"]["app"] == "test-isvc"  # user label kept, no forced app on the LWS itself
    leader, worker = templates(lws)
    assert (leader["metadata"]["name"], leader["metadata"]["namespace"]) == ("test-isvc-engine", "default")
    assert leader["metadata"]["labels"]["app"] == "test-isvc-engine"
    assert leader["metadata"]["labels"]["ray.io/node-type"] == "head"
    assert leader["metadata"]["annotations"]["annotation"] == "value"
    assert worker["metadata"]["labels"]["app"] == "test-isvc"  # only because the input has it
    assert "ray.io/node-type" not in worker["metadata"]["labels"]
    for template in (leader, worker):
        assert template["spec"].items() >= POD_DEFAULTS.items()
        assert template["spec"]["containers"][0].items() >= CONTAINER_DEFAULTS.items()
        assert "readinessProbe" not in template["spec"]["containers"][0]  # Deployment-only default
    assert "args" not in worker["spec"]["containers"][0]  # LWS drops empty args


def test_g24_prometheus_annotations_stay_on_the_leader_only():
    prometheus = {"prometheus.io/path": "/metrics", "prometheus.io/port": "8080", "prometheus.io/scrape": "true"}
    built = build("test-isvc", {
        "minReplicas": 5,
        "maxReplicas": 5,
        "annotations": prometheus,
        "leader": {"containers": [container("leader", "leader:latest")]},
        "worker": {"size": 4, "containers": [container("worker", "worker:latest")]},
    })
    lws = built.get("LeaderWorkerSet", "lws-test-isvc-engine")
    assert (lws["spec"]["replicas"], lws["spec"]["leaderWorkerTemplate"]["size"]) == (5, 5)
    leader, worker = templates(lws)
    assert leader["metadata"]["annotations"].items() >= prometheus.items()
    assert not set(prometheus) & set(worker["metadata"]["annotations"])
    assert not set(prometheus) & set(built.get("Service", "test-isvc-engine")["metadata"]["annotations"])


def test_scheduler_labels_on_lws_templates_only():
    """The LWS itself has the component labels; leader and worker templates add scheduler labels."""
    built = build("test-isvc", {
        "leader": {"containers": [container("leader", "leader:latest")]},
        "worker": {"size": 1, "containers": [container("worker", "worker:latest")]},
    }, annotations={"ome.io/volcano-queue": "q1"})
    lws = built.get("LeaderWorkerSet", "lws-test-isvc-engine")
    assert "volcano.sh/queue-name" not in lws["metadata"]["labels"]
    for template in templates(lws):
        assert template["metadata"]["labels"]["volcano.sh/queue-name"] == "q1"
    assert "volcano.sh/queue-name" not in built.get("Service", "test-isvc-engine")["metadata"]["labels"]
