"""Diagnostics are data: every stage returns them, only the CLI prints them.

A stage creates a diagnostic from a registered :class:`Code` (``CODE.at(...)``). Positions are not
computed by the stage: it names the source document (:class:`SourceRef`) and the JSON path of the
offending field; ``omec.load.locate`` turns that into ``line:col`` only for the files that need it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True, order=True)
class SourceRef:
    """One YAML document: file path (as given / relative) and 0-based document index."""

    path: str
    index: int = 0


FieldPath = tuple  # tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    ref: SourceRef | None = None
    field: FieldPath = ()
    object: str | None = None  # e.g. "InferenceService default/foo"
    hint: str | None = None
    line: int = 0  # 1-based; 0 = unknown (filled by omec.load.locate)
    col: int = 0

    def located(self, line: int, col: int) -> Diagnostic:
        return replace(self, line=line, col=col)

    def sort_key(self) -> tuple:
        ref = self.ref or SourceRef("", -1)
        return (ref.path, ref.index, self.line, self.col, self.code, self.message)

    @property
    def field_text(self) -> str:
        return format_field(self.field)

    def to_dict(self) -> dict:
        out = {
            "code": self.code,
            "severity": self.severity.label,
            "message": self.message,
            "path": self.ref.path if self.ref else None,
            "line": self.line or None,
            "col": self.col or None,
            "field": self.field_text or None,
            "object": self.object,
            "hint": self.hint,
        }
        return out


def format_field(path: Sequence) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


@dataclass(frozen=True, slots=True)
class Code:
    """A registered diagnostic code: stable id, short name, default severity, one-line summary."""

    id: str
    name: str
    severity: Severity
    summary: str

    def at(
        self,
        message: str,
        ref: SourceRef | None = None,
        field: Sequence = (),
        *,
        object: str | None = None,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.id,
            severity=self.severity if severity is None else severity,
            message=message,
            ref=ref,
            field=tuple(field),
            object=object,
            hint=hint,
        )


REGISTRY: dict[str, Code] = {}


def register(id: str, name: str, severity: Severity, summary: str) -> Code:
    """Register a code; ids and names are unique across omec (checked at import)."""
    if id in REGISTRY:
        raise ValueError(f"diagnostic code {id} registered twice")
    code = Code(id, name, severity, summary)
    REGISTRY[id] = code
    return code


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.severity >= Severity.ERROR for d in diags)


def sorted_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key(), d.field, d.severity, d.hint, d.object): d for d in diags}
    return [unique[k] for k in sorted(unique, key=lambda k: (k[0], str(k[1])))]


# Cross-stage codes (stage-specific codes live in each stage package's ``codes`` module).
INTERNAL = register("OMEC900", "internal-error", Severity.ERROR, "a bug in omec (exit code 70)")
