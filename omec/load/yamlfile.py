"""Fast, strict YAML reading, as kubectl reads it: libyaml for the syntax, go-yaml v2's scalars and merge keys
(:mod:`omec.load.scalars`), bounded aliases and depth (:mod:`omec.load.compose`), every duplicate key reported.

Values are JSON values, as the API server gets them from kubectl: strings, booleans, null, integers, floats, lists
and mappings with string keys, every alias expanded into its own copy. Source positions are not kept here (the hot
path stays position-free); ``omec.load.locate`` recovers them for the few files that need a diagnostic.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from omec.diagnostics import Code
from omec.load import codes
from omec.load.compose import DEFAULT_LIMITS, AnchoredComposer, LoadProblem, YamlLimits, too_deep
from omec.load.scalars import NUMBER_START, WORDS, ScalarError, explicit, json_value, key_text, resolve

try:
    _BaseLoader = yaml.CBaseLoader  # libyaml's parser and composer, PyYAML's base constructor and resolver
except AttributeError:  # pragma: no cover - PyYAML wheels bundle libyaml
    # The pure-Python loader has the same interface; mypy checks _Loader against CBaseLoader.
    _BaseLoader = yaml.BaseLoader  # type: ignore[misc, assignment]

# Tags the resolver gives untagged nodes. They contain a space, so no tag written in a file can spell them.
_STR, _PLAIN, _SEQ, _MAP = "omec str", "omec plain", "omec seq", "omec map"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_WORDS = frozenset(WORDS)
_TYPED_START = NUMBER_START | {"."}  # a plain scalar starting otherwise is a string unless it is one of WORDS


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    key: str
    line: int  # 1-based, of the repeated key
    col: int


@dataclass(frozen=True, slots=True)
class ParsedFile:
    documents: list  # one Python value per YAML document (None for empty documents and those not read)
    duplicates: list  # list[tuple[int, DuplicateKey]]: (document index, duplicate)


@dataclass(frozen=True, slots=True)
class Problem:
    code: Code
    message: str
    hint: str
    index: int  # the document (-1: the file)
    line: int  # 1-based; 0 = unknown
    col: int


class YamlSyntaxError(Exception):
    """Problems that keep a file, or some of its documents, from loading; ``parsed`` holds what did load."""

    def __init__(self, problems: list[Problem], parsed: ParsedFile) -> None:
        super().__init__(problems[0].message)
        self.problems, self.parsed = problems, parsed


class _Loader(_BaseLoader):
    """libyaml's parser with go-yaml v2's reading of scalars, keys and merges. ``fresh``: every alias is constructed
    anew (a text with anchors: the documents become trees, as JSON is)."""

    yaml_multi_constructors: ClassVar[dict] = {}

    def __init__(self, text: str, fresh: bool) -> None:
        super().__init__(text)
        self.fresh = fresh
        self.duplicates: list[DuplicateKey] = []

    def resolve(self, kind, value, implicit) -> str:
        """The tag of an untagged node: plain scalars that may be something else than a string are resolved later."""
        if kind is ScalarNode:
            return _PLAIN if implicit[0] and (value[:1] in _TYPED_START or value in _PLAIN_WORDS) else _STR
        return _SEQ if kind is SequenceNode else _MAP

    def document(self, node: Node) -> object:
        try:
            return self.construct_document(node)
        except LoadProblem:
            self.constructed_objects, self.recursive_objects, self.state_generators = {}, {}, []
            raise

    def value(self, node: Node) -> object:
        tag = node.tag
        if tag is _STR:
            return node.value
        if tag is _PLAIN:
            return self.scalar(node)
        data = self.construct_object(node)
        if self.fresh:
            del self.constructed_objects[node]
        return data

    def scalar(self, node: Node) -> object:
        try:
            return json_value(*(resolve(node.value) if node.tag is _PLAIN else explicit(node.tag, node.value)))
        except ScalarError as err:
            raise _bad_value(f"invalid value: {err}", node, "quote it to keep a string") from None

    def key(self, node: Node) -> str:
        tag = node.tag
        if tag is _STR:
            return node.value
        if node.__class__ is not ScalarNode:
            raise _bad_value("a list or mapping as a key: kubectl needs a string, number or boolean (yaml: invalid "
                             "map key)", node, "use a scalar key")
        try:
            return key_text(*(resolve(node.value) if tag is _PLAIN else explicit(tag, node.value)))
        except ScalarError as err:
            raise _bad_value(f"invalid key: {err}", node, "quote the key") from None

    def fill_mapping(self, data: dict, node: MappingNode) -> None:
        """go-yaml's mapping: keys in order, a merge (``<<``) setting the keys of its mappings where it stands (the
        first of a list of mappings wins); a later key overrides a merged one, but a merge overriding a key written
        before it is reported as a duplicate (YAML's merge rule would keep the written value, kubectl does not)."""
        written: set[str] = set()
        for key_node, value_node, merge in self._pairs(node, None):
            key = self.key(key_node)
            value = self.value(value_node)
            if key in written:
                mark = (merge or key_node).start_mark
                self.duplicates.append(DuplicateKey(key, mark.line + 1, mark.column + 1))
            if merge is None:
                written.add(key)
            data[key] = value

    def _pairs(self, node: MappingNode, merge: Node | None) -> Iterator[tuple[Node, Node, Node | None]]:
        """(key, value, the ``<<`` key that brought it or None) of a mapping, merges expanded in place."""
        for key_node, value_node in node.value:
            if key_node.value == "<<" and key_node.__class__ is ScalarNode and not key_node.style and \
                    key_node.tag in (_STR, _MERGE):
                yield from self._merged(value_node, merge or key_node)
            else:
                yield key_node, value_node, merge

    def _merged(self, node: Node, merge: Node) -> Iterator[tuple[Node, Node, Node | None]]:
        if node.__class__ is MappingNode:
            yield from self._pairs(node, merge)
        elif node.__class__ is SequenceNode and all(item.__class__ is MappingNode for item in node.value):
            for item in reversed(node.value):
                yield from self._pairs(item, merge)
        else:
            raise _bad_value("the value of a merge key (<<) must be a mapping or a list of mappings (yaml: map merge "
                             "requires map or sequence of maps as the value)", node, "merge mappings only")


def _bad_value(message: str, node: Node, hint: str) -> LoadProblem:
    return LoadProblem(codes.BAD_VALUE, message, node.start_mark, hint)


def _construct_sequence(loader: _Loader, node: SequenceNode):
    data: list = []
    yield data
    data.extend([loader.value(child) for child in node.value])


def _construct_mapping(loader: _Loader, node: MappingNode):
    data: dict = {}
    yield data
    loader.fill_mapping(data, node)


def _construct_tagged(loader: _Loader, node: Node):
    """A node with an explicit tag: scalars by go-yaml's rules for the tag, collections whatever their tag."""
    if isinstance(node, SequenceNode):
        return _construct_sequence(loader, node)
    if isinstance(node, MappingNode):
        return _construct_mapping(loader, node)
    return loader.scalar(node)


_Loader.yaml_constructors = {
    _STR: lambda loader, node: node.value,
    _PLAIN: _Loader.scalar,
    _SEQ: _construct_sequence,
    _MAP: _construct_mapping,
    None: _construct_tagged,
}


def parse_documents(text: str, limits: YamlLimits = DEFAULT_LIMITS) -> ParsedFile:
    """Every document of a multi-document YAML text. Raises YamlSyntaxError (with the documents that did load, none
    when the file itself is rejected) for bad syntax, values kubectl rejects, and texts beyond ``limits``."""
    anchored = "&" in text
    loader = _Loader(text, fresh=anchored)
    composer = AnchoredComposer(loader, limits) if anchored else None
    documents: list = []
    duplicates: list = []
    problems: list[Problem] = []
    try:
        while True:
            index = len(documents)
            try:
                node = composer.next_document() if composer is not None else _next_tree(loader, limits)
                if node is None:
                    break
                documents.append(loader.document(node))
            except LoadProblem as problem:
                problems.append(Problem(problem.code, problem.message, problem.hint, index, problem.line, problem.col))
                if problem.whole_file:
                    documents, duplicates = [], []
                    break
                documents.append(None)
            duplicates.extend((index, d) for d in loader.duplicates)
            loader.duplicates = []
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, text))
        documents, duplicates = [], []
    finally:
        loader.dispose()
    parsed = ParsedFile(documents, duplicates)
    if problems:
        raise YamlSyntaxError(problems, parsed)
    return parsed


