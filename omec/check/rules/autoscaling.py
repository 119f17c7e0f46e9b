"""Autoscalers that will not scale as written."""
from __future__ import annotations

from collections.abc import Iterator

from omec.check.rules import Finding, Service, each_component, rule
from omec.plan import RAW


def _autoscaler(ce: dict, isvc_annotations: dict) -> str:
    return (ce.get("annotations") or {}).get("ome.io/autoscalerClass") or isvc_annotations.get(
        "ome.io/autoscalerClass", "hpa")


@rule("OMEC504", "quirk-hpa-metric",
      "scaleMetric concurrency/rps becomes an HPA resource metric that does not exist")
def hpa_metric(s: Service) -> Iterator[Finding]:
    """OME writes ``scaleMetric`` into the HPA as a *resource* metric name: ``concurrency`` and ``rps`` (Knative
    metrics) are no resources, so the HPA never computes a value.

    Fails: ``engine: {scaleMetric: rps, runner: {...}}`` (RawDeployment, HPA autoscaler).

    Passes: ``engine: {scaleMetric: cpu, runner: {...}}``.
    """
    for comp in each_component(s, RAW):
        metric = comp.spec.get("scaleMetric")
        if metric in ("concurrency", "rps") and _autoscaler(comp.spec, s.isvc.annotations) == "hpa":
            yield Finding(f"{comp.name}.scaleMetric {metric} is not a resource metric; the HPA will not work",
                          ("spec", comp.name, "scaleMetric"), hint="use cpu or memory, or the keda autoscaler class")


@rule("OMEC502", "quirk-keda-query-component",
      "the built-in KEDA query filters on the component name, pods carry the InferenceService name")
def keda_query_component(s: Service) -> Iterator[Finding]:
    """OME's default KEDA Prometheus query selects ``ome_io_inferenceservice="<isvc>-<component>"``, but the pods
    are labelled with the InferenceService name alone, so the query matches nothing.

    Fails: annotation ``ome.io/autoscalerClass: keda`` without a custom query.

    Passes: the same with ``spec.kedaConfig.customPromQuery`` (or the ``autoscaling.keda.sh/prometheus.query``
    annotation, on the service or the component) set.
    """
    isvc = s.isvc
    for comp in each_component(s, RAW):
        component_filter = f'ome_io_inferenceservice="{isvc.name}-{comp.name}"'
        queries = [trigger.get("metadata", {}).get("query", "")
                   for body in s.objects("ScaledObject")
                   if body["spec"]["scaleTargetRef"]["name"] == f"{isvc.name}-{comp.name}"
                   for trigger in body["spec"].get("triggers") or []]
        if any(component_filter in query for query in queries):
            yield Finding(f"the built-in KEDA query for {comp.name} filters "
                          f"ome_io_inferenceservice=\"{isvc.name}-{comp.name}\" but pods carry \"{isvc.name}\"",
                          ("spec", comp.name), hint="set spec.kedaConfig.customPromQuery")
