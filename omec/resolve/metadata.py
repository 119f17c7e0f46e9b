"""Apply ``--model-metadata`` to a model: what OME's model agent fills in on a cluster, offline.

The file is parsed and checked by :mod:`omec.validate.model_metadata`; the overlay fills **only unset fields**,
like the agent (values written in YAML win): ``modelFormat`` is replaced as a whole when its ``name`` is empty,
``modelFramework`` is set when absent, the string fields when absent, ``quantization`` only with a non-empty
value. ``formatVersion`` / ``frameworkVersion`` are used only together with the name they belong to.
"""
from __future__ import annotations

from omec.model import Obj
from omec.validate.model_metadata import normalize_entry

_STRING_FIELDS = (
    ("architecture", "modelArchitecture"), ("parameterSize", "modelParameterSize"), ("modelType", "modelType")
)


def apply_model_metadata(model: Obj, overlay: dict) -> Obj:
    """``model`` with the overlay's values in the fields the model leaves unset (a new Obj; input untouched)."""
    entry, _ = normalize_entry(overlay or {})
    spec = model.spec
    filled = {}
    raw_format = spec.get("modelFormat")
    current_format = raw_format if isinstance(raw_format, dict) else {}
    if not current_format.get("name") and entry.get("format"):
        filled["modelFormat"] = _named(entry["format"], entry.get("formatVersion"))
    if spec.get("modelFramework") is None and entry.get("framework"):
        filled["modelFramework"] = _named(entry["framework"], entry.get("frameworkVersion"))
    for key, field in _STRING_FIELDS:
        if spec.get(field) is None and key in entry:
            filled[field] = entry[key]
    if spec.get("quantization") is None and entry.get("quantization"):
        filled["quantization"] = entry["quantization"]
    if not filled:
        return model
    body = {**model.body, "spec": {**spec, **filled}}
    return Obj(model.kind, model.name, model.namespace, body, model.ref)


def _named(name: str, version: str | None) -> dict:
    return {"name": name} if version is None else {"name": name, "version": version}


