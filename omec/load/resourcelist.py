"""``omec fn`` input: a KRM function's ``ResourceList`` (``config.kubernetes.io/v1``) read from standard input.

The OME objects among ``items`` (apiVersion ``ome.io/...``) are compiled; every other item passes through. Before
compiling, the orchestrator's annotations (``config.kubernetes.io/*``, ``internal.config.kubernetes.io/*``,
kustomize's ``config.k8s.io/*``) are stripped, and each OME item becomes one in-memory document named after the
file it came from (its ``internal.config.kubernetes.io/path`` and ``index``, or the legacy
``config.kubernetes.io/`` ones), so diagnostics name that file and document. Options come from ``functionConfig``:
a ConfigMap's ``data`` (strings, as ``kpt fn eval -- key=value`` makes it) or an ``omec.dev/v1alpha1``
``FunctionConfig`` whose ``spec`` holds the settings typed; both take the keys of ``omec.yaml``
(:mod:`omec.load.settings`) plus ``keepInputs`` and ``outputDir``.

The KRM functions specification:
https://github.com/kubernetes-sigs/kustomize/blob/master/cmd/config/docs/api-conventions/functions-spec.md
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from omec.diagnostics import Diagnostic, SourceRef
from omec.load import codes
from omec.load.settings import FN_KEYS, parse_settings
from omec.load.yamlfile import YamlSyntaxError, parse_documents

RESOURCE_LIST_APIS = ("config.kubernetes.io/v1", "config.kubernetes.io/v1alpha1")
STRIPPED_PREFIXES = ("config.kubernetes.io/", "internal.config.kubernetes.io/", "config.k8s.io/",
                     "kustomize.config.k8s.io/")
PATH_KEYS = ("internal.config.kubernetes.io/path", "config.kubernetes.io/path")
INDEX_KEYS = ("internal.config.kubernetes.io/index", "config.kubernetes.io/index")
FUNCTION_CONFIG_API, FUNCTION_CONFIG_KIND = "omec.dev/v1alpha1", "FunctionConfig"
INPUT = "<ResourceList>"


@dataclass(slots=True)
class ResourceList:
    items: list  # every item, as given
    function_config: dict | None
    ome: list[int] = field(default_factory=list)  # indexes of the OME items in ``items``
    texts: dict[str, bytes] = field(default_factory=dict)  # the OME items, stripped, as in-memory files
    refs: dict[SourceRef, int] = field(default_factory=dict)  # document of each OME item -> its index in items


def is_ome(item: object) -> bool:
    api = item.get("apiVersion") if isinstance(item, dict) else None
    return isinstance(api, str) and api.split("/")[0] == "ome.io"


def item_file(item: dict) -> tuple[str | None, str]:
    """(path, index) an item's annotations give for the file it came from (index "0" when unset)."""
    metadata = item.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    if not isinstance(annotations, dict):
        return None, "0"
    path = next((annotations[k] for k in PATH_KEYS if isinstance(annotations.get(k), str)), None)
    return path, next((annotations[k] for k in INDEX_KEYS if isinstance(annotations.get(k), str)), "0")


def read_resource_list(raw: bytes) -> tuple[ResourceList | None, list[Diagnostic]]:
    """The ResourceList on ``raw`` (YAML or JSON), or None and why not."""
    ref = SourceRef(INPUT, 0)
    try:
        documents = parse_documents(raw.decode("utf-8-sig")).documents
    except (UnicodeDecodeError, YamlSyntaxError) as exc:
        message = str(exc) if isinstance(exc, YamlSyntaxError) else "not UTF-8"
        return None, [codes.RESOURCE_LIST_INVALID.at(f"standard input is not a ResourceList: {message}",
                                                     SourceRef(INPUT, -1))]
    body = documents[0] if len(documents) == 1 else None
    if not isinstance(body, dict) or body.get("kind") != "ResourceList" \
            or body.get("apiVersion") not in RESOURCE_LIST_APIS:
        return None, [codes.RESOURCE_LIST_INVALID.at(
            f"standard input is not one {RESOURCE_LIST_APIS[0]} ResourceList", ref,
            hint="omec fn is a KRM function: run it with `kpt fn eval --exec` or a kustomize transformer")]
    items = body.get("items") or []
    config = body.get("functionConfig")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return None, [codes.RESOURCE_LIST_INVALID.at("items must be a list of objects", ref, ("items",))]
    if config is not None and not isinstance(config, dict):
        return None, [codes.RESOURCE_LIST_INVALID.at("functionConfig must be an object", ref, ("functionConfig",))]
    resources = ResourceList(items, config)
    _documents(resources)
    return resources, []


