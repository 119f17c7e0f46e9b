"""The controller ConfigMap (``--controller-config``) read as OME's constructors read it
(omec/validate/controller_config.py): OME's configmap_test.go cases, Go's results on many more values, and what
the parsed configuration changes in the build.

Go results: printed by Go 1.26.8 (module ``go 1.25``) running OME's ``NewIngressConfig``, ``NewDeployConfig``,
``NewInferenceServicesConfig``/``NewMultiNodeProberConfig``
(https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/controllerconfig/configmap.go)
and the pod webhook's ConfigMap constructors (pkg/webhook/admission/pod/*_injector.go), copied verbatim into a
throwaway program that passes {key: value} as the ConfigMap data; "PANIC" is a nil-pointer panic of OME's code.
One Go result is not reproduced and left out of the table: a pathTemplate whose error comes after a control
structure (``/{{if .Name}}{{ nosuch }}{{end}}``) is accepted, since omec's template parser stops at ``{{if}}``.
"""
from __future__ import annotations

import json

import pytest
import yaml

from omec.testing import build
from omec.validate.controller_config import parse_controller_config
from tests.conftest import CORPUS, require_shared

# (data key, value, OME's error: the constructor's error text, "PANIC", or None when OME accepts it)
CONSTRUCTORS = [
    ('ingress', '{"ingressDomain": "example.com"}', 'invalid ingress config - ingressGateway and ingressService are required'),
    ('ingress', '{"ingressGateway": "istio-ingress", "ingressService": "istio-ingress", "pathTemplate": "{{ .Invalid }}"}', 'invalid ingress config - ingressDomain is required if pathTemplate is given'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "pathTemplate": "/{{ .Name"}', 'invalid ingress config, unable to parse pathTemplate: template: path-template:1: unclosed action'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "example.com", "pathTemplate": "/{{ .Name"}', 'invalid ingress config, unable to parse pathTemplate: template: path-template:1: unclosed action'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "example.com", "pathTemplate": "/{{ nosuch }}"}', 'invalid ingress config, unable to parse pathTemplate: template: path-template:1: function "nosuch" not defined'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "example.com", "pathTemplate": "/{{ .Namespace }}/{{ .Name }}"}', None),
    ('ingress', '{"IngressGateway": "g", "INGRESSSERVICE": "s"}', None),
    ('ingress', '{"ingreſſGateway": "g", "ingressService": "s"}', None),
    ('ingress', '{"ingressGateway": 1, "ingressService": "s"}', 'unable to parse ingress config json: json: cannot unmarshal number into Go struct field IngressConfig.ingressGateway of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "disableIngressCreation": "true"}', 'unable to parse ingress config json: json: cannot unmarshal string into Go struct field IngressConfig.disableIngressCreation of type bool'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "additionalIngressDomains": "a.com"}', 'unable to parse ingress config json: json: cannot unmarshal string into Go struct field IngressConfig.additionalIngressDomains of type []string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "additionalIngressDomains": ["a.com", 1]}', 'unable to parse ingress config json: json: cannot unmarshal number into Go struct field IngressConfig.additionalIngressDomains of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "additionalIngressDomains": null, "ingressClassName": null}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressClassName": 5}', 'unable to parse ingress config json: json: cannot unmarshal number into Go struct field IngressConfig.ingressClassName of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressClassName": {"a": 1}}', 'unable to parse ingress config json: json: cannot unmarshal object into Go struct field IngressConfig.ingressClassName of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": ["x"]}', 'unable to parse ingress config json: json: cannot unmarshal array into Go struct field IngressConfig.ingressDomain of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "urlScheme": true}', 'unable to parse ingress config json: json: cannot unmarshal bool into Go struct field IngressConfig.urlScheme of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "enableGatewayAPI": 1}', 'unable to parse ingress config json: json: cannot unmarshal number into Go struct field IngressConfig.enableGatewayAPI of type bool'),
    ('ingress', '{"ingressGateway": 1, "ingressService": 2}', 'unable to parse ingress config json: json: cannot unmarshal number into Go struct field IngressConfig.ingressGateway of type string'),
    ('ingress', '{"ingressGateway": null, "ingressService": "s"}', 'invalid ingress config - ingressGateway and ingressService are required'),
    ('ingress', '{"ingressGateway": "", "ingressService": "s"}', 'invalid ingress config - ingressGateway and ingressService are required'),
    ('ingress', '{"ingressGateway": "a", "ingressGateway": "", "ingressService": "s"}', 'invalid ingress config - ingressGateway and ingressService are required'),
    ('ingress', '{"ingressGateway": "", "IngressGateway": "a", "ingressService": "s"}', None),
    ('ingress', '{"ingressGateway": 1, "ingressGateway": "a", "ingressService": "s"}', 'unable to parse ingress config json: json: cannot unmarshal number into Go struct field IngressConfig.ingressGateway of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "unknownKey": 1}', None),
    ('ingress', 'null', 'PANIC'),
    ('ingress', '[]', 'unable to parse ingress config json: json: cannot unmarshal array into Go value of type controllerconfig.IngressConfig'),
    ('ingress', '"str"', 'unable to parse ingress config json: json: cannot unmarshal string into Go value of type controllerconfig.IngressConfig'),
    ('ingress', '5', 'unable to parse ingress config json: json: cannot unmarshal number into Go value of type controllerconfig.IngressConfig'),
    ('ingress', 'true', 'unable to parse ingress config json: json: cannot unmarshal bool into Go value of type controllerconfig.IngressConfig'),
    ('ingress', 'invalid json', "unable to parse ingress config json: invalid character 'i' looking for beginning of value"),
    ('ingress', '', 'unable to parse ingress config json: unexpected end of JSON input'),
    ('ingress', '   ', 'unable to parse ingress config json: unexpected end of JSON input'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s"} trailing', "unable to parse ingress config json: invalid character 't' after top-level value"),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s"}}', "unable to parse ingress config json: invalid character '}' after top-level value"),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s"', 'unable to parse ingress config json: unexpected end of JSON input'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s",', 'unable to parse ingress config json: unexpected end of JSON input'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s",}', "unable to parse ingress config json: invalid character '}' looking for beginning of object key string"),
    ('ingress', '{"ingressGateway" "g"}', 'unable to parse ingress config json: invalid character \'"\' after object key'),
    ('ingress', '{ingressGateway: "g"}', "unable to parse ingress config json: invalid character 'i' looking for beginning of object key string"),
    ('ingress', "{'ingressGateway': 'g'}", "unable to parse ingress config json: invalid character '\\'' looking for beginning of object key string"),
    ('ingress', '{"ingressGateway": "g\n"}', "unable to parse ingress config json: invalid character '\\n' in string literal"),
    ('ingress', '{"ingressGateway": "\\x"}', "unable to parse ingress config json: invalid character 'x' in string escape code"),
    ('ingress', '{"ingressGateway": "\\u12g4"}', "unable to parse ingress config json: invalid character 'g' in \\u hexadecimal character escape"),
    ('ingress', '{"a": tru}', "unable to parse ingress config json: invalid character '}' in literal true (expecting 'e')"),
    ('ingress', '{"a": nul}', "unable to parse ingress config json: invalid character '}' in literal null (expecting 'l')"),
    ('ingress', '{"a": falsy}', "unable to parse ingress config json: invalid character 'y' in literal false (expecting 'e')"),
    ('ingress', '{"a": NaN}', "unable to parse ingress config json: invalid character 'N' looking for beginning of value"),
    ('ingress', '{"a": Infinity}', "unable to parse ingress config json: invalid character 'I' looking for beginning of value"),
    ('ingress', '{"a": -}', "unable to parse ingress config json: invalid character '}' in numeric literal"),
    ('ingress', '{"a": 01}', "unable to parse ingress config json: invalid character '1' after object key:value pair"),
    ('ingress', '{"a": 1.}', "unable to parse ingress config json: invalid character '}' after decimal point in numeric literal"),
    ('ingress', '{"a": 1e}', "unable to parse ingress config json: invalid character '}' in exponent of numeric literal"),
    ('ingress', '{"a": 1e+}', "unable to parse ingress config json: invalid character '}' in exponent of numeric literal"),
    ('ingress', '{"a": .5}', "unable to parse ingress config json: invalid character '.' looking for beginning of value"),
    ('ingress', '{"a": +1}', "unable to parse ingress config json: invalid character '+' looking for beginning of value"),
    ('ingress', '{"a": [1,]}', "unable to parse ingress config json: invalid character ']' looking for beginning of value"),
    ('ingress', '{"a": [1 2]}', "unable to parse ingress config json: invalid character '2' after array element"),
    ('ingress', '{"é": 1}', 'invalid ingress config - ingressGateway and ingressService are required'),
    ('ingress', 'é', "unable to parse ingress config json: invalid character 'Ã' looking for beginning of value"),
    ('ingress', '\ufeff{}', "unable to parse ingress config json: invalid character 'ï' looking for beginning of value"),
    ('ingress', '{"a":1}\n', 'invalid ingress config - ingressGateway and ingressService are required'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "", "pathTemplate": "/x"}', 'invalid ingress config - ingressDomain is required if pathTemplate is given'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": null, "pathTemplate": "/x"}', 'invalid ingress config - ingressDomain is required if pathTemplate is given'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "pathTemplate": "{{"}', 'invalid ingress config, unable to parse pathTemplate: template: path-template:1: unclosed action'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "pathTemplate": "{{ end }}"}', 'invalid ingress config, unable to parse pathTemplate: template: path-template:1: unexpected {{end}}'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "pathTemplate": "x\\n{{ .A"}', 'invalid ingress config, unable to parse pathTemplate: template: path-template:2: unclosed action'),
    ('deploy', '{"defaultDeploymentMode": "Serverless"}', None),
    ('deploy', '{"DefaultDeploymentMode": "RawDeployment"}', None),
    ('deploy', '{}', 'invalid deploy config, defaultDeploymentMode is required'),
    ('deploy', '{"defaultDeploymentMode": ""}', 'invalid deploy config, defaultDeploymentMode is required'),
    ('deploy', '{"defaultDeploymentMode": null}', 'invalid deploy config, defaultDeploymentMode is required'),
    ('deploy', '{"defaultDeploymentMode": "rawdeployment"}', 'invalid deployment mode. Supported modes are Serverless and RawDeployment'),
    ('deploy', '{"defaultDeploymentMode": "MultiNode"}', 'invalid deployment mode. Supported modes are Serverless and RawDeployment'),
    ('deploy', 'invalid json', "unable to parse deploy config json: invalid character 'i' looking for beginning of value"),
    ('deploy', '{"defaultDeploymentMode": 1}', 'unable to parse deploy config json: json: cannot unmarshal number into Go struct field DeployConfig.defaultDeploymentMode of type string'),
    ('deploy', 'null', 'PANIC'),
    ('deploy', '[]', 'unable to parse deploy config json: json: cannot unmarshal array into Go value of type controllerconfig.DeployConfig'),
    ('deploy', '', 'unable to parse deploy config json: unexpected end of JSON input'),
    ('deploy', '{"defaultDeploymentMode": "RawDeployment", "extra": 1}', None),
    ('multinodeProber', '{"image": "test-image", "cpuRequest": "100m", "memoryRequest": "100Mi", "cpuLimit": "200m", "memoryLimit": "200Mi", "startupFailureThreshold": 3, "startupPeriodSeconds": 10, "startupInitialDelaySeconds": 5, "startupTimeoutSeconds": 30, "unavailableThresholdSeconds": 60}', None),
    ('multinodeProber', '{"startupFailureThreshold": "3"}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal string into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32 '),
    ('multinodeProber', '{"startupFailureThreshold": 1.5}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal number 1.5 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32 '),
    ('multinodeProber', '{"startupFailureThreshold": 3000000000}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal number 3000000000 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32 '),
    ('multinodeProber', '{"startupFailureThreshold": -2147483648}', None),
    ('multinodeProber', '{"startupFailureThreshold": -2147483649}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal number -2147483649 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32 '),
    ('multinodeProber', '{"startupFailureThreshold": 1e2}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal number 1e2 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32 '),
    ('multinodeProber', '{"startupFailureThreshold": 100.0}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal number 100.0 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32 '),
    ('multinodeProber', '{"startupFailureThreshold": -0}', None),
    ('multinodeProber', '{"startupFailureThreshold": true}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal bool into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32 '),
    ('multinodeProber', '{"image": 5}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal number into Go struct field MultiNodeProberConfig.image of type string '),
    ('multinodeProber', '{"image": 5, "startupFailureThreshold": "x"}', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal number into Go struct field MultiNodeProberConfig.image of type string '),
    ('multinodeProber', 'invalid json', "unable to unmarshall multinodeProber json string due to invalid character 'i' looking for beginning of value "),
    ('multinodeProber', 'null', None),
    ('multinodeProber', '[]', 'unable to unmarshall multinodeProber json string due to json: cannot unmarshal array into Go value of type controllerconfig.MultiNodeProberConfig '),
    ('multinodeProber', '{}', None),
    ('metricsAggregator', '{"enableMetricAggregation": "false", "enablePrometheusScraping" : "false"}', None),
    ('metricsAggregator', '{"enableMetricAggregation": false}', 'unable to unmarshall metricsAggregator json string due to json: cannot unmarshal bool into Go struct field MetricsAggregator.enableMetricAggregation of type string '),
    ('metricsAggregator', 'invalid', "unable to unmarshall metricsAggregator json string due to invalid character 'i' looking for beginning of value "),
    ('modelInit', '{"image": "x", "extraVolumeMounts": [{"name": "a", "mountPath": "/a", "readOnly": "yes"}]}', 'unable to unmarshal modelInit json string: json: cannot unmarshal string into Go struct field VolumeMount.extraVolumeMounts.readOnly of type bool'),
    ('modelInit', '{"image": "x", "extraVolumeMounts": {"name": "a"}}', 'unable to unmarshal modelInit json string: json: cannot unmarshal object into Go struct field ModelInitInjector.extraVolumeMounts of type []v1.VolumeMount'),
    ('modelInit', '{"image": "x", "extraVolumeMounts": [{"name": "a", "mountPropagation": 1}]}', 'unable to unmarshal modelInit json string: json: cannot unmarshal number into Go struct field VolumeMount.extraVolumeMounts.mountPropagation of type v1.MountPropagationMode'),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "value": 1}]}', 'unable to unmarshal modelInit json string: json: cannot unmarshal number into Go struct field EnvVar.extraEnvVars.value of type string'),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"configMapKeyRef": {"name": 1}}}]}', 'unable to unmarshal modelInit json string: json: cannot unmarshal number into Go struct field ConfigMapKeySelector.extraEnvVars.valueFrom.configMapKeyRef.LocalObjectReference.name of type string'),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"configMapKeyRef": {"optional": "no"}}}]}', 'unable to unmarshal modelInit json string: json: cannot unmarshal string into Go struct field ConfigMapKeySelector.extraEnvVars.valueFrom.configMapKeyRef.optional of type bool'),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1x"}}}]}', "unable to unmarshal modelInit json string: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": " 1m "}}}]}', None),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": 2}}}]}', None),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"resourceFieldRef": {"divisor": {"a": 1}}}}]}', "unable to unmarshal modelInit json string: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": 1, "valueFrom": {"resourceFieldRef": {"divisor": "1x"}}}]}', "unable to unmarshal modelInit json string: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"fieldRef": {"fieldPath": 3}}}]}', 'unable to unmarshal modelInit json string: json: cannot unmarshal number into Go struct field ObjectFieldSelector.extraEnvVars.valueFrom.fieldRef.fieldPath of type string'),
    ('modelInit', '{"image": 1}', 'unable to unmarshal modelInit json string: json: cannot unmarshal number into Go struct field ModelInitInjector.image of type string'),
    ('modelInit', 'invalid', "unable to unmarshal modelInit json string: invalid character 'i' looking for beginning of value"),
    ('modelInit', 'null', None),
    ('fineTunedAdapter', '{"image": 1}', 'unable to unmarshal fineTunedAdapter json string: json: cannot unmarshal number into Go struct field FineTunedAdapterInjector.image of type string'),
    ('fineTunedAdapter', '{"fineTunedWeightName": 1}', None),
    ('servingSidecar', '{"realmDomainComponent": false}', 'unable to unmarshal servingSidecar json string: json: cannot unmarshal bool into Go struct field ServingSidecarInjector.realmDomainComponent of type string'),
    ('servingSidecar', '[1]', 'unable to unmarshal servingSidecar json string: json: cannot unmarshal array into Go value of type pod.ServingSidecarInjector'),
    ('deploy', '-', "unable to parse deploy config json: invalid character ' ' in numeric literal"),
    ('deploy', 'tru', "unable to parse deploy config json: invalid character ' ' in literal true (expecting 'e')"),
    ('deploy', '"abc', 'unable to parse deploy config json: unexpected end of JSON input'),
    ('deploy', '[', 'unable to parse deploy config json: unexpected end of JSON input'),
    ('deploy', '[1,', 'unable to parse deploy config json: unexpected end of JSON input'),
    ('deploy', '{"a"', 'unable to parse deploy config json: unexpected end of JSON input'),
    ('deploy', '{"a":', 'unable to parse deploy config json: unexpected end of JSON input'),
    ('deploy', '1 2', "unable to parse deploy config json: invalid character '2' after top-level value"),
    ('deploy', '"\\u00"', 'unable to parse deploy config json: invalid character \'"\' in \\u hexadecimal character escape'),
    ('deploy', '"a\\', "unable to parse deploy config json: invalid character ' ' in string escape code"),
    ('deploy', '[]]', "unable to parse deploy config json: invalid character ']' after top-level value"),
    ('deploy', '{}x', "unable to parse deploy config json: invalid character 'x' after top-level value"),
    ('deploy', '0x10', "unable to parse deploy config json: invalid character 'x' after top-level value"),
    ('deploy', '1e5x', "unable to parse deploy config json: invalid character 'x' after top-level value"),
    ('deploy', '-01', "unable to parse deploy config json: invalid character '1' after top-level value"),
    ('deploy', '"\t"', "unable to parse deploy config json: invalid character '\\t' in string literal"),
    ('deploy', '"\\ud800"', 'unable to parse deploy config json: json: cannot unmarshal string into Go value of type controllerconfig.DeployConfig'),
    ('deploy', '  \n\t{}\r\n', 'invalid deploy config, defaultDeploymentMode is required'),
    ('deploy', '"\\/"', 'unable to parse deploy config json: json: cannot unmarshal string into Go value of type controllerconfig.DeployConfig'),
    ('deploy', '{"a":1,"a":2}', 'invalid deploy config, defaultDeploymentMode is required'),
    ('deploy', 'é', "unable to parse deploy config json: invalid character 'Ã' looking for beginning of value"),
    ('deploy', '{"defaultDeploymentMode":"\\u0052awDeployment"}', None),
    ('deploy', '{"defaultDeploymentMode":"Raw\\u0000"}', 'invalid deployment mode. Supported modes are Serverless and RawDeployment'),
    ('deploy', '\x00', "unable to parse deploy config json: invalid character '\\x00' looking for beginning of value"),
    ('deploy', '[1,2,,]', "unable to parse deploy config json: invalid character ',' looking for beginning of value"),
    ('deploy', 'nulL', "unable to parse deploy config json: invalid character 'L' in literal null (expecting 'l')"),
]


