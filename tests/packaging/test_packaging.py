"""The installed package ships every module, template and schema (not only a source checkout)."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
import tomllib

from tests.conftest import REPO


def test_package_list_names_every_package_under_omec():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {
        "omec" + ("." + ".".join(p.parent.relative_to(REPO / "omec").parts) if p.parent != REPO / "omec" else "")
        for p in (REPO / "omec").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    data = {"omec._templates"} | {
        "omec._schemas" + ("." + d.name if d != REPO / "schemas" else "")
        for d in [REPO / "schemas", *(p for p in (REPO / "schemas").iterdir() if p.is_dir() and p.name != "__pycache__")]
    }
    assert on_disk | data == set(config["packages"])


def test_wheel_contains_templates_and_schemas(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {proc.stderr.strip()[-200:]}")
    [wheel] = tmp_path.glob("omec-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "omec/_templates/keda-query.promql.j2" in names
    assert "omec/_schemas/ome/inferenceservice.json" in names
    assert "omec/_schemas/crds/leaderworkerset.json" in names
