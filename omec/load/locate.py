"""Recover ``line:col`` for diagnostics from (document, JSON path), re-reading only the files involved."""
from __future__ import annotations

from typing import Iterable

import yaml

from omec.diagnostics import Diagnostic

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def _compose_all(path: str) -> list:
    try:
        with open(path, encoding="utf-8") as fh:
            return list(yaml.compose_all(fh.read(), Loader=_Loader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []


def _position(node, field: tuple) -> tuple[int, int]:
    """Start of the deepest node on ``field`` that exists: a mapping key for names, an item for indexes."""
    mark = node.start_mark
    for part in field:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                    mark, child = key_node.start_mark, value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            mark = child.start_mark
        if child is None:
            break
        node = child
    return mark.line + 1, mark.column + 1


def locate(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Fill ``line``/``col`` of every diagnostic that names a document but has no position yet."""
    trees: dict[str, list] = {}
    out = []
    for diag in diagnostics:
        if diag.ref is not None and not diag.line:
            if diag.ref.path not in trees:
                trees[diag.ref.path] = _compose_all(diag.ref.path)
            nodes = trees[diag.ref.path]
            if 0 <= diag.ref.index < len(nodes) and nodes[diag.ref.index] is not None:
                diag = diag.located(*_position(nodes[diag.ref.index], diag.field))
        out.append(diag)
    return out
