"""Recover ``line:col`` for diagnostics from (document, JSON path), re-reading only the files involved."""
from __future__ import annotations

from typing import Iterable

import yaml

from omec.diagnostics import Diagnostic, SourceRef

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


class Locator:
    """Positions in the input files, each file composed at most once per locator."""

    def __init__(self) -> None:
        self._trees: dict[str, list] = {}

    def position(self, ref: SourceRef, field: tuple) -> tuple[int, int]:
        """(line, col) of the deepest existing node on ``field`` in document ``ref``; (0, 0) if unknown."""
        if ref.path not in self._trees:
            self._trees[ref.path] = _compose_all(ref.path)
        nodes = self._trees[ref.path]
        if 0 <= ref.index < len(nodes) and nodes[ref.index] is not None:
            return _position(nodes[ref.index], field)
        return 0, 0

    def locate(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Fill ``line``/``col`` of every diagnostic that names a document but has no position yet."""
        out = []
        for diag in diagnostics:
            if diag.ref is not None and not diag.line:
                line, col = self.position(diag.ref, diag.field)
                if line:
                    diag = diag.located(line, col)
            out.append(diag)
        return out


def locate(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Fill ``line``/``col`` of every diagnostic that names a document but has no position yet."""
    return Locator().locate(diagnostics)
