"""The API server's checks of an OME object's metadata, which it runs before any admission webhook and which reject
the object: ``ValidateObjectMetaAccessor`` with ``NameIsDNSSubdomain`` for custom resources
(https://github.com/kubernetes/apiextensions-apiserver/blob/v0.33.0/pkg/registry/customresource/validator.go#L53,
https://github.com/kubernetes/apimachinery/blob/v0.33.0/pkg/api/validation/objectmeta.go#L155): the name is a
DNS-1123 subdomain, the namespace of a namespaced kind a DNS-1123 label, label keys are qualified names and label
values valid label values, annotation keys (lower-cased) qualified names, annotations at most 256 KiB in total.
(OME's own InferenceService name rule, a DNS-1035 label, is its admission webhook's: omec.validate.webhook.)
"""
from __future__ import annotations

import re
from collections.abc import Callable

from omec.diagnostics import Diagnostic, SourceRef
from omec.golang.strconv import quote
from omec.golang.validation import dns1123_label, dns1123_subdomain, label_value, qualified_name
from omec.validate import codes

ANNOTATIONS_MAX_BYTES = 256 * (1 << 10)  # TotalAnnotationSizeLimitB
_NOT_NAME_CHARS = re.compile(r"[^a-z0-9.-]+")


def _shown(value: object) -> str:
    return quote(value) if isinstance(value, str) else f"{type(value).__name__} {value!r}"


def _suggestion(value: str, check: Callable[[str], tuple[str, ...]]) -> str | None:
    """A valid name close to ``value`` (lower-cased, other characters turned into ``-``), as a hint."""
    fixed = _NOT_NAME_CHARS.sub("-", value.strip().lower()).strip("-.")
    if check is dns1123_label:
        fixed = fixed.replace(".", "-")
    return f'did you mean "{fixed}"?' if fixed and fixed != value and not check(fixed) else None


def name_problems(kind: str, name: object, ref: SourceRef, object_id: str) -> list[Diagnostic]:
    """metadata.name: a DNS-1123 subdomain (every OME kind is a custom resource)."""
    if not isinstance(name, str):
        return [codes.INVALID_OBJECT_NAME.at(
            f"{kind} metadata.name must be a string, got {_shown(name)}", ref, ("metadata", "name"), object=object_id,
            hint="quote the name",
        )]
    errors = dns1123_subdomain(name)
    if not errors:
        return []
    return [codes.INVALID_OBJECT_NAME.at(
        f"{kind} metadata.name {quote(name)} is invalid: {'; '.join(errors)}", ref, ("metadata", "name"),
        object=object_id,
        hint=_suggestion(name, dns1123_subdomain) or "the API server rejects the object, so OME never sees it",
    )]


def namespace_problems(kind: str, namespace: object, ref: SourceRef, object_id: str) -> list[Diagnostic]:
    """metadata.namespace of a namespaced kind: a DNS-1123 label."""
    if isinstance(namespace, str):
        errors = dns1123_label(namespace)
        if not errors:
            return []
        detail, hint = f"{quote(namespace)} is invalid: {'; '.join(errors)}", _suggestion(namespace, dns1123_label)
    else:
        detail, hint = f"must be a string, got {_shown(namespace)}", "quote the namespace"
    return [codes.INVALID_NAMESPACE.at(
        f"{kind} metadata.namespace {detail}", ref, ("metadata", "namespace"), object=object_id,
        hint=hint or "the API server rejects the object, so OME never sees it",
    )]


def label_problems(metadata: dict, ref: SourceRef, object_id: str) -> list[Diagnostic]:
    """Label keys and values, annotation keys and the annotations' total size (non-strings are schema errors)."""
    found = []

    def problem(path: tuple, message: str) -> None:
        found.append(codes.INVALID_METADATA.at(message, ref, path, object=object_id))

    labels = metadata.get("labels")
    for key, value in labels.items() if isinstance(labels, dict) else ():
        if isinstance(key, str) and qualified_name(key):
            problem(("metadata", "labels", key), f"label key {quote(key)} is invalid: {'; '.join(qualified_name(key))}")
        if isinstance(value, str) and label_value(value):
            problem(("metadata", "labels", key),
                    f"label {_shown(key)}: value {quote(value)} is invalid: {'; '.join(label_value(value))}")
    annotations = metadata.get("annotations")
    if not isinstance(annotations, dict):
        return found
    size = 0
    for key, value in annotations.items():
        if isinstance(key, str) and qualified_name(key.lower()):
            problem(("metadata", "annotations", key),
                    f"annotation key {quote(key)} is invalid: {'; '.join(qualified_name(key.lower()))}")
        size += sum(len(text.encode("utf-8", "surrogatepass")) for text in (key, value) if isinstance(text, str))
    if size > ANNOTATIONS_MAX_BYTES:
        problem(("metadata", "annotations"), f"annotations are {size} bytes: must have at most {ANNOTATIONS_MAX_BYTES}")
    return found
