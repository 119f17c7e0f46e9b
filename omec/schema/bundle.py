"""Bundling: one self-contained, pruned draft-07 schema per kind from omec's schema sources and the Kubernetes
definitions they ``$ref`` (rules in schemas/README.md). Pure: documents come from a reader function."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

K8S_DEFS = "k8s:_definitions.json"  # document id of the bundled Kubernetes definitions
_K8S_DEFS_URIS = ("https://kubernetes.io/api/_definitions.json", "/api/_definitions.json")
_INCLUDE = "x-omec-include"  # schemas/README.md: merge the properties of the listed definitions

_SUB_SCHEMA_MAPS = ("properties", "patternProperties")
_SUB_SCHEMAS = ("items", "additionalProperties", "not", "propertyNames")
_SUB_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_ASSERTIONS = frozenset({  # no "const": fastjsonschema cannot compile it without detailed exceptions
    "type", "enum", "required", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
    "minProperties", "maxProperties",
})
_KEPT_ANNOTATIONS = frozenset({"title"})  # names a pattern's format in messages ("is not a valid quantity")
_ANNOTATIONS = frozenset({"description", "default", "examples", "format", "$comment", "$schema", "$id"})
# OpenAPI integer formats and the ranges of the Go types behind them: the API server rejects an integer outside
# its field's format, an integer without a format outside int64 (kube-openapi's IsValueValidAgainstRange,
# https://github.com/kubernetes/kube-openapi/blob/d427ff9ee9ad05f5da435abbb7c5929cb713ac56/pkg/validation/validate/values.go#L333),
# and Go cannot decode one into the field (a Go ``int`` is an int64 on OME's platforms). They become
# minimum/maximum; the format is kept for messages ("... greater than the maximum 2147483647 (int32)").
INT_FORMATS = {"int32": (-(1 << 31), (1 << 31) - 1), "int64": (-(1 << 63), (1 << 63) - 1)}
DEFAULT_INT_FORMAT = "int64"
_DRAFT7 = "http://json-schema.org/draft-07/schema#"


class SchemaError(Exception):
    """A schema source is broken or the selected Kubernetes version lacks a definition (a bug, not input)."""


class _Documents:
    """Schema documents by id: ``ome/...json`` (ours), ``k8s:<file>`` (kubernetes-validate, one version), read
    through ``read(doc id)`` (:class:`omec.load.schemas.SchemaFiles`) and kept once read."""

    def __init__(self, read: Callable[[str], dict]) -> None:
        self._read = read
        self._loaded: dict[str, dict] = {}

    def get(self, doc: str) -> dict:
        if doc not in self._loaded:
            self._loaded[doc] = self._read(doc)
        return self._loaded[doc]

    def resolve(self, ref: str, doc: str) -> tuple[str, str]:
        """(document id, JSON pointer) a ``$ref`` written in ``doc`` points to."""
        uri, _, pointer = ref.partition("#")
        if not uri:
            return doc, pointer
        if uri in _K8S_DEFS_URIS:
            return K8S_DEFS, pointer
        if doc.startswith("k8s:") or "://" in uri:
            raise SchemaError(f"{doc}: cannot resolve $ref {ref!r}")
        return posixpath.normpath(posixpath.join(posixpath.dirname(doc), uri)), pointer

    def lookup(self, doc: str, pointer: str) -> Any:
        node: Any = self.get(doc)
        for token in _pointer_tokens(pointer):
            if not isinstance(node, dict) or token not in node:
                return None
            node = node[token]
        return node


def _pointer_tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


def _def_key(doc: str, pointer: str) -> str:
    """Name of a referenced schema in the bundle's ``$defs`` (Kubernetes names are kept as they are)."""
    tokens = _pointer_tokens(pointer)
    if tokens[:1] == ["$defs"]:
        tokens = tokens[1:]
    prefix = [] if doc == K8S_DEFS else ["omec", *posixpath.splitext(doc)[0].split("/")]
    return ".".join(prefix + tokens).replace("/", ".")


