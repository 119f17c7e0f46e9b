"""VALIDATE stage: classify documents, schema-check OME objects, apply CRD defaults and the ISVC webhooks,
and index everything into a :class:`~omec.model.Catalog` ("the cluster" as OME's controller sees it)."""
from __future__ import annotations

from collections.abc import Iterable

from omec.diagnostics import Diagnostic, Severity
from omec.load import Document
from omec.model import (
    ACCELERATOR_CLASS,
    BASE_MODEL,
    CLUSTER_BASE_MODEL,
    CLUSTER_SCOPED,
    CLUSTER_SERVING_RUNTIME,
    FINE_TUNED_WEIGHT,
    INFERENCE_SERVICE,
    OME_API_VERSION,
    OME_KINDS,
    SERVING_RUNTIME,
    Catalog,
    Obj,
)
from omec.ome.controller_config import ControllerConfig
from omec.options import Options
from omec.validate import codes
from omec.validate.defaults import apply_crd_defaults
from omec.validate.kinds import not_compiled
from omec.validate.metadata import label_problems, name_problems, namespace_problems
from omec.validate.runtime_webhook import validate_runtime
from omec.validate.schemas import InputChecker
from omec.validate.webhook import apply_webhooks

__all__ = ["validate"]


def validate(
    documents: Iterable[Document], options: Options, config: ControllerConfig, checker: InputChecker | None = None
) -> tuple[Catalog, list[Diagnostic]]:
    """Build the catalog from loaded documents. ``checker`` enables the input schema checks (and CRD defaults)."""
    diags: list[Diagnostic] = []
    seen: dict[tuple, Obj] = {}
    rejected: dict[tuple, Obj] = {}
    for doc in documents:
        obj, problems = _classify(doc, options, diags)
        if obj is None:
            continue
        if checker is not None:
            problems += checker.check(obj.kind, obj.body, obj.ref, doc.digest)
        if problems:  # the API server rejects the object: it does not exist for OME
            diags += problems
            rejected.setdefault((obj.kind, obj.namespace, obj.name), obj)
            continue
        if checker is not None:
            defaulted = apply_crd_defaults(obj.kind, obj.body)
            written = obj.body if defaulted is not obj.body else None
            obj = Obj(obj.kind, obj.name, obj.namespace, defaulted, obj.ref, written)
        key = (obj.kind, obj.namespace, obj.name)
        if key in seen:
            first = seen[key]
            diags.append(
                codes.DUPLICATE_OBJECT.at(
                    f"{obj.id} is also defined in {first.ref.path} (document {first.ref.index + 1})"
                    + ("; this later definition wins" if options.last_file_wins else ""),
                    obj.ref,
                    ("metadata", "name"),
                    object=obj.id,
                    hint=None if options.last_file_wins else
                    "OME keeps whichever was applied last; keep one definition or pass --last-file-wins",
                    severity=Severity.WARNING if options.last_file_wins else None,
                )
            )
            if not options.last_file_wins:
                continue
        seen[key] = obj
    catalog = _index(seen.values())
    for runtime in (*catalog.cluster_runtimes.values(), *catalog.runtimes.values()):
        diags += validate_runtime(runtime, catalog)
    catalog.rejected = {key: obj for key, obj in rejected.items() if key not in seen}
    services = []
    for isvc in catalog.services:
        converted, webhook_diags = apply_webhooks(isvc, catalog, config.default_deployment_mode)
        diags += webhook_diags
        services.append(converted)
    catalog.services = services
    return catalog, diags


def _classify(doc: Document, options: Options, diags: list[Diagnostic]) -> tuple[Obj | None, list[Diagnostic]]:
    """The OME object a document holds and the API server's objections to its metadata; (None, []) for a document
    that is not an OME object omec compiles (with its diagnostic in ``diags``)."""
    body, ref = doc.body, doc.ref
    api_version, kind = body.get("apiVersion"), body.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str) or not api_version or not kind:
        missing = "apiVersion" if not api_version else "kind"
        diags.append(
            codes.NOT_AN_OBJECT.at(
                f"document has no {missing}", ref, (missing,), hint="every document must be a Kubernetes object"
            )
        )
        return None, []
    if api_version != OME_API_VERSION or kind not in OME_KINDS:
        diags.append(not_compiled(api_version, kind, body, ref))
        return None, []
    raw_metadata = body.get("metadata")
    metadata = raw_metadata if isinstance(raw_metadata, dict) else {}
    name = metadata.get("name")
    if name is None or name == "":
        diags.append(codes.MISSING_NAME.at(f"{kind} has no metadata.name", ref, ("metadata",)))
        return None, []
    if not isinstance(name, str):
        diags += name_problems(kind, name, ref, kind)
        return None, []
    namespace = metadata.get("namespace")
    problems: list[Diagnostic] = []
    if kind in CLUSTER_SCOPED:
        if namespace:
            diags.append(
                codes.NAMESPACE_IGNORED.at(
                    f"{kind} is cluster-scoped; metadata.namespace {namespace!r} is ignored",
                    ref,
                    ("metadata", "namespace"),
                    object=f"{kind} {name}",
                )
            )
        namespace = None
    elif namespace is None or namespace == "":
        namespace = options.namespace
    else:
        problems = namespace_problems(kind, namespace, ref, f"{kind} {namespace}/{name}")
        if not isinstance(namespace, str):
            diags += problems + name_problems(kind, name, ref, f"{kind} {name}")
            return None, []
    obj = Obj(kind, name, namespace, body, ref)
    return obj, name_problems(kind, name, ref, obj.id) + problems + label_problems(metadata, ref, obj.id)


def _index(objects: Iterable[Obj]) -> Catalog:
    catalog = Catalog()
    for obj in sorted(objects, key=lambda o: (o.kind, o.namespace or "", o.name)):
        if obj.kind == CLUSTER_SERVING_RUNTIME:
            catalog.cluster_runtimes[obj.name] = obj
        elif obj.kind == SERVING_RUNTIME:
            catalog.runtimes[(obj.ns, obj.name)] = obj
        elif obj.kind == CLUSTER_BASE_MODEL:
            catalog.cluster_models[obj.name] = obj
        elif obj.kind == BASE_MODEL:
            catalog.models[(obj.ns, obj.name)] = obj
        elif obj.kind == ACCELERATOR_CLASS:
            catalog.accelerators[obj.name] = obj
        elif obj.kind == FINE_TUNED_WEIGHT:
            catalog.fine_tuned_weights[obj.name] = obj
        elif obj.kind == INFERENCE_SERVICE:
            catalog.services.append(obj)
    return catalog
