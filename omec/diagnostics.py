"""Diagnostics are data: every stage returns them, only the CLI prints them.

A stage creates a diagnostic from a registered :class:`Code` (``CODE.at(...)``). Positions are not
computed by the stage: it names the source document (:class:`SourceRef`) and the JSON path of the
offending field; ``omec.load.locate`` turns that into ``line:col`` only for the files that need it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from functools import lru_cache


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


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance between ``a`` and ``b`` (insertions, deletions, substitutions), or ``limit + 1`` once it
    is known to exceed ``limit`` (the rows are cut off early, so long unrelated names cost little)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


def _common_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def close_matches(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates a mistyped ``name`` most likely meant, best first (at most ``limit``): those within edit
    distance 2 (letter case ignored, so ``Llama`` finds ``llama``; among equally close ones, those sharing the
    longest prefix first), else the closest by similarity (difflib, ratio at least 0.7: a dropped suffix in a long
    name). Answers are kept per (name, candidates): many services repeating one typo pay for it once."""
    return list(_close_matches(name, tuple(candidates), limit))


@lru_cache(maxsize=64)
def _close_matches(name: str, candidates: tuple[str, ...], limit: int) -> tuple[str, ...]:
    import difflib  # messages only

    unique = sorted(set(candidates) - {name})
    folded = name.lower()
    near = []
    for candidate in unique:
        distance = edit_distance(folded, candidate.lower())
        if distance <= 2:
            near.append((distance, -_common_prefix(folded, candidate.lower()), candidate))
    found = [candidate for _, _, candidate in sorted(near)]
    return tuple(found[:limit] or difflib.get_close_matches(name, unique, n=limit, cutoff=0.7))


def did_you_mean(name: str, candidates: Iterable[str], what: str = "") -> str | None:
    """``did you mean "x"?`` (or ``"x" or "y"``) for the candidates close to ``name``; None when none is close.
    ``what`` names them in the text (``did you mean kind "InferenceService"?``)."""
    found = close_matches(name, candidates)
    if not found:
        return None
    return f"did you mean {what + ' ' if what else ''}" + " or ".join(f'"{c}"' for c in found) + "?"


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.severity >= Severity.ERROR for d in diags)


def sorted_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key(), d.field, d.severity, d.hint, d.object): d for d in diags}
    return [unique[k] for k in sorted(unique, key=lambda k: (k[0], str(k[1])))]


# Cross-stage codes (stage-specific codes live in each stage package's ``codes`` module).
INTERNAL = register("OMEC900", "internal-error", Severity.ERROR, "a bug in omec (exit code 70)")