def errors(data: dict) -> list[str]:
    _, diags = parse_controller_config(data, "config.yaml")
    return [d.message for d in diags if d.code == "OMEC150"]


@pytest.mark.parametrize("key, value, expected", CONSTRUCTORS, ids=[f"{k}:{v[:40]!r}" for k, v, _ in CONSTRUCTORS])
def test_the_constructors_accept_and_refuse_as_ome(key, value, expected):
    found = errors({key: value})
    if expected is None:
        assert found == []
    elif expected == "PANIC":
        assert len(found) == 1 and found[0].endswith("panics (runtime error: invalid memory address or nil pointer dereference)")
    else:
        assert found[:1] == [expected]


# --- OME's pkg/controller/v1beta1/controllerconfig/configmap_test.go ----------------------------------------------

def test_new_inference_services_config_valid():
    """TestNewInferenceServicesConfig "valid config": Image test-image, CPURequest 100m."""
    prober = {"image": "test-image", "cpuRequest": "100m", "memoryRequest": "100Mi", "cpuLimit": "200m",
              "memoryLimit": "200Mi", "startupFailureThreshold": 3, "startupPeriodSeconds": 10,
              "startupInitialDelaySeconds": 5, "startupTimeoutSeconds": 30, "unavailableThresholdSeconds": 60}
    config, diags = parse_controller_config({"multinodeProber": json.dumps(prober)}, "c")
    assert diags == [] and config.multinode_prober == prober


