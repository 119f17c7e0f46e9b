"""A syrupy extension for omec builds: one readable ``.yaml`` snapshot per test, every generated file in path order
(``# --- <path>`` then the file as omec writes it), and failures that name the object and the field that changed.

    def test_my_services(omec_build, omec_snapshot):
        assert omec_build("specs/") == omec_snapshot
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from omec.diagnostics import format_field

FILE_MARK = "# --- "


def serialize_files(files: dict[str, str]) -> str:
    """Every file of a build (relative path -> text) in one reviewable text."""
    return "".join(f"{FILE_MARK}{path}\n{text}" for path, text in sorted(files.items()))


def parse_files(text: str) -> dict[str, str]:
    """The inverse of :func:`serialize_files`."""
    files: dict[str, str] = {}
    path = None
    for line in text.splitlines(keepends=True):
        if line.startswith(FILE_MARK):
            path = line[len(FILE_MARK):].rstrip("\n")
            files[path] = ""
        elif path is not None:
            files[path] += line
    return files


def field_changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """One line per changed file, object and field: ``path (Kind namespace/name): field: old -> new``."""
    lines = []
    for path in sorted(set(old) | set(new)):
        if path not in new:
            lines.append(f"removed {path}")
        elif path not in old:
            lines.append(f"added {path}")
        elif old[path] != new[path]:
            before, after = _load(old[path]), _load(new[path])
            where = f"{path} ({_object(after)})"
            lines += [f"changed {where}: {change}" for change in _differences(before, after, ())] or [
                f"changed {where}: formatting"]
    return lines


def _load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return text


def _object(body: Any) -> str:
    if not isinstance(body, dict):
        return "not an object"
    meta = body.get("metadata") or {}
    name = f"{meta['namespace']}/{meta.get('name')}" if meta.get("namespace") else str(meta.get("name"))
    return f"{body.get('kind')} {name}"


def _differences(old: Any, new: Any, path: tuple) -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key not in new:
                yield f"{format_field((*path, key))}: removed"
            elif key not in old:
                yield f"{format_field((*path, key))}: added {_short(new[key])}"
            else:
                yield from _differences(old[key], new[key], (*path, key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _differences(a, b, (*path, index))
    elif old != new or type(old) is not type(new):
        yield f"{format_field(path) or '<document>'}: {_short(old)} -> {_short(new)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class OmecSnapshotExtension(SingleFileSnapshotExtension):
    """Snapshots of :class:`omec.testing.BuildOutput` (or of a ``{path: text}`` dict)."""

    file_extension = "yaml"
    _write_mode = WriteMode.TEXT

    def serialize(self, data: Any, **kwargs: Any) -> str:
        files = data.files if hasattr(data, "files") else data
        return serialize_files(files)

    def diff_lines(self, serialized_data: Any, snapshot_data: Any) -> Iterator[str]:
        yield from field_changes(parse_files(str(snapshot_data)), parse_files(str(serialized_data)))
        yield from super().diff_lines(serialized_data, snapshot_data)