class _Bundler:
    """Inlines everything one root schema references into ``$defs``; unreachable definitions are left out."""

    def __init__(self, docs: _Documents) -> None:
        self._docs = docs
        self._defs: dict[str, Any] = {}
        self._pending: list[tuple[str, str, str]] = []

    def bundle(self, doc: str, pointer: str = "") -> dict:
        root = self._rewrite(self._docs.lookup(doc, pointer), doc)
        while self._pending:
            key, target_doc, target_pointer = self._pending.pop()
            self._defs[key] = self._rewrite(self._docs.lookup(target_doc, target_pointer), target_doc)
        _check_function_names(self._defs)
        return {"$schema": _DRAFT7, **root, "$defs": dict(sorted(self._defs.items()))}

    def _ref(self, ref: str, doc: str) -> str:
        target_doc, pointer = self._docs.resolve(ref, doc)
        key = _def_key(target_doc, pointer)
        if key not in self._defs:
            if self._docs.lookup(target_doc, pointer) is None:
                raise SchemaError(f"{doc}: $ref {ref!r} does not resolve")
            self._defs[key] = None  # placeholder: referenced, rewritten by bundle()
            self._pending.append((key, target_doc, pointer))
        return "#/$defs/" + key

    def _absent_k8s_field(self, schema: Any, doc: str) -> bool:
        """A property borrowed from a Kubernetes type that this Kubernetes version does not have."""
        if not isinstance(schema, dict) or "$ref" not in schema:
            return False
        target_doc, pointer = self._docs.resolve(schema["$ref"], doc)
        tokens = _pointer_tokens(pointer)
        return (
            target_doc == K8S_DEFS
            and len(tokens) > 2
            and self._docs.lookup(target_doc, pointer) is None
            and self._docs.lookup(target_doc, "/" + "/".join(tokens[:2])) is not None
        )

    def _rewrite(self, node: Any, doc: str) -> Any:
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise SchemaError(f"{doc}: a schema must be an object or a boolean, got {node!r}")
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref":
                out[key] = self._ref(value, doc)
            elif key in _SUB_SCHEMA_MAPS:
                out[key] = {
                    name: self._rewrite(sub, doc)
                    for name, sub in value.items()
                    if not self._absent_k8s_field(sub, doc)
                }
            elif key in _SUB_SCHEMAS:
                out[key] = self._rewrite(value, doc)
            elif key in _SUB_SCHEMA_LISTS:
                out[key] = [self._rewrite(sub, doc) for sub in value]
            elif key == "pattern":  # Go regexps: `$` is the end of text (Python's `$` also matches before "\n")
                out[key] = re.sub(r"(?<!\\)\$", r"\\Z", value)
            elif key in _ASSERTIONS or key in _KEPT_ANNOTATIONS:
                out[key] = value
            elif not (key in _ANNOTATIONS or key in ("$defs", _INCLUDE) or key.startswith("x-kubernetes-")):
                raise SchemaError(f"{doc}: unsupported schema keyword {key!r}")
        _integer_range(out, node.get("format"))
        return self._include(out, node.get(_INCLUDE, ()), doc)

    def _include(self, out: dict, refs: list, doc: str) -> dict:
        """Merge the ``properties``/``required`` of each included definition (schemas/README.md)."""
        for ref in refs:
            target_doc, pointer = self._docs.resolve(ref, doc)
            mixin = self._rewrite(self._docs.lookup(target_doc, pointer), target_doc)
            if set(mixin) - {"properties", "required"}:
                raise SchemaError(f"{doc}: included {ref!r} may only hold properties and required")
            clash = set(mixin.get("properties", {})) & set(out.get("properties", {}))
            if clash:
                raise SchemaError(f"{doc}: included {ref!r} redefines {sorted(clash)}")
            out["properties"] = {**out.get("properties", {}), **mixin.get("properties", {})}
            if mixin.get("required"):
                out["required"] = [*out.get("required", []), *mixin["required"]]
        return out


def _integer_range(out: dict, fmt: Any) -> None:
    """The range of an integer schema (its int32/int64 ``format``, int64 without one) as bounds, narrowing any the
    schema states."""
    types = out.get("type")
    if "integer" not in (types if isinstance(types, list) else [types]):
        return
    if fmt not in INT_FORMATS:
        fmt = DEFAULT_INT_FORMAT
    low, high = INT_FORMATS[fmt]
    out["format"] = fmt
    out["minimum"] = max(out.get("minimum", low), low)
    out["maximum"] = min(out.get("maximum", high), high)


def _check_function_names(defs: dict) -> None:
    """fastjsonschema names one function per definition after its sanitised key: names must stay distinct."""
    seen: dict[str, str] = {}
    for key in defs:
        name = re.sub(r"[^a-z0-9]", "_", key.lower())
        if name in seen:
            raise SchemaError(f"definitions {seen[name]!r} and {key!r} would share a validator function")
        seen[name] = key
