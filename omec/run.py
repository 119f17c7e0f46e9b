"""The run loop: the only code that sequences the stages, used by every command and by tests.

    load -> validate -> (per InferenceService) resolve -> plan -> render -> check -> write (a sink)

:func:`run` reads the sources, builds the catalog once, compiles the InferenceServices in chunks (serially or in
forked worker processes, see :mod:`omec.fleet`), applies the fleet-wide rules, positions and sorts the
diagnostics, and publishes the files through a sink (:mod:`omec.write.sinks`) only when nothing failed. The run
owns one :class:`omec.memo.Shared`; results are identical with or without sharing and for any ``jobs``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from omec.check import fleet_warnings
from omec.check.schemas import OutputValidator
from omec.diagnostics import Diagnostic, Severity, sorted_diagnostics
from omec.fleet import Session, compile_all
from omec.load import (
    Excludes,
    LoadResult,
    Locator,
    load_paths,
    load_positions,
    load_texts,
    read_yaml_value,
    save_positions,
)
from omec.load.cache import Cache
from omec.load.compose import YamlLimits
from omec.load.schemas import open_schema_set
from omec.memo import Shared
from omec.model import Catalog
from omec.ome.controller_config import SHIPPED, ControllerConfig
from omec.options import Options
from omec.resolve import explain_model
from omec.resolve.result import Candidate
from omec.validate import validate
from omec.validate.controller_config import parse_controller_config
from omec.validate.model_metadata import parse_model_metadata
from omec.validate.schemas import InputChecker
from omec.write import Sink, meta_files


@dataclass(frozen=True, slots=True)
class Sources:
    """What a run reads: spec files and directories (``-`` = ``stdin``; or in-memory texts, path -> YAML) and the
    side files (a path, or the already parsed YAML value). Directories holding a kustomization are built as
    kustomize would unless ``kustomize`` is off; ``exclude`` filters the walk. ``root`` is the project directory
    that ``omec-index.json`` names sources relative to (default: the common root of ``specs``)."""

    specs: tuple[str, ...] = ()
    texts: Mapping[str, str | bytes] | None = None
    controller_config: str | Mapping | None = None
    model_metadata: str | Mapping | None = None
    kustomize: bool = True
    exclude: Excludes | None = None
    stdin: BinaryIO | None = None
    root: str | None = None


@dataclass(frozen=True, slots=True)
class Explain:
    """``omec explain``: the runtimes OME would consider for one InferenceService (``isvc`` = (namespace, name))
    or, with ``model``, for a model alone in ``namespace``."""

    isvc: tuple[str, str] | None = None
    model: str | None = None
    namespace: str = "default"


@dataclass(slots=True)
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    catalog: Catalog | None = None
    services: int = 0  # InferenceServices that produced objects
    objects: int = 0
    unchanged: int = 0  # files the sink already had with the same bytes
    rows: list[Candidate] | None = None  # explain: every runtime as OME sees it (None: not asked, or no answer)
    found: bool = True  # explain: the InferenceService asked for exists
    tools: list[str] = field(default_factory=list)  # kustomizations built by the real kustomize ("kubectl ...")
    fail_on: Severity = Severity.ERROR  # the lowest severity that fails the run (Options.fail_on)

    @property
    def ok(self) -> bool:
        return not any(d.severity >= self.fail_on for d in self.diagnostics)


def run(sources: Sources, options: Options, sink: Sink, *, explain: Explain | None = None,
        shared: Shared | None = None, progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Compile ``sources`` into ``sink`` (see the module docstring). ``shared`` defaults to a new sharing object;
    pass ``Shared(enabled=False)`` to compute everything per service. ``progress(done, total)`` is called as
    InferenceServices are compiled."""
    loaded, config, options, diags = _read(sources, options)
    cache = Cache.open("validators")
    schemas = open_schema_set(options.k8s_version, cache)
    checker = InputChecker(schemas, cache)
    catalog, validate_diags = validate(loaded.documents, options, config, checker)
    checker.save()
    diags += validate_diags
    result = RunResult(catalog=catalog, tools=loaded.tools, fail_on=options.fail_on)
    if explain is not None and explain.model is not None:
        rows, explain_diags = explain_model(explain.model, explain.namespace, catalog, options)
        result.rows = rows or None
        result.diagnostics = finish(_global(diags) + explain_diags, options, Locator(texts=loaded.texts))
        return result
    shared = Shared() if shared is None else shared
    skip = frozenset(d.ref for d in diags if d.severity >= Severity.ERROR and d.ref is not None)
    validator = OutputValidator(schemas, shared)
    session = Session(catalog, options, config, validator, skip, shared, sink, loaded.hashes, load_positions(),
                      loaded.texts, sources.root or loaded.root, progress)
    services = catalog.services
    if explain is not None:
        services = [s for s in services if (s.namespace, s.name) == explain.isvc]
        result.found = bool(services)
        own = services[0] if services else None  # its document, and other definitions of the same object
        diags = _global(diags) + [d for d in diags if own and (d.ref == own.ref or d.object == own.id)]
    problems = sink.open()
    if problems:
        result.diagnostics = finish(diags + problems, options, Locator(texts=loaded.texts))
        return result
    meta: dict[str, bytes] = {}
    committed = False
    try:  # from here on the sink holds a staging tree: it is discarded on any failure, an interrupt included
        outcome = compile_all(session, services, explain is not None)
        result.services, result.objects, result.unchanged = outcome.services, outcome.objects, outcome.unchanged
        result.rows = list(outcome.rows) if explain is not None and outcome.rows else None
        locator = session.locator()
        result.diagnostics = finish(diags + outcome.diagnostics + fleet_warnings(outcome.fleet), options, locator)
        save_positions(session.positions, {**locator.new, **outcome.positions}, loaded.hashes.values())
        meta = meta_files(outcome.index)
        if result.ok:
            unchanged, problems = sink.commit(meta)
            result.unchanged += unchanged
            result.diagnostics = sorted_diagnostics(result.diagnostics + problems)
            committed = not problems
    finally:
        if not committed:
            sink.abort(meta)
    return result


