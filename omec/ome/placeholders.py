"""Placeholder templating of the chosen container, as OME does it.

OME serializes the container to JSON, executes the text as a Go ``html/template`` named ``container-tmpl``
with the InferenceService's ObjectMeta as data, and parses the output back. omec does the same on the same
JSON text (with Go's ``<``/``>``/``&`` escapes), so every quirk carries over: any ``{{`` that is not a valid Go
action fails the whole container (Jinja chat templates, double-quoted arguments, which JSON turns into
``\\"``), inserted values are HTML-escaped, and a value that breaks the JSON (e.g. a backslash) fails the
parse back.

The data supports the ObjectMeta fields below, ``.Labels.key`` / ``.Annotations.key`` (a missing key prints
nothing), ``index`` with a map and a string, and ``printf``; other valid actions are reported as unsupported.
"""
from __future__ import annotations

import json

from omec.golang import template

TEMPLATE = "container-tmpl"
FINALIZER = "inferenceservice.finalizers"  # added by the controller before rendering
_GO_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_META_FIELDS = {  # Go field -> (metadata key, zero value)
    "Name": ("name", ""),
    "GenerateName": ("generateName", ""),
    "Namespace": ("namespace", ""),
    "SelfLink": ("selfLink", ""),
    "UID": ("uid", ""),
    "ResourceVersion": ("resourceVersion", ""),
    "Generation": ("generation", 0),
    "Labels": ("labels", {}),
    "Annotations": ("annotations", {}),
}
_LIVE_ONLY = frozenset({"UID", "ResourceVersion", "Generation"})  # set by the API server
_UNRENDERABLE = frozenset(
    {"CreationTimestamp", "DeletionTimestamp", "DeletionGracePeriodSeconds", "OwnerReferences", "ManagedFields"}
)


class _ObjectMeta(template.Struct):
    """``metav1.ObjectMeta`` over the metadata dict; collects warnings for fields only a live cluster knows."""

    printable = False  # fmt's printing of a whole ObjectMeta (timestamps, pointers) is not modelled

    def __init__(self, metadata: dict):
        super().__init__({}, "v1.ObjectMeta")
        self.metadata = metadata
        self.warnings: list[str] = []

    def field(self, name: str) -> object:
        if name in _UNRENDERABLE or name.startswith(("Get", "Set")):  # Get*/Set* are methods of *ObjectMeta
            raise template.Unsupported(f".{name}")
        if name == "Finalizers":
            finalizers = list(self.metadata.get("finalizers") or [])
            return finalizers if FINALIZER in finalizers else [*finalizers, FINALIZER]
        if name not in _META_FIELDS:
            return template.NO_FIELD
        key, zero = _META_FIELDS[name]
        value = self.metadata.get(key)
        if value is None:
            value = zero
            if name in _LIVE_ONLY:
                message = f"placeholder .{name} is only known in a live cluster; rendered as {str(zero)!r}"
                if message not in self.warnings:
                    self.warnings.append(message)
        return value


def _unsupported(error: template.Unsupported) -> str:
    return (
        f"{error.what} is valid in Go templates but omec cannot render it offline "
        "(supported: metadata fields such as .Name, .Labels.key, index and printf)"
    )


def _go_json(container: dict) -> str:
    """``json.Marshal`` without its HTML escapes: compact, UTF-8."""
    return json.dumps(container, ensure_ascii=False, separators=(",", ":"), default=str)


def apply_placeholders(container: dict, metadata: dict) -> tuple[dict, list[str], list[str]]:
    """Render ``{{ }}`` placeholders of ``container`` with the InferenceService ``metadata``.

    ``metadata`` is the ObjectMeta as a dict with the effective namespace. Returns (container, errors,
    warnings): on error the container comes back unchanged with one Go-style message; warnings name
    placeholders (``.UID`` ...) that only have a value in a live cluster. A container without ``{{`` is
    returned as is.
    """
    text = _go_json(container)
    if "{{" not in text:
        return container, [], []
    for char, escaped in _GO_JSON_ESCAPES.items():  # json.Marshal's HTML escapes
        text = text.replace(char, escaped)
    meta = _ObjectMeta(metadata)
    try:
        output = template.execute(template.parse(text, TEMPLATE), meta, html=True)
    except template.Unsupported as error:
        return container, [_unsupported(error)], []
    except template.TemplateError as error:
        return container, [str(error)], []
    try:
        rendered = json.loads(output)
    except json.JSONDecodeError as error:
        return container, [f"the rendered container is not valid JSON: {error.msg}"], []
    return rendered, [], meta.warnings
