"""JSON Schema machinery: input validation of OME objects (spec 01 §1, §1.9) and the shared engine behind
the output checks (``omec.check.schemas``, issue 5 §8).

Schema sources live in the top-level ``schemas/`` directory (package ``omec._schemas``, see its README):
our own OME and CRD schemas, which ``$ref`` core Kubernetes types in the definitions bundled with the
``kubernetes-validate`` package (strict variant: unknown fields are errors). For one Kubernetes version a
:class:`SchemaSet` bundles each kind into one self-contained draft-07 schema holding only the reachable
definitions, compiles it with fastjsonschema (fast path, cached on disk) and, only for an object the fast
path rejects, re-validates it with jsonschema to report every error with its field path.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

import fastjsonschema

import omec
from omec.cache import cache_dir, read_value, write_value
from omec.diagnostics import Diagnostic, SourceRef
from omec.validate import fastpath
from omec.validate.codes import (
    SCHEMA_UNKNOWN_KIND,
)
from omec.validate.defaults import apply_crd_defaults
from omec.validate.fastpath import fast_code, fast_form
from omec.validate.schema_messages import Problem, explain_error, path_key

# Default --k8s-version: the Kubernetes minor whose core types the OME CRDs of the pinned commit embed, field for
# field (e.g. Container.lifecycle.stopSignal is there, restartPolicyRules of 1.34 is not). Any bundled minor works.
DEFAULT_K8S_VERSION = "1.33"

K8S_DEFS = "k8s:_definitions.json"  # document id of the bundled Kubernetes definitions
_K8S_DEFS_URIS = ("https://kubernetes.io/api/_definitions.json", "/api/_definitions.json")
_K8S_OVERRIDES = "k8s/overrides.json"  # our corrections to the bundled definitions
_INPUT_DIR = "ome"
_KIND_DIRS = ("ome", "crds")
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
_DRAFT7 = "http://json-schema.org/draft-07/schema#"


class SchemaError(Exception):
    """A schema source is broken or the selected Kubernetes version lacks a definition (a bug, not input)."""


# ---------------------------------------------------------------------------------------------- locations


def _schema_root() -> Path:
    """The schema sources: package ``omec._schemas``, or ``schemas/`` beside ``omec/`` in a source tree."""
    spec = importlib.util.find_spec("omec._schemas")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(omec.__file__).resolve().parent.parent / "schemas"


def _k8s_root() -> Path:
    """kubernetes-validate's data directory (located without importing the package)."""
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise SchemaError("the kubernetes-validate package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "kubernetes-json-schema"


def supported_k8s_versions() -> list[str]:
    """Kubernetes minor versions ("1.32") whose strict schemas kubernetes-validate bundles, oldest first."""
    names = (re.fullmatch(r"v(\d+\.\d+)\.0-local-strict", p.name) for p in _k8s_root().iterdir())
    return sorted({m[1] for m in names if m}, key=lambda v: tuple(int(x) for x in v.split(".")))


def k8s_minor(version: str) -> str:
    """Normalise "1.32", "v1.32" or "1.32.4" to "1.32"; ValueError naming the supported versions otherwise."""
    match = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.\d+)?", version.strip())
    supported = supported_k8s_versions()
    if match is None or f"{match[1]}.{match[2]}" not in supported:
        raise ValueError(f"unsupported Kubernetes version {version!r}; supported: {', '.join(supported)}")
    return f"{match[1]}.{match[2]}"


# ------------------------------------------------------------------------------------------------ bundling


class _Documents:
    """Schema documents by id: ``ome/...json`` (ours), ``k8s:<file>`` (kubernetes-validate, one version)."""

    def __init__(self, root: Path, k8s_dir: Path) -> None:
        self._root, self._k8s_dir = root, k8s_dir
        self._loaded: dict[str, dict] = {}

    def get(self, doc: str) -> dict:
        if doc not in self._loaded:
            self._loaded[doc] = self._load(doc)
        return self._loaded[doc]

    def _load(self, doc: str) -> dict:
        if not doc.startswith("k8s:"):
            return json.loads((self._root / doc).read_text(encoding="utf-8"))
        data = json.loads((self._k8s_dir / doc[4:]).read_text(encoding="utf-8"))
        if doc == K8S_DEFS:
            overrides = json.loads((self._root / _K8S_OVERRIDES).read_text(encoding="utf-8"))["$defs"]
            data = {**data, "$defs": {**data["$defs"], **overrides}}
        return data

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


