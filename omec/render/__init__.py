"""RENDER stage: turn a component :class:`~omec.plan.Plan` into plain Kubernetes objects, as OME's controller
creates them.

Objects are JSON-like dicts; :class:`Manifest` adds where they go in the output tree and which source
documents they came from. Order per InferenceService (deterministic): ModelConfig; per component engine,
decoder, router: RBAC, workload, Service, autoscaler, PDB; then ingress objects or the external Service.
"""
from __future__ import annotations

from dataclasses import dataclass

from omec.diagnostics import Diagnostic, has_errors
from omec.memo import Shared
from omec.model import Catalog
from omec.ome.controller_config import ControllerConfig
from omec.ome.outputs import output_kind
from omec.options import Options
from omec.plan import Plan
from omec.render import codes
from omec.render.components import render_component
from omec.render.domain import ingress_settings
from omec.render.ingress import (
    CLUSTER_LOCAL,
    VISIBILITY_LABEL,
    domain_check,
    routing_objects,
)
from omec.render.metadata import FineTuned, fine_tuned_strategy, is_merged
from omec.render.modelconfig import lookup_model_for_config, modelconfig
from omec.render.network import external_service
from omec.resolve.references import missing_fine_tuned_weight

__all__ = ["Manifest", "render"]


@dataclass(frozen=True, slots=True)
class Manifest:
    namespace: str
    isvc: str
    body: dict
    sources: tuple  # tuple[SourceRef, ...]
    path: str  # where the object goes below OUT: see :func:`manifest`

    @property
    def kind(self) -> str:
        return self.body["kind"]

    @property
    def name(self) -> str:
        return self.body["metadata"]["name"]


def manifest(namespace: str, isvc: str, body: dict, sources: tuple) -> Manifest:
    """``<namespace>/<isvc>/<kind>-<name>.yaml``: one file per object, grouped by InferenceService."""
    path = f"{namespace}/{isvc}/{body['kind'].lower()}-{body['metadata']['name']}.yaml"
    return Manifest(namespace, isvc, body, sources, path)


def render(
    plan: Plan, catalog: Catalog, config: ControllerConfig, options: Options, shared: Shared
) -> tuple[list[Manifest], list[Diagnostic]]:
    isvc = plan.isvc
    resolution = plan.resolution
    diags: list[Diagnostic] = []
    if not plan.components:
        return [], diags
    ft, ft_diags = _fine_tuned(plan, catalog)
    diags += ft_diags
    if has_errors(ft_diags):
        return [], diags
    objects: list[dict] = []
    name, config_model, config_weight = lookup_model_for_config(isvc, catalog, options.model_metadata)
    if config_model is None:
        diags.append(
            codes.MODEL_CONFIG_LOOKUP.at(
                f"failed to get base model spec for {name}: OME's ModelConfig reconciler looks it up by "
                f"spec.model.kind ({(isvc.spec.get('model') or {}).get('kind', 'ClusterBaseModel')})",
                isvc.ref,
                ("spec", "model", "kind"),
                object=isvc.id,
                hint="set spec.model.kind: BaseModel for a namespaced BaseModel",
            )
        )
        return [], diags
    weights = [config_weight] if config_weight is not None else ([ft.weight] if ft else [])
    objects.append(modelconfig(isvc, name, config_model, weights))
    ports: dict[str, int | None] = {}  # component -> first port of its Service (None: no Service)
    for component in plan.components:
        rendered, component_diags, port = render_component(
            plan, component, ft if component.name != "router" else None, config, shared
        )
        objects += rendered
        diags += component_diags
        ports[component.name] = port
    ingress, ingress_diags = _ingress_objects(plan, config, ports, options)
    objects += ingress
    diags += ingress_diags
    accelerators = (ac.ref for ac in resolution.accelerators.values() if ac is not None)
    sources = tuple(sorted({isvc.ref, resolution.runtime.ref, resolution.model.ref, *accelerators}))
    if options.owner_uid:
        objects = [_with_owner(o, isvc.name, options.owner_uid) for o in objects]
    manifests = [manifest(isvc.ns, isvc.name, body, sources) for body in objects]
    return manifests, diags


