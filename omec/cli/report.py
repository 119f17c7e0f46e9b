"""Diagnostic renderers (text, json, github). Pure functions: they return strings, the CLI prints them."""
from __future__ import annotations

import json
from collections.abc import Sequence

from omec.diagnostics import Diagnostic, Severity


def _where(d: Diagnostic) -> str:
    if d.ref is None:
        return "omec"
    if d.line:
        return f"{d.ref.path}:{d.line}:{d.col}"
    return d.ref.path


def text(diags: Sequence[Diagnostic]) -> str:
    lines = []
    for d in diags:
        lines.append(f"{_where(d)}: {d.severity.label}[{d.code}] {d.message}")
        if d.hint:
            lines.append(f"  hint: {d.hint}")
    return "\n".join(lines)


def summary(diags: Sequence[Diagnostic]) -> str:
    counts = {s: sum(1 for d in diags if d.severity == s) for s in Severity}
    parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}" for s in (Severity.ERROR, Severity.WARNING)]
    return "omec: " + ", ".join(parts)


def as_json(diags: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_dict() for d in diags], indent=2, ensure_ascii=False)


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github(diags: Sequence[Diagnostic]) -> str:
    lines = []
    for d in diags:
        props = []
        if d.ref is not None:
            props.append(f"file={d.ref.path}")
            if d.line:
                props += [f"line={d.line}", f"col={d.col}"]
        props.append(f"title={d.code}")
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{message}")
    return "\n".join(lines)


FORMATS = {"text": text, "json": as_json, "github": github}
