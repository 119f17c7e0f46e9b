"""The only module that sequences the stages: load -> validate -> resolve -> expand -> check -> render -> check -> write.

Every function here returns data (results and diagnostics); the CLI decides what to print and exit with.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Sequence

from omec import OME_COMMIT, __version__
from omec.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics
from omec.check import check_manifests, fleet_quirks, plan_quirks
from omec.check.schemas import OutputValidator
from omec.expand import expand
from omec.load import LoadResult, load_paths, load_texts, locate, read_yaml_value
from omec.model import Catalog
from omec.options import Options
from omec.render import Manifest, render
from omec.resolve import resolve_service
from omec.resolve.metadata import parse_model_metadata
from omec.resolve.result import Resolution
from omec.validate import validate
from omec.validate.schema import DEFAULT_K8S_VERSION, SchemaSet
from omec.validate.controller_config import SHIPPED, ControllerConfig, parse_controller_config
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
    schemas = schemas or SchemaSet(inputs.options.k8s_version or DEFAULT_K8S_VERSION)
    catalog, diags = validate(inputs.loaded.documents, inputs.options, inputs.config, schemas)
    return catalog, list(inputs.loaded.diagnostics) + inputs.diagnostics + diags


def finish_diagnostics(diags: list[Diagnostic], ignore: frozenset = frozenset()) -> list[Diagnostic]:
    """Drop ignored warnings, fill positions, sort and de-duplicate."""
    kept = [d for d in diags if d.severity >= Severity.ERROR or d.code not in ignore]
    return sorted_diagnostics(locate(kept))


def compile_inputs(inputs: Inputs, validate_output: bool = True) -> BuildResult:
    """VALIDATE -> RESOLVE -> EXPAND -> CHECK -> RENDER -> CHECK for every InferenceService."""
    options = inputs.options
    schemas = SchemaSet(options.k8s_version or DEFAULT_K8S_VERSION)
    validator = OutputValidator(schemas.k8s_version, schema_set=schemas) if validate_output else None
    catalog, diags = load_catalog(inputs, schemas)
    result = BuildResult(catalog=catalog, diagnostics=diags)
    failed_refs = {d.ref for d in diags if d.severity >= Severity.ERROR and d.ref is not None}
    plans = []
    for isvc in catalog.services:
        if isvc.ref in failed_refs:
            continue
        resolution, diags = resolve_service(isvc, catalog, options)
        result.diagnostics += diags
        if resolution is None:
            continue
        result.resolutions.append(resolution)
        plan, diags = expand(resolution, inputs.config)
        result.diagnostics += diags
        if plan is None:
            continue
        plans.append(plan)
        result.diagnostics += plan_quirks(plan)
        manifests, diags = render(plan, catalog, inputs.config, options)
        result.diagnostics += diags
        result.diagnostics += check_manifests(manifests, isvc.ref, isvc.id, validator)
        result.manifests += manifests
    result.diagnostics = finish_diagnostics(result.diagnostics + fleet_quirks(plans), options.ignore)
    return result


def output_files(result: BuildResult) -> dict[str, bytes]:
    """Serialize every manifest (one object per file) plus the index."""
    files = {m.path: dump(m.body).encode("utf-8") for m in result.manifests}
    files[INDEX_FILE] = index_json(result).encode("utf-8")
    return files


def index_json(result: BuildResult) -> str:
    by_isvc = {(r.isvc.namespace, r.isvc.name): r for r in result.resolutions}
    files = {}
    for manifest in sorted(result.manifests, key=lambda m: m.path):
        resolution = by_isvc[(manifest.namespace, manifest.isvc)]
        files[manifest.path] = {
            "inferenceService": f"{manifest.namespace}/{manifest.isvc}",
            "kind": manifest.kind,
            "name": manifest.name,
            "apiVersion": manifest.body["apiVersion"],
            "sources": [f"{ref.path}#{ref.index}" for ref in manifest.sources],
            "runtime": resolution.runtime.name,
            "selection": resolution.reason,
        }
    index = {"generator": f"omec {__version__}", "omeCommit": OME_COMMIT, "files": files}
    return json.dumps(index, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
