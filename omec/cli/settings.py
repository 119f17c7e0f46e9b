"""Where a command's settings come from, lowest first: omec's defaults, the project file ``omec.yaml`` (found in the
working directory or a parent, or ``--config FILE``), the environment of a plugin (Argo CD: its application's
namespace, then its ``ARGOCD_ENV_*`` parameters), and the flags on the command line. Lists (``exclude``,
``ignore``) add up; every other setting is replaced by the later source."""
from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import click
from click.core import ParameterSource

from omec.cli import params as checks
from omec.cli import report
from omec.diagnostics import Diagnostic, Severity, has_errors
from omec.load import Excludes, Locator
from omec.load.codes import PROJECT_INVALID
from omec.load.project import Project, find_project, load_project
from omec.load.settings import SETTINGS, parse_settings
from omec.options import Options

ADDED_UP = ("ignore", "exclude")
OPTION_FIELDS = frozenset(f.name for f in fields(Options))
EXIT_SPEC_ERRORS = 1


@dataclass(slots=True)
class Resolved:
    params: dict  # the command's parameters with every source applied
    project: Project | None
    excludes: Excludes

    @property
    def root(self) -> str | None:
        """The project root ``omec-index.json`` paths are relative to (None: the inputs' common root)."""
        return self.project.root if self.project else None


def env_settings(environ: Mapping[str, str], prefix: str) -> tuple[dict, list[Diagnostic]]:
    """The settings given as environment variables ``<prefix><NAME>`` (``ARGOCD_ENV_FAIL_ON=warning``)."""
    settings: dict = {}
    diags: list[Diagnostic] = []
    for setting in SETTINGS.values():
        name = prefix + setting.env
        if name in environ:
            found, problems = parse_settings({setting.key: environ[name]}, PROJECT_INVALID, None, strings=True)
            settings.update(found)
            diags += [replace(d, message=f"{name}: {d.message}", field=()) for d in problems]
    return settings, diags


def resolve(params: dict, layers: tuple[dict, ...] = (), fmt: str = "text") -> Resolved:
    """Apply the project file and ``layers`` (settings by parameter name, later ones win) under the flags the user
    gave; print the project file's errors and exit 1 when it is invalid."""
    ctx = click.get_current_context()
    config = params.pop("config", None)
    path = config or find_project()
    project = None
    if path:
        project, diags = load_project(path)
        if project is None:
            fail(diags, fmt)
    cwd = "."  # globs of flags and of a plugin's environment are relative to the working directory
    excludes = [(cwd, glob) for glob in params.pop("exclude", ())]
    merged: dict = {}
    for layer in (project.settings if project else {}, *layers):
        for name, value in layer.items():
            merged[name] = (*merged.get(name, ()), *value) if name in ADDED_UP else value
    for name, value in merged.items():
        if name == "exclude":  # from a plugin's environment: relative to the working directory
            excludes += [(cwd, glob) for glob in value]
        elif name in params and name in ADDED_UP:
            params[name] = (*value, *params[name])
        elif name in params and ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
            params[name] = value
    if project is not None:
        excludes += project.excludes
    try:  # values from the project file or a plugin's environment are held to the rules of the flags
        if "namespace" in params:
            params["namespace"] = checks.namespace(ctx, None, params["namespace"])
        if "ignore" in params:
            params["ignore"] = checks.ignored_codes(ctx, None, tuple(params["ignore"]))
    except click.BadParameter as exc:
        raise click.UsageError(exc.message) from None
    return Resolved(params, project, Excludes(excludes))


def fail(diags: list[Diagnostic], fmt: str) -> None:
    """Print settings errors (positioned in their file) and exit 1."""
    shown = Locator().locate(diags)
    click.echo(report.FORMATS[fmt](shown), err=True)
    if has_errors(shown):
        sys.exit(EXIT_SPEC_ERRORS)


def options_from(params: Mapping) -> Options:
    """The run options among a command's parameters (or settings), in Options' types."""
    values = {name: value for name, value in params.items() if name in OPTION_FIELDS}
    values["ignore"] = frozenset(code.upper() for code in values.get("ignore", ()))
    values["fail_on"] = Severity.WARNING if values.get("fail_on") == "warning" else Severity.ERROR
    if "jobs" in values:
        values["jobs"] = values["jobs"] or None  # 0 = auto
    return Options(**values)
