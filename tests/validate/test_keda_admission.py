"""KEDA settings at admission (omec/validate/keda.py) against OME's validating webhook
(pkg/webhook/admission/isvc/inference_service_validation.go validateKEDAConfig and its helpers).

The cases of OME's inference_service_validation_test.go are ported with their inputs and asserted outcomes
(OME asserts ``Contains(err, ...)``; the full messages here are OME's format strings filled in). The other
expected values come from the Go semantics OME relies on: ``strconv.ParseFloat`` (tests/golang/test_strconv.py
holds Go's results), ``url.Parse`` (tests/golang/test_url.py), ``strings.TrimSpace``.
"""
from __future__ import annotations

import pytest
import yaml

from omec.golang.strconv import quote as _go_quote
from omec.load import load_texts
from omec.ome.controller_config import SHIPPED
from omec.options import Options
from omec.validate import validate
from omec.validate.keda import address_problem, auth_modes_problem, operator_problem, threshold_problem

CBM = """
apiVersion: ome.io/v1beta1
kind: ClusterBaseModel
metadata: {name: test-model}
spec: {storage: {storageUri: "hf://x/y"}}
"""
KEDA = {"ome.io/autoscalerClass": "keda"}
OPERATORS = "GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual"
MODES = "basic, tls, bearer, custom"


def diagnostics(annotations: dict | None, keda: dict | None = None) -> list:
    metadata: dict = {"name": "test-isvc", "namespace": "default"}
    if annotations:
        metadata["annotations"] = annotations
    spec: dict = {"model": {"name": "test-model"}, "engine": {}}
    if keda is not None:
        spec["kedaConfig"] = keda
    isvc = yaml.safe_dump({"apiVersion": "ome.io/v1beta1", "kind": "InferenceService", "metadata": metadata, "spec": spec})
    _, diags = validate(load_texts({"m.yaml": CBM, "isvc.yaml": isvc}).documents, Options(), SHIPPED)
    return diags


def errors(annotations: dict | None, keda: dict | None = None) -> list[tuple[tuple, str]]:
    return [(d.field, d.message) for d in diagnostics(annotations, keda) if d.code == "OMEC152"]


# --- TestValidateKEDAConfig (validateKEDAConfig called with autoscalerClass keda) ---------------------------------

@pytest.mark.parametrize("annotations, keda, expected", [
    # "no KEDA config - should pass"
    ({}, None, None),
    # "valid KEDA config with all fields"
    ({}, {"promServerAddress": "http://prometheus.monitoring.svc:9090", "scalingThreshold": "10",
          "scalingOperator": "GreaterThanOrEqual", "authModes": "basic",
          "authenticationRef": {"name": "my-auth", "kind": "TriggerAuthentication"}}, None),
    # "valid KEDA config with HTTPS Prometheus address"
    ({}, {"promServerAddress": "https://grafana-cloud.example.com", "scalingThreshold": "5.5",
          "scalingOperator": "LessThan"}, None),
    # "invalid scaling operator in KedaConfig"
    ({}, {"scalingOperator": "InvalidOperator"}, "invalid KEDA scaling operator"),
    # "invalid scaling operator in annotation"
    ({"autoscaling.keda.sh/operator": "BadOperator"}, None, "invalid KEDA scaling operator"),
    # "invalid scaling threshold in KedaConfig"
    ({}, {"scalingThreshold": "not-a-number"}, "invalid KEDA scaling threshold"),
    # "invalid scaling threshold in annotation"
    ({"autoscaling.keda.sh/threshold": "abc"}, None, "invalid KEDA scaling threshold"),
    # "invalid Prometheus address - no scheme" / "- invalid scheme"
    ({}, {"promServerAddress": "prometheus.monitoring.svc:9090"}, "scheme must be http or https"),
    ({}, {"promServerAddress": "ftp://prometheus.monitoring.svc:9090"}, "scheme must be http or https"),
    # "invalid Prometheus address in annotation"
    ({"autoscaling.keda.sh/prometheus.serverAddress": "not-a-valid-url"}, None, "invalid KEDA Prometheus server address"),
    # "invalid auth mode"
    ({}, {"authModes": "invalid-auth-mode", "authenticationRef": {"name": "my-auth"}}, "invalid KEDA auth mode"),
    # "multiple auth modes - valid"
    ({}, {"authModes": "tls,basic", "authenticationRef": {"name": "my-auth"}}, None),
    # "multiple auth modes with one invalid"
    ({}, {"authModes": "basic,invalid", "authenticationRef": {"name": "my-auth"}}, "invalid KEDA auth mode"),
])
def test_validate_keda_config(annotations, keda, expected):
    found = errors({**KEDA, **annotations}, keda)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0][1]