def test_new_ingress_config_valid():
    """TestNewIngressConfig "valid config": gateway and service istio-ingress, domain example.com, class nginx,
    urlScheme https."""
    ingress = {"ingressGateway": "istio-ingress", "ingressService": "istio-ingress",
               "localGateway": "cluster-local-gateway", "localGatewayService": "cluster-local-gateway",
               "ingressDomain": "example.com", "ingressClassName": "nginx",
               "additionalIngressDomains": ["extra.example.com"],
               "domainTemplate": "{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}", "urlScheme": "https",
               "pathTemplate": "/{{ .Namespace }}/{{ .Name }}"}
    config, diags = parse_controller_config({"ingress": ingress}, "c")
    assert diags == []
    assert {k: config.ingress[k] for k in ("ingressGateway", "ingressService", "ingressDomain", "ingressClassName",
                                           "urlScheme")} == {
        "ingressGateway": "istio-ingress", "ingressService": "istio-ingress", "ingressDomain": "example.com",
        "ingressClassName": "nginx", "urlScheme": "https"}


@pytest.mark.parametrize("ingress", [
    '{"ingressDomain": "example.com"}',  # "missing required fields"
    # "invalid path template": the template parses, the ingressDomain rule refuses it
    '{"ingressGateway": "istio-ingress", "ingressService": "istio-ingress", "pathTemplate": "{{ .Invalid }}"}',
])
def test_new_ingress_config_errors(ingress):
    """TestNewIngressConfig "missing required fields", "invalid path template": an error."""
    assert errors({"ingress": ingress})


