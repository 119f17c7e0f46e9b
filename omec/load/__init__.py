"""LOAD stage: find input files, read them, parse every YAML document.

Only this package (and ``omec.write``) touches the filesystem. Files are read in sorted path order;
directories are walked recursively for ``*.yaml`` / ``*.yml``, kustomizations followed (``omec.load.inputs``); only
regular files are read (:mod:`omec.load.files`). YAML is read as kubectl reads it, within limits
(:mod:`omec.load.yamlfile`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO

from omec.diagnostics import Diagnostic, SourceRef, has_errors
from omec.load import codes
from omec.load.compose import DEFAULT_LIMITS, YamlLimits
from omec.load.files import NotRegularFile, read_regular
from omec.load.inputs import Excludes, display_path, find_inputs, not_regular
from omec.load.locate import Locator
from omec.load.parsecache import (
    ParseCache,
    content_digest,
    load_positions,
    save_positions,
)
from omec.load.yamlfile import YamlSyntaxError, line_col, parse_documents

__all__ = [
    "Document", "Excludes", "LoadResult", "Locator", "YamlLimits", "display_path", "load_paths", "load_positions",
    "load_texts", "read_yaml_value", "save_positions",
]


@dataclass(frozen=True, slots=True)
class Document:
    ref: SourceRef
    body: dict
    digest: bytes | None = None  # content hash of its file (None for in-memory texts): a key of the input caches


@dataclass(slots=True)
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    hashes: dict = field(default_factory=dict)  # path -> content hash (keys of the input caches)
    texts: dict[str, str] = field(default_factory=dict)  # in-memory sources (stdin, kustomize output) by name
    root: str | None = None  # common root of the inputs named (omec.load.inputs)
    tools: list[str] = field(default_factory=list)  # kustomizations built by the real kustomize


def load_paths(paths: Sequence[str], limits: YamlLimits = DEFAULT_LIMITS, *, kustomize: bool = True,
               exclude: Excludes | None = None, stdin: BinaryIO | None = None) -> LoadResult:
    """Find the inputs ``paths`` name (:func:`omec.load.inputs.find_inputs`) and parse them."""
    inputs = find_inputs(paths, kustomize=kustomize, exclude=exclude, stdin=stdin)
    result = LoadResult(diagnostics=inputs.diagnostics, files=inputs.files, root=inputs.root, tools=inputs.tools)
    if not inputs.files and not inputs.texts and not has_errors(inputs.diagnostics):
        result.diagnostics.append(
            codes.NO_INPUT.at(f"no *.yaml or *.yml files in {', '.join(paths)}", hint="pass spec files or directories")
        )
    cache = ParseCache()
    for path in inputs.files:
        try:
            raw = read_regular(path)
        except NotRegularFile as exc:  # replaced since it was found
            result.diagnostics.append(not_regular(path, exc.kind))
            continue
        except OSError as exc:
            result.diagnostics.append(codes.READ_FAILED.at(f"cannot read file: {exc.strerror}", SourceRef(path, -1)))
            continue
        digest = result.hashes[path] = content_digest(raw)
        # Files with anchors are parsed each run, with this run's limits; the others may come from the parse cache.
        parse = partial(cache.parse, digest) if b"&" not in raw else partial(parse_documents, limits=limits)
        _parse_into(result, path, raw, parse, digest)
    cache.save()
    _parse_texts(result, inputs.texts, limits)
    return result


def load_texts(texts: Mapping[str, str | bytes], limits: YamlLimits = DEFAULT_LIMITS) -> LoadResult:
    """Parse in-memory files (path -> YAML text) exactly like files on disk; used by tests and ``omec fn``."""
    result = LoadResult()
    _parse_texts(result, texts, limits)
    return result


def _parse_texts(result: LoadResult, texts: Mapping[str, str | bytes], limits: YamlLimits) -> None:
    """In-memory sources, kept in ``result.texts`` (as text) for the positions of their diagnostics."""
    for path in sorted(texts):
        raw = texts[path]
        raw = raw.encode("utf-8") if isinstance(raw, str) else raw
        result.files.append(path)
        result.texts[path] = raw.decode("utf-8-sig", "replace")
        _parse_into(result, path, raw, partial(parse_documents, limits=limits))


def _parse_into(result: LoadResult, path: str, raw: bytes, parse, digest: bytes | None = None) -> None:
    """Parse one file's bytes into ``result`` (``parse(text)`` may serve it from the parse cache)."""
    file_ref = SourceRef(path, -1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diag = codes.NOT_UTF8.at(f"file is not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} does not "
                                 "start a valid character", file_ref, hint="save the file as UTF-8")
        result.diagnostics.append(diag.located(*line_col(raw, exc.start)))
        return
    try:
        parsed = parse(text)
    except YamlSyntaxError as exc:
        for problem in exc.problems:
            diag = problem.code.at(problem.message, SourceRef(path, problem.index), hint=problem.hint)
            result.diagnostics.append(diag.located(problem.line, problem.col))
        parsed = exc.parsed
    for index, dup in parsed.duplicates:
        diag = codes.DUPLICATE_KEY.at(
            f'duplicate key "{dup.key}" (the earlier value would be silently replaced)',
            SourceRef(path, index),
            hint="remove one of the two entries",
        )
        result.diagnostics.append(diag.located(dup.line, dup.col))
    for index, body in enumerate(parsed.documents):
        ref = SourceRef(path, index)
        if body is None:
            continue
        if not isinstance(body, dict):
            result.diagnostics.append(
                codes.NOT_A_MAPPING.at(f"document is a {type(body).__name__}, expected a mapping", ref)
            )
            continue
        result.documents.append(Document(ref, body, digest))


def read_yaml_value(path: str, limits: YamlLimits = DEFAULT_LIMITS) -> tuple[object, list[Diagnostic]]:
    """Read a single-document YAML/JSON side file (controller config, model metadata). Named on the command line, it
    may be a pipe (``--controller-config <(kubectl get cm ...)``)."""
    result = LoadResult(files=[path])
    try:
        with open(path, "rb") as fh:
            _parse_into(result, path, fh.read(), partial(parse_documents, limits=limits))
    except OSError as exc:
        return None, [codes.READ_FAILED.at(f"cannot read {path}: {exc.strerror}")]
    docs = [d.body for d in result.documents]
    return (docs[0] if docs else None), result.diagnostics
