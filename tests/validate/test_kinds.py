"""Documents that are no OME kind omec compiles: a mistyped OME object is an error with "did you mean" (skipping it
would drop the service, and Argo CD would prune it), any other object an info. OME serves its kinds as
ome.io/v1beta1 only (https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/config/crd/full)."""
from __future__ import annotations

import pytest
import yaml

from omec.diagnostics import Severity
from omec.testing import build


def diagnose(api_version: str, kind: str, metadata: object = None):
    body = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"} if metadata is None else metadata}
    (diag,) = build(texts={"doc.yaml": yaml.safe_dump(body)}).diagnostics
    return diag


@pytest.mark.parametrize("api_version, kind, field, hint", [
    ("ome.io/v1beta1", "InferenceSevice", ("kind",), 'did you mean kind "InferenceService"?'),
    ("ome.io/v1beta1", "inferenceservice", ("kind",), 'did you mean kind "InferenceService"?'),
    ("ome.io/v1beta1", "ClusterServingRuntimes", ("kind",), 'did you mean kind "ClusterServingRuntime"?'),
    ("ome.io/v1beta1", "BaseModal", ("kind",), 'did you mean kind "BaseModel"?'),
    ("ome.io/v1", "InferenceService", ("apiVersion",), 'did you mean apiVersion "ome.io/v1beta1"?'),
    ("ome.io/v1alpha1", "ClusterBaseModel", ("apiVersion",), 'did you mean apiVersion "ome.io/v1beta1"?'),
    ("ome.io", "AcceleratorClass", ("apiVersion",), 'did you mean apiVersion "ome.io/v1beta1"?'),
    ("ome.ai/v1beta1", "InferenceService", ("apiVersion",), 'did you mean apiVersion "ome.io/v1beta1"?'),
    ("v1beta1", "FineTunedWeight", ("apiVersion",), 'did you mean apiVersion "ome.io/v1beta1"?'),
    ("ome.ai/v1beta1", "InferenceServce", ("kind",), 'did you mean kind "InferenceService" and apiVersion '
                                                       '"ome.io/v1beta1"?'),
    ("ome.io/v1", "BenchmarkJob", ("apiVersion",), 'did you mean apiVersion "ome.io/v1beta1"?'),
])
def test_a_mistyped_ome_object_is_an_error(api_version, kind, field, hint):
    diag = diagnose(api_version, kind)
    assert (diag.code, diag.severity, diag.field, diag.hint) == ("OMEC183", Severity.ERROR, field, hint)
    assert diag.message.startswith(f"{kind} ({api_version}): ")


def test_an_unknown_kind_in_the_ome_group_lists_omes_kinds():
    diag = diagnose("ome.io/v1beta1", "Widget")
    assert diag.code == "OMEC183" and diag.message.endswith("the ome.io group has no kind Widget; this document "
                                                            "would not be compiled")
    assert diag.hint == ("OME's kinds: AcceleratorClass, BaseModel, BenchmarkJob, ClusterBaseModel, "
                         "ClusterServingRuntime, FineTunedWeight, InferenceService, ServingRuntime (apiVersion "
                         "ome.io/v1beta1)")


def test_a_mistyped_service_fails_the_build():
    isvc = {"apiVersion": "ome.io/v1beta1", "kind": "InferenceSevice", "metadata": {"name": "chat"}, "spec": {}}
    assert not build(texts={"isvc.yaml": yaml.safe_dump(isvc)}).ok


@pytest.mark.parametrize("api_version, kind", [
    ("v1", "ConfigMap"), ("v1", "Namespace"), ("v1", "Secret"), ("apps/v1", "Deployment"),
    ("kustomize.config.k8s.io/v1beta1", "Kustomization"), ("omec.dev/v1alpha1", "ModelMetadata"),
    ("serving.kserve.io/v1beta1", "InferenceService"), ("serving.kserve.io/v1alpha1", "ClusterServingRuntime"),
    ("ome.io/v1beta1", "BenchmarkJob"),
])
def test_other_objects_stay_infos(api_version, kind):
    diag = diagnose(api_version, kind)
    assert (diag.code, diag.severity) == ("OMEC140", Severity.INFO)


def test_a_non_mapping_metadata_of_another_object_is_no_crash():
    assert diagnose("v1", "ConfigMap", metadata=["x"]).code == "OMEC140"