def test_auth_modes_without_authentication_ref_warn():
    """TestValidateKEDAConfig "authModes without authenticationRef - should warn": no error, one warning (OME
    discards it; omec reports it as OMEC161, since the KEDA reconciler then leaves authModes out)."""
    diags = diagnostics(KEDA, {"authModes": "basic"})
    assert [(d.code, d.message) for d in diags] == [
        ("OMEC161", "KEDA authModes is specified but authenticationRef is not set; authModes will be ignored by KEDA")]


# --- TestValidateKEDAScalingOperator / Threshold / PrometheusServerAddress / AuthModes ----------------------------

@pytest.mark.parametrize("operator", ["GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual"])
def test_valid_scaling_operators(operator):
    assert operator_problem(operator) is None


@pytest.mark.parametrize("operator", ["greaterthan", "GREATERTHAN", "GreaterThanOrEquals", "Equal", "NotEqual", "",
                                      ">=", "<="])
def test_invalid_scaling_operators(operator):
    assert operator_problem(operator) == f'invalid KEDA scaling operator "{operator}", must be one of: {OPERATORS}'


@pytest.mark.parametrize("threshold", ["10", "0", "-5", "3.14", "0.5", "100.0", "1e10",
                                       # Go's ParseFloat also takes these (tests/golang/test_strconv.py)
                                       "+5", ".5", "5.", "inf", "NaN", "0x1p-2", "1_000", "Infinity", "-inf"])
def test_valid_scaling_thresholds(threshold):
    assert threshold_problem(threshold) is None


@pytest.mark.parametrize("threshold", ["not-a-number", "abc", "10abc", "", "10,5",
                                       # ... and refuses these, which Python's float() accepts or the other way
                                       " 10", "10 ", "10\n", "1e400", "0x10", "1__0", "١٠"])
def test_invalid_scaling_thresholds(threshold):
    assert threshold_problem(threshold) == f"invalid KEDA scaling threshold {_go_quote(threshold)}: must be a valid number"


@pytest.mark.parametrize("address", ["http://prometheus.monitoring.svc:9090", "https://grafana-cloud.example.com",
                                     "http://localhost:9090", "https://prometheus.example.com:443/api/v1",
                                     "http://10.0.0.1:9090"])
def test_valid_prometheus_addresses(address):
    assert address_problem(address) is None


@pytest.mark.parametrize("address, reason", [
    ("prometheus.monitoring.svc:9090", "scheme must be http or https"),
    ("ftp://prometheus.monitoring.svc:9090", "scheme must be http or https"),
    ("://prometheus.monitoring.svc:9090", 'parse "://prometheus.monitoring.svc:9090": missing protocol scheme'),
    ("http://", "host is required"),
])
def test_invalid_prometheus_addresses(address, reason):
    assert address_problem(address) == f'invalid KEDA Prometheus server address "{address}": {reason}'


@pytest.mark.parametrize("modes", ["basic", "tls", "bearer", "custom", "basic,tls", "tls, bearer",
                                   "basic, tls, bearer, custom", "",
                                   # empty parts are skipped after strings.TrimSpace
                                   " , ", "basic,,tls", "\u3000basic\u00a0"])
def test_valid_auth_modes(modes):
    assert auth_modes_problem(modes) is None


@pytest.mark.parametrize("modes, first_invalid", [
    ("invalid", "invalid"), ("Basic", "Basic"), ("BASIC", "BASIC"), ("oauth", "oauth"), ("basic,invalid", "invalid"),
    ("api-key", "api-key"),
    # Go's TrimSpace does not trim U+001F, Python's str.strip() does
    ("basic,\x1ftls", "\x1ftls"),
])
def test_invalid_auth_modes(modes, first_invalid):
    assert auth_modes_problem(modes) == (
        f"invalid KEDA auth mode {_go_quote(first_invalid)}, must be one of: {MODES}", first_invalid)


