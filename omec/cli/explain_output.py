"""`omec explain`: why a runtime is (or is not) selected, offline and byte-stable.

Columns as upstream ``kubectl ome runtime explain``: RUNTIME, SCOPE, COMPATIBLE, PRIORITY, WEIGHT, REASON,
the chosen runtime first. ``-o json|yaml`` gives the same rows for machines.
"""
from __future__ import annotations

import json

from omec.load.templates import load_template
from omec.resolve.result import Candidate
from omec.write.serialize import dump

COLUMNS = ("RUNTIME", "SCOPE", "COMPATIBLE", "PRIORITY", "WEIGHT", "REASON")


def _cells(row: Candidate) -> tuple[str, ...]:
    name = f"{row.name} *" if row.selected else row.name
    return (
        name,
        row.scope,
        "yes" if row.compatible else "no",
        "-" if row.priority is None else str(row.priority),
        "-" if row.weight is None else str(row.weight),
        row.reason,
    )


def table(subject: str, rows: list[Candidate]) -> str:
    cells = [COLUMNS] + [_cells(r) for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line[:-1], widths, strict=True)) + "  " + line[-1] for line in cells]
    selected = next((r.name for r in rows if r.selected), None)
    title = f"{subject}: " + (f"runtime {selected} (* = selected)" if selected else "no runtime selected")
    return load_template("explain-table.txt.j2").render(title=title, rows=[line.rstrip() for line in lines])


def document(subject: str, rows: list[Candidate]) -> dict:
    return {
        "subject": subject,
        "selected": next((r.name for r in rows if r.selected), None),
        "candidates": [
            {
                "runtime": r.name,
                "scope": r.scope,
                "compatible": r.compatible,
                "selected": r.selected,
                "score": r.score,
                "priority": r.priority,
                "weight": r.weight,
                "reason": r.reason,
            }
            for r in rows
        ],
    }


def render(subject: str, rows: list[Candidate], output: str) -> str:
    if output == "json":
        return json.dumps(document(subject, rows), indent=2, ensure_ascii=False) + "\n"
    if output == "yaml":
        return dump(document(subject, rows))
    return table(subject, rows)
