"""Deployment-mode annotations this OME version cannot honour are refused or reported (issue: compatibility profile)."""
from __future__ import annotations

import pytest

from omec.options import Options
from omec.testing import build

CATALOG = """\
apiVersion: ome.io/v1beta1
kind: ClusterServingRuntime
metadata: {name: rt}
spec:
  supportedModelFormats:
  - {modelFormat: {name: safetensors}, modelFramework: {name: transformers}, autoSelect: true}
  engineConfig:
    runner: {name: ome-container, image: img:1}
---
apiVersion: ome.io/v1beta1
kind: ClusterBaseModel
metadata: {name: m}
spec:
  modelFormat: {name: safetensors}
  modelFramework: {name: transformers}
  storage: {storageUri: "hf://x/y"}
"""


def compile_with(annotation_site: str, value: str):
    engine = "engine: {}" if annotation_site == "isvc" else f"engine: {{annotations: {{ome.io/deploymentMode: {value}}}}}"
    metadata = "{name: svc, namespace: ns" + (f", annotations: {{ome.io/deploymentMode: {value}}}}}" if annotation_site == "isvc" else "}")
    isvc = f"apiVersion: ome.io/v1beta1\nkind: InferenceService\nmetadata: {metadata}\nspec:\n  model: {{name: m}}\n  runtime: {{name: rt}}\n  {engine}\n"
    return build(texts={"catalog.yaml": CATALOG, "isvc.yaml": isvc}, options=Options())


@pytest.mark.parametrize("site", ["isvc", "engine"])
def test_omenative_is_refused_explicitly(site):
    result = compile_with(site, "OMENative")
    assert [d.code for d in result.diagnostics if d.severity.label == "error"] == ["OMEC308"]
    assert not result.files


@pytest.mark.parametrize("site", ["isvc", "engine"])
def test_unknown_mode_is_a_warning_and_ignored(site):
    result = compile_with(site, "Turbo")
    assert "OMEC309" in [d.code for d in result.diagnostics]
    assert {body["kind"] for body in result.objects().values()} >= {"Deployment"}