def _read(sources: Sources, options: Options) -> tuple[LoadResult, ControllerConfig, Options, list[Diagnostic]]:
    """LOAD the specs and side files, VALIDATE the side files."""
    limits = YamlLimits(options.max_yaml_aliases, options.max_yaml_nodes)
    if sources.texts is not None:
        loaded = load_texts(dict(sources.texts), limits)
    else:
        loaded = load_paths(sources.specs, limits, kustomize=sources.kustomize, exclude=sources.exclude,
                            stdin=sources.stdin)
    diags = list(loaded.diagnostics)
    config = SHIPPED
    if sources.controller_config is not None:
        value, path = _side_file(sources.controller_config, "<controller-config>", diags, limits)
        if value is not None:
            config, config_diags = parse_controller_config(value, path)
            diags += config_diags
    if sources.model_metadata is not None:
        value, path = _side_file(sources.model_metadata, "<model-metadata>", diags, limits)
        overlay, overlay_diags = parse_model_metadata(value, path)
        diags += overlay_diags
        options = replace(options, model_metadata=overlay)
    return loaded, config, options, diags


def _side_file(given: str | Mapping, name: str, diags: list[Diagnostic], limits: YamlLimits) -> tuple[object, str]:
    """(YAML value, path for diagnostics) of a side file given as a path or as its value."""
    if not isinstance(given, str):
        return dict(given), name
    value, read_diags = read_yaml_value(given, limits)
    diags += read_diags
    return value, given


def _global(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Errors about the run itself (unreadable inputs, side files), not about one document."""
    return [d for d in diags if d.severity >= Severity.ERROR and d.ref is None]


def finish(diags: list[Diagnostic], options: Options, locator: Locator | None = None) -> list[Diagnostic]:
    """Drop ignored warnings, fill positions, sort and de-duplicate."""
    kept = [d for d in diags if d.severity >= Severity.ERROR or d.code not in options.ignore]
    return sorted_diagnostics((locator or Locator()).locate(kept))


__all__ = ["Explain", "RunResult", "Sources", "finish", "run"]
