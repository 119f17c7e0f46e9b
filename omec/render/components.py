"""Workload objects of one component, by mode: Deployment (RawDeployment), LeaderWorkerSet (MultiNode), Knative
Service (Serverless); MultiNodeRayVLLM is :mod:`omec.render.ray`."""
from __future__ import annotations

from omec.diagnostics import Diagnostic
from omec.memo import Shared
from omec.ome.controller_config import ControllerConfig
from omec.ome.naming import component_name, lws_name, trunc63
from omec.plan import MULTINODE, RAW, RAY, SERVERLESS, Component, Plan
from omec.render import codes, network, scaling
from omec.render.metadata import (
    FineTuned,
    component_meta,
    scheduler_labels,
    service_annotations,
    sorted_map,
)
from omec.render.pod import ComponentContext, component_pod
from omec.render.podresult import Problem
from omec.render.ray import ray_engine
from omec.render.workload import workload_pod

PROMETHEUS_POD_ANNOTATIONS = ("prometheus.io/path", "prometheus.io/port", "prometheus.io/scrape")
KNATIVE_TOP_ANNOTATIONS = ("serving.knative.dev/rollout-duration", "serving.knative.openshift.io/enablePassthrough")


def render_component(
    plan: Plan, component: Component, ft: FineTuned | None, config: ControllerConfig, shared: Shared
) -> tuple[list[dict], list[Diagnostic], int | None]:
    """Objects of one component, its diagnostics, and the first port of its Service (None: no Service)."""
    resolution = plan.resolution
    isvc = plan.isvc
    meta = component_meta(isvc, component.name, component.spec, resolution.model, resolution.runtime.name, ft)
    ctx = ComponentContext(
        isvc=isvc,
        component=component.name,
        ce=component.spec,
        isvc_block=component.isvc_block,
        model=resolution.model,
        runtime=resolution.runtime,
        accelerator=component.accelerator,
        smf=resolution.smf,
        meta=meta,
        ft=ft,
        config=config,
        shared=shared,
    )
    # Every mode a plan can hold has a builder: the plan stage rejects VirtualDeployment engines.
    objects, problems, port = _BUILDERS[component.mode](ctx, component)
    diags = [p.code.at(p.message, isvc.ref, p.field, object=isvc.id, hint=p.hint) for p in problems]
    if component.name == "router":
        objects = network.router_rbac(isvc.name, isvc.ns, sorted_map(meta.labels)) + objects
    return objects, diags, port


def _raw(ctx: ComponentContext, component: Component) -> tuple[list[dict], list[Problem], int | None]:
    isvc, ce, meta = ctx.isvc, ctx.ce, ctx.meta
    name = component_name(isvc.name, component.name)
    app = trunc63(name)
    labels = sorted_map({**meta.labels, "app": app, **scheduler_labels(meta.annotations)})
    annotations = sorted_map(meta.annotations)
    pod = component_pod(ctx, ce, ce.get("runner"), ("spec", component.name))
    metadata = {"name": name, "namespace": isvc.namespace, "labels": labels, "annotations": annotations}
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata,
        "spec": {
            "selector": {"matchLabels": {"app": app}},
            "strategy": _strategy(ce.get("deploymentStrategy")),
            "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600,
            "template": {
                "metadata": metadata,
                "spec": workload_pod(ctx.shared, pod, readiness_default=True),
            },
        },
    }
    service = network.component_service(
        {**metadata, "name": app, "annotations": sorted_map(service_annotations(meta.annotations))},
        meta.annotations,
        network.service_ports(pod.spec),
        {"app": app},
    )
    objects = [deployment, service]
    autoscaler = scaling.autoscaler_class(meta.annotations)
    if autoscaler == "hpa":
        objects.append(scaling.hpa(name, isvc.ns, metadata, ce, meta.annotations))
    elif autoscaler == "keda":
        keda_labels = sorted_map({k: v for k, v in meta.labels.items() if k != "k8slens-edit-resource-version"})
        keda_meta = {"name": name, "namespace": isvc.namespace, "labels": keda_labels, "annotations": annotations}
        objects.append(scaling.scaled_object(name, keda_meta, ce, meta.annotations, isvc.spec.get("kedaConfig") or {}))
    objects.append(scaling.pdb(metadata, app, ce))
    problems = list(pod.problems) + scaling.problems(component.name, meta.annotations, ctx.isvc_block,
                                                     ctx.runtime.name, ce)
    if ce.get("minAvailable") is not None and ce.get("maxUnavailable") is not None:
        problems.append(_pdb_problem(component.name))
    return objects, problems, network.first_port(service)


def _pdb_problem(component: str) -> Problem:
    return Problem(
        codes.PDB_BOTH_SET, "minAvailable and maxUnavailable are both set; the PodDisruptionBudget is invalid",
        ("spec", component), "keep one of minAvailable / maxUnavailable",
    )


def _strategy(user: dict | None) -> dict:
    """``setDefaultDeploymentSpec``: an empty type is RollingUpdate; a RollingUpdate without ``rollingUpdate`` (nil;
    an empty ``{}`` stays) gets maxUnavailable 0 / maxSurge 1
    (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers/deployment/deployment_reconciler.go#L177)."""
    strategy = dict(user or {})
    if not strategy.get("type"):
        strategy = {"type": "RollingUpdate", **{k: v for k, v in strategy.items() if k != "type"}}
    if strategy["type"] == "RollingUpdate" and strategy.get("rollingUpdate") is None:
        strategy["rollingUpdate"] = {"maxUnavailable": 0, "maxSurge": 1}
    return strategy


