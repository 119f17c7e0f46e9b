"""Helpers for the resolve tests: build a Catalog straight from YAML text (no load/validate stage).

Documents become :class:`Obj` with ``SourceRef(path, index)``; namespaced kinds without a namespace get
``default``; non-OME documents are skipped; a later document with the same identity replaces an earlier one
(callers pass files in sorted path order, so the last file wins, as with ``--last-file-wins``).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from omec.diagnostics import SourceRef
from omec.model import (
    ACCELERATOR_CLASS,
    BASE_MODEL,
    CLUSTER_BASE_MODEL,
    CLUSTER_SCOPED,
    CLUSTER_SERVING_RUNTIME,
    FINE_TUNED_WEIGHT,
    INFERENCE_SERVICE,
    OME_KINDS,
    SERVING_RUNTIME,
    Catalog,
    Obj,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ome" / "config"
_SLOTS = {
    CLUSTER_SERVING_RUNTIME: "cluster_runtimes",
    SERVING_RUNTIME: "runtimes",
    CLUSTER_BASE_MODEL: "cluster_models",
    BASE_MODEL: "models",
    ACCELERATOR_CLASS: "accelerators",
    FINE_TUNED_WEIGHT: "fine_tuned_weights",
}


def to_obj(body: dict, path: str, index: int) -> Obj | None:
    """An OME document as an Obj, or None for anything else (Namespace, Kustomization, Expect ...)."""
    kind = body.get("kind")
    if kind not in OME_KINDS or not str(body.get("apiVersion", "")).startswith("ome.io/"):
        return None
    metadata = body.get("metadata") or {}
    namespace = None if kind in CLUSTER_SCOPED else metadata.get("namespace") or "default"
    return Obj(kind, metadata["name"], namespace, body, SourceRef(path, index))


def build_catalog(docs) -> Catalog:
    """``docs``: iterable of (path, index, body). Later documents with the same identity win."""
    catalog = Catalog()
    services: dict = {}
    for path, index, body in docs:
        obj = to_obj(body, path, index) if isinstance(body, dict) else None
        if obj is None:
            continue
        if obj.kind == INFERENCE_SERVICE:
            services[(obj.namespace, obj.name)] = obj
        elif obj.namespace is None:
            getattr(catalog, _SLOTS[obj.kind])[obj.name] = obj
        else:
            getattr(catalog, _SLOTS[obj.kind])[(obj.namespace, obj.name)] = obj
    catalog.services = [services[k] for k in sorted(services)]
    return catalog


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # yaml.safe_load_all, with libyaml when available


def parse_documents(text: str, path: str) -> list[tuple[str, int, dict]]:
    return [(path, i, body) for i, body in enumerate(yaml.load_all(text, Loader=_LOADER)) if body is not None]


def service(catalog: Catalog, name: str, namespace: str = "default") -> Obj:
    return next(s for s in catalog.services if s.name == name and s.namespace == namespace)


@pytest.fixture(scope="session")
def catalog_builder():
    """The helpers above, for test modules (importing ``conftest`` by name is ambiguous under pytest)."""
    return _Helpers


class _Helpers:
    build_catalog = staticmethod(build_catalog)
    parse_documents = staticmethod(parse_documents)
    service = staticmethod(service)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is absent: the shared OME corpus is not checked out beside the repository")
    return CORPUS
