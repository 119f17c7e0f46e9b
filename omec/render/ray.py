"""MultiNodeRayVLLM engine: RayClusters, multinode prober Deployments, the Ray head Service (OME:
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers/multinodevllm).

For i in 0..minReplicas-1 OME creates a KubeRay ``RayCluster`` ``<CN>-<i>`` (head = the component pod, worker group
``wg`` = a copy of it that starts Ray instead) and a prober ``Deployment`` ``checkName(<CN>-<i>-mnp)`` configured
from the controller ConfigMap key ``multinodeProber``; plus one Service ``trunc63(CN)`` and the Istio Sidecar
when labelled. OME's workload defaults (dnsPolicy, restartPolicy, schedulerName ...) are not written on the Ray
pods.
"""
from __future__ import annotations

from omec.golang.resource import canonical_quantity
from omec.ome.naming import check_name, component_name, trunc63
from omec.plan import Component
from omec.render import codes, network
from omec.render.metadata import scheduler_labels, sorted_map
from omec.render.pod import ComponentContext, component_pod
from omec.render.podresult import Problem

HEAD_START_PARAMS = {"dashboard-host": "0.0.0.0", "metrics-export-port": "8000"}
PRE_STOP = {"preStop": {"exec": {"command": ["/bin/bash", "-lc", "ray stop"]}}}
WORKER_COMMAND = ["/bin/bash", "-lc", "--"]
WORKER_ARGS = ["ulimit -n 65536; echo worker; $KUBERAY_GEN_RAY_START_CMD"]
RAY_PORTS = [
    {"name": "dashboard", "port": 8265, "targetPort": 8265},
    {"name": "metrics", "port": 8000, "targetPort": 8000},
    {"name": "redis", "port": 6379, "targetPort": 6379},
]
PROBER_PORT = 8080
PROBER_QUANTITIES = ("cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit")


def ray_engine(ctx: ComponentContext, component: Component) -> tuple[list[dict], list[Problem], int | None]:
    """Objects of a MultiNodeRayVLLM engine, its head pod (problems) and the first port of its Service."""
    isvc, ce, meta = ctx.isvc, ctx.ce, ctx.meta
    name = component_name(isvc.name, component.name)
    where = ("spec", component.name)
    leader = ce.get("leader")
    source = leader if leader is not None else ce
    head = component_pod(ctx, source, source.get("runner"), (*where, "leader") if leader is not None else where)
    labels = sorted_map({**meta.labels, **scheduler_labels(meta.annotations)})
    annotations = sorted_map(meta.annotations)
    head_spec = _with_pre_stop(head.spec)
    count = ce.get("minReplicas") or 0
    metadata = {"namespace": isvc.namespace, "labels": labels, "annotations": annotations}
    clusters = [_ray_cluster(f"{name}-{i}", metadata, head_spec) for i in range(count)]
    prober = ctx.config.multinode_prober
    problem = _prober_problem(prober)
    problems = list(head.problems)
    if problem:
        problems.append(Problem(codes.MULTINODE_PROBER_MISSING, problem, where,
                                     "pass --controller-config with a multinodeProber key (image, cpuRequest, "
                                     "cpuLimit, memoryRequest, memoryLimit, startup probe settings)"))
        probers = []
    else:
        assert prober is not None, "_prober_problem reports a missing multinodeProber"
        prober_labels = sorted_map({**labels, "app": name})
        probers = [_prober(name, i, {**metadata, "labels": prober_labels}, prober) for i in range(count)]
    # createRayCluster adds the scheduler labels to the component's label map itself (SetPodLabelsFromAnnotations on
    # the shared map), so the head Service built after it carries them only when at least one cluster was created.
    service_meta = metadata if count else {**metadata, "labels": sorted_map(meta.labels)}
    service = network.component_service(
        {"name": trunc63(name), **service_meta},
        meta.annotations,
        _service_ports(head.spec, name),
        {
            "app.kubernetes.io/created-by": "kuberay-operator",
            "app.kubernetes.io/name": "kuberay",
            "ray.io/node-type": "head",
            "ome.io/inferenceservice": name,  # OME quirk: pods carry the InferenceService name (no endpoints)
        },
    )
    objects = [*clusters, *probers, service, *network.istio_sidecars(name, isvc.ns, meta.labels)]
    return objects, problems, network.first_port(service)


def _with_pre_stop(pod: dict) -> dict:
    """Every container without ``lifecycle`` (nil: an empty ``{}`` is kept, as setLifecycleHooks) stops Ray before it
    exits."""
    containers = [
        c if c.get("lifecycle") is not None else {**c, "lifecycle": PRE_STOP} for c in pod.get("containers") or []
    ]
    return {**pod, "containers": containers} if containers else pod


