"""The project file ``omec.yaml``: the settings of a repository's builds, so that ``omec build`` needs no flags.

It is found in the working directory or the nearest parent holding one (``--config FILE`` names it instead).
Paths in it are relative to its directory, which is also the project root that ``omec-index.json`` paths are
relative to. Flags override it. An empty file is a valid project (every default, specs = its directory).

    apiVersion: omec.dev/v1alpha1      # optional envelope
    kind: Project
    specs: [deploy/specs]
    exclude: ["*.draft.yaml"]
    output: deploy/generated
    controllerConfig: deploy/inferenceservice-config.yaml
    failOn: warning
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from omec.diagnostics import Diagnostic, SourceRef
from omec.load import codes
from omec.load.inputs import display_path
from omec.load.settings import SETTINGS, parse_settings
from omec.load.yamlfile import YamlSyntaxError, parse_documents

PROJECT_FILE = "omec.yaml"
API_VERSION = "omec.dev/v1alpha1"
KIND = "Project"


@dataclass(slots=True)
class Project:
    path: str  # the project file, as displayed
    root: str  # its directory, absolute
    settings: dict = field(default_factory=dict)  # CLI parameter name -> value; paths relative to the working dir
    excludes: list[tuple[str, str]] = field(default_factory=list)  # (base directory, glob)


def find_project(start: str | None = None) -> str | None:
    """``omec.yaml`` in ``start`` (the working directory) or its nearest parent holding one."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(folder, PROJECT_FILE)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_project(path: str) -> tuple[Project | None, list[Diagnostic]]:
    """Read and check the project file at ``path``; None (and the errors) when it is invalid."""
    shown = display_path(path)
    ref = SourceRef(shown, 0)
    try:
        with open(path, encoding="utf-8-sig") as fh:
            documents = parse_documents(fh.read()).documents
    except (OSError, UnicodeDecodeError, YamlSyntaxError) as exc:
        message = str(exc)
        return None, [codes.PROJECT_INVALID.at(f"cannot read the project file: {message}", SourceRef(shown, -1))]
    body = documents[0] if documents else None
    if body is None:
        body = {}
    if len(documents) > 1 or not isinstance(body, dict):
        return None, [codes.PROJECT_INVALID.at("the project file must be one YAML mapping of settings", ref,
                                               hint=f"e.g. specs: [specs], output: out ({', '.join(SETTINGS)})")]
    diags = []
    for key, expected in (("apiVersion", API_VERSION), ("kind", KIND)):
        if key in body and body[key] != expected:
            diags.append(codes.PROJECT_INVALID.at(f"{key} must be {expected}", ref, (key,)))
    values = {k: v for k, v in body.items() if k not in ("apiVersion", "kind")}
    settings, problems = parse_settings(values, codes.PROJECT_INVALID, ref)
    diags += problems
    if diags:
        return None, diags
    root = os.path.dirname(os.path.abspath(path))
    project = Project(shown, root)
    for name, value in settings.items():
        if name == "exclude":
            project.excludes = [(root, glob) for glob in value]
            continue
        kind = SETTINGS[_key(name)].kind
        if kind == "path":
            value = _relative(root, value)
        elif kind == "paths":
            value = tuple(_relative(root, p) for p in value)
        project.settings[name] = value
    project.settings.setdefault("specs", (_relative(root, "."),))
    return project, []


def _key(param: str) -> str:
    return next(key for key, setting in SETTINGS.items() if setting.param == param)


def _relative(root: str, path: str) -> str:
    """A path of the project file as the working directory sees it (relative when below it)."""
    return display_path(os.path.normpath(os.path.join(root, os.path.expanduser(path))))
