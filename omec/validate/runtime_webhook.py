"""OME's ServingRuntime and ClusterServingRuntime validating webhooks, replayed offline on every runtime:
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/webhook/admission/servingruntime/servingruntime_webhook.go

A runtime with ``disabled: true`` is admitted as is. Otherwise, in OME's order (OME denies at the first failure,
omec reports each):

* ``validateServingRuntimeConfiguration``: unless both engineConfig and decoderConfig are set, the legacy
  ``spec.workers.size`` must be above 0; with engineConfig alone, a ``DEPLOYMENT_MODE`` env of the legacy
  ``spec.containers`` set to ``MultiNode`` needs workers, set to ``RawDeployment`` forbids them.
* ``validateAcceleratorClasses``: every ``acceleratorRequirements.acceleratorClasses`` entry must name an
  AcceleratorClass. OME lists the cluster's classes when the runtime is applied; omec checks the whole catalog.
* ``validateModelFormatPrioritySame``: among the autoSelect formats, those with the same legacy ``name`` (``""``
  for every format written without one) must not have different priorities. OME runs it only when the list of
  existing runtimes of the scope is not empty, which includes the runtime itself on every update: omec always
  checks.

``validateServingRuntimePriority`` (two runtimes sharing a priority) compares structs holding pointers, which are
never equal for objects the API server decoded (the CRD requires modelFormat and modelFramework and defaults
their operator), so it never fires in a cluster; omec reports the resulting tie as OMEC217 when a service hits it.
"""
from __future__ import annotations

import difflib

from omec.diagnostics import Diagnostic
from omec.model import CLUSTER_SERVING_RUNTIME, Catalog, Obj
from omec.validate import codes

MULTINODE_ERROR = (
    "invalid configuration: for MultiNode deployment, both leader and worker must be defined and worker.size must "
    "be greater than 0"
)
RAW_ERROR = "invalid configuration: for RawDeployment, leader and worker must not be defined"


def validate_runtime(runtime: Obj, catalog: Catalog) -> list[Diagnostic]:
    """The diagnostics OME's runtime webhook would deny ``runtime`` with (none for a disabled runtime)."""
    spec = runtime.spec
    if spec.get("disabled") is True:
        return []
    diags = []
    problem = _configuration(spec)
    if problem is not None:
        message, where = problem
        diags.append(codes.RUNTIME_CONFIG_INVALID.at(
            message, runtime.ref, where, object=runtime.id,
            hint="spec.workers and the DEPLOYMENT_MODE env of spec.containers are the legacy multi-node form; "
                 "use engineConfig.leader and engineConfig.worker"))
    diags += _accelerator_classes(runtime, catalog)
    diags += _priorities(runtime)
    return diags


def _configuration(spec: dict) -> tuple[str, tuple] | None:
    """``validateServingRuntimeConfiguration``: (OME's message, the field) or None."""
    engine, decoder = spec.get("engineConfig") is not None, spec.get("decoderConfig") is not None
    if engine and decoder:
        return None
    workers = spec.get("workers")
    size = workers.get("size") if isinstance(workers, dict) else None
    size = size if isinstance(size, int) and not isinstance(size, bool) else None
    size_field = ("spec", "workers", "size")
    if size is not None and size <= 0:
        return MULTINODE_ERROR, size_field
    explicit: dict[str, tuple] = {}
    for i, container in enumerate(spec.get("containers") or []):
        for j, env in enumerate(container.get("env") or []):
            if env.get("name") == "DEPLOYMENT_MODE" and env.get("value") in ("MultiNode", "RawDeployment"):
                explicit.setdefault(env["value"], ("spec", "containers", i, "env", j, "value"))
    if not engine:
        return None
    multinode = "MultiNode" in explicit or (not explicit and size is not None and size > 0)
    if multinode and size is None:
        return MULTINODE_ERROR, explicit.get("MultiNode", ("spec",))
    if size is not None and size > 0 and ("RawDeployment" in explicit or not multinode):
        return RAW_ERROR, size_field
    return None


def _accelerator_classes(runtime: Obj, catalog: Catalog) -> list[Diagnostic]:
    """``validateAcceleratorClasses``: every named class must exist (all missing ones in one message)."""
    requirements = runtime.spec.get("acceleratorRequirements") or {}
    names = requirements.get("acceleratorClasses") or []
    missing = [(i, name) for i, name in enumerate(names) if name not in catalog.accelerators]
    if not missing:
        return []
    known = sorted(catalog.accelerators)
    suggestions = [f'"{name}": did you mean "{close[0]}"?' for _, name in missing
                   if (close := difflib.get_close_matches(name, known, n=1))]
    hint = "; ".join(suggestions) if suggestions else (
        f"known AcceleratorClasses: {', '.join(known)}" if known else "no AcceleratorClass is defined")
    return [codes.RUNTIME_ACCELERATOR_CLASS_UNKNOWN.at(
        f"unknown accelerator classes referenced in AcceleratorRequirements: [{' '.join(n for _, n in missing)}]",
        runtime.ref, ("spec", "acceleratorRequirements", "acceleratorClasses", missing[0][0]), object=runtime.id,
        hint=hint + " (OME checks when the runtime is applied: create the AcceleratorClasses first)")]


def _priorities(runtime: Obj) -> list[Diagnostic]:
    """``validateModelFormatPrioritySame``: the first autoSelect format of each legacy name sets the priority."""
    first: dict[str, object] = {}
    for i, smf in enumerate(runtime.spec.get("supportedModelFormats") or []):
        if smf.get("autoSelect") is not True:
            continue
        name, priority = smf.get("name") or "", smf.get("priority")
        if name not in first:
            first[name] = priority
            continue
        if first[name] is not None and priority is not None and first[name] != priority:
            scope = "clusterservingruntime" if runtime.kind == CLUSTER_SERVING_RUNTIME else "servingruntime"
            return [codes.RUNTIME_PRIORITY_CONFLICT.at(
                f"different priorities assigned for the model format {name} under the {scope} {runtime.name}",
                runtime.ref, ("spec", "supportedModelFormats", i, "priority"), object=runtime.id,
                hint="OME keys this check by the legacy supportedModelFormats[].name (empty when unset) and runs "
                     "it whenever a runtime of this scope already exists, this one included on every update: give "
                     "these autoSelect formats the same priority, or distinct names")]
    return []
