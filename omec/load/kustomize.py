"""Kustomize-aware inputs: a directory holding a kustomization contributes what ``kustomize build`` would build.

A kustomization with plain ``resources:`` (files, directories holding kustomizations) is followed natively, with
kustomize's rules: a listed file must exist and lie in or below the kustomization's directory
(``LoadRestrictionsRootOnly``), a listed directory must hold a kustomization, a directory that is or contains one
already being built is a cycle, and a file may be listed once. The files are then read as any input file, so
diagnostics keep their positions. YAML files below the kustomization that it does not list are skipped with an
info diagnostic. Anything beyond plain resources (patches, generators, transformers, components, ``namePrefix``,
remote bases ...) is built by the real tool, ``kustomize build DIR`` or else ``kubectl kustomize DIR``, whose output
becomes an in-memory input named ``DIR/<kustomize build>`` (``DIR/<kubectl kustomize>``).

kustomize's own rules: https://github.com/kubernetes-sigs/kustomize/blob/master/api/internal/target/kusttarget.go
(resource accumulation) and api/pkg/loader/fileloader.go (root restriction, cycle detection).
"""
from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

from omec.diagnostics import Diagnostic, SourceRef
from omec.load import codes
from omec.load.yamlfile import YamlSyntaxError, parse_documents

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")  # kustomize's order
KUSTOMIZE_API = "kustomize.config.k8s.io/v1beta1"
PLAIN_FIELDS = ("apiVersion", "kind", "metadata", "resources", "sortOptions")  # sortOptions: order only
# Every other field of kustomize's Kustomization type (api/types/kustomization.go): each changes what is built.
KUSTOMIZE_FIELDS = (
    "bases", "buildMetadata", "commonAnnotations", "commonLabels", "components", "configMapGenerator",
    "configurations", "crds", "generatorOptions", "generators", "helmChartInflationGenerator", "helmCharts",
    "helmGlobals", "imageTags", "images", "labels", "namePrefix", "nameSuffix", "namespace", "openapi", "patches",
    "patchesJson6902", "patchesStrategicMerge", "replacements", "replicas", "secretGenerator", "transformers",
    "validators", "vars",
)
REMOTE_PREFIXES = ("http://", "https://", "git::", "git@", "ssh://", "github.com/", "gitlab.com/", "bitbucket.org/")
TOOL_TIMEOUT = 300  # seconds: a remote base kustomize cannot reach must not hang the run
YAML_SUFFIXES = (".yaml", ".yml")


def kustomization_file(directory: str) -> list[str]:
    """The kustomization file names present in ``directory`` (kustomize accepts exactly one)."""
    return [name for name in KUSTOMIZATION_FILES if os.path.isfile(os.path.join(directory, name))]


@dataclass(slots=True)
class Built:
    """What kustomizations contribute: files read natively, in-memory outputs of the real tool, diagnostics, and
    the kustomization directories handled (real paths; a walk does not enter them again)."""

    files: list[str] = field(default_factory=list)
    texts: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    roots: set[str] = field(default_factory=set)
    tools: list[str] = field(default_factory=list)  # "kubectl kustomize DIR" for each kustomization built by a tool


@dataclass(frozen=True, slots=True)
class _Kustomization:
    directory: str  # as the caller names it (relative paths stay relative)
    path: str  # the kustomization file
    body: dict


