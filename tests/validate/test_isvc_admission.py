"""The InferenceService admission webhooks (omec/validate/webhook.py) against OME's: the cases of
pkg/webhook/admission/isvc/inference_service_validation_test.go and inference_service_defaults_test.go, ported with
their inputs and asserted outcomes, and the rules where omec differed from OME's code
(inference_service_validation.go, inference_service_defaults.go at the pinned commit).
"""
from __future__ import annotations

import json

import pytest

from omec.golang.strconv import quote as _go_quote
from omec.load import load_texts
from omec.model import Catalog
from omec.ome.controller_config import SHIPPED, ControllerConfig
from omec.options import Options
from omec.validate import validate
from omec.validate.webhook import DEPRECATION_TEXT, _convert_predictor

CBM = """
apiVersion: ome.io/v1beta1
kind: ClusterBaseModel
metadata: {name: test-model}
spec: {storage: {storageUri: "hf://x/y"}}
---
apiVersion: ome.io/v1beta1
kind: BaseModel
metadata: {name: test-basemodel, namespace: test-namespace}
spec: {storage: {storageUri: "hf://x/z"}}
"""
RAW = ControllerConfig(default_deployment_mode="RawDeployment")
NO_DEPLOY_CONFIG = ControllerConfig(default_deployment_mode="")  # OME's deployConfig nil / without the key


def admit(spec: dict, annotations: dict | None = None, name: str = "test-isvc", namespace: str = "default",
          config: ControllerConfig = SHIPPED):
    metadata: dict = {"name": name, "namespace": namespace}
    if annotations is not None:
        metadata["annotations"] = annotations
    # JSON (a subset of YAML) quotes every string, so a value such as "1e2" stays a string as kubectl would read it
    isvc = json.dumps({"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": metadata, "spec": spec})
    catalog, diags = validate(load_texts({"models.yaml": CBM, "isvc.yaml": isvc}).documents, Options(), config)
    service = next(iter(catalog.services), None)  # None: the API server rejected the object before admission
    return service, diags


def codes(spec: dict, annotations: dict | None = None, **kwargs) -> list[str]:
    return [d.code for d in admit(spec, annotations, **kwargs)[1]]


ENGINE = {"model": {"name": "test-model"}, "engine": {}}


# --- inference_service_validation_test.go --------------------------------------------------------------------------

# The API server validates metadata.name (a DNS-1123 subdomain for a CRD) before it calls validating webhooks
# (k8s.io/apiserver registry Store.Create: rest.BeforeCreate, then the createValidation admission): a name that is
# no subdomain is refused with OMEC180 and never reaches OME's name check (OMEC144).
@pytest.mark.parametrize("name, refused_by", [
    ("test-isvc", None), ("Test-ISVC", "OMEC180"),  # TestInferenceServiceValidator_ValidateCreate
    ("valid-name", None), ("Invalid-Name", "OMEC180"), ("invalid@name", "OMEC180"),  # TestInferenceService_NameValidation
    # regexp ^[a-z]([-a-z0-9]*[a-z0-9])?$ with Go's $ (end of text)
    ("a", None), ("a-", "OMEC180"), ("1abc", "OMEC144"), ("a.b", "OMEC144"), ("abc\n", "OMEC180"),
])
def test_name_validation(name, refused_by):
    service, diags = admit(ENGINE, name=name)
    assert [d.code for d in diags if d.code in ("OMEC144", "OMEC180")] == ([refused_by] if refused_by else [])
    assert (service is None) == (refused_by == "OMEC180")
    if refused_by == "OMEC144":
        (message,) = [d.message for d in diags if d.code == "OMEC144"]
        assert message == f'invalid InferenceService name {_go_quote(name)}, must match "[a-z]([-a-z0-9]*[a-z0-9])?"'