def _next_tree(loader: _Loader, limits: YamlLimits) -> Node | None:
    """The next document of a text without anchors, composed by libyaml (None at the end)."""
    node = loader.get_node() if loader.check_node() else None
    problem = too_deep(node, limits.depth) if node is not None else None
    if problem is not None:
        raise problem
    return node


def compose_documents(text: str) -> list:
    """The root node of every document (None for those that do not compose), for positions: nothing is checked."""
    loader = _Loader(text, fresh=False)
    composer = AnchoredComposer(loader, None) if "&" in text else None
    nodes: list = []
    try:
        while True:
            node = composer.next_document() if composer is not None else (
                loader.get_node() if loader.check_node() else None)
            if node is None:
                return nodes
            nodes.append(node)
    except yaml.YAMLError:
        return nodes
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
    else:  # a reader error (a control character) gives the offset of the character in the UTF-8 text
        problem = str(exc).splitlines()[0]
        position = getattr(exc, "position", None)
        line, col = line_col(text.encode("utf-8"), position) if isinstance(position, int) else (0, 0)
    return Problem(codes.YAML_SYNTAX, f"invalid YAML: {problem}", "fix the YAML syntax", -1, line, col)


def line_col(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column in characters) of byte ``offset`` in ``raw``."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[line_start:offset].decode("utf-8", "replace")) + 1