def _fine_tuned(plan: Plan, catalog: Catalog) -> tuple[FineTuned | None, list[Diagnostic]]:
    isvc = plan.isvc
    names = (isvc.spec.get("model") or {}).get("fineTunedWeights") or []
    where = ("spec", "model", "fineTunedWeights")
    if not names:
        return None, []
    if len(names) > 1:
        return None, [codes.FINE_TUNED_STACKED.at(
            "stacked fine-tuned serving is not supported yet", isvc.ref, where, object=isvc.id
        )]
    weight = catalog.fine_tuned_weights.get(names[0])
    if weight is None:
        not_found = codes.FINE_TUNED_NOT_FOUND.at(
            f"No FineTunedWeight with the name: {names[0]}", isvc.ref, (*where, 0), object=isvc.id
        )
        return None, [missing_fine_tuned_weight(catalog, str(names[0]), not_found)]
    if weight.spec.get("configuration") is None:
        return None, [codes.FINE_TUNED_NO_CONFIGURATION.at(
            "failed to reconcile fine-tuned weights: unexpected end of JSON input", weight.ref, ("spec",),
            object=weight.id, hint="add spec.configuration (e.g. {merged_weights: false}): OME's "
            "IsMergedFineTunedWeight unmarshals it for every service that uses this weight")]
    strategy = fine_tuned_strategy(weight)
    if not strategy:
        return None, [
            codes.FINE_TUNED_NO_STRATEGY.at(
                f"FineTunedWeight {weight.name} has no hyperParameters.strategy: OME would drop every component "
                "annotation and mount a volume that does not exist",
                weight.ref,
                ("spec", "hyperParameters"),
                object=weight.id,
                hint="set spec.hyperParameters.strategy (e.g. lora)",
            )
        ]
    return FineTuned(weight, strategy, is_merged(weight)), []


def _ingress_objects(
    plan: Plan, config: ControllerConfig, ports: dict, options: Options
) -> tuple[list[dict], list[Diagnostic]]:
    """Domain check of the Raw and MultiNode components, then ingress objects or, with ingress creation disabled,
    the external Service."""
    isvc = plan.isvc
    diags = domain_check(plan, config)
    if has_errors(diags):
        return [], diags
    settings = ingress_settings(config.ingress, isvc.annotations)
    if not settings.get("disableIngressCreation"):
        return routing_objects(plan, config, settings, ports, options)
    if isvc.labels.get(VISIBILITY_LABEL) == CLUSTER_LOCAL:
        return [], []
    router = plan.component("router")
    entry = "router" if router is not None else "engine"
    component = None if predictor_used(isvc.spec.get("predictor") or {}) else entry
    port = ports.get(entry) or 8080
    return [external_service(isvc.name, isvc.ns, isvc.annotations, component, port)], []


def predictor_used(predictor: dict) -> bool:
    """OME's ``IsPredictorUsed``
    (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/migration_util.go#L54):
    the external Service of a service whose predictor is still used selects no component."""
    model = predictor.get("model")
    return (
        (isinstance(model, dict) and model.get("baseModel") is not None)
        or predictor.get("minReplicas") is not None
        or bool(predictor.get("maxReplicas"))
        or bool(predictor.get("serviceAccountName"))
        or any(predictor.get(k) for k in ("containers", "volumes", "nodeSelector", "tolerations"))
        or predictor.get("affinity") is not None
        or predictor.get("workerSpec") is not None
    )


def _with_owner(obj: dict, isvc_name: str, uid: str) -> dict:
    if not output_kind(obj).owned:
        return obj
    owner = {
        "apiVersion": "ome.io/v1beta1",
        "kind": "InferenceService",
        "name": isvc_name,
        "uid": uid,
        "controller": True,
        "blockOwnerDeletion": True,
    }
    return {**obj, "metadata": {**obj["metadata"], "ownerReferences": [owner]}}
