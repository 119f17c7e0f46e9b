"""Recover ``line:col`` for diagnostics from (document, JSON path), re-reading only the files involved.

A file is composed once into a table of positions per document (every mapping key and sequence item, by path);
tables are kept in the positions cache (:mod:`omec.load.parsecache`) under the hash of the bytes they were computed
from, so warm runs re-read nothing. A node reached again through an alias is not walked again: paths through an
alias point at the alias (the tables stay as large as the text, whatever the aliases expand to, and cycles end).
"""
from __future__ import annotations

from collections.abc import Iterable

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from omec.diagnostics import Diagnostic, SourceRef
from omec.load.files import read_regular
from omec.load.parsecache import content_digest
from omec.load.yamlfile import compose_documents


def _read(path: str, text: str | None = None) -> tuple[bytes | None, list]:
    """(content hash, root node of each document) of the file as it is now, or of ``text`` (an in-memory source of
    that name: no hash, nothing cached); (None, []) when it cannot be read."""
    try:
        if text is not None:
            return None, compose_documents(text)
        raw = read_regular(path)
        return content_digest(raw), compose_documents(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None, []


def _table(node: Node) -> dict:
    """(line, col) of every mapping key and sequence item below ``node``, by path; ``()`` is the document.
    For a repeated key the first one counts (as in lookups by key). Collections are walked in document order, each
    once: an anchored node where it is written, not where an alias repeats it."""
    table: dict[tuple, tuple[int, int]] = {(): (node.start_mark.line + 1, node.start_mark.column + 1)}
    stack: list[tuple[tuple, Node]] = [((), node)]
    walked: set[int] = set()
    while stack:
        path, current = stack.pop()
        if current.__class__ is ScalarNode or id(current) in walked:
            continue
        walked.add(id(current))
        children: list[tuple[tuple, Node]] = []
        if current.__class__ is MappingNode:
            for key_node, value_node in current.value:
                if key_node.__class__ is ScalarNode and (*path, key_node.value) not in table:
                    child = (*path, key_node.value)
                    table[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    children.append((child, value_node))
        elif current.__class__ is SequenceNode:
            for index, item in enumerate(current.value):
                child = (*path, index)
                table[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                children.append((child, item))
        stack.extend(reversed(children))
    return table


def _lookup(table: dict, field: tuple) -> tuple[int, int]:
    """Start of the deepest node on ``field`` that exists: a mapping key for names, an item for indexes."""
    for depth in range(len(field), 0, -1):
        position = table.get(tuple(field[:depth]))
        if position is not None:
            return position
    return table[()]


class Locator:
    """Positions in the input files: each file is composed at most once, or not at all when ``known`` (content
    hash -> tables, from the positions cache) has it; ``hashes`` maps paths to content hashes (load stage);
    ``texts`` holds the in-memory sources (standard input, kustomize output) by name.
    Tables computed here are collected in ``new`` for the caller to add to the cache."""

    def __init__(self, hashes: dict | None = None, known: dict | None = None, texts: dict | None = None) -> None:
        self._hashes = hashes or {}
        self._known = known or {}
        self._texts = texts or {}
        self._tables: dict[str, list] = {}
        self.new: dict = {}

    def _document_tables(self, path: str) -> list:
        tables = self._tables.get(path)
        if tables is None:
            digest = self._hashes.get(path)
            tables = self._known.get(digest) if digest is not None else None
            if tables is None:  # the file as it is now, which may have changed since it was loaded
                digest, nodes = _read(path, self._texts.get(path))
                tables = self._known.get(digest) if digest is not None else None
                if tables is None:
                    tables = [_table(node) if node is not None else None for node in nodes]
                    if digest is not None and tables:
                        self.new[digest] = tables
            self._tables[path] = tables
        return tables

    def position(self, ref: SourceRef, field: tuple) -> tuple[int, int]:
        """(line, col) of the deepest existing node on ``field`` in document ``ref``; (0, 0) if unknown."""
        tables = self._document_tables(ref.path)
        if 0 <= ref.index < len(tables) and tables[ref.index] is not None:
            return _lookup(tables[ref.index], tuple(field))
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

