"""The ModelConfig ConfigMap (``modelconfig-`` + the last 20 characters of the InferenceService name): the model's
storage facts as compact JSON for the model agent (OME's ModelConfig reconciler,
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers/modelconfig/modelconfig_reconciler.go)."""
from __future__ import annotations

import json

from omec.model import Catalog, Obj
from omec.ome.naming import modelconfig_name
from omec.resolve.metadata import apply_model_metadata

_STORAGE_FIELDS = (("storageUri", "storageUri"), ("path", "path"), ("schemaPath", "schemaPath"),
                   ("parameters", "parameters"), ("storageKey", "key"))


def lookup_model_for_config(isvc: Obj, catalog: Catalog, model_metadata: dict) -> tuple[str, Obj | None, Obj | None]:
    """(model name, base model, fine-tuned weight) as the ModelConfig reconciler finds them: by spec.model.kind
    (``getBaseModelSpec``), unlike model resolution, which ignores it.

    The base model carries the ``--model-metadata`` overlay, as the model agent would have filled it on a cluster.
    """
    name, model, weight = _lookup(isvc, catalog)
    if model is not None:
        overlay = model_metadata.get(model.name)
        if isinstance(overlay, dict):
            model = apply_model_metadata(model, overlay)
    return name, model, weight


def _lookup(isvc: Obj, catalog: Catalog) -> tuple[str, Obj | None, Obj | None]:
    ref = isvc.spec.get("model") or {}
    name, kind = ref.get("name", ""), ref.get("kind")
    if kind == "BaseModel":
        return name, catalog.models.get((isvc.ns, name)), None
    if kind == "FineTunedWeight":
        weight = catalog.fine_tuned_weights.get(name)
        if weight is None:
            return name, None, None
        base_ref = weight.spec.get("baseModelRef") or {}
        base_name = base_ref.get("name", "")
        if base_ref.get("namespace"):
            return base_name, catalog.models.get((base_ref["namespace"], base_name)), weight
        return base_name, catalog.cluster_models.get(base_name), weight
    return name, catalog.cluster_models.get(name), None


def _storage_fields(storage: dict) -> list[tuple[str, object]]:
    """``populateStorageFields``: the *string fields when set (an empty string included, omitempty only drops nil
    pointers), parameters when non-empty (the map's keys sorted, as encoding/json writes them)."""
    fields: list[tuple[str, object]] = []
    for out, src in _STORAGE_FIELDS:
        value = storage.get(src)
        if isinstance(value, dict):
            if value:
                fields.append((out, dict(sorted(value.items()))))
        elif value is not None:
            fields.append((out, value))
    return fields


def _set(entries: list[tuple[str, object]]) -> dict:
    """The *string fields that are not nil."""
    return {k: v for k, v in entries if v is not None}


def model_spec_json(model: Obj) -> dict:
    """``populateBaseModelDetails``: storage fields, the format name (always), format version, model type, and the
    framework name and version when the model has a framework."""
    spec = model.spec
    storage = spec.get("storage") or {}
    fmt = spec.get("modelFormat") or {}
    framework = spec.get("modelFramework")
    body = dict(_storage_fields(storage))
    body["modelFormatName"] = fmt.get("name") or ""
    body.update(_set([("modelFormatVersion", fmt.get("version")), ("modelType", spec.get("modelType"))]))
    if isinstance(framework, dict):
        body["modelFrameworkName"] = framework.get("name") or ""
        body.update(_set([("modelFrameworkVersion", framework.get("version"))]))
    return body


def fine_tuned_spec_json(weight: Obj) -> dict:
    """``populateFineTunedWeightDetails``: storage fields and the model type."""
    storage = weight.spec.get("storage") or {}
    return {**dict(_storage_fields(storage)), **_set([("modelType", weight.spec.get("modelType"))])}


def go_json(value) -> str:
    """Go ``encoding/json`` compact output: no spaces, ``<``, ``>``, ``&`` escaped, maps sorted."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def modelconfig(isvc: Obj, name: str, model: Obj, weights: list[Obj]) -> dict:
    entry: dict = {"modelName": name, "modelSpec": model_spec_json(model)}
    if weights:
        entry["fineTunedWeightSpec"] = fine_tuned_spec_json(weights[0])
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": modelconfig_name(isvc.name),
            "namespace": isvc.namespace,
            "labels": {"ome.io/inferenceservice": isvc.name},
        },
        "data": {"models.json": go_json([entry])},
    }
