"""Go's ``encoding/json`` (omec.golang.jsonv1) against Go itself: the syntax check, and ``json.Unmarshal`` into the
Go structs OME reads its controller ConfigMap into.

Every expected error below was printed by Go 1.26.8 (module ``go 1.25``) running OME's ConfigMap constructors
(``NewIngressConfig``, ``NewDeployConfig``, ``NewInferenceServicesConfig`` from
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/controllerconfig/configmap.go,
the pod webhook's ``newMetricsAggregator`` and injector constructors from pkg/webhook/admission/pod/, with the
k8s.io/api v0.33 ``VolumeMount``/``EnvVar`` types and apimachinery's ``resource.Quantity``), copied into a
throwaway program fed these values; the ``encoding/json`` error inside OME's wrapping is kept here unchanged.
None: Go decodes the value without error.
"""
from __future__ import annotations

import pytest

from omec.golang.jsonv1 import STRING, Field, JSONSyntaxError, Struct, parse, unmarshal
from omec.ome.controller_config import DATA_KEYS

# (ConfigMap key whose Go type decodes the value, value, encoding/json error)
VECTORS = [
    ('ingress', '{"ingressDomain": "example.com"}', None),
    ('ingress', '{"ingressGateway": "istio-ingress", "ingressService": "istio-ingress", "pathTemplate": "{{ .Invalid }}"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "pathTemplate": "/{{ .Name"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "example.com", "pathTemplate": "/{{ .Name"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "example.com", "pathTemplate": "/{{ nosuch }}"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "example.com", "pathTemplate": "/{{ .Namespace }}/{{ .Name }}"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "example.com", "pathTemplate": "/{{if .Name}}{{ nosuch }}{{end}}"}', None),
    ('ingress', '{"IngressGateway": "g", "INGRESSSERVICE": "s"}', None),
    ('ingress', '{"ingreſſGateway": "g", "ingressService": "s"}', None),
    ('ingress', '{"ingressGateway": 1, "ingressService": "s"}', 'json: cannot unmarshal number into Go struct field IngressConfig.ingressGateway of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "disableIngressCreation": "true"}', 'json: cannot unmarshal string into Go struct field IngressConfig.disableIngressCreation of type bool'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "additionalIngressDomains": "a.com"}', 'json: cannot unmarshal string into Go struct field IngressConfig.additionalIngressDomains of type []string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "additionalIngressDomains": ["a.com", 1]}', 'json: cannot unmarshal number into Go struct field IngressConfig.additionalIngressDomains of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "additionalIngressDomains": null, "ingressClassName": null}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressClassName": 5}', 'json: cannot unmarshal number into Go struct field IngressConfig.ingressClassName of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressClassName": {"a": 1}}', 'json: cannot unmarshal object into Go struct field IngressConfig.ingressClassName of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": ["x"]}', 'json: cannot unmarshal array into Go struct field IngressConfig.ingressDomain of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "urlScheme": true}', 'json: cannot unmarshal bool into Go struct field IngressConfig.urlScheme of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "enableGatewayAPI": 1}', 'json: cannot unmarshal number into Go struct field IngressConfig.enableGatewayAPI of type bool'),
    ('ingress', '{"ingressGateway": 1, "ingressService": 2}', 'json: cannot unmarshal number into Go struct field IngressConfig.ingressGateway of type string'),
    ('ingress', '{"ingressGateway": null, "ingressService": "s"}', None),
    ('ingress', '{"ingressGateway": "", "ingressService": "s"}', None),
    ('ingress', '{"ingressGateway": "a", "ingressGateway": "", "ingressService": "s"}', None),
    ('ingress', '{"ingressGateway": "", "IngressGateway": "a", "ingressService": "s"}', None),
    ('ingress', '{"ingressGateway": 1, "ingressGateway": "a", "ingressService": "s"}', 'json: cannot unmarshal number into Go struct field IngressConfig.ingressGateway of type string'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "unknownKey": 1}', None),
    ('ingress', '[]', 'json: cannot unmarshal array into Go value of type controllerconfig.IngressConfig'),
    ('ingress', '"str"', 'json: cannot unmarshal string into Go value of type controllerconfig.IngressConfig'),
    ('ingress', '5', 'json: cannot unmarshal number into Go value of type controllerconfig.IngressConfig'),
    ('ingress', 'true', 'json: cannot unmarshal bool into Go value of type controllerconfig.IngressConfig'),
    ('ingress', 'invalid json', "invalid character 'i' looking for beginning of value"),
    ('ingress', '', 'unexpected end of JSON input'),
    ('ingress', '   ', 'unexpected end of JSON input'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s"} trailing', "invalid character 't' after top-level value"),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s"}}', "invalid character '}' after top-level value"),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s"', 'unexpected end of JSON input'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s",', 'unexpected end of JSON input'),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s",}', "invalid character '}' looking for beginning of object key string"),
    ('ingress', '{"ingressGateway" "g"}', 'invalid character \'"\' after object key'),
    ('ingress', '{ingressGateway: "g"}', "invalid character 'i' looking for beginning of object key string"),
    ('ingress', "{'ingressGateway': 'g'}", "invalid character '\\'' looking for beginning of object key string"),
    ('ingress', '{"ingressGateway": "g\n"}', "invalid character '\\n' in string literal"),
    ('ingress', '{"ingressGateway": "\\x"}', "invalid character 'x' in string escape code"),
    ('ingress', '{"ingressGateway": "\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"),
    ('ingress', '{"a": tru}', "invalid character '}' in literal true (expecting 'e')"),
    ('ingress', '{"a": nul}', "invalid character '}' in literal null (expecting 'l')"),
    ('ingress', '{"a": falsy}', "invalid character 'y' in literal false (expecting 'e')"),
    ('ingress', '{"a": NaN}', "invalid character 'N' looking for beginning of value"),
    ('ingress', '{"a": Infinity}', "invalid character 'I' looking for beginning of value"),
    ('ingress', '{"a": -}', "invalid character '}' in numeric literal"),
    ('ingress', '{"a": 01}', "invalid character '1' after object key:value pair"),
    ('ingress', '{"a": 1.}', "invalid character '}' after decimal point in numeric literal"),
    ('ingress', '{"a": 1e}', "invalid character '}' in exponent of numeric literal"),
    ('ingress', '{"a": 1e+}', "invalid character '}' in exponent of numeric literal"),
    ('ingress', '{"a": .5}', "invalid character '.' looking for beginning of value"),
    ('ingress', '{"a": +1}', "invalid character '+' looking for beginning of value"),
    ('ingress', '{"a": [1,]}', "invalid character ']' looking for beginning of value"),
    ('ingress', '{"a": [1 2]}', "invalid character '2' after array element"),
    ('ingress', '{"é": 1}', None),
    ('ingress', 'é', "invalid character 'Ã' looking for beginning of value"),
    ('ingress', '\ufeff{}', "invalid character 'ï' looking for beginning of value"),
    ('ingress', '{"a":1}\n', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": "", "pathTemplate": "/x"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "ingressDomain": null, "pathTemplate": "/x"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "pathTemplate": "{{"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "pathTemplate": "{{ end }}"}', None),
    ('ingress', '{"ingressGateway": "g", "ingressService": "s", "pathTemplate": "x\\n{{ .A"}', None),
    ('deploy', '{"defaultDeploymentMode": "Serverless"}', None),
    ('deploy', '{"DefaultDeploymentMode": "RawDeployment"}', None),
    ('deploy', '{}', None),
    ('deploy', '{"defaultDeploymentMode": ""}', None),
    ('deploy', '{"defaultDeploymentMode": null}', None),
    ('deploy', '{"defaultDeploymentMode": "rawdeployment"}', None),
    ('deploy', '{"defaultDeploymentMode": "MultiNode"}', None),
    ('deploy', 'invalid json', "invalid character 'i' looking for beginning of value"),
    ('deploy', '{"defaultDeploymentMode": 1}', 'json: cannot unmarshal number into Go struct field DeployConfig.defaultDeploymentMode of type string'),
    ('deploy', '[]', 'json: cannot unmarshal array into Go value of type controllerconfig.DeployConfig'),
    ('deploy', '', 'unexpected end of JSON input'),
    ('deploy', '{"defaultDeploymentMode": "RawDeployment", "extra": 1}', None),
    ('multinodeProber', '{"image": "test-image", "cpuRequest": "100m", "memoryRequest": "100Mi", "cpuLimit": "200m", "memoryLimit": "200Mi", "startupFailureThreshold": 3, "startupPeriodSeconds": 10, "startupInitialDelaySeconds": 5, "startupTimeoutSeconds": 30, "unavailableThresholdSeconds": 60}', None),
    ('multinodeProber', '{"startupFailureThreshold": "3"}', 'json: cannot unmarshal string into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32'),
    ('multinodeProber', '{"startupFailureThreshold": 1.5}', 'json: cannot unmarshal number 1.5 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32'),
    ('multinodeProber', '{"startupFailureThreshold": 3000000000}', 'json: cannot unmarshal number 3000000000 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32'),
    ('multinodeProber', '{"startupFailureThreshold": -2147483648}', None),
    ('multinodeProber', '{"startupFailureThreshold": -2147483649}', 'json: cannot unmarshal number -2147483649 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32'),
    ('multinodeProber', '{"startupFailureThreshold": 1e2}', 'json: cannot unmarshal number 1e2 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32'),
    ('multinodeProber', '{"startupFailureThreshold": 100.0}', 'json: cannot unmarshal number 100.0 into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32'),
    ('multinodeProber', '{"startupFailureThreshold": -0}', None),
    ('multinodeProber', '{"startupFailureThreshold": true}', 'json: cannot unmarshal bool into Go struct field MultiNodeProberConfig.startupFailureThreshold of type int32'),
    ('multinodeProber', '{"image": 5}', 'json: cannot unmarshal number into Go struct field MultiNodeProberConfig.image of type string'),
    ('multinodeProber', '{"image": 5, "startupFailureThreshold": "x"}', 'json: cannot unmarshal number into Go struct field MultiNodeProberConfig.image of type string'),
    ('multinodeProber', 'invalid json', "invalid character 'i' looking for beginning of value"),
    ('multinodeProber', 'null', None),
    ('multinodeProber', '[]', 'json: cannot unmarshal array into Go value of type controllerconfig.MultiNodeProberConfig'),
    ('multinodeProber', '{}', None),
    ('metricsAggregator', '{"enableMetricAggregation": "false", "enablePrometheusScraping" : "false"}', None),
    ('metricsAggregator', '{"enableMetricAggregation": false}', 'json: cannot unmarshal bool into Go struct field MetricsAggregator.enableMetricAggregation of type string'),
    ('metricsAggregator', 'invalid', "invalid character 'i' looking for beginning of value"),
    ('modelInit', '{"image": "x", "extraVolumeMounts": [{"name": "a", "mountPath": "/a", "readOnly": "yes"}]}', 'json: cannot unmarshal string into Go struct field VolumeMount.extraVolumeMounts.readOnly of type bool'),
    ('modelInit', '{"image": "x", "extraVolumeMounts": {"name": "a"}}', 'json: cannot unmarshal object into Go struct field ModelInitInjector.extraVolumeMounts of type []v1.VolumeMount'),
    ('modelInit', '{"image": "x", "extraVolumeMounts": [{"name": "a", "mountPropagation": 1}]}', 'json: cannot unmarshal number into Go struct field VolumeMount.extraVolumeMounts.mountPropagation of type v1.MountPropagationMode'),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "value": 1}]}', 'json: cannot unmarshal number into Go struct field EnvVar.extraEnvVars.value of type string'),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"configMapKeyRef": {"name": 1}}}]}', 'json: cannot unmarshal number into Go struct field ConfigMapKeySelector.extraEnvVars.valueFrom.configMapKeyRef.LocalObjectReference.name of type string'),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"configMapKeyRef": {"optional": "no"}}}]}', 'json: cannot unmarshal string into Go struct field ConfigMapKeySelector.extraEnvVars.valueFrom.configMapKeyRef.optional of type bool'),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1x"}}}]}', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": " 1m "}}}]}', None),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": 2}}}]}', None),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"resourceFieldRef": {"divisor": {"a": 1}}}}]}', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": 1, "valueFrom": {"resourceFieldRef": {"divisor": "1x"}}}]}', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ('modelInit', '{"image": "x", "extraEnvVars": [{"name": "a", "valueFrom": {"fieldRef": {"fieldPath": 3}}}]}', 'json: cannot unmarshal number into Go struct field ObjectFieldSelector.extraEnvVars.valueFrom.fieldRef.fieldPath of type string'),
    ('modelInit', '{"image": 1}', 'json: cannot unmarshal number into Go struct field ModelInitInjector.image of type string'),
    ('modelInit', 'invalid', "invalid character 'i' looking for beginning of value"),
    ('modelInit', 'null', None),
    ('fineTunedAdapter', '{"image": 1}', 'json: cannot unmarshal number into Go struct field FineTunedAdapterInjector.image of type string'),
    ('fineTunedAdapter', '{"fineTunedWeightName": 1}', None),
    ('servingSidecar', '{"realmDomainComponent": false}', 'json: cannot unmarshal bool into Go struct field ServingSidecarInjector.realmDomainComponent of type string'),
    ('servingSidecar', '[1]', 'json: cannot unmarshal array into Go value of type pod.ServingSidecarInjector'),
    ('deploy', '-', "invalid character ' ' in numeric literal"),
    ('deploy', 'tru', "invalid character ' ' in literal true (expecting 'e')"),
    ('deploy', '"abc', 'unexpected end of JSON input'),
    ('deploy', '[', 'unexpected end of JSON input'),
    ('deploy', '[1,', 'unexpected end of JSON input'),
    ('deploy', '{"a"', 'unexpected end of JSON input'),
    ('deploy', '{"a":', 'unexpected end of JSON input'),
    ('deploy', '1 2', "invalid character '2' after top-level value"),
    ('deploy', '"\\u00"', 'invalid character \'"\' in \\u hexadecimal character escape'),
    ('deploy', '"a\\', "invalid character ' ' in string escape code"),
    ('deploy', '[]]', "invalid character ']' after top-level value"),
    ('deploy', '{}x', "invalid character 'x' after top-level value"),
    ('deploy', '0x10', "invalid character 'x' after top-level value"),
    ('deploy', '1e5x', "invalid character 'x' after top-level value"),
    ('deploy', '-01', "invalid character '1' after top-level value"),
    ('deploy', '"\t"', "invalid character '\\t' in string literal"),
    ('deploy', '"\\ud800"', 'json: cannot unmarshal string into Go value of type controllerconfig.DeployConfig'),
    ('deploy', '  \n\t{}\r\n', None),
    ('deploy', '"\\/"', 'json: cannot unmarshal string into Go value of type controllerconfig.DeployConfig'),
    ('deploy', '{"a":1,"a":2}', None),
    ('deploy', 'é', "invalid character 'Ã' looking for beginning of value"),
    ('deploy', '{"defaultDeploymentMode":"\\u0052awDeployment"}', None),
    ('deploy', '{"defaultDeploymentMode":"Raw\\u0000"}', None),
    ('deploy', '\x00', "invalid character '\\x00' looking for beginning of value"),
    ('deploy', '[1,2,,]', "invalid character ',' looking for beginning of value"),
    ('deploy', 'nulL', "invalid character 'L' in literal null (expecting 'l')"),
]


