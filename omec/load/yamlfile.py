"""Fast, strict YAML reading: libyaml (CSafeLoader) + duplicate-key detection.

Values are JSON-like, as Kubernetes reads them: timestamps stay strings and mapping keys are strings.
Source positions are not kept here (the hot path stays position-free); ``omec.load.locate`` recovers
them for the few files that need a diagnostic.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML wheels bundle libyaml
    # The pure-Python loader has the same interface but no common base class in the stubs; mypy checks
    # _StrictLoader against CSafeLoader, the loader every PyYAML wheel provides.
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc, assignment]


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    key: str
    line: int  # 1-based, of the repeated key
    col: int


class _StrictLoader(_BaseLoader):
    """CSafeLoader that records duplicate keys instead of silently keeping the last value."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[DuplicateKey] = []

    def construct_mapping(self, node, deep=False):
        has_merge_key = any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value)
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value) and not has_merge_key:
            seen: set = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    mark = key_node.start_mark
                    self.duplicates.append(DuplicateKey(str(key), mark.line + 1, mark.column + 1))
                seen.add(key)
        if any(not isinstance(k, str) for k in mapping):
            mapping = {_key_text(k): v for k, v in mapping.items()}
        return mapping


def _key_text(key) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


# Timestamps are plain strings to Kubernetes (sigs.k8s.io/yaml): drop the implicit resolver.
_StrictLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class ParsedFile:
    documents: list  # one Python value per YAML document (None for empty documents)
    duplicates: list  # list[tuple[int, DuplicateKey]]: (document index, duplicate)


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def parse_documents(text: str) -> ParsedFile:
    """Parse every document of a multi-document YAML text; raise YamlSyntaxError on bad syntax."""
    loader = _StrictLoader(text)
    documents: list = []
    duplicates: list = []
    try:
        while loader.check_data():
            before = len(loader.duplicates)
            documents.append(loader.get_data())
            duplicates.extend((len(documents) - 1, d) for d in loader.duplicates[before:])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        raise YamlSyntaxError(problem, line, col) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], 0, 0) from None
    finally:
        loader.dispose()
    return ParsedFile(documents, duplicates)
