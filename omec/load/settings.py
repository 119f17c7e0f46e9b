"""Run settings written down instead of given as flags: the project file ``omec.yaml``, a KRM function's
``functionConfig`` and Argo CD's ``ARGOCD_ENV_*`` parameters all name the same settings, checked by one table.

Keys are the flags' names in camelCase (``--fail-on`` -> ``failOn``); in string form (environment variables,
ConfigMap ``data``) booleans are Go's ``strconv.ParseBool`` words, numbers decimal, lists comma- or
space-separated. A setting is returned under the CLI parameter's name (``fail_on``).
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from omec.diagnostics import Code, Diagnostic, SourceRef
from omec.golang.strconv import atoi, parse_bool
from omec.load.schemas import supported_k8s_versions
from omec.options import SUPPORTED_OME_VERSIONS

FAIL_ON = ("error", "warning")


@dataclass(frozen=True, slots=True)
class Setting:
    key: str  # camelCase, as written
    kind: str  # "str", "bool", "int", "list", "path", "paths" (paths: relative to the file that names them)
    help: str
    choices: Callable[[], list[str] | tuple[str, ...]] | None = None

    @property
    def param(self) -> str:
        """The CLI parameter name (``failOn`` -> ``fail_on``, ``k8sVersion`` -> ``k8s_version``)."""
        return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", self.key).lower()

    @property
    def env(self) -> str:
        """The Argo CD parameter name (``failOn`` -> ``FAIL_ON``; set as ``ARGOCD_ENV_FAIL_ON``)."""
        return self.param.upper()


SETTINGS = {s.key: s for s in (
    Setting("specs", "paths", "spec files and directories (default: the project file's directory)"),
    Setting("exclude", "list", "globs of paths not to read (--exclude)"),
    Setting("output", "path", "output directory (-o)"),
    Setting("controllerConfig", "path", "OME's inferenceservice-config ConfigMap (--controller-config)"),
    Setting("modelMetadata", "path", "model facts OME's model agent fills (--model-metadata)"),
    Setting("namespace", "str", "namespace of objects that declare none (-n)"),
    Setting("k8sVersion", "str", "Kubernetes version of the schemas (--k8s-version)", supported_k8s_versions),
    Setting("omeVersion", "str", "OME behaviour to reproduce (--ome-version)", lambda: SUPPORTED_OME_VERSIONS),
    Setting("ignore", "list", "warning/info codes not to report (--ignore)"),
    Setting("failOn", "str", "lowest severity that fails the run (--fail-on)", lambda: FAIL_ON),
    Setting("maxDiagnostics", "int", "diagnostics shown at most (--max-diagnostics)"),
    Setting("strict", "bool", "unparseable values are errors (--strict)"),
    Setting("lastFileWins", "bool", "duplicate objects: the last wins (--last-file-wins)"),
    Setting("kustomize", "bool", "follow kustomizations (false = --no-kustomize)"),
    Setting("assumeReady", "bool", "ingress objects as in steady state (--assume-ready)"),
    Setting("knativeDomain", "str", "Knative's domain (--knative-domain)"),
    Setting("knativeDomainTemplate", "str", "Knative's domain template (--knative-domain-template)"),
    Setting("clusterDomain", "str", "cluster DNS domain (--cluster-domain)"),
    Setting("jobs", "int", "worker processes, 0 = auto (-j)"),
    Setting("ownerUid", "str", "emit ownerReferences with this UID (--owner-uid)"),
)}
# Settings of `omec fn` only (its functionConfig).
FN_SETTINGS = {s.key: s for s in (
    Setting("keepInputs", "bool", "keep the OME objects in the output beside what they generate"),
    Setting("outputDir", "str", "directory of the generated files in the package (default: generated)"),
)}
PROJECT_KEYS = frozenset(SETTINGS)
FN_KEYS = frozenset(SETTINGS) - {"specs", "exclude", "output", "jobs"} | frozenset(FN_SETTINGS)


def parse_settings(values: Mapping, code: Code, ref: SourceRef | None, allowed: frozenset = PROJECT_KEYS,
                   strings: bool = False, at: tuple = ()) -> tuple[dict, list[Diagnostic]]:
    """Check ``values`` (key -> value, or key -> string with ``strings``) against the table: the settings by CLI
    parameter name, and a diagnostic (``code``, positioned at ``at + (key,)`` in ``ref``) per problem."""
    out: dict = {}
    diags: list[Diagnostic] = []
    table = {**SETTINGS, **FN_SETTINGS}
    for key, value in values.items():
        setting = table.get(key) if key in allowed else None
        if setting is None:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known settings: {', '.join(sorted(allowed))}"
            diags.append(code.at(f"unknown setting {key!r}", ref, (*at, key), hint=hint))
            continue
        try:
            out[setting.param] = _convert(setting, value, strings)
        except ValueError as exc:
            diags.append(code.at(f"{key}: {exc}", ref, (*at, key), hint=setting.help))
    return out, diags


def _convert(setting: Setting, value: object, strings: bool):
    kind = setting.kind
    if kind in ("list", "paths"):
        if strings and isinstance(value, str):
            value = [part for part in re.split(r"[,\s]+", value) if part]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError("expected a list of strings")
        return tuple(value)
    if kind == "bool":
        if strings and isinstance(value, str):
            return parse_bool(value)
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, not {value!r}")
        return value
    if kind == "int":
        number = atoi(value) if strings and isinstance(value, str) else value
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise ValueError(f"expected a whole number >= 0, not {value!r}")
        return number
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"expected a string, not the number {value!r}: quote it (\"{value}\")")
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty string, not {value!r}")
    choices = setting.choices() if setting.choices else None
    if choices and value not in choices:
        raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
    return value
