"""Broken specs: every case directory under cases/ is compiled with base/ and its diagnostics are snapshotted
as JSON (code, severity, message, path:line:col, field, hint). Adding a case is adding a directory."""
from __future__ import annotations

from pathlib import Path

import pytest

from omec.diagnostics import Severity
from omec.testing import build

HERE = Path(__file__).parent
CASES = sorted(p.name for p in (HERE / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_negative_case(case, snapshot_json, monkeypatch):
    monkeypatch.chdir(HERE)
    result = build("base", f"cases/{case}")
    errors = [d for d in result.diagnostics if d.severity >= Severity.ERROR]
    assert errors, "a negative case must produce at least one error"
    assert all(d.ref is None or d.line > 0 for d in errors), "every error in a file is positioned"
    assert [d.to_dict() for d in result.diagnostics] == snapshot_json