def test_new_ingress_config_defaults():
    """TestNewIngressConfig "default values" (no ingress key): the default domain template, example.com, http."""
    config, diags = parse_controller_config({}, "c")
    assert diags == []
    assert (config.ingress["domainTemplate"], config.ingress["ingressDomain"], config.ingress["urlScheme"]) == (
        "{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}", "example.com", "http")


@pytest.mark.parametrize("data, mode, failed", [
    ({"deploy": '{"defaultDeploymentMode": "Serverless"}'}, "Serverless", False),  # "valid config"
    ({"deploy": "invalid json"}, None, True),  # "invalid json"
    ({}, "", False),  # "empty config": no key, no error, DefaultDeploymentMode ""
])
def test_new_deploy_config(data, mode, failed):
    """TestNewDeployConfig."""
    config, _ = parse_controller_config(data, "c")
    assert bool(errors(data)) is failed
    if not failed:
        assert config.default_deployment_mode == mode


@pytest.mark.parametrize("value, failed", [('{"image": "value"}', False), ("invalid json", True), (None, False)])
def test_get_component_config(value, failed):
    """TestGetComponentConfig "valid json" / "invalid json" / "missing key" (through the multinodeProber key)."""
    data = {} if value is None else {"multinodeProber": value}
    assert bool(errors(data)) is failed


