"""The only module that sequences the stages: load -> validate -> resolve -> expand -> check -> render -> check -> write.

Every function here returns data (results and diagnostics); the CLI decides what to print and exit with.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from omec import OME_COMMIT, __version__
from omec.check import check_manifests, fleet_entry, fleet_quirks, plan_quirks
from omec.check.schemas import OutputValidator
from omec.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics
from omec.plan import Plan, plan_service
from omec.load import (
    LoadResult,
    Locator,
    load_paths,
    load_positions,
    load_texts,
    read_yaml_value,
    save_positions,
)
from omec.model import Catalog, Obj
from omec.options import Options
from omec.render import Manifest, render
from omec.resolve import resolve_service
from omec.validate.model_metadata import parse_model_metadata
from omec.resolve.result import Resolution
from omec.validate import validate
from omec.validate.controller_config import (
    SHIPPED,
    ControllerConfig,
    parse_controller_config,
)
from omec.load.cache import Cache
from omec.load.schemas import open_schema_set
from omec.schema import SchemaSet
from omec.validate.schemas import InputChecker
from omec.write import INDEX_FILE
from omec.write.serialize import dump


@dataclass(slots=True)
class Inputs:
    """Everything a run reads, already parsed."""

    loaded: LoadResult
    config: ControllerConfig = SHIPPED
    options: Options = field(default_factory=Options)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class BuildResult:
    catalog: Catalog | None = None
    manifests: list[Manifest] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def read_inputs(
    paths: Sequence[str] | None,
    options: Options,
    controller_config: str | None = None,
    model_metadata: str | None = None,
    texts: dict[str, str] | None = None,
) -> Inputs:
    """LOAD: spec files (or in-memory texts) plus the optional side files."""
    loaded = load_texts(texts) if texts is not None else load_paths(paths or [])
    inputs = Inputs(loaded, options=options)
    if controller_config:
        value, diags = read_yaml_value(controller_config)
        inputs.diagnostics += diags
        if value is not None:
            inputs.config, config_diags = parse_controller_config(value, controller_config)
            inputs.diagnostics += config_diags
    if model_metadata:
        value, diags = read_yaml_value(model_metadata)
        inputs.diagnostics += diags
        overlay, overlay_diags = parse_model_metadata(value, model_metadata)
        inputs.diagnostics += overlay_diags
        inputs.options = replace(options, model_metadata=overlay)
    return inputs


def load_catalog(inputs: Inputs, schemas: SchemaSet | None = None) -> tuple[Catalog, list[Diagnostic]]:
    """VALIDATE only: the catalog and every diagnostic so far (load, side files, validation)."""
    cache = Cache.open("validators")
    schemas = schemas or open_schema_set(inputs.options.k8s_version, cache)
    checker = InputChecker(schemas, cache)
    catalog, diags = validate(inputs.loaded.documents, inputs.options, inputs.config, checker)
    checker.save()
    return catalog, list(inputs.loaded.diagnostics) + inputs.diagnostics + diags


def finish_diagnostics(
    diags: list[Diagnostic], ignore: frozenset = frozenset(), locator: Locator | None = None
) -> list[Diagnostic]:
    """Drop ignored warnings, fill positions, sort and de-duplicate."""
    kept = [d for d in diags if d.severity >= Severity.ERROR or d.code not in ignore]
    return sorted_diagnostics((locator or Locator()).locate(kept))


@dataclass(slots=True)
class Session:
    """What every InferenceService of one run shares (inherited by worker processes)."""

    inputs: Inputs
    catalog: Catalog
    validator: OutputValidator | None
    skip: frozenset  # SourceRefs of services whose own document failed validation
    positions: dict = field(default_factory=dict)  # position tables of files located in earlier runs

    def locator(self) -> Locator:
        return Locator(self.inputs.loaded.hashes, self.positions)

    def keep_positions(self, new: dict) -> None:
        """Store position tables found this run (the positions cache of the load stage)."""
        save_positions(self.positions, new, self.inputs.loaded.hashes.values())


@dataclass(slots=True)
class ServiceResult:
    resolution: Resolution | None = None
    plan: Plan | None = None
    manifests: list[Manifest] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def start(inputs: Inputs, validate_output: bool = True) -> tuple[Session, list[Diagnostic]]:
    """VALIDATE: build the catalog and the compiled validators once per run."""
    schemas = open_schema_set(inputs.options.k8s_version, Cache.open("validators"))
    validator = OutputValidator(schemas) if validate_output else None
    catalog, diags = load_catalog(inputs, schemas)
    skip = frozenset(d.ref for d in diags if d.severity >= Severity.ERROR and d.ref is not None)
    return Session(inputs, catalog, validator, skip, load_positions()), diags


def compile_service(session: Session, isvc: Obj) -> ServiceResult:
    """RESOLVE -> EXPAND -> CHECK -> RENDER -> CHECK for one InferenceService."""
    result = ServiceResult()
    if isvc.ref in session.skip:
        return result
    options, config = session.inputs.options, session.inputs.config
    result.resolution, diags = resolve_service(isvc, session.catalog, options)
    result.diagnostics += diags
    if result.resolution is None:
        return result
    result.plan, diags = plan_service(result.resolution, config)
    result.diagnostics += diags
    if result.plan is None:
        return result
    result.diagnostics += plan_quirks(result.plan)
    result.manifests, diags = render(result.plan, session.catalog, config, options)
    result.diagnostics += diags
    result.diagnostics += check_manifests(
        result.manifests, isvc.ref, isvc.id, session.validator, session.catalog.derived.setdefault("checks", {})
    )
    return result


def compile_inputs(inputs: Inputs, validate_output: bool = True) -> BuildResult:
    """The whole compilation in memory, serially (library use, tests, streaming to stdout)."""
    session, diags = start(inputs, validate_output)
    result = BuildResult(catalog=session.catalog, diagnostics=diags)
    fleet = []
    for isvc in session.catalog.services:
        service = compile_service(session, isvc)
        result.diagnostics += service.diagnostics
        if service.resolution is not None:
            result.resolutions.append(service.resolution)
        if service.plan is not None:
            fleet.append(fleet_entry(service.plan))
        result.manifests += service.manifests
    locator = session.locator()
    result.diagnostics = finish_diagnostics(result.diagnostics + fleet_quirks(fleet), inputs.options.ignore, locator)
    session.keep_positions(locator.new)
    return result


def output_files(result: BuildResult) -> dict[str, bytes]:
    """Serialize every manifest (one object per file) plus the index."""
    files = {m.path: dump(m.body).encode("utf-8") for m in result.manifests}
    files[INDEX_FILE] = index_document(result_index(result))
    return files


_json_string = json.encoder.encode_basestring  # what json.dumps(text, ensure_ascii=False) writes for a str


def index_rows(manifests: list[Manifest], resolution: Resolution) -> dict[str, bytes]:
    """``omec-index.json`` lines of one InferenceService's files (file -> service, object, sources, runtime,
    selection reason), pre-encoded (JSON, then UTF-8) so that workers encode their own rows in parallel. The
    files of a service share the runtime and reason (and mostly the sources): those parts are encoded once."""
    tail = f'"runtime": {_json_string(resolution.runtime.name)}, "selection": {_json_string(resolution.reason)}}}'
    sources: dict[tuple, str] = {}
    rows = {}
    for m in manifests:
        listed = sources.get(m.sources)
        if listed is None:
            listed = sources[m.sources] = "[" + ", ".join(_json_string(f"{r.path}#{r.index}") for r in m.sources) + "]"
        isvc = _json_string(f"{m.namespace}/{m.isvc}")
        rows[m.path] = (
            f'    {_json_string(m.path)}: {{"inferenceService": {isvc}, "kind": {_json_string(m.kind)}, '
            f'"name": {_json_string(m.name)}, "apiVersion": {_json_string(m.body["apiVersion"])}, '
            f'"sources": {listed}, {tail}'
        ).encode("utf-8")
    return rows


def index_document(rows: dict[str, bytes]) -> bytes:
    """The index file from its rows: generator, OME commit, then one file per line in path order. Built as one
    join of the encoded rows (at 10,000 services a str and its encoding cost 180 MB more peak memory)."""
    header = f'{{\n  "generator": "omec {__version__}",\n  "omeCommit": "{OME_COMMIT}",\n  "files": {{\n'
    parts = [header.encode("utf-8")]
    for path in sorted(rows):
        parts += (rows[path], b",\n")
    if rows:
        parts[-1] = b"\n"
    parts.append(b"  }\n}\n")
    return b"".join(parts)


def result_index(result: BuildResult) -> dict[str, bytes]:
    by_isvc = {(r.isvc.namespace, r.isvc.name): r for r in result.resolutions}
    rows: dict[str, bytes] = {}
    for manifest in result.manifests:
        rows.update(index_rows([manifest], by_isvc[(manifest.namespace, manifest.isvc)]))
    return rows
