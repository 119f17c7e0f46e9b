"""OME's pkg/controller/v1beta1/controllerconfig/configmap_test.go cases through omec's ``--controller-config``
parser (omec.validate.controller_config): the decisions and parsed values OME's tests assert
(https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/controllerconfig/configmap_test.go).

The ConfigMap rules omec does not reproduce yet (a pathTemplate without ingressDomain, no ``deploy`` key meaning an
empty default mode) belong to the admission side (docs/fidelity-admission.md) and are tested there.
"""
from __future__ import annotations

import json

from omec.validate.controller_config import parse_controller_config


def parse(data: dict):
    return parse_controller_config({"apiVersion": "v1", "kind": "ConfigMap", "data": data}, "inferenceservice.yaml")


def test_new_inference_services_config_valid_config():
    """TestNewInferenceServicesConfig "valid config": the multinodeProber key is read."""
    prober = {"image": "test-image", "cpuRequest": "100m", "memoryRequest": "100Mi", "cpuLimit": "200m",
              "memoryLimit": "200Mi", "startupFailureThreshold": 3, "startupPeriodSeconds": 10,
              "startupInitialDelaySeconds": 5, "startupTimeoutSeconds": 30, "unavailableThresholdSeconds": 60}
    config, diags = parse({"multinodeProber": json.dumps(prober)})
    assert diags == []
    assert config.multinode_prober is not None
    assert (config.multinode_prober["image"], config.multinode_prober["cpuRequest"]) == ("test-image", "100m")


def test_new_ingress_config_valid_config():
    """TestNewIngressConfig "valid config"."""
    ingress = {"ingressGateway": "istio-ingress", "ingressService": "istio-ingress",
               "localGateway": "cluster-local-gateway", "localGatewayService": "cluster-local-gateway",
               "ingressDomain": "example.com", "ingressClassName": "nginx",
               "additionalIngressDomains": ["extra.example.com"],
               "domainTemplate": "{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}", "urlScheme": "https",
               "pathTemplate": "/{{ .Namespace }}/{{ .Name }}"}
    config, diags = parse({"ingress": json.dumps(ingress)})
    assert diags == []
    got = config.ingress
    assert (got["ingressGateway"], got["ingressService"], got["ingressDomain"], got["ingressClassName"],
            got["urlScheme"]) == ("istio-ingress", "istio-ingress", "example.com", "nginx", "https")


def test_new_ingress_config_missing_required_fields():
    """TestNewIngressConfig "missing required fields": an error (OME: "invalid ingress config - ingressGateway and
    ingressService are required")."""
    _, diags = parse({"ingress": json.dumps({"ingressDomain": "example.com"})})
    assert [d.code for d in diags] == ["OMEC150"]
    assert "ingressGateway and ingressService are required" in diags[0].message


def test_new_ingress_config_default_values():
    """TestNewIngressConfig "default values": no ingress key -> DefaultDomainTemplate, DefaultIngressDomain,
    DefaultUrlScheme."""
    config, diags = parse({})
    assert diags == []
    assert (config.ingress["domainTemplate"], config.ingress["ingressDomain"], config.ingress["urlScheme"]) == (
        "{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}", "example.com", "http")


def test_new_deploy_config_valid_config():
    """TestNewDeployConfig "valid config"."""
    config, diags = parse({"deploy": json.dumps({"defaultDeploymentMode": "Serverless"})})
    assert (config.default_deployment_mode, diags) == ("Serverless", [])


def test_new_deploy_config_invalid_json():
    """TestNewDeployConfig "invalid json" and TestGetComponentConfig "invalid json": an error."""
    _, diags = parse({"deploy": "invalid json"})
    assert [d.code for d in diags] == ["OMEC150"]
    # OME's wrapper text (configmap.go NewDeployConfig: "unable to parse deploy config json: %w")
    assert diags[0].message.startswith("unable to parse deploy config json: ")


def test_get_component_config_missing_key_is_no_error():
    """TestGetComponentConfig "missing key": the zero value, no error (here: no multinodeProber)."""
    config, diags = parse({"deploy": json.dumps({"defaultDeploymentMode": "RawDeployment"})})
    assert (config.multinode_prober, diags) == (None, [])
