"""YAML documents as node graphs, with bounded work for everything that walks them later.

A file without anchors cannot share a node (an alias needs an anchor), so libyaml composes it and each document is
a tree as large as its text; :func:`too_deep` bounds its depth. A file with an anchor (its text contains ``&``) is
composed here from libyaml's events, so that every alias is counted and measured before anything expands it: per
file at most ``aliases`` aliases, adding at most ``nodes`` nodes by expansion (a 1 KB "billion laughs" file adds
10^9), no alias inside the node it names (a cycle, which kubectl rejects: ``anchor 'a' value contains itself``), and
no document nested deeper than ``depth`` collections, expansions included. Positions are those of the offending
alias or collection. As in kubectl (and YAML 1.2), an anchor may be defined again; later aliases name the latest.
"""
from __future__ import annotations

from dataclasses import dataclass

from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from omec.diagnostics import Code
from omec.load import codes
from omec.options import MAX_YAML_ALIASES, MAX_YAML_NODES

MAX_YAML_DEPTH = 100  # collections nested in one document; OME's and Kubernetes' CRDs nest at most 38


@dataclass(frozen=True, slots=True)
class YamlLimits:
    aliases: int = MAX_YAML_ALIASES
    nodes: int = MAX_YAML_NODES
    depth: int = MAX_YAML_DEPTH


DEFAULT_LIMITS = YamlLimits()


class LoadProblem(Exception):
    """A file or document omec will not read, positioned (1-based); ``whole_file``: nothing after it is read."""

    def __init__(self, code: Code, message: str, mark, hint: str, whole_file: bool = False) -> None:
        super().__init__(message)
        self.code, self.message, self.hint, self.whole_file = code, message, hint, whole_file
        self.line: int = mark.line + 1 if mark is not None else 0
        self.col: int = mark.column + 1 if mark is not None else 0


def too_deep(node: Node, depth: int) -> LoadProblem | None:
    """The problem of a libyaml-composed tree whose collections nest deeper than ``depth``, or None."""
    stack = [(node, 1)] if node.__class__ is not ScalarNode else []
    while stack:
        current, level = stack.pop()
        if level > depth:
            return _too_deep(current.start_mark, depth)
        children = (v for _, v in current.value) if current.__class__ is MappingNode else current.value
        stack.extend((child, level + 1) for child in children if child.__class__ is not ScalarNode)
    return None


def _too_deep(mark, depth: int) -> LoadProblem:
    return LoadProblem(codes.TOO_DEEP, f"collections nest more than {depth} levels deep here", mark,
                       "Kubernetes objects nest far less (OME's CRDs at most 38 levels): flatten the document")


class AnchoredComposer:
    """Documents of a text with anchors, composed from the events of ``parser`` (a loader: its ``resolve`` gives the
    tags) within ``limits``; with ``limits=None`` nothing is checked (positions only)."""

    def __init__(self, parser, limits: YamlLimits | None) -> None:
        self._parser, self._limits = parser, limits
        self.aliases = self.added = 0  # aliases of the file so far, nodes they added

    def next_document(self) -> Node | None:
        """The next document's root node, None at the end of the stream. A LoadProblem that is not ``whole_file``
        leaves the parser at the next document."""
        parser = self._parser
        if parser.check_event(StreamStartEvent):
            parser.get_event()
        if not parser.check_event() or parser.check_event(StreamEndEvent):
            return None
        parser.get_event()  # DocumentStartEvent
        try:
            node = self._document()
        except LoadProblem as problem:
            if not problem.whole_file:
                while not isinstance(parser.get_event(), DocumentEndEvent):
                    pass
            raise
        parser.get_event()  # DocumentEndEvent
        return node

    def _document(self) -> Node:
        parser, limits = self._parser, self._limits
        anchors: dict[str, Node] = {}
        measured: dict[Node, tuple[int, int]] = {}  # closed anchored nodes: (expanded size, depth)
        stack: list[list] = []  # open collections: [node, pending key, size, depth, anchored]
        while True:
            event = parser.get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = parser.resolve(ScalarNode, event.value, event.implicit)
                node: Node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
                size, depth = 1, 0
                if event.anchor is not None:
                    anchors[event.anchor] = node
                    measured[node] = (1, 0)
            elif kind is AliasEvent:
                node = anchors.get(event.anchor)  # type: ignore[assignment]
                if node is None:
                    raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
                size, depth = self._alias(event, node, measured, len(stack)) if limits is not None else (1, 0)
            elif kind is SequenceStartEvent or kind is MappingStartEvent:
                if limits is not None and len(stack) >= limits.depth:
                    raise _too_deep(event.start_mark, limits.depth)
                collection = SequenceNode if kind is SequenceStartEvent else MappingNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = parser.resolve(collection, None, event.implicit)
                node = collection(tag, [], event.start_mark, None, event.flow_style)
                if event.anchor is not None:
                    anchors[event.anchor] = node
                stack.append([node, None, 1, 1, event.anchor is not None])
                continue
            else:  # the end of the innermost collection
                node, _, size, depth, anchored = stack.pop()
                node.end_mark = event.end_mark
                if anchored:
                    measured[node] = (size, depth)
            if not stack:
                return node
            parent = stack[-1]
            parent[2] += size
            parent[3] = max(parent[3], depth + 1)
            if parent[0].__class__ is SequenceNode:
                parent[0].value.append(node)
            elif parent[1] is None:
                parent[1] = node
            else:
                parent[0].value.append((parent[1], node))
                parent[1] = None

    def _alias(self, event, node: Node, measured: dict, level: int) -> tuple[int, int]:
        """(size, depth) the alias ``event`` adds at nesting ``level``, after checking it against the limits."""
        limits = self._limits
        assert limits is not None
        name = event.anchor
        if node not in measured:
            raise LoadProblem(codes.ALIAS_CYCLE, f"alias *{name} refers to the node anchored &{name}, which contains "
                              f"it: the document would be infinite (kubectl: anchor '{name}' value contains itself)",
                              event.start_mark, "point the alias at a node outside the anchored one")
        size, depth = measured[node]
        self.aliases += 1
        self.added += size
        if self.aliases > limits.aliases:
            raise LoadProblem(codes.ALIAS_BOMB, f"the file uses more than {limits.aliases:,} aliases (limit "
                              f"--max-yaml-aliases); omec stops reading it at *{name}", event.start_mark,
                              "write the values out, or raise --max-yaml-aliases if the file is trusted", True)
        if self.added > limits.nodes:
            raise LoadProblem(codes.ALIAS_BOMB, f"aliases expand the file by more than {limits.nodes:,} nodes (limit "
                              f"--max-yaml-nodes); omec stops reading it at *{name}, which adds {size:,}",
                              event.start_mark, "write the values out, or raise --max-yaml-nodes if the file is "
                              "trusted", True)
        if level + depth > limits.depth:
            raise _too_deep(event.start_mark, limits.depth)
        return size, depth


__all__ = ["DEFAULT_LIMITS", "MAX_YAML_DEPTH", "AnchoredComposer", "LoadProblem", "YamlLimits", "too_deep"]
