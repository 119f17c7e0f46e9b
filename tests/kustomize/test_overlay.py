"""omec's output as a kustomize base: `kubectl kustomize OUT` prints exactly omec's objects (OUT/kustomization.yaml
lists every object file), and the overlay in examples/overlay gives them plus its label, replicas patch and image.
Expected transformations are kustomize's documented ones: `labels` adds the pairs to every object's
metadata.labels (includeSelectors and includeTemplates default to false), `images` rewrites the tag of every
container image of that name, a strategic-merge patch sets the field it names."""
from __future__ import annotations

import copy
import shutil
import subprocess
import sys

import pytest
import yaml

from omec.testing import build
from tests.conftest import REPO

KUBECTL = shutil.which("kubectl")
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not on PATH: this runs `kubectl kustomize`")
OVERLAY = REPO / "examples" / "overlay"


def kustomize(directory) -> dict[tuple, dict]:
    proc = subprocess.run([KUBECTL, "kustomize", str(directory)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return keyed(d for d in yaml.safe_load_all(proc.stdout) if d)


def keyed(bodies) -> dict[tuple, dict]:
    return {(b["kind"], b["metadata"].get("namespace"), b["metadata"]["name"]): b for b in bodies}


def built(tmp_path):
    out = tmp_path / "repo" / "out"
    result = subprocess.run([sys.executable, "-m", "omec", "build", str(REPO / "examples"), "-o", str(out), "-q"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out, keyed(build(str(REPO / "examples")).objects().values())


def _images(node, tag: str) -> None:
    if isinstance(node, dict):
        image = node.get("image")
        if isinstance(image, str) and image.startswith("docker.io/lmsysorg/sglang:"):
            node["image"] = f"docker.io/lmsysorg/sglang:{tag}"
        for value in node.values():
            _images(value, tag)
    elif isinstance(node, list):
        for value in node:
            _images(value, tag)


def test_kubectl_kustomize_of_the_output_prints_exactly_omecs_objects(tmp_path):
    out, mine = built(tmp_path)
    assert kustomize(out) == mine


def test_the_example_overlay_gives_omecs_objects_plus_the_patch(tmp_path):
    _, mine = built(tmp_path)
    shutil.copytree(OVERLAY, tmp_path / "repo" / "examples" / "overlay")
    theirs = kustomize(tmp_path / "repo" / "examples" / "overlay")
    expected = copy.deepcopy(mine)
    for body in expected.values():
        body["metadata"].setdefault("labels", {})["team"] = "ml-platform"
        _images(body, "v0.5.6-cu129-amd64")
    expected[("Deployment", "llm-prod", "llama-chat-engine")]["spec"]["replicas"] = 2
    assert set(theirs) == set(expected)
    assert {k: v for k, v in theirs.items() if v != expected[k]} == {}
    assert expected != mine  # the overlay changed something