def _check_function_names(defs: dict) -> None:
    """fastjsonschema names one function per definition after its sanitised key: names must stay distinct."""
    seen: dict[str, str] = {}
    for key in defs:
        name = re.sub(r"[^a-z0-9]", "_", key.lower())
        if name in seen:
            raise SchemaError(f"definitions {seen[name]!r} and {key!r} would share a validator function")
        seen[name] = key


# --------------------------------------------------------------------------------------------- compiling


def _sources_digest(root: Path) -> str:
    """Hash of every schema source and of the modules that turn them into validators, for cache keys."""
    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(fastpath.__file__).read_bytes())
    for path in sorted(root.rglob("*.json")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stamp(path: Path) -> list:
    """Identity of an installed file (size, modification time): changes when kubernetes-validate is upgraded."""
    try:
        stat = path.stat()
    except OSError:
        return [str(path)]
    return [str(path), stat.st_size, stat.st_mtime_ns]


# --------------------------------------------------------------------------------------------- SchemaSet


class SchemaSet:
    """All schemas omec knows for one Kubernetes version: ours (schemas/ome, schemas/crds) and the bundled core
    kinds. Validators are compiled on first use of a kind and cached under ``$OMEC_CACHE_DIR`` (default
    ``$XDG_CACHE_HOME/omec`` or ``~/.cache/omec``), in memory only when that is not writable."""

    def __init__(self, k8s_version: str = DEFAULT_K8S_VERSION) -> None:
        self.k8s_version = k8s_minor(k8s_version)
        self._root = _schema_root()
        self._k8s_dir = _k8s_root() / f"v{self.k8s_version}.0-local-strict"
        self._docs = _Documents(self._root, self._k8s_dir)
        self._ours = _index_kinds(self._root)
        self._documents: dict[tuple[str, str], str | None] = dict(self._ours)  # + Kubernetes kinds once looked up
        self._input_kinds = {key[1]: key for key, doc in self._ours.items() if doc.startswith(f"{_INPUT_DIR}/")}
        self._cache = cache_dir("validators")
        self._key_base = json.dumps([
            omec.__version__, fastjsonschema.VERSION, _stamp(self._k8s_dir / "_definitions.json"),
            self.k8s_version, _sources_digest(self._root), importlib.util.MAGIC_NUMBER.hex(),  # marshal format
        ])
        self._valid_inputs = _ValidInputs(self._cache, self._key_base)
        self._fast: dict[tuple[str, str], Callable[[Any], Any]] = {}
        self._bundles: dict[tuple[str, str], dict] = {}
        self._slow: dict[tuple[str, str], Any] = {}

    apply_crd_defaults = staticmethod(apply_crd_defaults)  # omec.validate.defaults

    def knows(self, api_version: str, kind: str) -> bool:
        return self._document(api_version, kind) is not None

    def input_kinds(self) -> list[str]:
        """The OME kinds ``validate_input`` accepts."""
        return sorted(self._input_kinds)

    def own_kinds(self) -> list[tuple[str, str]]:
        """(apiVersion, kind) of the schemas omec ships (schemas/ome, schemas/crds)."""
        return sorted(self._ours)

    def is_valid(self, api_version: str, kind: str, body: Any) -> bool:
        """Fast path: the compiled validator of (apiVersion, kind); KeyError if no schema is known."""
        key = (api_version, kind)
        check = self._fast.get(key) or self._compile(key)
        try:
            check(body)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    def problems(self, api_version: str, kind: str, body: Any) -> list[Problem]:
        """Every violation of the (apiVersion, kind) schema, sorted by field path (empty when valid). jsonschema
        over the same bundle is the reference: callers trust the fast path only when it accepts."""
        key = (api_version, kind)
        if key not in self._slow:
            import jsonschema  # the slow path only runs for invalid objects

            self._slow[key] = jsonschema.Draft7Validator(self.bundle(api_version, kind))
        found = {p: None for e in self._slow[key].iter_errors(body) for p in explain_error(e, kind)}
        return sorted(found, key=lambda p: (path_key(p.path), p.message))

    def validate_input(self, kind: str, body: dict, ref: SourceRef, digest: bytes | None = None) -> list[Diagnostic]:
        """Check one OME document against our schema of its kind (spec 01 §1); [] when it is valid.

        ``digest`` (the content hash of its file) lets a document found valid in an earlier run with the same
        schemas skip the check: the same bytes parse to the same document.
        """
        key = self._input_kinds.get(kind)
        if key is None:
            known = ", ".join(self.input_kinds())
            return [SCHEMA_UNKNOWN_KIND.at(f"no input schema for kind {kind!r} (known: {known})", ref, ("kind",))]
        memo = (digest, ref.index, kind) if digest is not None else None
        if self._valid_inputs.seen(memo) or self.is_valid(*key, body):
            self._valid_inputs.add(memo)
            return []
        return [p.code.at(p.message, ref, p.path, hint=p.hint) for p in self.problems(*key, body)]

    def save(self) -> None:
        """Keep this run's valid input documents for the next run (the compiled validators are saved as built)."""
        self._valid_inputs.save()

    def bundle(self, api_version: str, kind: str) -> dict:
        """The self-contained, pruned draft-07 schema of (apiVersion, kind)."""
        key = (api_version, kind)
        if key not in self._bundles:
            doc = self._document(api_version, kind)
            if doc is None:
                raise KeyError(f"no schema is known for {kind} ({api_version})")
            self._bundles[key] = _Bundler(self._docs).bundle(doc)
        return self._bundles[key]

    def _document(self, api_version: str, kind: str) -> str | None:
        """Document id of the (apiVersion, kind) schema: ours first, then the bundled Kubernetes kinds."""
        key = (api_version, kind)
        if key not in self._documents:
            core = _core_file(api_version, kind)
            self._documents[key] = f"k8s:{core}" if core and (self._k8s_dir / core).is_file() else None
        return self._documents[key]

    def _compile(self, key: tuple[str, str]) -> Callable[[Any], Any]:
        """Generate the fastjsonschema validator of ``key`` or load its byte code from the cache."""
        name = hashlib.sha256(json.dumps([self._key_base, *key]).encode()).hexdigest()[:32]
        path = self._cache / f"v_{name}.marshal" if self._cache else None
        code = read_value(path)
        if not isinstance(code, CodeType):
            source = fast_code(fastjsonschema.compile_to_code(
                fast_form(self.bundle(*key)), use_default=False, use_formats=False, detailed_exceptions=False
            ))
            code = compile(source, f"<omec validator {key[1]} ({key[0]})>", "exec")
            if path is not None:
                write_value(path, code)
        namespace: dict[str, Any] = {}
        exec(code, namespace)  # noqa: S102 - code generated by fastjsonschema from our schemas
        self._fast[key] = namespace["validate"]
        return self._fast[key]


class _ValidInputs:
    """(file content hash, document index, kind) of the input documents found valid, per set of schemas; the
    pack on disk keeps the documents of the last run only (bounded), and only valid ones (errors re-validate)."""

    def __init__(self, cache: Path | None, key_base: str) -> None:
        name = hashlib.sha256(key_base.encode()).hexdigest()[:32]
        self._path = cache / f"valid-inputs-{name}.marshal" if cache else None
        stored = read_value(self._path)
        valid = isinstance(stored, list) and all(type(entry) is tuple for entry in stored)
        self._old: set = set(stored) if valid else set()
        self._now: set = set()

    def seen(self, memo: tuple | None) -> bool:
        return memo is not None and memo in self._old

    def add(self, memo: tuple | None) -> None:
        if memo is not None:
            self._now.add(memo)

    def save(self) -> None:
        if self._path is not None and self._now != self._old:
            write_value(self._path, sorted(self._now))


def _index_kinds(root: Path) -> dict[tuple[str, str], str]:
    """(apiVersion, kind) -> document id, for every schema file whose root pins apiVersion and kind (a
    one-value ``enum``: fastjsonschema cannot compile ``const`` without detailed exceptions)."""
    found: dict[tuple[str, str], str] = {}
    for folder in _KIND_DIRS:
        for path in sorted((root / folder).glob("*.json")):
            props = json.loads(path.read_text(encoding="utf-8")).get("properties", {})
            api_versions, kinds = props.get("apiVersion", {}).get("enum", []), props.get("kind", {}).get("enum", [])
            if len(api_versions) == 1 and len(kinds) == 1:
                found[(api_versions[0], kinds[0])] = f"{folder}/{path.name}"
    return found


def _core_file(api_version: Any, kind: Any) -> str | None:
    """kubernetes-validate's file name for a Kubernetes kind (API group without a dot or ``*.k8s.io``):
    ``deployment-apps-v1.json``, ``role-rbac-v1.json``, ``service-v1.json``."""
    if not isinstance(api_version, str) or not isinstance(kind, str) or not re.fullmatch(r"[A-Za-z0-9]+", kind):
        return None
    group, _, version = api_version.rpartition("/")
    if not re.fullmatch(r"[a-z0-9-]*|[a-z0-9.-]+\.k8s\.io", group) or not re.fullmatch(r"v[a-z0-9]+", version):
        return None
    short = group.split(".")[0]
    return f"{kind.lower()}-{short}-{version}.json" if short else f"{kind.lower()}-{version}.json"
