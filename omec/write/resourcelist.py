"""``omec fn`` output: the ResourceList written back to the orchestrator (kpt, kustomize).

``items``: every input item that is not an OME object, unchanged and in input order (the OME objects too with
``keepInputs``), then each generated object with the path annotations that make kpt write it to
``<outputDir>/<namespace>/<inferenceservice>/<kind>-<name>.yaml`` (the layout of ``omec build``). ``results``: one
per diagnostic, with the code as a tag and, for a diagnostic on an input item, its ``resourceRef``, ``file``
(from the item's path and index annotations) and ``field``. A failed run returns the input items unchanged.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import yaml

from omec.diagnostics import Diagnostic, SourceRef
from omec.load.resourcelist import INDEX_KEYS, PATH_KEYS, item_file
from omec.write.serialize import dump

API_VERSION = "config.kubernetes.io/v1"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def generated_items(files: Mapping[str, str], output_dir: str) -> list[dict]:
    """The generated objects (relative path -> YAML, as ``omec build`` writes them) as annotated items."""
    items = []
    for rel in sorted(files):
        body = yaml.load(files[rel], Loader=_LOADER)
        path = f"{output_dir.strip('/')}/{rel}" if output_dir.strip("/") else rel
        metadata = body.setdefault("metadata", {})
        annotations = metadata.setdefault("annotations", {})
        for key in PATH_KEYS:
            annotations[key] = path
        for key in INDEX_KEYS:
            annotations[key] = "0"
        items.append(body)
    return items


def results(diags: Sequence[Diagnostic], refs: Mapping[SourceRef, int], items: Sequence[dict]) -> list[dict]:
    """The diagnostics as KRM results (message, severity, tags, resourceRef, file, field)."""
    out = []
    for d in diags:
        result: dict = {"message": d.message + (f" (hint: {d.hint})" if d.hint else ""),
                        "severity": d.severity.label, "tags": {"code": d.code}}
        position = refs.get(d.ref) if d.ref is not None else None
        if position is not None:
            item = items[position]
            metadata = item["metadata"] if isinstance(item.get("metadata"), dict) else {}
            ref = {"apiVersion": item.get("apiVersion"), "kind": item.get("kind"), "name": metadata.get("name")}
            if metadata.get("namespace"):
                ref["namespace"] = metadata["namespace"]
            result["resourceRef"] = ref
            path, index = item_file(item)
            if path:
                result["file"] = {"path": path, "index": int(index) if index.isdigit() else 0}
        if d.field:
            result["field"] = {"path": d.field_text}
        out.append(result)
    return out


def resource_list(items: Sequence[dict], result_list: Sequence[dict]) -> bytes:
    """The output ResourceList document."""
    body: dict = {"apiVersion": API_VERSION, "kind": "ResourceList", "items": list(items)}
    if result_list:
        body["results"] = list(result_list)
    return dump(body).encode("utf-8")
