"""``omec-index.json``: for every file written, the InferenceService and object it holds, the source documents it
came from, the runtime and the selection reason.

Rows are encoded (JSON, then UTF-8) per InferenceService by whoever compiled it, workers included, so that the
parent only sorts and joins them; the files of a service share the runtime and reason (and mostly the sources):
those parts are encoded once.
"""
from __future__ import annotations

import json
import os

from omec import OME_COMMIT, __version__

INDEX_FILE = "omec-index.json"

_json_string = json.encoder.encode_basestring  # what json.dumps(text, ensure_ascii=False) writes for a str


def source_path(path: str, root: str | None) -> str:
    """A source file as the index names it: relative to the project ``root`` (absolute), whatever the working
    directory; in-memory sources (``<stdin>``) by their name."""
    if root is None or path.startswith("<"):
        return path
    return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")


def index_rows(manifests: list, runtime: str, reason: str, root: str | None = None) -> dict[str, bytes]:
    """The encoded index rows of one InferenceService's manifests (:class:`omec.render.Manifest`), by file path;
    source paths relative to ``root`` (:func:`source_path`)."""
    tail = f'"runtime": {_json_string(runtime)}, "selection": {_json_string(reason)}}}'
    sources: dict[tuple, str] = {}
    rows = {}
    for m in manifests:
        listed = sources.get(m.sources)
        if listed is None:
            listed = sources[m.sources] = "[" + ", ".join(
                _json_string(f"{source_path(r.path, root)}#{r.index}") for r in m.sources) + "]"
        isvc = _json_string(f"{m.namespace}/{m.isvc}")
        rows[m.path] = (
            f'    {_json_string(m.path)}: {{"inferenceService": {isvc}, "kind": {_json_string(m.kind)}, '
            f'"name": {_json_string(m.name)}, "apiVersion": {_json_string(m.body["apiVersion"])}, '
            f'"sources": {listed}, {tail}'
        ).encode()
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