def _multinode(ctx: ComponentContext, component: Component) -> tuple[list[dict], list[Problem], int | None]:
    isvc, ce, meta = ctx.isvc, ctx.ce, ctx.meta
    name = component_name(isvc.name, component.name)
    sched = scheduler_labels(meta.annotations)
    leader = ce.get("leader")
    leader_source = leader if leader is not None else ce
    where = ("spec", component.name)
    leader_pod = component_pod(ctx, leader_source, leader_source.get("runner"), (*where, "leader") if leader else where)
    worker = ce.get("worker") or {}
    worker_pod = component_pod(ctx, worker, worker.get("runner"), (*where, "worker"))
    annotations = sorted_map(meta.annotations)
    replicas = ce.get("minReplicas")
    lws = {
        "apiVersion": "leaderworkerset.x-k8s.io/v1",
        "kind": "LeaderWorkerSet",
        "metadata": {
            "name": lws_name(name), "namespace": isvc.namespace, "labels": sorted_map(meta.labels),
            "annotations": annotations,
        },
        "spec": {
            "replicas": 1 if replicas is None else replicas,
            "startupPolicy": "LeaderCreated",
            "networkConfig": {"subdomainPolicy": "Shared"},
            "rolloutStrategy": {
                "type": "RollingUpdate", "rollingUpdateConfiguration": {"maxUnavailable": 1, "maxSurge": 1}
            },
            "leaderWorkerTemplate": {
                "size": (worker.get("size") or 0) + 1,
                "restartPolicy": "RecreateGroupOnPodRestart",
                "leaderTemplate": {
                    "metadata": {
                        "name": name,
                        "namespace": isvc.namespace,
                        "labels": sorted_map({**meta.labels, "app": name, "ray.io/node-type": "head", **sched}),
                        "annotations": annotations,
                    },
                    "spec": workload_pod(ctx.shared, leader_pod, drop_empty_args=True),
                },
                "workerTemplate": {
                    "metadata": {
                        "name": name,
                        "namespace": isvc.namespace,
                        "labels": sorted_map({**meta.labels, **sched}),
                        "annotations": sorted_map(
                            {k: v for k, v in meta.annotations.items() if k not in PROMETHEUS_POD_ANNOTATIONS}
                        ),
                    },
                    "spec": workload_pod(ctx.shared, worker_pod, drop_empty_args=True),
                },
            },
        },
    }
    service = network.component_service(
        {
            "name": trunc63(name),
            "namespace": isvc.namespace,
            "labels": sorted_map(meta.labels),
            "annotations": sorted_map(service_annotations(meta.annotations)),
        },
        meta.annotations,
        network.service_ports(leader_pod.spec),
        {"ray.io/node-type": "head"},
    )
    objects = [lws, service, *network.istio_sidecars(name, isvc.ns, meta.labels)]
    return objects, leader_pod.problems + worker_pod.problems, network.first_port(service)


def _serverless(ctx: ComponentContext, component: Component) -> tuple[list[dict], list[Problem], int | None]:
    isvc, ce, meta = ctx.isvc, ctx.ce, ctx.meta
    name = component_name(isvc.name, component.name)
    pod = component_pod(ctx, ce, ce.get("runner"), ("spec", component.name))
    top_annotations = {k: meta.annotations[k] for k in KNATIVE_TOP_ANNOTATIONS if k in meta.annotations}
    template_annotations = {k: v for k, v in meta.annotations.items() if k not in KNATIVE_TOP_ANNOTATIONS}
    minimum = ce.get("minReplicas")
    template_annotations["autoscaling.knative.dev/min-scale"] = str(1 if minimum is None else minimum)
    if ce.get("maxReplicas"):
        template_annotations["autoscaling.knative.dev/max-scale"] = str(ce["maxReplicas"])
    template_annotations.setdefault("autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev")
    if ce.get("scaleTarget") is not None:
        template_annotations["autoscaling.knative.dev/target"] = str(ce["scaleTarget"])
    if ce.get("scaleMetric"):
        template_annotations["autoscaling.knative.dev/metric"] = ce["scaleMetric"]
    template_spec = dict(pod.spec)
    if ce.get("timeoutSeconds") is not None:
        template_spec["timeoutSeconds"] = ce["timeoutSeconds"]
        template_spec["responseStartTimeoutSeconds"] = ce["timeoutSeconds"]
    if ce.get("containerConcurrency") is not None:
        template_spec["containerConcurrency"] = ce["containerConcurrency"]
    traffic: dict[str, object] = {"latestRevision": True, "percent": 100}
    if meta.annotations.get("ome.io/enable-tag-routing") == "true":
        traffic["tag"] = "latest"
    metadata = {
        "name": name,
        "namespace": isvc.namespace,
        "labels": sorted_map({**meta.labels, **scheduler_labels(meta.annotations)}),
    }
    if top_annotations:
        metadata["annotations"] = sorted_map(top_annotations)
    knative = {
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": {
            "template": {
                "metadata": {
                    "labels": sorted_map(
                        {k: v for k, v in meta.labels.items() if k != "networking.knative.dev/visibility"}
                    ),
                    "annotations": sorted_map(template_annotations),
                },
                "spec": template_spec,
            },
            "traffic": [traffic],
        },
    }
    return [knative], list(pod.problems), None


_BUILDERS = {RAW: _raw, MULTINODE: _multinode, SERVERLESS: _serverless, RAY: ray_engine}
