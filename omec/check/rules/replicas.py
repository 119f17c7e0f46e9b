"""Replica settings that do not do what they say."""
from __future__ import annotations

from collections.abc import Iterator

from omec.check.rules import Finding, Service, each_component, rule
from omec.plan import MULTINODE, RAW, RAY, SERVERLESS

# Multi-host modes: a fixed number of groups, no autoscaler.
MULTI_HOST = {MULTINODE: "LeaderWorkerSet groups", RAY: "RayClusters"}


@rule("OMEC517", "quirk-runtime-replicas-ignored",
      "min/maxReplicas in a runtime config never apply: the webhook defaults the service's own")
def runtime_replicas_ignored(s: Service) -> Iterator[Finding]:
    """OME's admission webhook always fills the InferenceService component's ``minReplicas`` (1) and
    ``maxReplicas`` (3, router 2), so the runtime's values never survive the merge.

    Fails::

        # ClusterServingRuntime
        engineConfig: {minReplicas: 2, runner: {...}}

    Passes: the replica counts set on the InferenceService's ``engine`` instead.
    """
    for comp in each_component(s):
        config = s.runtime.spec.get(f"{comp.name}Config") or {}
        if config.get("minReplicas") is not None or config.get("maxReplicas") is not None:
            yield Finding(f"runtime {s.runtime.name} sets {comp.name}Config replicas; the service's {comp.name} "
                          "replicas apply instead", ("spec", f"{comp.name}Config"), s.runtime.ref)


@rule("OMEC513", "quirk-fixed-replicas",
      "a replica setting has no effect: LWS ignores maxReplicas, HPA/KEDA clamp 0 to 1, the decoder never scales "
      "to zero")
def fixed_replicas(s: Service) -> Iterator[Finding]:
    """Three replica settings OME accepts and ignores: ``maxReplicas`` above ``minReplicas`` on a MultiNode or Ray
    component (a fixed number of groups, no autoscaler), ``minReplicas: 0`` on a decoder (always a Deployment
    with an HPA of minimum 1), and ``minReplicas: 0`` on a RawDeployment engine or router (clamped to 1).

    Fails::

        engine: {leader: {...}, worker: {size: 1}, minReplicas: 1, maxReplicas: 4}

    Passes: ``engine: {leader: {...}, worker: {size: 1}, minReplicas: 2, maxReplicas: 2}`` (or no maxReplicas:
    the admission webhook's default of 3 is not the user's doing).
    """
    for comp in each_component(s):
        where = ("spec", comp.name)
        ce = comp.spec
        minimum = ce.get("minReplicas") or 1
        written = s.isvc.wrote(("spec", comp.name, "maxReplicas"))
        if comp.mode in MULTI_HOST and written and (ce.get("maxReplicas") or 0) > minimum:
            yield Finding(f"{comp.name} runs a fixed {minimum} {MULTI_HOST[comp.mode]} (minReplicas); maxReplicas "
                          f"{ce['maxReplicas']} has no effect", where)
        if comp.name == "decoder" and comp.isvc_block.get("minReplicas") == 0:
            yield Finding("decoder minReplicas 0 is ignored: the decoder is a Deployment with HPA min 1", where)
        if comp.mode == RAW and comp.name != "decoder" and ce.get("minReplicas") == 0:
            yield Finding(f"{comp.name} minReplicas 0 is clamped to 1 by the autoscaler", where)


@rule("OMEC514", "quirk-serverless-engine",
      "minReplicas 0 turns the component into a Knative Service whatever the deploymentMode annotation says")
def serverless_engine(s: Service) -> Iterator[Finding]:
    """An engine (or router) with ``minReplicas: 0`` and no leader/worker is deployed as a Knative Service, even
    when the InferenceService is annotated ``ome.io/deploymentMode: RawDeployment``; Knative must be installed.

    Fails: ``engine: {minReplicas: 0, runner: {...}}``.

    Passes: ``engine: {minReplicas: 1, runner: {...}}``.
    """
    for comp in each_component(s, SERVERLESS):
        written = s.isvc.wrote(("metadata", "annotations", "ome.io/deploymentMode"))
        annotated = s.isvc.annotations.get("ome.io/deploymentMode") if written else None
        against = f" although the InferenceService is annotated {annotated}" if annotated and annotated != SERVERLESS \
            else ""
        yield Finding(f"{comp.name} has minReplicas 0 and becomes a Knative Service{against}; Knative Serving must "
                      "be installed", ("spec", comp.name, "minReplicas"))


@rule("OMEC516", "quirk-canary-ignored",
      "canaryTrafficPercent needs live Knative status; omec routes 100% to latest")
def canary_ignored(s: Service) -> Iterator[Finding]:
    """OME splits Serverless traffic between the previous and the latest Knative revision by
    ``canaryTrafficPercent``, which needs the live revision status; omec's output routes all traffic to the latest.

    Fails: ``engine: {minReplicas: 0, canaryTrafficPercent: 10, runner: {...}}``.

    Passes: the same engine without ``canaryTrafficPercent``.
    """
    for comp in each_component(s, SERVERLESS):
        if comp.spec.get("canaryTrafficPercent") is not None:
            yield Finding(f"{comp.name}.canaryTrafficPercent is ignored offline (100% to the latest revision)",
                          ("spec", comp.name, "canaryTrafficPercent"))