@pytest.mark.parametrize("annotations, error", [
    # TestInferenceService_AutoscalerValidation
    (None, None),
    ({"ome.io/autoscalerClass": "hpa"}, None),
    ({"ome.io/autoscalerClass": "external"}, None),
    ({"ome.io/autoscalerClass": "invalid-class"}, "[invalid-class] is not a supported autoscaler class type"),
    ({"ome.io/autoscalerClass": "hpa", "ome.io/metrics": "cpu"}, None),
    ({"ome.io/autoscalerClass": "hpa", "ome.io/metrics": "memory"}, None),
    ({"ome.io/autoscalerClass": "hpa", "ome.io/metrics": "invalid-metric"}, "[invalid-metric] is not a supported metric"),
    ({"ome.io/autoscalerClass": "keda"}, None),
    # the metric is only looked at under an explicit hpa class
    ({"ome.io/metrics": "gpu"}, None),
    ({"ome.io/autoscalerClass": "keda", "ome.io/metrics": "gpu"}, None),
    ({"ome.io/autoscalerClass": "external", "ome.io/metrics": "gpu"}, None),
    # a present class is checked even empty, and case-sensitively
    ({"ome.io/autoscalerClass": ""}, "[] is not a supported autoscaler class type"),
    ({"ome.io/autoscalerClass": "HPA"}, "[HPA] is not a supported autoscaler class type"),
])
def test_autoscaler_validation(annotations, error):
    _, diags = admit(ENGINE, annotations)
    assert [d.message for d in diags if d.code == "OMEC146"] == ([] if error is None else [error])


@pytest.mark.parametrize("value, valid", [
    # TestInferenceService_TargetUtilizationValidation
    ("50", True), ("0", False), ("150", False), ("not-a-number", False),
    # strconv.Atoi: a sign and leading zeros are fine; spaces, fractions, non-ASCII digits are not
    ("+50", True), ("050", True), ("1", True), ("100", True), ("00100", True),
    ("101", False), ("-0", False), (" 50", False), ("50 ", False), ("1.0", False), ("1e2", False),
    ("99999999999999999999", False), ("٣", False), ("²", False), ("１０", False),
])
def test_target_utilization_validation(value, valid):
    _, diags = admit(ENGINE, {"ome.io/targetUtilizationPercentage": value})
    found = [d.message for d in diags if d.code == "OMEC147"]
    assert found == ([] if valid else ["the target utilization percentage should be a [1-100] integer"])


def test_no_target_utilization_is_fine():
    assert codes(ENGINE, {}) == []


@pytest.mark.parametrize("spec, error", [
    # TestInferenceService_EngineDecoderValidation
    ({"model": {"name": "test-model"}}, False),
    ({"model": {"name": "test-model"}, "engine": {}, "decoder": {}}, False),
    ({"model": {"name": "test-model"}, "decoder": {}}, True),
])
def test_engine_decoder_validation(spec, error):
    _, diags = admit(spec)
    assert [d.message for d in diags if d.code == "OMEC145"] == (
        ["decoder cannot be specified without engine"] if error else [])


@pytest.mark.parametrize("name, annotations, spec, code, text", [
    # TestValidateInferenceService_ComprehensiveErrorPaths
    # "Invalid-Name" is no DNS-1123 subdomain: the API server refuses it before the webhook (see above)
    ("Invalid-Name", None, ENGINE, "OMEC180", "a lowercase RFC 1123 subdomain"),
    ("1-invalid", None, ENGINE, "OMEC144", "invalid InferenceService name"),
    ("test-isvc", {"ome.io/autoscalerClass": "invalid-class"}, ENGINE, "OMEC146", "is not a supported autoscaler class type"),
    ("test-isvc", {"ome.io/targetUtilizationPercentage": "150"}, ENGINE, "OMEC147",
     "target utilization percentage should be a [1-100] integer"),
    ("test-isvc", None, {"model": {"name": "test-model"}, "decoder": {}}, "OMEC145", "decoder cannot be specified without engine"),
])
def test_comprehensive_error_paths(name, annotations, spec, code, text):
    _, diags = admit(spec, annotations, name=name)
    assert any(d.code == code and text in d.message for d in diags)


# --- inference_service_defaults_test.go ----------------------------------------------------------------------------

PREDICTOR = {"predictor": {"model": {"baseModel": "test-model"}}}