# --- what the parsed ConfigMap changes in a build -------------------------------------------------------------

CATALOG = """
apiVersion: ome.io/v1beta1
kind: ClusterServingRuntime
metadata: {name: rt}
spec:
  supportedModelFormats:
    - modelFormat: {name: safetensors}
      modelFramework: {name: transformers}
      autoSelect: true
  engineConfig:
    runner: {name: ome-container, image: "img:1", ports: [{containerPort: 8080}]}
---
apiVersion: ome.io/v1beta1
kind: ClusterBaseModel
metadata: {name: m}
spec:
  modelFormat: {name: safetensors}
  modelFramework: {name: transformers}
  storage: {storageUri: "hf://a/b"}
---
apiVersion: ome.io/v1beta1
kind: InferenceService
metadata: {name: svc, namespace: ns}
spec:
  model: {name: m}
  runtime: {name: rt}
  engine: {}
"""
INGRESS = {"ingressGateway": "knative-serving/knative-ingress-gateway",
           "ingressService": "istio-ingressgateway.istio-system.svc.cluster.local", "disableIngressCreation": True}


def deployment_annotations(config: dict) -> dict:
    out = build(texts={"specs.yaml": CATALOG}, controller_config=config)
    assert out.ok, out.report()
    return out.objects()["ns/svc/deployment-svc-engine.yaml"]["metadata"].get("annotations") or {}


