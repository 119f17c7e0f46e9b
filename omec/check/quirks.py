"""CHECK stage, semantic part: warn about OME behaviours omec reproduces but users rarely expect.

Rules read plans and resolutions; they never change them. ``plan_quirks`` looks at one InferenceService,
``fleet_quirks`` at all of them together (namespace-wide effects).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from omec.check import quirk_codes as q
from omec.diagnostics import Diagnostic, SourceRef
from omec.ome.component import multinode_honoured
from omec.plan import MULTINODE, RAW, RAY, SERVERLESS, Plan
from omec.render.metadata import DISALLOWED_ANNOTATIONS
from omec.ome.naming import modelconfig_name

# OME's own configuration annotations are expected to travel with the objects; user annotations surprise.
OME_ANNOTATION_PREFIXES = ("ome.io/", "rdma.ome.io/", "autoscaling.keda.sh/", "models.ome.io/")
ESCAPED_CHARACTERS = frozenset("&<>'\"+")
CONFIG_KEYS = {"decoder": "decoderConfig", "router": "routerConfig"}


def plan_quirks(plan: Plan) -> list[Diagnostic]:
    isvc = plan.isvc
    runtime = plan.resolution.runtime
    found: list[Diagnostic] = []

    def warn(code, message: str, field: tuple = ("spec",), ref=None, hint: str | None = None) -> None:
        found.append(code.at(message, ref or isvc.ref, field, object=isvc.id, hint=hint))

    for comp in plan.components:
        where = ("spec", comp.name)
        ce, block = comp.spec, comp.isvc_block
        runtime_config = runtime.spec.get(f"{comp.name}Config") or {}
        if runtime_config.get("minReplicas") is not None or runtime_config.get("maxReplicas") is not None:
            warn(q.RUNTIME_REPLICAS_IGNORED, f"runtime {runtime.name} sets {comp.name}Config replicas; the service's "
                 f"{comp.name} replicas apply instead", ("spec", f"{comp.name}Config"), runtime.ref)
        if comp.mode == MULTINODE:
            ignored = sorted(k for k in block if k not in multinode_honoured(comp.name))
            if ignored:
                warn(q.MULTINODE_IGNORES_FIELDS, f"{comp.name} is MultiNode: {', '.join(ignored)} set on the service's "
                     f"{comp.name} do not reach the leader/worker pods", where, hint="set them under leader/worker")
            if comp.accelerator is not None and (block.get("runner") is None or not (block["runner"].get("resources"))):
                for role in ("leader", "worker"):
                    if ((block.get(role) or {}).get("runner") or {}).get("resources"):
                        warn(q.ACCELERATOR_OVERRIDES_WORKER, f"{comp.name}.{role}.runner.resources are replaced by "
                             f"AcceleratorClass {comp.accelerator.name} resources", (*where, role, "runner", "resources"))
        if comp.mode in _MULTI_HOST and (ce.get("maxReplicas") or 0) > (ce.get("minReplicas") or 1):
            warn(q.FIXED_REPLICAS, f"{comp.name} runs minReplicas {_MULTI_HOST[comp.mode]}; maxReplicas "
                 f"{ce['maxReplicas']} has no effect", where)
        if comp.name == "decoder" and block.get("minReplicas") == 0:
            warn(q.FIXED_REPLICAS, "decoder minReplicas 0 is ignored: the decoder is a Deployment with HPA min 1", where)
        if comp.mode == RAW and comp.name != "decoder" and ce.get("minReplicas") == 0:
            warn(q.FIXED_REPLICAS, f"{comp.name} minReplicas 0 is clamped to 1 by the autoscaler", where)
        if comp.mode == SERVERLESS:
            annotated = isvc.annotations.get("ome.io/deploymentMode")
            warn(q.SERVERLESS_ENGINE, f"{comp.name} has minReplicas 0 and becomes a Knative Service"
                 + (f" although the InferenceService is annotated {annotated}" if annotated and annotated != SERVERLESS else "")
                 + "; Knative Serving must be installed", (*where, "minReplicas"))
            if ce.get("canaryTrafficPercent") is not None:
                warn(q.CANARY_IGNORED, f"{comp.name}.canaryTrafficPercent is ignored offline (100% to the latest revision)",
                     (*where, "canaryTrafficPercent"))
        if comp.mode == RAW and ce.get("scaleMetric") in ("concurrency", "rps") and _autoscaler(ce, isvc) == "hpa":
            warn(q.HPA_METRIC, f"{comp.name}.scaleMetric {ce['scaleMetric']} is not a resource metric; the HPA will "
                 "not work", (*where, "scaleMetric"), hint="use cpu or memory, or the keda autoscaler class")
        if comp.mode == RAW and _autoscaler(ce, isvc) == "keda" and not _custom_keda_query(plan):
            warn(q.KEDA_QUERY_COMPONENT, f"the built-in KEDA query for {comp.name} filters "
                 f"ome_io_inferenceservice=\"{isvc.name}-{comp.name}\" but pods carry \"{isvc.name}\"", where,
                 hint="set spec.kedaConfig.customPromQuery")
        labels = {**isvc.labels, **(ce.get("labels") or {})}
        if comp.mode in _MULTI_HOST and labels.get("sidecar.istio.io/inject") == "true":
            warn(q.SIDECAR_SELECTOR, f"the Istio Sidecar of {comp.name} selects ome.io/inferenceservice="
                 f"{isvc.name}-{comp.name}, which matches no pod", where)
        runner_rename = _renamed_runner(block, runtime_config)
        if runner_rename and comp.mode != MULTINODE:
            warn(q.RUNNER_RENAMED, f"{comp.name}.runner.name {runner_rename[1]!r} differs from the runtime's "
                 f"{runner_rename[0]!r}: a new container is added instead of overriding it", (*where, "runner", "name"))
        if comp.name == "router" and (plan.resolution.model.spec.get("storage") or {}).get("path"):
            warn(q.UNMOUNTED_MODEL_VOLUME, "the router pod gets the model hostPath volume "
                 f"{plan.resolution.model.name!r} but never mounts it", where)
        if comp.name == "router" and len(ce.get("config") or {}) > 1:
            warn(q.MAP_ORDER, "router config env vars are appended in random order by OME; omec sorts them by name",
                 (*where, "config"))
        if comp.accelerator is not None and len(_env_override(plan, comp.accelerator.name)) > 1:
            warn(q.MAP_ORDER, f"AcceleratorClass {comp.accelerator.name} environmentOverride is applied in random "
                 "order by OME; omec sorts it by name", where)
        user_parallelism = _env_value(block.get("runner") or {}, "PARALLELISM_SIZE")
        if comp.accelerator is None and comp.name != "router" and user_parallelism is not None:
            warn(q.PARALLELISM_OVERWRITTEN, f"OME replaces {comp.name} PARALLELISM_SIZE={user_parallelism} with the "
                 "GPU count x pods when the runner requests GPUs", (*where, "runner", "env"))
    for name, key in CONFIG_KEYS.items():
        if runtime.spec.get(key) and isvc.spec.get(name) is None:
            warn(q.PD_WITHOUT_DECODER, f"runtime {runtime.name} has {key} but the service declares no {name}: "
                 f"no {name} is deployed", hint=f"add `{name}: {{}}` to deploy it")
    engine = plan.component("engine")
    if engine is not None and engine.mode == MULTINODE and plan.component("router") is None:
        warn(q.EXTERNAL_SERVICE_WORKERS, "the external Service selects component=engine, which matches the "
             "LeaderWorkerSet worker pods as well as the leader", ("spec", "engine"), hint="add a router")
    user_annotations = sorted(
        k for k in isvc.annotations if not k.startswith(OME_ANNOTATION_PREFIXES) and k not in DISALLOWED_ANNOTATIONS
    )
    if user_annotations:
        warn(q.ANNOTATIONS_EVERYWHERE, f"annotations {', '.join(user_annotations)} are copied onto every component "
             "object (Deployments, Services, HPAs, PDBs, ...)", ("metadata", "annotations"))
    mode_annotation = isvc.annotations.get("ome.io/deploymentMode")
    if mode_annotation in ("MultiNode", RAW) and engine is not None and engine.mode != mode_annotation:
        warn(q.MODE_ANNOTATION_IGNORED, f"the InferenceService is annotated {mode_annotation} but the engine is "
             f"{engine.mode}: only the engine's own annotation, leader/worker and minReplicas decide",
             ("metadata", "annotations", "ome.io/deploymentMode"))
    if str((plan.resolution.model.spec.get("storage") or {}).get("storageUri", "")).startswith("pvc://"):
        model = plan.resolution.model
        warn(q.PVC_MODEL, f"model {model.name} is stored on a PVC: OME's model agent skips it, so the node label "
             "the pods select on never becomes Ready", ("spec", "storage", "storageUri"), model.ref)
    for value in _inserted_placeholder_values(plan):
        warn(q.TEMPLATE_ESCAPING, f"placeholder value {value!r} is HTML-escaped when OME inserts it", ("metadata",))
    return found


# Multi-host modes: fixed size, no autoscaler (spec 02 Q22); an Istio Sidecar when labelled (Q10).
_MULTI_HOST = {MULTINODE: "LeaderWorkerSet groups", RAY: "RayClusters"}


def _autoscaler(ce: dict, isvc) -> str:
    return (ce.get("annotations") or {}).get("ome.io/autoscalerClass") or isvc.annotations.get(
        "ome.io/autoscalerClass", "hpa")


def _custom_keda_query(plan: Plan) -> bool:
    return bool(plan.isvc.annotations.get("autoscaling.keda.sh/prometheus.query")
                or (plan.isvc.spec.get("kedaConfig") or {}).get("customPromQuery"))


def _renamed_runner(block: dict, runtime_config: dict) -> tuple[str, str] | None:
    own, base = (block.get("runner") or {}).get("name"), (runtime_config.get("runner") or {}).get("name")
    return (base, own) if own and base and own != base else None


def _env_override(plan: Plan, accelerator: str) -> dict:
    smf = plan.resolution.smf or {}
    return ((smf.get("acceleratorConfig") or {}).get(accelerator) or {}).get("environmentOverride") or {}


def _env_value(container: dict, name: str):
    return next((e.get("value") for e in container.get("env") or [] if e.get("name") == name), None)


def _inserted_placeholder_values(plan: Plan) -> list[str]:
    """Label/annotation values referenced by {{.Labels.x}} / {{.Annotations.x}} that html/template escapes."""
    isvc = plan.isvc
    if not any(ESCAPED_CHARACTERS & set(str(v)) for v in (*isvc.labels.values(), *isvc.annotations.values())):
        return []  # nothing html/template would escape (the common case: skip scanning the specs)
    text = repr(plan.resolution.runtime.spec) + repr(isvc.spec)
    if "{{" not in text:
        return []
    values = []
    for source, field in ((plan.isvc.labels, "Labels"), (plan.isvc.annotations, "Annotations")):
        for key, value in source.items():
            if f".{field}.{key}" in text and ESCAPED_CHARACTERS & set(str(value)):
                values.append(str(value))
    return sorted(values)


@dataclass(frozen=True, slots=True)
class FleetEntry:
    """What the namespace-wide rules need to know about one compiled InferenceService (small, picklable)."""

    ref: SourceRef
    id: str
    namespace: str
    name: str
    multinode: tuple  # names of its MultiNode components
    positions: tuple = ()  # ((field path, (line, col)), ...) of the fields the fleet rules point at, if known

    @property
    def fields(self) -> tuple:
        """The fields :func:`fleet_quirks` may point at."""
        return (("metadata", "name"), *(("spec", c) for c in self.multinode))

    def at(self, diag: Diagnostic) -> Diagnostic:
        position = dict(self.positions).get(diag.field)
        return diag.located(*position) if position else diag


def fleet_entry(plan: Plan) -> FleetEntry:
    isvc = plan.isvc
    multinode = tuple(c.name for c in plan.components if c.mode == MULTINODE)
    return FleetEntry(isvc.ref, isvc.id, isvc.namespace, isvc.name, multinode)


def fleet_quirks(entries: Iterable[FleetEntry]) -> list[Diagnostic]:
    """Effects across InferenceServices of one namespace."""
    found: list[Diagnostic] = []
    leaders: dict[str, list] = defaultdict(list)
    configs: dict[tuple, list] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: (e.namespace, e.name)):
        configs[(entry.namespace, modelconfig_name(entry.name))].append(entry)
        leaders[entry.namespace] += [(entry, component) for component in entry.multinode]
    for namespace, members in sorted(leaders.items()):
        if len(members) > 1:
            names = ", ".join(f"{e.name}-{c}" for e, c in members)
            for entry, component in members:
                found.append(entry.at(q.MULTINODE_SERVICE_SELECTOR.at(
                    f"Service {entry.name}-{component} selects every LWS leader in namespace {namespace} ({names})",
                    entry.ref, ("spec", component), object=entry.id)))
    for (namespace, name), members in sorted(configs.items()):
        for entry in members[1:]:
            found.append(entry.at(q.MODELCONFIG_COLLISION.at(
                f"ConfigMap {namespace}/{name} is also generated for {members[0].name}; the two services overwrite "
                "each other's model config", entry.ref, ("metadata", "name"), object=entry.id,
                hint="make the last 20 characters of the names differ")))
    return found