def _documents(resources: ResourceList) -> None:
    """Each OME item as a document of the file its annotations name (padded so the document index is the file's),
    or of ``<items[i]>`` when it names none or repeats another's place."""
    by_file: dict[str, dict[int, int]] = {}
    for position, item in enumerate(resources.items):
        if not is_ome(item):
            continue
        resources.ome.append(position)
        path, index = item_file(item)
        slot = int(index) if index.isdigit() and len(index) < 6 else None
        if path and not path.startswith("<") and slot is not None and slot not in by_file.get(path, {}):
            by_file.setdefault(path, {})[slot] = position
        else:
            by_file[f"<items[{position}]>"] = {0: position}
    for path, slots in sorted(by_file.items()):
        documents = []
        for slot in range(max(slots) + 1):
            if slot not in slots:
                documents.append("null\n")
                continue
            documents.append(yaml.safe_dump(strip_annotations(resources.items[slots[slot]]), sort_keys=False,
                                            allow_unicode=True))
            resources.refs[SourceRef(path, slot)] = slots[slot]
        resources.texts[path] = "---\n".join(documents).encode("utf-8")


def strip_annotations(item: dict) -> dict:
    """A copy of ``item`` without the orchestrator's annotations (an emptied ``annotations`` map is removed)."""
    metadata = item.get("metadata")
    if not isinstance(metadata, dict) or not isinstance(metadata.get("annotations"), dict):
        return item
    kept = {k: v for k, v in metadata["annotations"].items() if not str(k).startswith(STRIPPED_PREFIXES)}
    stripped = {k: v for k, v in metadata.items() if k != "annotations"}
    if kept:
        stripped["annotations"] = kept
    return {**item, "metadata": stripped}


def function_settings(config: dict | None) -> tuple[dict, list[Diagnostic]]:
    """The settings of ``functionConfig`` (see the module docstring)."""
    if not config:
        return {}, []
    ref = SourceRef(INPUT, 0)
    if config.get("kind") == "ConfigMap":
        data = config.get("data") or {}
        if not isinstance(data, dict):
            return {}, [codes.RESOURCE_LIST_INVALID.at("functionConfig data must be a map", ref,
                                                       ("functionConfig", "data"))]
        return parse_settings(data, codes.RESOURCE_LIST_INVALID, ref, FN_KEYS, strings=True,
                              at=("functionConfig", "data"))
    if config.get("apiVersion") == FUNCTION_CONFIG_API and config.get("kind") == FUNCTION_CONFIG_KIND:
        spec = config.get("spec") or {}
        if not isinstance(spec, dict):
            return {}, [codes.RESOURCE_LIST_INVALID.at("functionConfig spec must be a map", ref,
                                                       ("functionConfig", "spec"))]
        return parse_settings(spec, codes.RESOURCE_LIST_INVALID, ref, FN_KEYS, at=("functionConfig", "spec"))
    return {}, [codes.RESOURCE_LIST_INVALID.at(
        f"functionConfig must be a ConfigMap or an {FUNCTION_CONFIG_API} {FUNCTION_CONFIG_KIND}", ref,
        ("functionConfig", "kind"))]
