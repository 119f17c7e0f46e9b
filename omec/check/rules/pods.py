"""Pod contents that differ from what the specs suggest."""
from __future__ import annotations

import re
from collections.abc import Iterator

from omec.check.rules import Finding, Service, each_component, rule
from omec.ome.outputs import pod_templates
from omec.plan import MULTINODE

ESCAPED_CHARACTERS = frozenset("&<>'\"+")  # what Go's html/template escapes in an inserted value


@rule("OMEC506", "quirk-runner-renamed",
      "the service renames the runner: the runtime's ome-container defaults (readiness probe) no longer apply")
def runner_renamed(s: Service) -> Iterator[Finding]:
    """The service's runner merges field by field into the runtime's: a different ``runner.name`` renames the
    container, and what OME gives only a container named ``ome-container`` (the default readiness probe) is lost.

    Fails: the runtime's runner is ``ome-container`` and the service writes ``runner: {name: server, ...}``.

    Passes: the service's runner named ``ome-container``, like the runtime's.
    """
    for comp in each_component(s):
        if comp.mode == MULTINODE:
            continue
        config = s.runtime.spec.get(f"{comp.name}Config") or {}
        own, base = (comp.isvc_block.get("runner") or {}).get("name"), (config.get("runner") or {}).get("name")
        if own and base and own != base:
            yield Finding(f"{comp.name}.runner.name {own!r} renames the runtime's container {base!r}: the defaults "
                          "OME gives an ome-container (readiness probe) no longer apply",
                          ("spec", comp.name, "runner", "name"))


@rule("OMEC505", "quirk-unmounted-model-volume", "the router pod gets the model hostPath volume without mounting it")
def unmounted_model_volume(s: Service) -> Iterator[Finding]:
    """OME adds the model's hostPath volume to every component pod, the router's included, but mounts it only in
    the engine and decoder runners.

    Fails: a router on a model with ``spec.storage.path``.

    Passes: a router on a model without a storage path.
    """
    if s.plan.component("router") is not None and (s.model.spec.get("storage") or {}).get("path"):
        yield Finding(f"the router pod gets the model hostPath volume {s.model.name!r} but never mounts it",
                      ("spec", "router"))


def _env_override(s: Service, accelerator: str) -> dict:
    smf = s.plan.resolution.smf or {}
    return ((smf.get("acceleratorConfig") or {}).get(accelerator) or {}).get("environmentOverride") or {}


@rule("OMEC510", "quirk-map-order",
      "OME appends router config / AcceleratorClass env in random map order; omec sorts them by name")
def map_order(s: Service) -> Iterator[Finding]:
    """Go map iteration order is random: OME appends the router's ``config`` entries and an AcceleratorClass's
    ``environmentOverride`` to the env in a different order on every reconcile (omec writes them sorted).

    Fails: ``router: {config: {A: "1", B: "2"}, runner: {...}}``.

    Passes: a router ``config`` with one entry.
    """
    for comp in each_component(s):
        if comp.name == "router" and len(comp.spec.get("config") or {}) > 1:
            yield Finding("router config env vars are appended in random order by OME; omec sorts them by name",
                          ("spec", comp.name, "config"))
        if comp.accelerator is not None and len(_env_override(s, comp.accelerator.name)) > 1:
            yield Finding(f"AcceleratorClass {comp.accelerator.name} environmentOverride is applied in random order "
                          "by OME; omec sorts it by name", ("spec", comp.name))


RUNNER_PATHS = (("runner",), ("leader", "runner"), ("worker", "runner"))


def _parallelism(container: dict) -> object:
    return next((e.get("value") for e in container.get("env") or [] if e.get("name") == "PARALLELISM_SIZE"), None)


@rule("OMEC509", "quirk-parallelism-overwritten", "OME overwrites a PARALLELISM_SIZE value you set")
def parallelism_overwritten(s: Service) -> Iterator[Finding]:
    """Without an AcceleratorClass, OME sets ``PARALLELISM_SIZE`` to GPUs x pods on a runner that requests GPUs,
    replacing the value written in the runner's env (the component's runner, or its leader's and worker's).

    Fails: ``engine: {runner: {env: [{name: PARALLELISM_SIZE, value: "4"}],
    resources: {limits: {nvidia.com/gpu: 8}}}}``.

    Passes: the same env on a runner without GPUs (OME keeps the value).
    """
    for comp in each_component(s):
        if comp.name == "router":
            continue
        rendered = {_parallelism(container) for manifest in s.manifests
                    for _role, _path, template in pod_templates(manifest.body)
                    if template.get("metadata", {}).get("labels", {}).get("component") == comp.name
                    for container in (template.get("spec") or {}).get("containers") or []}
        for path in RUNNER_PATHS:
            runner: object = comp.isvc_block
            for key in path:
                runner = runner.get(key) if isinstance(runner, dict) else None
            value = _parallelism(runner) if isinstance(runner, dict) else None
            if value is not None and rendered - {value, None}:
                yield Finding(f"OME replaces {comp.name} PARALLELISM_SIZE={value} with the GPU count x pods when the "
                              "runner requests GPUs", ("spec", comp.name, *path, "env"))


@rule("OMEC511", "quirk-template-escaping", "a placeholder value was HTML-escaped by Go html/template")
def template_escaping(s: Service) -> Iterator[Finding]:
    """OME renders ``{{.Labels.x}}`` / ``{{.Annotations.x}}`` placeholders with Go's html/template, which escapes
    ``& < > ' " +`` in the inserted value (``a+b`` becomes ``a&#43;b``).

    Fails: annotation ``team: a+b`` and a runner arg ``--team={{.Annotations.team}}``.

    Passes: annotation ``team: ab``.
    """
    isvc = s.isvc
    if not any(ESCAPED_CHARACTERS & set(str(v)) for v in (*isvc.labels.values(), *isvc.annotations.values())):
        return  # nothing html/template would escape (the common case: skip scanning the specs)
    text = repr(s.runtime.spec) + repr(isvc.spec)
    if "{{" not in text:
        return
    values = []
    for source, field in ((isvc.labels, "Labels"), (isvc.annotations, "Annotations")):
        for key, value in source.items():
            used = re.search(rf"\.{field}\.{re.escape(key)}(?![A-Za-z0-9_])", text)
            if used and ESCAPED_CHARACTERS & set(str(value)):
                values.append(str(value))
    for value in sorted(values):
        yield Finding(f"placeholder value {value!r} is HTML-escaped when OME inserts it", ("metadata",))


@rule("OMEC518", "quirk-pvc-model", "a pvc:// model is never marked Ready on nodes by OME at this commit")
def pvc_model(s: Service) -> Iterator[Finding]:
    """OME's model agent skips ``pvc://`` models, so the node label the pods' nodeSelector requires
    (``models.ome.io/...: Ready``) never appears and the pods stay Pending.

    Fails: a model with ``storage: {storageUri: pvc://models/llama}``.

    Passes: a model with ``storage: {storageUri: hf://meta-llama/Llama-3.1-8B}``.
    """
    if str((s.model.spec.get("storage") or {}).get("storageUri", "")).startswith("pvc://"):
        yield Finding(f"model {s.model.name} is stored on a PVC: OME's model agent skips it, so the node label the "
                      "pods select on never becomes Ready", ("spec", "storage", "storageUri"), s.model.ref)
