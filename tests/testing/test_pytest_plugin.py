"""omec's pytest plugin as a user meets it: a temporary repository with specs and a five-line test, run by real
pytest with syrupy: the first run (--snapshot-update) writes one readable .yaml snapshot, the next passes, and a
changed spec fails naming the object and the field that changed."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("syrupy")

CATALOG = Path(__file__).resolve().parents[1] / "cases" / "base" / "catalog.yaml"
ISVC = """apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {name: chat, namespace: team}
spec:
  model: {name: llama}
  runtime: {name: single}
  engine: {runner: {name: ome-container, image: IMAGE}}
"""
TEST = '''def test_services(omec_build, omec_snapshot):
    out = omec_build("specs")
    assert out.ok, out.report()
    assert out == omec_snapshot
'''


def _pytest(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=repo,
                          capture_output=True, text=True, timeout=120)


def test_snapshot_a_repository_then_see_a_change_named(tmp_path):
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    shutil.copy(CATALOG, repo / "specs" / "catalog.yaml")
    (repo / "specs" / "chat.yaml").write_text(ISVC.replace("IMAGE", "sglang:v1"))
    (repo / "test_deploy.py").write_text(TEST)

    first = _pytest(repo, "--snapshot-update")
    assert first.returncode == 0, first.stdout + first.stderr
    (snapshot,) = (repo / "__snapshots__").rglob("*.yaml")
    text = snapshot.read_text()
    assert "# --- team/chat/deployment-chat-engine.yaml\n" in text and "image: sglang:v1\n" in text

    assert _pytest(repo).returncode == 0

    (repo / "specs" / "chat.yaml").write_text(ISVC.replace("IMAGE", "sglang:v2"))
    changed = _pytest(repo)
    assert changed.returncode == 1
    assert ("changed team/chat/deployment-chat-engine.yaml (Deployment team/chat-engine): "
            "spec.template.spec.containers[0].image: 'sglang:v1' -> 'sglang:v2'") in changed.stdout


def test_field_changes_name_files_objects_and_fields():
    from omec.testing.snapshot import field_changes, parse_files, serialize_files

    old = {"a/x.yaml": "kind: Service\nmetadata: {name: x, namespace: a}\nspec: {ports: [{port: 80}]}\n",
           "gone.yaml": "kind: ConfigMap\n"}
    new = {"a/x.yaml": "kind: Service\nmetadata: {name: x, namespace: a}\nspec: {ports: [{port: 81}], type: LB}\n",
           "new.yaml": "kind: ConfigMap\n"}
    assert parse_files(serialize_files(new)) == new
    assert field_changes(old, new) == [
        "changed a/x.yaml (Service a/x): spec.ports[0].port: 80 -> 81",
        "changed a/x.yaml (Service a/x): spec.type: added 'LB'",
        "removed gone.yaml",
        "added new.yaml",
    ]