def test_without_a_deploy_key_the_webhook_writes_no_deployment_mode():
    """NewDeployConfig without the key: DefaultDeploymentMode "" (TestNewDeployConfig "empty config"); the
    mutating webhook then writes ome.io/deploymentMode only for RawDeployment defaults
    (inference_service_defaults.go DefaultInferenceService), so no object carries it."""
    assert "ome.io/deploymentMode" not in deployment_annotations({"ingress": INGRESS})
    assert deployment_annotations({"ingress": INGRESS, "deploy": {"defaultDeploymentMode": "RawDeployment"}})[
        "ome.io/deploymentMode"] == "RawDeployment"


@pytest.mark.parametrize("ingress, message", [
    ({**INGRESS, "pathTemplate": "/{{ .Namespace }}/{{ .Name }}"},
     "invalid ingress config - ingressDomain is required if pathTemplate is given"),
    ({**INGRESS, "ingressDomain": "example.com", "pathTemplate": "/{{ .Name"},
     "invalid ingress config, unable to parse pathTemplate: template: path-template:1: unclosed action"),
    ({**INGRESS, "disableIngressCreation": "true"}, "unable to parse ingress config json: json: cannot unmarshal string"
     " into Go struct field IngressConfig.disableIngressCreation of type bool"),
])
def test_an_ingress_config_ome_cannot_load_fails_every_build(ingress, message):
    """The raw Ingress never renders pathTemplate, so the services compile: OME's manager still refuses to start."""
    out = build(texts={"specs.yaml": CATALOG}, controller_config={"ingress": ingress})
    assert [d.message for d in out.errors] == [message]
    assert out.files == {}


