"""Name and label-value limits the OpenAPI schemas do not express (Service names are DNS labels, label values have
at most 63 characters); OME's webhook checks no lengths, so omec reports them."""
from __future__ import annotations

import re

from omec.ome.naming import is_dns_label
from omec.ome.outputs import pod_templates

LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
DNS_LABEL_KINDS = frozenset({"Service"})


def _label_maps(obj: dict):
    """(field path, labels) of every label map and label selector in an emitted object."""
    yield ("metadata", "labels"), (obj.get("metadata") or {}).get("labels") or {}
    spec = obj.get("spec") or {}
    selector = spec.get("selector")
    if isinstance(selector, dict):  # Service: a plain map; workloads: a LabelSelector
        if "matchLabels" in selector:
            yield ("spec", "selector", "matchLabels"), selector["matchLabels"]
        else:
            yield ("spec", "selector"), selector
    for _role, path, template in pod_templates(obj):
        yield (*path, "metadata", "labels"), (template.get("metadata") or {}).get("labels") or {}


_VALID_VALUES: set[str] = set()  # label values already found valid (fleets repeat the same few values)


def _valid_label_value(text: str) -> bool:
    if text in _VALID_VALUES:
        return True
    if len(text) > 63 or not LABEL_VALUE.match(text):
        return False
    if len(_VALID_VALUES) < 1 << 16:
        _VALID_VALUES.add(text)
    return True


def name_problems(obj: dict) -> list[tuple[tuple, str]]:
    """(field path, message) for names and label values Kubernetes would reject."""
    found = []
    name = (obj.get("metadata") or {}).get("name", "")
    if obj.get("kind") in DNS_LABEL_KINDS and obj.get("apiVersion") == "v1" and not is_dns_label(name):
        found.append((("metadata", "name"), f"Service name {name!r} is not a DNS label of at most 63 characters"))
    seen: set[int] = set()  # objects share label maps (Deployment metadata and its pod template)
    for path, labels in _label_maps(obj):
        if id(labels) in seen:
            continue
        seen.add(id(labels))
        for key, value in labels.items():
            text = str(value)
            if not _valid_label_value(text):
                found.append(((*path, key), f"label {key}={text!r} is not a valid label value (at most 63 characters)"))
    return found

