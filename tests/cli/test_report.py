"""Diagnostics as CI systems read them: GitHub workflow commands escaped as GitHub's toolkit escapes them, the JSON
format valid against its published schema, and a summary by code."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from omec.cli import report
from omec.diagnostics import Diagnostic, Severity, SourceRef

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "diagnostics.schema.json"


def _diag(code="OMEC505", severity=Severity.WARNING, message="m", path="a.yaml", line=3, hint=None) -> Diagnostic:
    return Diagnostic(code, severity, message, SourceRef(path) if path else None, hint=hint, line=line,
                      col=5 if line else 0)


def test_github_escapes_data_and_properties_as_the_toolkit_does():
    # @actions/core command.ts: escapeData %, \r, \n; escapeProperty also : and ,
    d = _diag(path="specs/a,b:c.yaml", message="100% broken\nnext line", hint="fix: it")
    assert report.github([d]) == (
        "::warning file=specs/a%2Cb%3Ac.yaml,line=3,col=5,title=OMEC505::100%25 broken%0Anext line (hint: fix: it)")


def test_json_output_matches_its_schema():
    diags = [_diag(), _diag(code="OMEC900", severity=Severity.ERROR, path=None, line=0)]
    document = json.loads(report.as_json(diags))
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).validate(document)
    assert [d["code"] for d in document] == ["OMEC505", "OMEC900"]


def test_summary_counts_per_code_with_the_first_place():
    diags = [_diag(line=3), _diag(path="b.yaml", line=9), _diag(code="OMEC201", severity=Severity.ERROR, line=1)]
    lines = report.summary(diags).splitlines()
    assert lines[0] == "omec: 1 error, 2 warnings"
    assert lines[1].split() == ["OMEC505", "quirk-unmounted-model-volume", "2", "first", "at", "a.yaml:3:5"]
    assert lines[2].split() == ["OMEC201", "model-not-found", "1", "first", "at", "a.yaml:1:5"]
    assert report.summary([_diag()]) == "omec: 0 errors, 1 warning"