@pytest.mark.parametrize("annotations, config, mode", [
    # TestDefaultInferenceService
    (None, RAW, "RawDeployment"),  # "no deployment mode annotation, deployConfig with RawDeployment"
    ({"ome.io/deploymentMode": "serverless"}, RAW, "serverless"),  # "existing ... should not be overridden"
    (None, NO_DEPLOY_CONFIG, None),  # "nil deployConfig should not set deployment mode"
    (None, ControllerConfig(default_deployment_mode="serverless"), None),  # "non-RawDeployment default"
])
def test_default_inference_service(annotations, config, mode):
    service, _ = admit(PREDICTOR, annotations, config=config)
    assert service.annotations.get("ome.io/deploymentMode") == mode
    assert service.annotations["ome.io/deprecation-warning"] == DEPRECATION_TEXT
    assert service.spec["model"]["name"] == "test-model" and "engine" in service.spec and "runtime" not in service.spec


def test_empty_inference_service_gets_no_annotations():
    """TestDefaultInferenceService "empty InferenceService should have no annotations"."""
    service, _ = admit({}, config=NO_DEPLOY_CONFIG)
    assert service.annotations == {} and not {"engine", "model", "runtime"} & set(service.spec)


@pytest.mark.parametrize("spec, annotations, config, mode", [
    # TestDeploymentModeDetection
    ({"engine": {}, "decoder": {}}, None, NO_DEPLOY_CONFIG, "PDDisaggregated"),
    ({"engine": {"leader": {}, "worker": {"size": 2}}}, None, NO_DEPLOY_CONFIG, "MultiNode"),
    ({"engine": {}}, None, RAW, "RawDeployment"),
    ({"engine": {"leader": {}, "worker": {"size": 0}}}, None, RAW, "RawDeployment"),
    ({"engine": {}, "decoder": {}}, {"ome.io/deploymentMode": "Serverless"}, NO_DEPLOY_CONFIG, "Serverless"),
])
def test_deployment_mode_detection(spec, annotations, config, mode):
    service, _ = admit({"model": {"name": "test-model"}, **spec}, annotations, config=config)
    assert service.annotations["ome.io/deploymentMode"] == mode


@pytest.mark.parametrize("predictor, used", [
    # TestIsPredictorUsed
    ({"model": {"baseModel": "test-model"}}, True),
    ({"minReplicas": 1}, True),
    ({"containers": [{"name": "test-container", "image": "test-image"}]}, True),
    ({"serviceAccountName": "test-sa"}, True),
    ({"volumes": [{"name": "test-volume"}]}, True),
    ({"nodeSelector": {"key": "value"}}, True),
    ({"tolerations": [{"key": "test"}]}, True),
    ({"affinity": {}}, True),
    ({}, False),
    # pointer tests: set counts, even empty; len() tests: empty does not
    ({"model": {"baseModel": ""}}, True),
    ({"minReplicas": 0}, True),
    ({"serviceAccountName": ""}, False),
    ({"containers": []}, False),
    ({"maxReplicas": 5}, False),
    ({"workerSpec": {"size": 1}}, False),
    ({"model": {"runtime": "r"}}, False),
])
def test_is_predictor_used(predictor, used):
    service, _ = admit({"predictor": predictor, "model": {"name": "test-model"}, "engine": {}})
    assert ("ome.io/deprecation-warning" in service.annotations) is used


@pytest.mark.parametrize("namespace, predictor, model", [
    # TestMigrateFromPredictorToNewArchitecture
    ("default", {"model": {"baseModel": "test-model"}, "minReplicas": 2, "maxReplicas": 5},
     {"name": "test-model", "kind": "ClusterBaseModel", "apiGroup": "ome.io"}),
    ("test-namespace", {"model": {"baseModel": "test-basemodel"}, "minReplicas": 1, "maxReplicas": 3},
     {"name": "test-basemodel", "kind": "BaseModel", "apiGroup": "ome.io"}),
])
def test_migrate_from_predictor(namespace, predictor, model):
    service, _ = admit({"predictor": predictor}, namespace=namespace)
    assert service.spec["model"] == model and "runtime" not in service.spec
    assert (service.spec["engine"]["minReplicas"], service.spec["engine"]["maxReplicas"]) == (
        predictor["minReplicas"], predictor["maxReplicas"])


def test_migrate_with_model_not_found_is_refused():
    """TestMigrateFromPredictorToNewArchitecture "predictor with model not found - should return error": the
    admission is refused, so nothing is converted (no OMEC149 "converted")."""
    service, diags = admit({"predictor": {"model": {"baseModel": "non-existent-model"}}}, namespace="test-namespace")
    assert [(d.code, d.message) for d in diags] == [
        ("OMEC148", "neither ClusterBaseModel nor BaseModel found with name non-existent-model")]
    assert "engine" not in service.spec