class Kustomizer:
    """Builds kustomization directories into a :class:`Built`; ``skip(path)`` says whether a path is excluded
    (``--exclude``); ``tool`` names the real kustomize to run (default: found on PATH)."""

    def __init__(self, skip: Callable[[str], bool] = lambda path: False, tool: list[str] | None = None) -> None:
        self.skip = skip
        self._tool = tool
        self.built = Built()
        self._listed: dict[str, tuple[str, int]] = {}  # real path of every file listed -> (kustomization, item)

    def build(self, directory: str) -> None:
        """Add what ``kustomize build directory`` would build."""
        self._build(directory, ())

    def _build(self, directory: str, chain: tuple[str, ...]) -> None:
        real = os.path.realpath(directory)
        self.built.roots.add(real)
        kustomization = self._read(directory)
        if kustomization is None:
            return
        beyond = [key for key, value in kustomization.body.items() if key not in PLAIN_FIELDS and value]
        resources = kustomization.body.get("resources") or []
        remote = [i for i, r in enumerate(resources) if isinstance(r, str) and r.startswith(REMOTE_PREFIXES)]
        if beyond or remote or kustomization.body.get("kind") == "Component":
            self._run_tool(kustomization, beyond or ["a remote resource"] * bool(remote) or ["kind: Component"])
            return
        if not _is_string_list(resources):
            self._error(codes.KUSTOMIZATION_INVALID, kustomization, ("resources",),
                        "resources must be a list of paths (kustomize: cannot unmarshal into []string)")
            return
        for item, entry in enumerate(resources):
            self._resource(kustomization, item, entry, (*chain, real))
        self._report_unlisted(kustomization)

    def _read(self, directory: str) -> _Kustomization | None:
        names = kustomization_file(directory)
        if not names:
            return None
        path = os.path.normpath(os.path.join(directory, names[0]))
        if len(names) > 1:
            self.built.diagnostics.append(codes.KUSTOMIZATION_INVALID.at(
                f"several kustomization files in {os.path.normpath(directory)}: {', '.join(names)}",
                SourceRef(path, -1), hint="kustomize accepts exactly one: remove the others").located(1, 1))
            return None
        try:
            with open(path, encoding="utf-8-sig") as fh:
                documents = parse_documents(fh.read()).documents
        except (OSError, UnicodeDecodeError, YamlSyntaxError) as exc:
            message = str(exc)
            self.built.diagnostics.append(codes.KUSTOMIZATION_INVALID.at(
                f"cannot read the kustomization: {message}", SourceRef(path, -1), hint="fix the file"))
            return None
        body = documents[0] if len(documents) == 1 else None
        if not isinstance(body, dict):
            self.built.diagnostics.append(codes.KUSTOMIZATION_INVALID.at(
                "a kustomization must be one YAML mapping", SourceRef(path, -1),
                hint="kustomize: cannot unmarshal it into a Kustomization"))
            return None
        kustomization = _Kustomization(directory, path, body)
        api = body.get("apiVersion")
        if api is not None and body.get("kind", "Kustomization") == "Kustomization" and api != KUSTOMIZE_API:
            self._error(codes.KUSTOMIZATION_INVALID, kustomization, ("apiVersion",),
                        f"apiVersion for Kustomization should be {KUSTOMIZE_API}")
            return None
        return kustomization

    def _resource(self, kustomization: _Kustomization, item: int, entry: str, chain: tuple[str, ...]) -> None:
        where = ("resources", item)
        path = os.path.normpath(os.path.join(kustomization.directory, entry))
        if self.skip(path):
            return
        real = os.path.realpath(path)
        if os.path.isfile(real):
            root = os.path.realpath(kustomization.directory)
            if os.path.commonpath([root, real]) != root:
                self._error(codes.KUSTOMIZE_RESOURCE_MISSING, kustomization, where,
                            f"security: file {entry} is not in or below {os.path.normpath(kustomization.directory)}",
                            "kustomize refuses files outside the kustomization's directory: list a directory "
                            "holding a kustomization instead")
            elif real in self._listed:
                first, first_item = self._listed[real]
                self._error(codes.KUSTOMIZE_RESOURCE_MISSING, kustomization, where,
                            f"{entry} is already listed ({first}, resources[{first_item}]): kustomize fails with "
                            "'may not add resource with an already registered id'", "list each file once")
            else:
                self._listed[real] = (kustomization.path, item)
                self.built.files.append(path)
        elif os.path.isdir(real):
            if any(os.path.commonpath([real, visited]) == real for visited in chain):
                self._error(codes.KUSTOMIZE_RESOURCE_MISSING, kustomization, where,
                            f"cycle detected: {entry} is or contains a kustomization being built",
                            "kustomize refuses a resource directory that contains the kustomization listing it")
            elif not kustomization_file(real):
                self._error(codes.KUSTOMIZE_RESOURCE_MISSING, kustomization, where,
                            f"{entry} is a directory without a kustomization",
                            f"kustomize needs one of {', '.join(KUSTOMIZATION_FILES)} in a listed directory")
            else:
                self._build(path, chain)
        else:
            self._error(codes.KUSTOMIZE_RESOURCE_MISSING, kustomization, where,
                        f"no such file or directory: {path}", _did_you_mean(path))

    def _report_unlisted(self, kustomization: _Kustomization) -> None:
        """An info diagnostic for every YAML file below the kustomization that nothing built includes."""
        listed = set(self._listed)
        for root, dirs, files in os.walk(kustomization.directory):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not self.skip(os.path.join(root, d))
                             and os.path.realpath(os.path.join(root, d)) not in self.built.roots)
            for name in sorted(files):
                path = os.path.normpath(os.path.join(root, name))
                if (name.endswith(YAML_SUFFIXES) and name not in KUSTOMIZATION_FILES and not name.startswith(".")
                        and os.path.realpath(path) not in listed and not self.skip(path)):
                    self.built.diagnostics.append(codes.NOT_IN_KUSTOMIZATION.at(
                        f"skipped: {kustomization.path} does not list this file (kustomize would not build it)",
                        SourceRef(path, -1), hint="list it under resources, or pass --no-kustomize to read "
                        "every file of the directory").located(1, 1))

    def _run_tool(self, kustomization: _Kustomization, features: list[str]) -> None:
        command = self._tool or _find_tool()
        directory = os.path.normpath(kustomization.directory)
        uses = ", ".join(features)
        field_ = (features[0],) if features[0] in kustomization.body else ()
        if command is None:
            unknown = [f for f in features if f in kustomization.body and f not in KUSTOMIZE_FIELDS]
            if unknown:
                close = difflib.get_close_matches(unknown[0], KUSTOMIZE_FIELDS + PLAIN_FIELDS, n=1)
                self._error(codes.KUSTOMIZATION_INVALID, kustomization, (unknown[0],),
                            f"invalid Kustomization: unknown field {unknown[0]!r}",
                            f"did you mean {close[0]!r}?" if close else "remove the field")
                return
            self._error(codes.KUSTOMIZE_NEEDED, kustomization, field_,
                        f"this kustomization uses {uses}: omec follows plain resources only, and neither kustomize "
                        "nor kubectl is on PATH",
                        f"install kustomize or kubectl, or pipe its output in: `kubectl kustomize {directory} | omec "
                        "build - ...`; --no-kustomize reads the directory's files plainly")
            return
        label = f"{os.path.basename(command[0])} {' '.join(command[1:])}".strip()
        try:
            proc = subprocess.run([*command, kustomization.directory], capture_output=True, timeout=TOOL_TIMEOUT,
                                  stdin=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            self._error(codes.KUSTOMIZE_FAILED, kustomization, field_, f"{label} {directory} failed: {exc}",
                        "run it by hand to see why")
            return
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            self._error(codes.KUSTOMIZE_FAILED, kustomization, field_,
                        f"{label} {directory} exited {proc.returncode}: {detail[-1] if detail else 'no message'}",
                        "run it by hand to see why")
            return
        name = os.path.join(directory, f"<{label}>")
        self.built.texts[name] = proc.stdout
        self.built.tools.append(f"{label} {directory}")
        self.built.diagnostics.append(codes.KUSTOMIZE_BUILT.at(
            f"built by `{label} {directory}` (it uses {uses}); its objects are positioned in that output, "
            f"named {name}", SourceRef(kustomization.path, -1)))

    def _error(self, code, kustomization: _Kustomization, where: tuple, message: str, hint: str | None = None):
        self.built.diagnostics.append(code.at(message, SourceRef(kustomization.path, 0), where, hint=hint))


def _find_tool() -> list[str] | None:
    """``kustomize build`` if kustomize is on PATH, else ``kubectl kustomize``, else None."""
    for name, sub in (("kustomize", "build"), ("kubectl", "kustomize")):
        found = shutil.which(name)
        if found:
            return [found, sub]
    return None


def _is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _did_you_mean(path: str) -> str:
    folder, name = os.path.split(path)
    try:
        close = difflib.get_close_matches(name, os.listdir(folder or "."), n=1)
    except OSError:
        close = []
    return f"did you mean {os.path.join(folder, close[0])}?" if close else "fix the path or remove the entry"
