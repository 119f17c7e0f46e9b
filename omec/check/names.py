"""Names and labels of every emitted object, checked as the API server checks them (OME's webhook checks no lengths,
and the OpenAPI schemas hold no name rules), with apimachinery's rules (omec.golang.validation):

* ``metadata.name``: a Service's a DNS-1035 label (``ValidateServiceName``), a Role's or RoleBinding's a path
  segment (``ValidateRBACName``), every other kind's a DNS-1123 subdomain (``NameIsDNSSubdomain``: Deployment,
  ConfigMap, ServiceAccount, HPA, PDB, Ingress and the custom resources);
* label maps (metadata, selectors, pod templates): keys qualified names, values valid label values;
* in pod templates, container and volume names: DNS-1123 labels.

Each problem is (field path, message, only too long): a value whose only fault is its length keeps code OMEC350.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from omec.golang.strconv import quote
from omec.golang.validation import (
    dns1035_label,
    dns1123_label,
    dns1123_subdomain,
    is_dns1035_label,
    is_dns1123_subdomain,
    label_value,
    max_len_error,
    path_segment_name,
    qualified_name,
)
from omec.ome.outputs import pod_templates

_Rule = Callable[[str], tuple[str, ...]]
_SUBDOMAIN: tuple[Callable[[str], bool], _Rule] = (is_dns1123_subdomain, dns1123_subdomain)
_NAME_RULES: dict[tuple[str, str], tuple[Callable[[str], bool], _Rule]] = {  # (quick yes, the errors)
    ("v1", "Service"): (is_dns1035_label, dns1035_label),
    ("rbac.authorization.k8s.io/v1", "Role"): (lambda name: not path_segment_name(name), path_segment_name),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): (lambda name: not path_segment_name(name), path_segment_name),
}
_POD_NAMED_LISTS = ("initContainers", "containers", "volumes")

Problem = tuple[tuple, str, bool]


def _label_maps(obj: dict, templates: list) -> Iterator[tuple[tuple, dict]]:
    """(field path, labels) of every label map and label selector in an emitted object."""
    yield ("metadata", "labels"), (obj.get("metadata") or {}).get("labels") or {}
    spec = obj.get("spec") or {}
    selector = spec.get("selector")
    if isinstance(selector, dict):  # Service: a plain map; workloads: a LabelSelector
        if "matchLabels" in selector:
            yield ("spec", "selector", "matchLabels"), selector["matchLabels"]
        else:
            yield ("spec", "selector"), selector
    for _role, path, template in templates:
        yield (*path, "metadata", "labels"), (template.get("metadata") or {}).get("labels") or {}


def _only_length(errors: tuple[str, ...], limit: int) -> bool:
    return errors == (max_len_error(limit),)


def _name(obj: dict) -> Iterator[Problem]:
    kind = obj.get("kind")
    name = str((obj.get("metadata") or {}).get("name", ""))
    valid, rule = _NAME_RULES.get((obj.get("apiVersion"), kind), _SUBDOMAIN)  # type: ignore[arg-type]
    if valid(name):
        return
    errors = rule(name)
    if errors and rule is dns1035_label and _only_length(errors, 63):
        yield ("metadata", "name"), f"Service name {name!r} is not a DNS label of at most 63 characters", True
    elif errors:
        yield ("metadata", "name"), f"{kind} name {quote(name)} is invalid: {'; '.join(errors)}", False


def _judge_label(key: object, value: object) -> tuple[tuple[str, bool], ...]:
    """(message, only too long) for one label."""
    found = []
    key_errors = qualified_name(str(key))
    if key_errors:
        found.append((f"label key {quote(str(key))} is invalid: {'; '.join(key_errors)}", False))
    text = str(value)
    errors = label_value(text)
    if errors and _only_length(errors, 63):
        found.append((f"label {key}={text!r} is not a valid label value (at most 63 characters)", True))
    elif errors:
        found.append((f"label {key}: value {quote(text)} is invalid: {'; '.join(errors)}", False))
    return tuple(found)


_JUDGED: dict[tuple[str, str], tuple[tuple[str, bool], ...]] = {}  # fleets repeat the same few labels
_JUDGED_MAX = 1 << 16


def _label(key: object, value: object) -> tuple[tuple[str, bool], ...]:
    if type(key) is not str or type(value) is not str:
        return _judge_label(key, value)
    found = _JUDGED.get((key, value))
    if found is None:
        found = _judge_label(key, value)
        if len(_JUDGED) < _JUDGED_MAX:
            _JUDGED[(key, value)] = found
    return found


def _pod_names(path: tuple, template: dict) -> Iterator[Problem]:
    spec = template.get("spec") or {}
    for field in _POD_NAMED_LISTS:
        for index, item in enumerate(spec.get(field) or ()):
            name = str(item.get("name", "")) if isinstance(item, dict) else ""
            errors = dns1123_label(name)
            if errors:
                where = (*path, "spec", field, index, "name")
                message = f"{field}[{index}] name {quote(name)} is invalid: {'; '.join(errors)}"
                yield where, message, _only_length(errors, 63)


def name_problems(obj: dict) -> list[Problem]:
    """(field path, message, only too long) for every name and label the API server would reject."""
    found = list(_name(obj))
    templates = list(pod_templates(obj))
    seen: set[int] = set()  # objects share label maps (Deployment metadata and its pod template)
    for path, labels in _label_maps(obj, templates):
        if id(labels) in seen:
            continue
        seen.add(id(labels))
        for key, value in labels.items():
            judged = _JUDGED.get((key, value)) if type(value) is str else None  # the usual case, inlined
            for message, too_long in _label(key, value) if judged is None else judged:
                found.append(((*path, key), message, too_long))
    for _role, path, template in templates:
        found += _pod_names(path, template)
    return found
