"""MultiNode (LeaderWorkerSet) and Ray components: settings that do not reach the pods, selectors that select
too much."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from omec.check.rules import FLEET, Finding, FleetEntry, Service, each_component, rule
from omec.check.rules.replicas import MULTI_HOST
from omec.ome.component import multinode_honoured
from omec.plan import MULTINODE


@rule("OMEC507", "quirk-multinode-ignores-fields",
      "in MultiNode mode the component-level runner and pod fields are ignored (only leader/worker count)")
def multinode_ignores_fields(s: Service) -> Iterator[Finding]:
    """A MultiNode component's pods are built from its ``leader`` and ``worker`` alone: a ``runner``, env or
    volumes set on the component itself never reach them.

    Fails: ``engine: {leader: {runner: {...}}, worker: {size: 1}, runner: {env: [...]}}``.

    Passes: the env set under ``engine.leader.runner`` and ``engine.worker.runner``.
    """
    for comp in each_component(s, MULTINODE):
        ignored = sorted(k for k in comp.isvc_block if k not in multinode_honoured(comp.name))
        if ignored:
            yield Finding(f"{comp.name} is MultiNode: {', '.join(ignored)} set on the service's {comp.name} do not "
                          "reach the leader/worker pods", ("spec", comp.name), hint="set them under leader/worker")


@rule("OMEC508", "quirk-accelerator-overrides-worker",
      "AcceleratorClass resources replace the worker/leader runner resources you set")
def accelerator_overrides_worker(s: Service) -> Iterator[Finding]:
    """With an AcceleratorClass, OME sets the class's resources on every runner unless the component's own runner
    sets resources: resources written on the leader or worker runner are replaced.

    Fails: an AcceleratorClass chosen and ``engine: {worker: {size: 1, runner: {resources: {limits: ...}}}}``.

    Passes: the resources written on ``engine.runner`` (or no AcceleratorClass).
    """
    for comp in each_component(s, MULTINODE):
        block = comp.isvc_block
        if comp.accelerator is None or (block.get("runner") is not None and block["runner"].get("resources")):
            continue
        for role in ("leader", "worker"):
            if ((block.get(role) or {}).get("runner") or {}).get("resources"):
                yield Finding(f"{comp.name}.{role}.runner.resources are replaced by AcceleratorClass "
                              f"{comp.accelerator.name} resources", ("spec", comp.name, role, "runner", "resources"))


@rule("OMEC503", "quirk-sidecar-selector",
      "the Istio Sidecar selects ome.io/inferenceservice=<component>, which no pod carries")
def sidecar_selector(s: Service) -> Iterator[Finding]:
    """For a MultiNode or Ray component labelled ``sidecar.istio.io/inject: "true"``, OME creates an Istio Sidecar
    whose workload selector is ``ome.io/inferenceservice: <isvc>-<component>``; the pods carry ``<isvc>``.

    Fails: a MultiNode engine and the label ``sidecar.istio.io/inject: "true"`` on the InferenceService.

    Passes: the same engine without the label.
    """
    for comp in each_component(s, *MULTI_HOST):
        labels = {**s.isvc.labels, **(comp.spec.get("labels") or {})}
        if labels.get("sidecar.istio.io/inject") == "true":
            yield Finding(f"the Istio Sidecar of {comp.name} selects ome.io/inferenceservice="
                          f"{s.isvc.name}-{comp.name}, which matches no pod", ("spec", comp.name))


@rule("OMEC501", "quirk-external-service-workers",
      "the external Service selects MultiNode worker pods too when there is no router")
def external_service_workers(s: Service) -> Iterator[Finding]:
    """Without a router, the external Service ``<isvc>`` selects ``component: engine``, a label the LeaderWorkerSet
    worker pods carry as well as the leader: requests reach workers that serve nothing.

    Fails: a MultiNode engine and no router (ingress creation disabled: OME creates the external Service).

    Passes: a MultiNode engine with a router (the external Service selects the router).
    """
    engine = s.plan.component("engine")
    external = [body for body in s.objects("Service") if body["metadata"]["name"] == s.isvc.name
                and (body["spec"].get("selector") or {}).get("component") == "engine"]
    if engine is not None and engine.mode == MULTINODE and external:
        yield Finding("the external Service selects component=engine, which matches the LeaderWorkerSet worker pods "
                      "as well as the leader", ("spec", "engine"), hint="add a router")


@rule("OMEC500", "quirk-multinode-service-selector",
      "MultiNode Services select every LWS leader of the namespace (ray.io/node-type: head)", scope=FLEET)
def multinode_service_selector(entries: list[FleetEntry]) -> Iterator[tuple[FleetEntry, Finding]]:
    """OME's MultiNode component Service selects ``ray.io/node-type: head`` only, so with two MultiNode components
    in one namespace each Service load-balances over the other's leaders too.

    Fails: two InferenceServices with MultiNode engines in one namespace.

    Passes: the same two in different namespaces.
    """
    leaders: dict[str, list] = defaultdict(list)
    for entry in entries:
        leaders[entry.namespace] += [(entry, component) for component in entry.multinode]
    for namespace, members in sorted(leaders.items()):
        if len(members) > 1:
            names = ", ".join(f"{e.name}-{c}" for e, c in members)
            for entry, component in members:
                yield entry, Finding(f"Service {entry.name}-{component} selects every LWS leader in namespace "
                                     f"{namespace} ({names})", ("spec", component))
