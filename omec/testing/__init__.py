"""Build specs in memory, exactly as ``omec build`` writes them: for tests (yours and omec's) and library use.

    from omec.testing import build
    out = build("specs/")                  # files and/or directories, like the command line
    assert out.ok, out.report()
    out.files["llm-prod/qwen/deployment-qwen-engine.yaml"]   # the YAML text omec would write
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from omec.diagnostics import Diagnostic, Severity
from omec.memo import Shared
from omec.model import Catalog
from omec.options import Options
from omec.run import Sources, run
from omec.write import INDEX_FILE, META_FILES, MemorySink


@dataclass(slots=True)
class BuildOutput:
    """The files of a build (relative path -> text, ``omec-index.json`` and ``kustomization.yaml`` included) and
    its diagnostics."""

    files: dict[str, str]
    diagnostics: list[Diagnostic]
    catalog: Catalog | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not any(d.severity >= Severity.ERROR for d in self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity >= Severity.ERROR]

    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]

    def objects(self) -> dict[str, Any]:
        """Every generated object (parsed YAML) by file path, the index and the kustomization left out."""
        return {path: yaml.safe_load(text) for path, text in self.files.items() if path not in META_FILES}

    def index(self) -> dict:
        """``omec-index.json`` parsed: file -> InferenceService, object, sources, runtime, selection reason."""
        return json.loads(self.files[INDEX_FILE]) if INDEX_FILE in self.files else {}

    def report(self) -> str:
        """The diagnostics as omec prints them (for assertion messages)."""
        return "\n".join(
            f"{d.ref.path if d.ref else 'omec'}:{d.line}:{d.col}: {d.severity.label}[{d.code}] {d.message}"
            for d in self.diagnostics
        )


def build(
    *paths: str,
    texts: Mapping[str, str] | None = None,
    controller_config: str | Mapping | None = None,
    model_metadata: str | Mapping | None = None,
    options: Options | None = None,
    shared: Shared | None = None,
    partial: bool = False,
    kustomize: bool = True,
) -> BuildOutput:
    """Compile ``paths`` (or in-memory ``texts``: path -> YAML) with ``options``; nothing touches the disk but
    reading the inputs (and omec's cache). With ``partial``, a failed build still gives the files of every
    InferenceService that compiled (what ``omec build`` would have written for them) and their index.
    ``kustomize=False`` reads directories holding a kustomization plainly (``--no-kustomize``)."""
    sink = MemorySink(partial)
    sources = Sources(tuple(paths), texts, controller_config, model_metadata, kustomize=kustomize)
    result = run(sources, options or Options(), sink, shared=shared)
    return BuildOutput(sink.texts(), result.diagnostics, result.catalog)
