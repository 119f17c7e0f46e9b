"""OME's pkg/controller/v1beta1/inferenceservice/utils/annotations.go through omec: deployment-mode annotations
(annotations_test.go TestGetDeploymentModeFromAnnotations) and the ingress-config overrides of ResolveIngressConfig
(TestResolveIngressConfig) at
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/utils/annotations_test.go.
"""
from __future__ import annotations

from omec.diagnostics import Severity
from omec.render.domain import ingress_settings
from tests.golden.harness import compile_docs, container, isvc, model, runtime


def test_empty_string_deployment_mode_annotation_is_not_a_mode():
    """TestGetDeploymentModeFromAnnotations "empty string deployment mode": ("", false), so the controller's default
    mode applies (RawDeployment in the shipped ConfigMap) and omec warns that the value is ignored."""
    spec = {"model": {"name": "base", "kind": "BaseModel"}, "runtime": {"name": "rt"},
            "engine": {"runner": container("ome-container", "serve:1")}}
    built = compile_docs(model("base"), runtime("rt"), isvc("svc", spec, annotations={"ome.io/deploymentMode": ""}))
    assert ("Deployment", "svc-engine") in built.objects
    assert "OMEC309" in built.codes(Severity.WARNING)


def test_resolve_ingress_config_additional_domains():
    """TestResolveIngressConfig "additional domains with comma separation": strings.Split on "," and
    strings.TrimSpace of each part."""
    settings = ingress_settings({}, {"ome.io/ingress-additional-domains": "alt1.com, alt2.com, alt3.com"})
    assert settings["additionalIngressDomains"] == ["alt1.com", "alt2.com", "alt3.com"]


def test_additional_domains_are_trimmed_with_go_whitespace():
    """strings.TrimSpace trims unicode.IsSpace characters (NBSP included), not U+001C..U+001F as Python's strip does;
    empty parts stay (and are later dropped as invalid host names)."""
    settings = ingress_settings({}, {"ome.io/ingress-additional-domains": "\xa0a.io\xa0,\x1cb.io,,"})
    assert settings["additionalIngressDomains"] == ["a.io", "\x1cb.io", "", ""]