# --- TestInferenceService_KEDAAutoscalerIntegration (validateInferenceServiceAutoscaler) ---------------------------

@pytest.mark.parametrize("annotations, keda, expected", [
    ({}, {"promServerAddress": "http://prometheus:9090", "scalingThreshold": "10",
          "scalingOperator": "GreaterThanOrEqual"}, None),
    ({}, {"scalingOperator": "Invalid"}, "invalid KEDA scaling operator"),
    ({"autoscaling.keda.sh/operator": "GreaterThan"}, None, None),
    ({"autoscaling.keda.sh/threshold": "invalid"}, None, "invalid KEDA scaling threshold"),
])
def test_keda_autoscaler_integration(annotations, keda, expected):
    found = errors({**KEDA, **annotations}, keda)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0][1]


# --- what OME checks that omec did not -----------------------------------------------------------------------------

def test_annotation_and_kedaconfig_are_each_checked():
    """OME validates spec.kedaConfig's value *and* the annotation that overrides it, each on its own."""
    found = errors({**KEDA, "autoscaling.keda.sh/operator": "GreaterThan", "autoscaling.keda.sh/threshold": "5",
                    "autoscaling.keda.sh/prometheus.serverAddress": "http://prometheus:9090"},
                   {"scalingOperator": "Bad", "scalingThreshold": "abc", "promServerAddress": "ftp://x"})
    assert found == [
        (("spec", "kedaConfig", "scalingOperator"), f'invalid KEDA scaling operator "Bad", must be one of: {OPERATORS}'),
        (("spec", "kedaConfig", "scalingThreshold"), 'invalid KEDA scaling threshold "abc": must be a valid number'),
        (("spec", "kedaConfig", "promServerAddress"),
         'invalid KEDA Prometheus server address "ftp://x": scheme must be http or https'),
    ]


@pytest.mark.parametrize("modes, invalid", [("oauth", "oauth"), ("Basic", "Basic"), ("tls, Bearer", "Bearer")])
def test_auth_modes_are_checked(modes, invalid):
    found = errors(KEDA, {"authModes": modes, "authenticationRef": {"name": "my-auth"}})
    assert found == [(("spec", "kedaConfig", "authModes"), f'invalid KEDA auth mode "{invalid}", must be one of: {MODES}')]


def test_a_close_auth_mode_gets_a_suggestion():
    [diag] = [d for d in diagnostics(KEDA, {"authModes": "Basic", "authenticationRef": {"name": "a"}}) if d.code == "OMEC152"]
    assert diag.hint == 'did you mean "basic"?'


@pytest.mark.parametrize("address", ["HTTP://host:9090", "http://:9090", "https://user:pw@host", "http://[::1]:9090"])
def test_addresses_go_accepts(address):
    """url.Parse lower-cases the scheme and keeps ":9090" as the host (tests/golang/test_url.py)."""
    assert errors({**KEDA, "autoscaling.keda.sh/prometheus.serverAddress": address}) == []


@pytest.mark.parametrize("address, reason", [
    ("http://host with space", 'parse "http://host with space": invalid character " " in host name'),
    ("http://h%zz", 'parse "http://h%zz": invalid URL escape "%zz"'),
    ("http://host\n", 'parse "http://host\\n": net/url: invalid control character in URL'),
    ("", "scheme must be http or https"),  # a present annotation is checked even empty
])
def test_addresses_go_refuses(address, reason):
    assert errors({**KEDA, "autoscaling.keda.sh/prometheus.serverAddress": address}) == [
        (("metadata", "annotations", "autoscaling.keda.sh/prometheus.serverAddress"),
         f"invalid KEDA Prometheus server address {_go_quote(address)}: {reason}")]


@pytest.mark.parametrize("threshold", [" 10", "1e400", "١٠"])
def test_thresholds_go_refuses(threshold):
    assert len(errors({**KEDA, "autoscaling.keda.sh/threshold": threshold})) == 1


def test_threshold_go_accepts_hex_floats():
    assert errors({**KEDA, "autoscaling.keda.sh/threshold": "0x1p-2"}) == []


def test_without_the_keda_class_nothing_is_checked():
    """validateInferenceServiceAutoscaler runs validateKEDAConfig only for an explicit keda class."""
    assert diagnostics(None, {"scalingOperator": "Bad", "authModes": "oauth"}) == []

