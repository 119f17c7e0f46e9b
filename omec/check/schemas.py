"""Schema check of every emitted object before anything is written.

Core kinds are checked against the strict Kubernetes OpenAPI schemas bundled with kubernetes-validate for the
selected ``--k8s-version``; LeaderWorkerSet, ScaledObject, Knative Service, HTTPRoute, Istio VirtualService /
Sidecar and RayCluster against the schemas omec ships in ``schemas/crds/``. The machinery (bundling, pruning,
compiled fast path, detailed errors on failure) is :mod:`omec.schema`.
"""
from __future__ import annotations

from typing import Any

from omec.check.codes import OUTPUT_SCHEMA_INVALID, OUTPUT_SCHEMA_UNKNOWN
from omec.diagnostics import Diagnostic, SourceRef
from omec.memo import NO_SHARING, Shared
from omec.ome.outputs import OUTPUT_KINDS
from omec.schema import SchemaSet

__all__ = ["OutputValidator"]


# Where workloads hold pod specs. Services built from the same inputs share one pod spec dict (see
# omec.render.pod), and a router pod (the shared pod plus its own service account) shares its
# lists. Once an object holding such a pod spec or list validated, later objects are validated with a minimal
# stub in its place: an object is valid iff its shell and each stubbed part (in the same kind's schema) are.
POD_SPEC_PATHS = {
    key: tuple((*template.path, "spec") for template in kind.pod_templates)
    for key, kind in OUTPUT_KINDS.items() if kind.shared_pods
}
STUB_POD_SPEC = {"containers": [{"name": "stub"}]}
STUB_POD_LISTS = {"containers": STUB_POD_SPEC["containers"], "initContainers": [], "volumes": []}


def _dig(obj: dict, path: tuple) -> object:
    value: object = obj
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _with_stub(obj: dict, path: tuple, stub) -> dict:
    """``obj`` with the value at ``path`` replaced by ``stub`` (new dicts along the path only)."""
    if not path:
        return stub
    return {**obj, path[0]: _with_stub(obj[path[0]], path[1:], stub)}


def _shared_parts(obj: dict, paths: tuple) -> list[tuple[tuple, object, object]]:
    """(path, value, stub) of each pod spec at ``paths`` and of the lists inside it a stub can stand for."""
    parts: list[tuple[tuple, object, object]] = []
    for path in paths:
        pod = _dig(obj, path)
        if isinstance(pod, dict):
            parts.append((path, pod, STUB_POD_SPEC))
            parts += [((*path, key), pod[key], stub) for key, stub in STUB_POD_LISTS.items()
                      if isinstance(pod.get(key), list)]
    return parts


class OutputValidator:
    """Validates emitted objects; build once per run (validators compile on first use of each kind)."""

    def __init__(self, schemas: SchemaSet, shared: Shared = NO_SHARING) -> None:
        self.schemas = schemas
        self._valid_parts = shared.valid_parts  # pod specs and lists already found valid in (apiVersion, kind, path)

    def check(self, obj: dict) -> list[str]:
        """Human messages naming the offending field paths; [] when ``obj`` is valid."""
        return [d.message for d in self.diagnose(obj)]

    def diagnose(self, obj: dict, ref: SourceRef | None = None) -> list[Diagnostic]:
        """Like :meth:`check`, as diagnostics (OMEC400/OMEC401) naming the object and the field path."""
        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        if not isinstance(api_version, str) or not isinstance(kind, str) or not self.schemas.knows(api_version, kind):
            return [OUTPUT_SCHEMA_UNKNOWN.at(
                f"no schema is known for {kind} ({api_version}) in Kubernetes {self.schemas.k8s_version}",
                ref, ("kind",), object=_object_id(obj),
            )]
        parts = _shared_parts(obj, POD_SPEC_PATHS.get((api_version, kind), ()))
        shell, stubbed = obj, set()
        for path, value, stub in parts:
            if path[:-1] not in stubbed and self._valid_parts.lookup(value, api_version, kind, path):
                shell = _with_stub(shell, path, stub)
                stubbed.add(path)
        if self.schemas.is_valid(api_version, kind, shell):
            for path, value, _stub in parts:
                self._valid_parts.add(value, True, api_version, kind, path)
            return []
        return [
            OUTPUT_SCHEMA_INVALID.at(p.message, ref, p.path, object=_object_id(obj), hint=p.hint)
            for p in self.schemas.problems(api_version, kind, obj)
        ]


def _object_id(obj: dict) -> str:
    metadata: Any = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    name, namespace = metadata.get("name"), metadata.get("namespace")
    return f"{obj.get('kind')} {namespace}/{name}" if namespace else f"{obj.get('kind')} {name}"