def test_migrate_with_runtime():
    """... "predictor with model and runtime"."""
    service, _ = admit({"predictor": {"model": {"baseModel": "test-model", "runtime": "test-runtime"}}})
    assert service.spec["runtime"] == {"name": "test-runtime", "kind": "ClusterServingRuntime", "apiGroup": "ome.io"}


def test_migrate_with_no_model_but_other_fields():
    """... "predictor with no model but other fields": engine set, no model, no runtime."""
    service, _ = admit({"predictor": {"serviceAccountName": "test-sa"}})
    assert service.spec["engine"]["serviceAccountName"] == "test-sa"
    assert "model" not in service.spec and "runtime" not in service.spec


def test_engine_already_configured_skips_migration():
    """... "engine already configured - should skip migration" (the deprecation annotation is still added)."""
    service, diags = admit({"predictor": {"model": {"baseModel": "test-model"}}, "engine": {"minReplicas": 3}})
    assert "model" not in service.spec and "runtime" not in service.spec
    assert service.spec["engine"]["minReplicas"] == 3
    assert [(d.code, d.message) for d in diags] == [
        ("OMEC149", "spec.predictor is deprecated and ignored: spec.engine is set, so OME's webhook does not convert it")]


def test_migrate_with_worker():
    """TestMigrateFromPredictorToNewArchitectureWithWorker: workerSpec becomes engine.worker."""
    service, _ = admit({"predictor": {"containers": [{"name": "main-container", "image": "i"}], "workerSpec": {"size": 3}}})
    assert service.spec["engine"]["worker"]["size"] == 3


def migrate(spec: dict) -> dict:
    """``migrateFromPredictorToNewArchitecture`` itself (the edge-case tests call it directly, without the
    isPredictorUsed gate), with CBM test-model in the catalog."""
    catalog = Catalog()
    service, _ = admit({})
    catalog.cluster_models["test-model"] = service  # any object: only the name is looked up
    converted, _ = _convert_predictor(service, spec, spec["predictor"], catalog)
    return converted


@pytest.mark.parametrize("spec, model, runtime", [
    # TestMigrateFromPredictorToNewArchitectureEdgeCases
    ({"predictor": {"model": {"runtime": "test-runtime"}}}, None, "test-runtime"),  # "model but no BaseModel"
    ({"predictor": {"model": {"baseModel": "predictor-model"}}, "model": {"name": "existing-model"}},
     "existing-model", None),  # "existing top-level model"
    ({"predictor": {"model": {"baseModel": "test-model", "runtime": "predictor-runtime"}},
      "runtime": {"name": "existing-runtime"}}, "test-model", "existing-runtime"),  # "existing top-level runtime"
    ({"predictor": {"model": {"baseModel": "test-model"}}}, "test-model", None),  # "model but no runtime"
    # a runtime "" is a set pointer: migrated (the controller then auto-selects)
    ({"predictor": {"model": {"runtime": ""}}}, None, ""),
])
def test_migrate_edge_cases(spec, model, runtime):
    converted = migrate(spec)
    assert "engine" in converted
    assert (converted.get("model") or {}).get("name") == model
    assert (converted.get("runtime") or {}).get("name") == runtime


def test_migrate_without_containers_has_no_runner():
    """... "predictor with no containers"."""
    engine = migrate({"predictor": {"serviceAccountName": "test-sa"}})["engine"]
    assert "runner" not in engine and "containers" not in engine


@pytest.mark.parametrize("weights, copied", [(["weight1", "weight2", "weight3"], True), ([], False)])
def test_migrate_fine_tuned_weights(weights, copied):
    """... "predictor with fine-tuned weights" / "... empty fine-tuned weights"."""
    model = migrate({"predictor": {"model": {"baseModel": "test-model", "fineTunedWeights": weights}}})["model"]
    assert model.get("fineTunedWeights") == (weights if copied else None)