def _ray_cluster(cluster: str, metadata: dict, head_spec: dict) -> dict:
    template_meta = {"name": cluster, "labels": metadata["labels"], "annotations": metadata["annotations"]}
    worker_spec = {
        **head_spec,
        "containers": [
            {**c, "command": WORKER_COMMAND, "args": WORKER_ARGS} for c in head_spec.get("containers") or []
        ],
    }
    return {
        "apiVersion": "ray.io/v1",
        "kind": "RayCluster",
        "metadata": {"name": cluster, **metadata},
        "spec": {
            "headGroupSpec": {
                "headService": {"metadata": {"name": check_name(cluster), **metadata}},
                "rayStartParams": HEAD_START_PARAMS,
                "serviceType": "ClusterIP",
                "template": {"metadata": template_meta, "spec": head_spec},
            },
            "workerGroupSpecs": [
                {"groupName": "wg", "rayStartParams": {}, "replicas": 1,
                 "template": {"metadata": template_meta, "spec": worker_spec}},
            ],
        },
    }


def _service_ports(pod: dict, name: str) -> list[dict]:
    """The head container's ports (as for component Services), or 8080 named after the component, then the Ray
    ports."""
    containers = pod.get("containers") or []
    if not containers:
        return list(RAY_PORTS)
    if containers[0].get("ports"):
        return network.service_ports(pod) + RAY_PORTS
    return [{"name": name, "port": 8080, "targetPort": 8080, "protocol": "TCP"}, *RAY_PORTS]


def _prober_problem(prober: dict | None) -> str:
    """Why OME cannot build the prober Deployments from ``multinodeProber`` ("" when it can)."""
    if prober is None:
        return "engine is MultiNodeRayVLLM but the controller ConfigMap has no multinodeProber key"
    bad = [] if isinstance(prober.get("image"), str) and prober["image"] else ["image"]
    bad += [key for key in PROBER_QUANTITIES if _prober_quantity(prober.get(key)) is None]
    if not bad:
        return ""
    return f"multinodeProber in the controller ConfigMap lacks valid {', '.join(bad)}: OME panics building the prober"


def _prober_quantity(value: object) -> str | None:
    """``resource.MustParse(value).String()`` of a prober setting (a string in OME's config struct), None where
    MustParse panics."""
    if not isinstance(value, str):
        return None
    try:
        return canonical_quantity(value)
    except ValueError:
        return None


def _probe(path: str, timeout: object, period: object, failure: object, initial_delay: object = None) -> dict:
    """An HTTP probe on the prober port; zero/absent settings are omitted like Go's omitempty."""
    probe = {"httpGet": {"path": path, "port": PROBER_PORT}}
    settings = (("timeoutSeconds", timeout), ("periodSeconds", period), ("successThreshold", 1),
                ("failureThreshold", failure), ("initialDelaySeconds", initial_delay))
    return {**probe, **{key: value for key, value in settings if value}}


def _prober(name: str, index: int, metadata: dict, prober: dict) -> dict:
    """Prober Deployment ``checkName(<CN>-<i>-mnp)`` polling the Ray head Service of cluster ``i``."""
    deployment_meta = {"name": check_name(f"{name}-{index}-mnp"), **metadata}
    endpoint = f"http://{check_name(f'{name}-{index}')}.{metadata['namespace']}.svc.cluster.local:8080"
    container = {
        "name": "multinode-prober",
        "image": prober["image"],
        "imagePullPolicy": "IfNotPresent",
        "args": ["--vllm-endpoint", endpoint, "--addr", f"0.0.0.0:{PROBER_PORT}"],
        "ports": [{"name": "http", "containerPort": PROBER_PORT}],
        "resources": {  # Quantity.String() of each setting: "0.5" -> "500m", "1000m" -> "1"
            "limits": {"cpu": _prober_quantity(prober["cpuLimit"]), "memory": _prober_quantity(prober["memoryLimit"])},
            "requests": {
                "cpu": _prober_quantity(prober["cpuRequest"]), "memory": _prober_quantity(prober["memoryRequest"])
            },
        },
        "readinessProbe": _probe("/healthz", 5, 30, 3),
        "livenessProbe": _probe("/readyz", 5, 30, 3),
        "startupProbe": _probe("/startupz", prober.get("startupTimeoutSeconds"), prober.get("startupPeriodSeconds"),
                               prober.get("startupFailureThreshold"), prober.get("startupInitialDelaySeconds")),
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": deployment_meta,
        "spec": {
            "selector": {"matchLabels": {"app": name}},  # the same for every i (overlapping selectors)
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
            "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600,
            "template": {"metadata": deployment_meta, "spec": {"containers": [container]}},
        },
    }
