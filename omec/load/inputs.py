"""Finding a run's inputs: files, directories (walked for ``*.yaml`` / ``*.yml``), kustomizations, standard input.

* A directory is walked recursively in sorted order; hidden files and directories (``.name``) are skipped with an
  info diagnostic, and so are paths matching an ``--exclude`` glob (silently: you asked for it). Paths you name
  are always read.
* A directory holding a kustomization (given, or met while walking) contributes what kustomize would build from it
  (:mod:`omec.load.kustomize`), unless ``kustomize=False`` (``--no-kustomize``).
* ``-`` is standard input: one multi-document YAML stream, named ``<stdin>`` in diagnostics.

The inputs' common root (the deepest directory holding them all) is what ``omec-index.json`` paths are relative to
when no project file says otherwise.
"""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from omec.diagnostics import Diagnostic, SourceRef
from omec.load import codes
from omec.load.files import file_kind
from omec.load.kustomize import KUSTOMIZATION_FILES, Kustomizer, kustomization_file

STDIN = "-"
STDIN_NAME = "<stdin>"
YAML_SUFFIXES = (".yaml", ".yml")


def display_path(path: str, cwd: str | None = None) -> str:
    """Paths relative to the working directory when below it (no absolute paths in output)."""
    cwd = cwd or os.getcwd()
    if not os.path.isabs(path):
        return os.path.normpath(path)
    if path == cwd:
        return "."
    prefix = cwd.rstrip(os.sep) + os.sep
    return path.removeprefix(prefix)


class Excludes:
    """``--exclude`` globs, each relative to a base directory (the working directory for the flag, the project
    file's directory for its ``exclude:`` list). A glob without ``/`` matches a file or directory name anywhere
    (``*.bak``, ``drafts``); one with ``/`` matches the path below the base (``fnmatch``: ``*`` also matches
    ``/``, so ``specs/**/test-*.yaml`` and ``specs/*/test-*.yaml`` both reach any depth)."""

    def __init__(self, patterns: Sequence[tuple[str, str]] = ()) -> None:
        self._names = [glob for _, glob in patterns if "/" not in glob.rstrip("/")]
        self._paths = [os.path.join(os.path.abspath(base), glob.rstrip("/"))
                       for base, glob in patterns if "/" in glob.rstrip("/")]

    def __bool__(self) -> bool:
        return bool(self._names or self._paths)

    def __call__(self, path: str) -> bool:
        name = os.path.basename(os.path.normpath(path))
        if any(fnmatch.fnmatchcase(name, glob) for glob in self._names):
            return True
        absolute = os.path.abspath(path)
        return any(fnmatch.fnmatchcase(absolute, glob) for glob in self._paths)


@dataclass(slots=True)
class Inputs:
    files: list[str] = field(default_factory=list)  # display paths, sorted, each once
    texts: dict[str, bytes] = field(default_factory=dict)  # in-memory sources: name -> YAML (stdin, kustomize)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    root: str | None = None  # absolute common root of the inputs named (None: only in-memory inputs)
    tools: list[str] = field(default_factory=list)  # the real kustomize runs ("kubectl kustomize DIR")


def find_inputs(paths: Sequence[str], *, kustomize: bool = True, exclude: Excludes | None = None,
                stdin: BinaryIO | None = None) -> Inputs:
    """The files and in-memory texts ``paths`` name (see the module docstring)."""
    skip = exclude or Excludes()
    kustomizer = Kustomizer(skip)
    found: set[str] = set()
    inputs = Inputs()
    diags = inputs.diagnostics
    roots = []
    for given in paths:
        if given == STDIN:
            inputs.texts[STDIN_NAME] = _read_stdin(stdin, diags)
            continue
        if kustomize and os.path.isfile(given) and os.path.basename(given) in KUSTOMIZATION_FILES:
            given = os.path.dirname(given) or "."
        if os.path.isdir(given):
            roots.append(os.path.abspath(given))
            if kustomize and kustomization_file(given):
                kustomizer.build(given)
            else:
                _walk(given, found, kustomizer if kustomize else None, skip, diags)
        elif os.path.exists(given):
            roots.append(os.path.dirname(os.path.abspath(given)))
            if _regular(given, diags):
                found.add(given)
        else:
            diags.append(codes.READ_FAILED.at(f"no such file or directory: {given}", hint="check the path"))
    built = kustomizer.built
    found.update(built.files)
    inputs.texts.update(built.texts)
    diags += built.diagnostics
    inputs.tools = built.tools
    cwd = os.getcwd()
    inputs.files = sorted({display_path(p, cwd) for p in found})
    inputs.root = os.path.commonpath(roots) if roots else None
    return inputs


def _walk(top: str, found: set[str], kustomizer: Kustomizer | None, skip: Excludes, diags: list[Diagnostic]) -> None:
    for root, dirs, files in os.walk(top):
        kept = []
        for name in sorted(dirs):
            path = os.path.join(root, name)
            if name.startswith("."):
                diags.append(_hidden(path, "directory"))
            elif skip(path):
                continue
            elif kustomizer is not None and kustomization_file(path):
                kustomizer.build(path)
            else:
                kept.append(name)
        dirs[:] = kept
        for name in files:
            path = os.path.join(root, name)
            if not name.endswith(YAML_SUFFIXES) or skip(path):
                continue
            if name.startswith("."):
                diags.append(_hidden(path, "file"))
            elif _regular(path, diags):
                found.add(path)


def _regular(path: str, diags: list[Diagnostic]) -> bool:
    """Whether to read ``path``: a regular file, or one whose status cannot be read (reading it reports why)."""
    try:
        kind = file_kind(os.stat(path).st_mode)
    except OSError:
        return True
    if kind is not None:
        diags.append(not_regular(display_path(path), kind))
    return kind is None


def not_regular(path: str, kind: str) -> Diagnostic:
    """A FIFO, socket or device named like a spec: skipped, never opened (reading a FIFO blocks)."""
    return codes.NOT_REGULAR.at(f"skipped: {kind}, not a regular file", SourceRef(path, -1),
                                hint="only regular files (and symlinks to them) are read as specs")


def _hidden(path: str, what: str) -> Diagnostic:
    """A hidden file is positioned at its start; a directory has no position."""
    shown = display_path(os.path.normpath(path))
    diag = codes.HIDDEN_SKIPPED.at(f"skipped hidden {what} {shown}", SourceRef(shown, -1),
                                   hint="name it without the leading '.', or pass it explicitly to read it")
    return diag.located(1, 1) if what == "file" else diag


def _read_stdin(stdin: BinaryIO | None, diags: list[Diagnostic]) -> bytes:
    if stdin is None:
        diags.append(codes.READ_FAILED.at("'-' names standard input, which this run has not got",
                                          hint="pipe the YAML in: `kubectl kustomize DIR | omec build - -o OUT`"))
        return b""
    return stdin.read()