@pytest.mark.parametrize("component, block, expected", [
    # TestDefaultComponents
    ("engine", {}, (1, 3)), ("engine", {"minReplicas": 2, "maxReplicas": 5}, (2, 5)),
    ("decoder", {}, (1, 3)), ("decoder", {"minReplicas": 2, "maxReplicas": 5}, (2, 5)),
    ("router", {}, (1, 2)), ("router", {"minReplicas": 2, "maxReplicas": 5}, (2, 5)),
])
def test_default_components(component, block, expected):
    service, _ = admit({"model": {"name": "test-model"}, "engine": {}, component: block})
    assert (service.spec[component]["minReplicas"], service.spec[component]["maxReplicas"]) == expected


@pytest.mark.parametrize("spec, annotations, warning", [
    # TestDeprecationWarning, TestDeprecationWarningEdgeCases
    (PREDICTOR, None, DEPRECATION_TEXT),
    ({"engine": {"minReplicas": 1}, "model": {"name": "test-model"}}, None, None),
    (PREDICTOR, {"ome.io/deprecation-warning": "Custom deprecation warning"}, "Custom deprecation warning"),
])
def test_deprecation_warning(spec, annotations, warning):
    service, _ = admit(spec, annotations)
    assert service.annotations.get("ome.io/deprecation-warning") == warning


def test_migrate_spec_via_json():
    """TestMigrateSpecViaJSON: the ComponentExtensionSpec and PodSpec fields are copied into the engine."""
    service, _ = admit({"predictor": {"minReplicas": 1, "maxReplicas": 3, "containerConcurrency": 2,
                                      "serviceAccountName": "test-sa"}})
    engine = service.spec["engine"]
    assert (engine["minReplicas"], engine["maxReplicas"], engine["containerConcurrency"], engine["serviceAccountName"]) == (
        1, 3, 2, "test-sa")


# --- where omec differed from OME's webhook ------------------------------------------------------------------------

def test_an_empty_affinity_makes_the_predictor_used():
    """isPredictorUsed tests ``predictor.Affinity != nil``: ``affinity: {}`` is migrated into an engine."""
    service, diags = admit({"predictor": {"affinity": {}}, "model": {"name": "test-model"}})
    assert service.spec["engine"] == {"affinity": {}, "minReplicas": 1, "maxReplicas": 3}
    assert [d.code for d in diags] == ["OMEC149"]


def test_an_empty_base_model_is_looked_up_and_refused():
    """``predictor.model.baseModel != nil`` holds for "": DetermineModelKind("") finds nothing and the mutating
    webhook refuses the service with that (empty) name."""
    _, diags = admit({"predictor": {"model": {"baseModel": ""}}})
    assert [(d.code, d.message) for d in diags] == [("OMEC148", "neither ClusterBaseModel nor BaseModel found with name ")]


@pytest.mark.parametrize("model, dropped", [
    ({"baseModel": "test-model"}, ""),
    ({"baseModel": "test-model", "runtime": "r", "storageUri": "oci://x"}, " (spec.predictor.model.storageUri is dropped)"),
    ({"baseModel": "test-model", "protocolVersion": "openAI", "storageUri": "oci://x", "runtimeVersion": "1"},
     " (spec.predictor.model.protocolVersion, runtimeVersion and storageUri are dropped)"),
    ({"baseModel": "test-model", "image": "x:1", "fineTunedWeights": []}, " (spec.predictor.model.image is dropped)"),
])
def test_the_conversion_warning_names_the_fields_dropped(model, dropped):
    _, diags = admit({"predictor": {"model": model}})
    assert [d.message for d in diags if d.code == "OMEC149"] == [
        "spec.predictor is deprecated; converted to spec.engine/model/runtime as OME's webhook does" + dropped]


def test_a_model_shadowed_by_spec_model_is_dropped():
    _, diags = admit({"predictor": {"model": {"baseModel": "test-model", "fineTunedWeights": ["w"]}},
                      "model": {"name": "test-model"}})
    assert [d.message for d in diags if d.code == "OMEC149"] == [
        "spec.predictor is deprecated; converted to spec.engine/model/runtime as OME's webhook does "
        "(spec.predictor.model.baseModel and fineTunedWeights are dropped)"]


def test_a_superscript_target_utilization_is_an_error_not_a_crash():
    """``"²".isdigit()`` is True in Python and ``int("²")`` raises: omec crashed (exit 70); Atoi refuses it."""
    _, diags = admit(ENGINE, {"ome.io/targetUtilizationPercentage": "²"})
    assert [d.code for d in diags] == ["OMEC147"]
