"""All schemas omec knows for one Kubernetes version, compiled into validators.

For one Kubernetes version a :class:`SchemaSet` bundles each kind into one self-contained draft-07 schema holding
only the reachable definitions (:mod:`omec.schema.bundle`), compiles it with fastjsonschema (fast path; byte code
kept in the cache) and, only for an object the fast path rejects, re-validates it with jsonschema to report every
error with its field path (:mod:`omec.schema.messages`). It reads no file itself: schema documents come from a
:class:`omec.load.schemas.SchemaFiles`, compiled code goes through an :class:`omec.load.cache.Cache`.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections.abc import Callable
from types import CodeType
from typing import Any, Protocol

import fastjsonschema

import omec
from omec.schema.bundle import _Bundler, _Documents
from omec.schema.fastpath import fast_code, fast_form
from omec.schema.messages import Problem, explain_error, path_key

INPUT_DIR = "ome"  # schemas of the OME kinds omec reads (the others, crds/, are emitted kinds)


class Files(Protocol):
    k8s_version: str

    def read(self, doc: str) -> dict: ...
    def has_core(self, file_name: str) -> bool: ...
    def kind_documents(self) -> dict[tuple[str, str], str]: ...
    def fingerprint(self) -> list[Any]: ...


class Store(Protocol):
    def read(self, name: str) -> Any: ...
    def write(self, name: str, value: Any) -> None: ...


class SchemaSet:
    """Our schemas (schemas/ome, schemas/crds) and the bundled core kinds of one Kubernetes version. Validators
    are compiled on first use of a kind and kept in ``cache`` (memory only when it is None)."""

    def __init__(self, files: Files, cache: Store | None = None) -> None:
        self.k8s_version = files.k8s_version
        self._files = files
        self._docs = _Documents(files.read)
        self._ours = files.kind_documents()
        self._documents: dict[tuple[str, str], str | None] = dict(self._ours)  # + Kubernetes kinds once looked up
        self._input_kinds = {key[1]: key for key, doc in self._ours.items() if doc.startswith(f"{INPUT_DIR}/")}
        self.cache = cache
        self.key_base = json.dumps([
            omec.__version__, fastjsonschema.VERSION, *files.fingerprint(),
            importlib.util.MAGIC_NUMBER.hex(),  # marshal format of the cached byte code
        ])
        self._fast: dict[tuple[str, str], Callable[[Any], Any]] = {}
        self._bundles: dict[tuple[str, str], dict] = {}
        self._slow: dict[tuple[str, str], Any] = {}

    def knows(self, api_version: str, kind: str) -> bool:
        return self._document(api_version, kind) is not None

    def input_kind(self, kind: str) -> tuple[str, str] | None:
        """(apiVersion, kind) of the input schema of an OME kind, None if omec reads no such kind."""
        return self._input_kinds.get(kind)

    def input_kinds(self) -> list[str]:
        """The OME kinds that have an input schema."""
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
            core = core_file(api_version, kind)
            self._documents[key] = f"k8s:{core}" if core and self._files.has_core(core) else None
        return self._documents[key]

    def _compile(self, key: tuple[str, str]) -> Callable[[Any], Any]:
        """Generate the fastjsonschema validator of ``key`` or load its byte code from the cache."""
        name = "v_" + hashlib.sha256(json.dumps([self.key_base, *key]).encode()).hexdigest()[:32] + ".marshal"
        code = self.cache.read(name) if self.cache is not None else None
        if not isinstance(code, CodeType):
            source = fast_code(fastjsonschema.compile_to_code(
                fast_form(self.bundle(*key)), use_default=False, use_formats=False, detailed_exceptions=False
            ))
            code = compile(source, f"<omec validator {key[1]} ({key[0]})>", "exec")
            if self.cache is not None:
                self.cache.write(name, code)
        namespace: dict[str, Any] = {}
        exec(code, namespace)
        self._fast[key] = namespace["validate"]
        return self._fast[key]


def core_file(api_version: Any, kind: Any) -> str | None:
    """kubernetes-validate's file name for a Kubernetes kind (API group without a dot or ``*.k8s.io``):
    ``deployment-apps-v1.json``, ``role-rbac-v1.json``, ``service-v1.json``."""
    if not isinstance(api_version, str) or not isinstance(kind, str) or not re.fullmatch(r"[A-Za-z0-9]+", kind):
        return None
    group, _, version = api_version.rpartition("/")
    if not re.fullmatch(r"[a-z0-9-]*|[a-z0-9.-]+\.k8s\.io", group) or not re.fullmatch(r"v[a-z0-9]+", version):
        return None
    short = group.split(".")[0]
    return f"{kind.lower()}-{short}-{version}.json" if short else f"{kind.lower()}-{version}.json"
