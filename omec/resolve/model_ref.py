"""Resolve the InferenceService's model: a BaseModel in its namespace first, then a ClusterBaseModel (OME's
``ReconcileBaseModel``, https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/reconciliation.go#L51)."""
from __future__ import annotations

from omec.diagnostics import Diagnostic
from omec.model import BASE_MODEL, CLUSTER_BASE_MODEL, Catalog, Obj
from omec.resolve import codes
from omec.resolve.references import missing_model

NAME_FIELD = ("spec", "model", "name")
# OME's selectors reject a model without modelFormat.name before anything else
MODEL_INVALID_TEXT = "invalid model specification: modelFormat.name: model format name is required"


def find_model(catalog: Catalog, namespace: str, name: str) -> Obj | None:
    """BaseModel in the namespace first, then ClusterBaseModel; ``spec.model.kind`` is ignored."""
    return catalog.find_model(namespace, name)


def not_found(
    catalog: Catalog, name: str, namespace: str, ref, object_id: str | None, field: tuple = NAME_FIELD
) -> Diagnostic:
    """OME's ``GetBaseModel`` error (with a "did you mean"), or that the model is in the specs but invalid."""
    return missing_model(catalog, namespace, name, codes.MODEL_NOT_FOUND.at(
        f"No BaseModel or ClusterBaseModel with the name: {name}",
        ref,
        field,
        object=object_id,
        hint=(
            f'referenced model "{name}" not found in namespace "{namespace}": ensure a BaseModel exists in this '
            "namespace or a ClusterBaseModel exists cluster-wide with this name"
        ),
    ))


def disabled(model: Obj, ref, object_id: str | None, field: tuple = NAME_FIELD) -> Diagnostic:
    return codes.MODEL_DISABLED.at(f"specified base model {model.name} is disabled", ref, field, object=object_id)


def resolve_model(isvc: Obj, catalog: Catalog, namespace: str) -> tuple[Obj | None, list[Diagnostic]]:
    """The referenced, enabled model; or None with OME's error (no reference, not found, disabled)."""
    reference = isvc.spec.get("model")
    if not isinstance(reference, dict) or not reference.get("name"):
        field = ("spec", "model") if not isinstance(reference, dict) else NAME_FIELD
        return None, [codes.MODEL_REF_MISSING.at("model reference is required", isvc.ref, field, object=isvc.id)]
    name = str(reference["name"])
    model = find_model(catalog, namespace, name)
    if model is None:
        return None, [not_found(catalog, name, namespace, isvc.ref, isvc.id)]
    if model.spec.get("disabled") is True:
        return None, [disabled(model, isvc.ref, isvc.id)]
    return model, declared_kind_lint(isvc, "model", model, (BASE_MODEL, CLUSTER_BASE_MODEL))


def declared_kind_lint(isvc: Obj, block: str, resolved: Obj, kinds: tuple) -> list[Diagnostic]:
    """OME ignores ``spec.<block>.kind``; warn when an explicit kind names the other scope."""
    declared = (isvc.spec.get(block) or {}).get("kind")
    if declared is None or declared == resolved.kind or declared not in kinds:
        return []
    return [
        codes.DECLARED_KIND_IGNORED.at(
            f"spec.{block}.kind is {declared} but OME ignores it and resolved {resolved.id}",
            isvc.ref,
            ("spec", block, "kind"),
            object=isvc.id,
            hint="a namespaced BaseModel/ServingRuntime shadows the cluster-scoped object of the same name",
        )
    ]