def test_keys_match_case_insensitively_as_in_go():
    config, diags = parse_controller_config(
        {"ingress": '{"IngressGateway": "g", "INGRESSSERVICE": "s"}', "deploy": '{"DefaultDeploymentMode": "Serverless"}'},
        "c")
    assert diags == [] and config.default_deployment_mode == "Serverless"
    assert (config.ingress["ingressGateway"], config.ingress["ingressService"]) == ("g", "s")


def test_a_bad_multinode_prober_is_an_error_for_every_service():
    """NewInferenceServicesConfig runs at every reconcile (controller.go): every InferenceService fails."""
    _, diags = parse_controller_config({"multinodeProber": '{"startupFailureThreshold": "3"}'}, "c")
    [diag] = diags
    assert diag.message == ("unable to unmarshall multinodeProber json string due to json: cannot unmarshal string into"
                            " Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32 ")
    assert "every InferenceService reconcile fails" in (diag.hint or "")


def test_a_null_multinode_prober_is_a_missing_one():
    """json.Unmarshal("null") leaves NewInferenceServicesConfig's struct alone and makes NewMultiNodeProberConfig
    return nil: only MultiNodeRayVLLM engines need it (OMEC380)."""
    config, diags = parse_controller_config({"multinodeProber": "null"}, "c")
    assert diags == [] and config.multinode_prober is None


def test_unknown_keys_and_fields_are_warnings_with_a_suggestion():
    _, diags = parse_controller_config({"Ingress": "{}", "kedaConfig": "{}", "deploy": '{"defaultDeploymentmode": "x", '
                                        '"defaultDeploymentMode": "Serverless"}'}, "c")
    assert [(d.code, d.message, d.hint) for d in diags] == [
        ("OMEC160", "unknown key 'Ingress' in the controller ConfigMap: OME reads only ingress, deploy, multinodeProber, "
         "metricsAggregator, modelInit, fineTunedAdapter, servingSidecar and ignores it", 'did you mean "ingress"?'),
    ]  # "defaultDeploymentmode" is the same field for Go (case-insensitive), kedaConfig is shipped by OME


def test_an_unknown_field_inside_a_section_is_pointed_at():
    config = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "inferenceservice-config"},
              "data": {"ingress": {**INGRESS, "ingresDomain": "x.org", "urlScheme": 1}}}
    _, diags = parse_controller_config(config, "c")
    assert [(d.code, d.field, d.hint) for d in diags] == [
        ("OMEC160", ("data", "ingress", "ingresDomain"), 'did you mean "ingressDomain"?'),
        ("OMEC150", ("data", "ingress", "urlScheme"), diags[1].hint),
    ]
    assert diags[1].message == ("unable to parse ingress config json: json: cannot unmarshal number into Go struct field"
                                " IngressConfig.urlScheme of type string")


def test_the_shipped_configmap_loads_cleanly():
    """OME's own config/configmap/inferenceservice.yaml: every key known, every value decodes."""
    path = require_shared(CORPUS / "configmap" / "inferenceservice.yaml")
    shipped = yaml.safe_load(path.read_text(encoding="utf-8"))
    config, diags = parse_controller_config(shipped, "inferenceservice.yaml")
    assert diags == [] and config.default_deployment_mode == "RawDeployment"
