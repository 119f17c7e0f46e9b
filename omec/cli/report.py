"""Diagnostic renderers (text, json, github) and the end-of-run summary. Pure functions: they return strings, the
CLI prints them."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from omec.diagnostics import REGISTRY, Diagnostic, Severity


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
    """``omec: N errors, M warnings`` then, when there is more than one diagnostic, one line per code (most
    frequent first): how many, and the first place it occurs."""
    counts = {s: sum(1 for d in diags if d.severity == s) for s in Severity}
    parts = [f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}" for s in (Severity.ERROR, Severity.WARNING)]
    lines = ["omec: " + ", ".join(parts)]
    shown = [d for d in diags if d.severity >= Severity.WARNING]
    if len(shown) > 1:
        by_code = Counter(d.code for d in shown)
        first: dict[str, Diagnostic] = {}
        for d in shown:
            first.setdefault(d.code, d)
        for code, count in sorted(by_code.items(), key=lambda item: (-item[1], item[0])):
            name = REGISTRY[code].name if code in REGISTRY else ""
            lines.append(f"  {code} {name:<36} {count:>6}  first at {_where(first[code])}")
    return "\n".join(lines)


def as_json(diags: Sequence[Diagnostic]) -> str:
    """A JSON list of diagnostics (schema: docs/diagnostics.schema.json)."""
    return json.dumps([d.to_dict() for d in diags], indent=2, ensure_ascii=False)


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _github_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped (GitHub's toolkit ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value: also ``:`` and ``,`` (``escapeProperty``)."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def github(diags: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...,col=...,title=...::message``), one per line."""
    lines = []
    for d in diags:
        props = []
        if d.ref is not None:
            props.append(f"file={_github_property(d.ref.path)}")
            if d.line:
                props += [f"line={d.line}", f"col={d.col}"]
        props.append(f"title={_github_property(d.code)}")
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{_github_data(message)}")
    return "\n".join(lines)


FORMATS = {"text": text, "json": as_json, "github": github}
