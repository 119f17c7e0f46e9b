"""The schema sources on disk: omec's own (package ``omec._schemas``, the top-level ``schemas/`` directory) and the
strict Kubernetes definitions bundled with the ``kubernetes-validate`` package, one directory per Kubernetes minor.

Everything that turns them into validators is pure (:mod:`omec.schema`); this module only finds and reads files.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import omec
from omec.load.cache import Cache
from omec.schema import SchemaError, SchemaSet
from omec.schema.bundle import K8S_DEFS

_K8S_OVERRIDES = "k8s/overrides.json"  # our corrections to the bundled definitions
_KIND_DIRS = ("ome", "crds")


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


class SchemaFiles:
    """The schema documents of one Kubernetes minor, by document id: ``ome/<file>.json`` / ``crds/<file>.json``
    (ours) and ``k8s:<file>`` (kubernetes-validate's strict definitions, our overrides applied)."""

    def __init__(self, k8s_version: str) -> None:
        self.k8s_version = k8s_minor(k8s_version)
        self._root = _schema_root()
        self._k8s_dir = _k8s_root() / f"v{self.k8s_version}.0-local-strict"

    def read(self, doc: str) -> dict:
        if not doc.startswith("k8s:"):
            return json.loads((self._root / doc).read_text(encoding="utf-8"))
        data = json.loads((self._k8s_dir / doc[4:]).read_text(encoding="utf-8"))
        if doc == K8S_DEFS:
            overrides = json.loads((self._root / _K8S_OVERRIDES).read_text(encoding="utf-8"))["$defs"]
            data = {**data, "$defs": {**data["$defs"], **overrides}}
        return data

    def has_core(self, file_name: str) -> bool:
        return (self._k8s_dir / file_name).is_file()

    def kind_documents(self) -> dict[tuple[str, str], str]:
        """(apiVersion, kind) -> document id, for every schema file of ours whose root pins apiVersion and kind (a
        one-value ``enum``: fastjsonschema cannot compile ``const`` without detailed exceptions)."""
        found: dict[tuple[str, str], str] = {}
        for folder in _KIND_DIRS:
            for path in sorted((self._root / folder).glob("*.json")):
                props = json.loads(path.read_text(encoding="utf-8")).get("properties", {})
                api_versions = props.get("apiVersion", {}).get("enum", [])
                kinds = props.get("kind", {}).get("enum", [])
                if len(api_versions) == 1 and len(kinds) == 1:
                    found[(api_versions[0], kinds[0])] = f"{folder}/{path.name}"
        return found

    def fingerprint(self) -> list[Any]:
        """What compiled validators depend on, for cache keys: the schema sources, the modules that turn them into
        validators, the installed Kubernetes definitions (size and modification time change on upgrade)."""
        digest = hashlib.sha256()
        for module in sorted(Path(__file__).resolve().parent.parent.joinpath("schema").glob("*.py")):
            digest.update(module.name.encode() + b"\0" + module.read_bytes())
        for path in sorted(self._root.rglob("*.json")):
            digest.update(path.relative_to(self._root).as_posix().encode() + b"\0" + path.read_bytes())
        definitions = self._k8s_dir / "_definitions.json"
        try:
            stat = definitions.stat()
            stamp: list[Any] = [str(definitions), stat.st_size, stat.st_mtime_ns]
        except OSError:
            stamp = [str(definitions)]
        return [self.k8s_version, digest.hexdigest(), stamp]


def open_schema_set(k8s_version: str, cache: Cache | None = None) -> SchemaSet:
    """The SchemaSet of one Kubernetes minor, with compiled validators kept in ``cache`` (None: memory only)."""
    return SchemaSet(SchemaFiles(k8s_version), cache)