def _error(key: str, text: str) -> str | None:
    try:
        return unmarshal(text, DATA_KEYS[key].type).error
    except JSONSyntaxError as err:
        return str(err)


@pytest.mark.parametrize("key, text, error", VECTORS, ids=[f"{k}:{t[:40]!r}" for k, t, _ in VECTORS])
def test_unmarshal_as_go(key, text, error):
    assert _error(key, text) == error


SIMPLE = Struct("main.T", (Field("name", STRING), Field("kind", STRING)))


def test_keys_match_exactly_then_case_insensitively_and_the_last_one_wins():
    decoded = unmarshal('{"NAME": "a", "name": "b", "Name": "c"}', SIMPLE)
    assert decoded.value == {"name": "c"} and decoded.unknown == []


def test_go_folds_the_long_s_and_the_kelvin_sign_into_ascii():
    # the only non-ASCII runes whose Go fold (unicode.SimpleFold orbit minimum) is ASCII: U+017F and U+212A
    decoded = unmarshal('{"\u212aind": "k", "ſ": 1, "ñame": "x"}', SIMPLE)
    assert decoded.value == {"kind": "k"} and [key for _, key in decoded.unknown] == ["ſ", "ñame"]
    assert DATA_KEYS["ingress"].type.field("ingreſſService").name == "ingressService"  # Go accepts it (VECTORS)


def test_null_leaves_a_string_as_it_was():
    assert unmarshal('{"name": "a", "name": null}', SIMPLE).value == {"name": "a"}


def test_unknown_keys_and_errors_carry_the_path_as_written():
    modelinit = DATA_KEYS["modelInit"].type
    decoded = unmarshal('{"image": "x", "extraEnvVars": [{"name": "a"}, {"nmae": "b", "value": 1}]}', modelinit)
    assert decoded.unknown == [(("extraEnvVars", 1), "nmae")]
    assert decoded.error_at == ("extraEnvVars", 1, "value")
    assert decoded.error == "json: cannot unmarshal number into Go struct field EnvVar.extraEnvVars.value of type string"


def test_nesting_go_accepts_is_parsed_without_recursion():
    deep = "[" * 10000 + "]" * 10000
    node = parse(deep)
    for _ in range(9999):
        (node,) = node.value
    assert node.value == []


def test_strings_decode_escapes_and_replace_unpaired_surrogates():
    assert parse('"a\\u00e9\\n\\ud83d\\ude00\\ud800x\\/"').value == "aé\n\U0001f600\ufffdx/"
