"""Ingress objects and the component domain check, through the real pipeline.

Cases of OME's ingress_builder_test, httproute_builder_test / gateway_api_strategy_test and
virtualservice_builder_test; and OME's ingress quirks (the flapping VirtualService, HTTPRoutes to a Service that
does not exist, port 8080 everywhere, untruncated backend names, the crash without omeIngressGateway).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from omec.ome.naming import trunc63
from omec.options import Options
from omec.testing import BuildOutput
from omec.testing import build as build_specs

FIXTURES = Path(__file__).parent / "fixtures" / "ingress"
RUNTIME = (FIXTURES / "runtime.yaml").read_text()
MODEL = (FIXTURES / "model.yaml").read_text()
LOCAL_GATEWAY = "knative-serving/knative-local-gateway"
INGRESS_GATEWAY = "knative-serving/knative-ingress-gateway"
KNATIVE_LOCAL_SERVICE = "knative-local-gateway.istio-system.svc.cluster.local"
ENABLED = {
    "ingressGateway": INGRESS_GATEWAY,
    "ingressService": "istio-ingressgateway.istio-system.svc.cluster.local",
    "localGateway": LOCAL_GATEWAY,
    "localGatewayService": "knative-local-gateway.istio-system.svc.cluster.local",
    "knativeLocalGatewayService": KNATIVE_LOCAL_SERVICE,
    "ingressDomain": "example.com",
    "ingressClassName": "istio",
    "disableIngressCreation": False,
}
GATEWAY_API = {"enableGatewayAPI": True, "omeIngressGateway": "ome/ome-gateway"}
VISIBILITY = "networking.knative.dev/visibility"
ENGINE, ROUTER, DECODER = {"engine": {}}, {"engine": {}, "router": {}}, {"engine": {}, "decoder": {}}
PD_ROUTER = {"engine": {}, "decoder": {}, "router": {}}
SERVERLESS_ENGINE = {"engine": {"minReplicas": 0}}


def build(
    spec: dict,
    ingress: dict | None = None,
    *,
    annotations: dict | None = None,
    labels: dict | None = None,
    name: str = "test-isvc",
    runtime: str = RUNTIME,
    **options,
) -> BuildOutput:
    """Compile one InferenceService (pinned runtime ``rt``, model ``m``) with ingress config ENABLED + ``ingress``."""
    metadata = {"name": name, "namespace": "default", "annotations": annotations or {}, "labels": labels or {}}
    isvc = {
        "apiVersion": "ome.io/v1beta1",
        "kind": "InferenceService",
        "metadata": metadata,
        "spec": {"model": {"name": "m"}, "runtime": {"name": "rt"}, **spec},
    }
    texts = {"runtime.yaml": runtime, "model.yaml": MODEL, "isvc.yaml": yaml.safe_dump(isvc)}
    # with a deploy key, as OME ships it: without one OME's default mode is "" and its webhook writes no
    # ome.io/deploymentMode annotation (controllerconfig.NewDeployConfig)
    config = {"ingress": {**ENABLED, **(ingress or {})}, "deploy": {"defaultDeploymentMode": "RawDeployment"}}
    result = build_specs(texts=texts, controller_config=config, options=Options(**options), partial=True)
    assert "OMEC150" not in result.codes()  # the controller config itself is valid
    return result


def bodies(result: BuildOutput, kind: str, api_version: str | None = None) -> list[dict]:
    return [body for body in result.objects().values()
            if body["kind"] == kind and api_version in (None, body["apiVersion"])]


def only(result: BuildOutput, kind: str) -> dict:
    [body] = bodies(result, kind)
    return body


def diagnostics(result: BuildOutput, code: str) -> list:
    return [d for d in result.diagnostics if d.code == code]


def external_services(result: BuildOutput) -> list[dict]:
    return [b for b in bodies(result, "Service") if b["metadata"]["name"] == "test-isvc"]


# --- Kubernetes Ingress (ingress_builder_test) -----------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "rules"),
    [
        (ENGINE, [("test-isvc", "test-isvc-engine")]),
        (ROUTER, [("test-isvc", "test-isvc-router"), ("test-isvc-router", "test-isvc-router"),
                  ("test-isvc-engine", "test-isvc-engine")]),
        (PD_ROUTER, [("test-isvc", "test-isvc-router"), ("test-isvc-router", "test-isvc-router"),
                     ("test-isvc-engine", "test-isvc-engine"), ("test-isvc-decoder", "test-isvc-decoder")]),
        # decoder without router: the top-level host goes to the engine
        (DECODER, [("test-isvc", "test-isvc-engine"), ("test-isvc-engine", "test-isvc-engine"),
                   ("test-isvc-decoder", "test-isvc-decoder")]),
    ],
)
def test_kubernetes_ingress_rules(spec, rules):
    result = build(spec)
    assert result.ok, result.diagnostics
    ingress = only(result, "Ingress")
    got = [(r["host"], r["http"]["paths"][0]["backend"]["service"]["name"]) for r in ingress["spec"]["rules"]]
    assert got == [(f"{host}.default.example.com", backend) for host, backend in rules]
    for rule in ingress["spec"]["rules"]:
        assert rule["http"]["paths"] == [{
            "path": "/", "pathType": "Prefix",
            "backend": {"service": {"name": rule["http"]["paths"][0]["backend"]["service"]["name"],
                                    "port": {"number": 8080}}},
        }]
    assert ingress["spec"]["ingressClassName"] == "istio"
    assert external_services(result) == [] and bodies(result, "HTTPRoute") == []


def test_kubernetes_ingress_metadata_copies_every_annotation_and_no_label():
    annotations = {"kubectl.kubernetes.io/last-applied-configuration": "{}", "b-note": "x"}
    ingress = only(build(ENGINE, annotations=annotations, labels={"team": "ml"}), "Ingress")
    assert ingress["metadata"]["name"] == "test-isvc"
    assert "labels" not in ingress["metadata"]
    # unfiltered (the Ingress is the one object that gets all ISVC annotations), sorted, and the webhook's
    # deploymentMode annotation included
    assert ingress["metadata"]["annotations"] == {
        "b-note": "x",
        "kubectl.kubernetes.io/last-applied-configuration": "{}",
        "ome.io/deploymentMode": "RawDeployment",
    }
    assert list(ingress["metadata"]["annotations"]) == sorted(ingress["metadata"]["annotations"])


def test_kubernetes_ingress_without_class_name():
    ingress = only(build(ENGINE, {"ingressClassName": None}), "Ingress")
    assert "ingressClassName" not in ingress["spec"]


def test_backend_port_quirk_q6():
    runtime = RUNTIME.replace("containerPort: 8080", "containerPort: 9000", 1)  # the engine runner
    result = build(ROUTER, runtime=runtime)
    ingress = only(result, "Ingress")
    assert {r["http"]["paths"][0]["backend"]["service"]["port"]["number"] for r in ingress["spec"]["rules"]} == {8080}
    [warning] = diagnostics(result, "OMEC523")
    assert "listens on 9000" in warning.message and warning.field == ("spec", "engine")


def test_untruncated_backend_quirk_q7():
    name = "nvidia-nemotron-3-nano-30b-a3b-base-bf16-experimental-deploy"  # 60 chars
    result = build(ROUTER, name=name)
    ingress = only(result, "Ingress")
    backends = {r["http"]["paths"][0]["backend"]["service"]["name"] for r in ingress["spec"]["rules"]}
    assert backends == {f"{name}-engine", f"{name}-router"}
    services = {b["metadata"]["name"] for b in bodies(result, "Service")}
    assert {trunc63(f"{name}-engine"), trunc63(f"{name}-router")} <= services
    named = sorted(d.message.split("Service ")[1].split(" ")[0] for d in diagnostics(result, "OMEC524"))
    assert named == sorted(backends)
    # hosts use trunc63 of the component name (OME's GenerateDomainName truncates the name first)
    assert f"{trunc63(name + '-engine')}.default.example.com" in {r["host"] for r in ingress["spec"]["rules"]}


# --- strategy selection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ingress", "annotation", "kinds"),
    [
        ({"disableIngressCreation": True}, None, {"external"}),
        ({}, "true", {"external"}),  # the ISVC annotation disables it
        ({"disableIngressCreation": True}, "false", {"Ingress"}),  # ... or enables it (any value but "true")
        ({}, None, {"Ingress"}),
        (GATEWAY_API, None, {"HTTPRoute"}),
    ],
)
def test_strategy_selection(ingress, annotation, kinds):
    annotations = {"ome.io/ingress-disable-creation": annotation} if annotation is not None else None
    result = build(ENGINE, ingress, annotations=annotations)
    assert result.ok, result.diagnostics
    found = {kind for kind in ("Ingress", "HTTPRoute", "VirtualService") if bodies(result, kind)}
    if external_services(result):
        found.add("external")
    assert found == kinds


@pytest.mark.parametrize(("spec", "ingress"), [(ENGINE, {}), (ROUTER, GATEWAY_API), (SERVERLESS_ENGINE, {})])
def test_assume_ready_false_emits_no_ingress_objects(spec, ingress):
    result = build(spec, ingress, assume_ready=False, knative_domain="example.com")
    assert [b["kind"] for b in result.objects().values() if b["kind"] in ("Ingress", "HTTPRoute", "VirtualService")] == []
    assert external_services(result) == []
    assert len(diagnostics(result, "OMEC365")) == 1


@pytest.mark.parametrize(("ingress", "expect_error"), [({}, True), ({"disableIngressCreation": True}, False)])
def test_ray_ingress_mode_is_unsupported_unless_ingress_is_disabled(ingress, expect_error):
    spec = {"engine": {"annotations": {"ome.io/deploymentMode": "MultiNodeRayVLLM"}}}
    errors = diagnostics(build(spec, ingress), "OMEC362")
    assert [d.message for d in errors] == (["unsupported deployment mode MultiNodeRayVLLM"] if expect_error else [])
    assert all(d.field == ("spec", "engine") for d in errors)


# --- Gateway API HTTPRoutes (httproute_builder_test, gateway_api_strategy_test) --------------------


def _routes(result: BuildOutput) -> dict[str, dict]:
    return {b["metadata"]["name"]: b for b in bodies(result, "HTTPRoute")}


def _rules(route: dict) -> list[tuple]:
    return [(r["matches"][0]["path"]["value"], r["backendRefs"][0]["name"], r["timeouts"]["request"])
            for r in route["spec"]["rules"]]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (ENGINE, {"test-isvc": [("^/.*$", "test-isvc", "60s")]}),
        ({"engine": {}, "predictor": {"timeoutSeconds": 120}}, {"test-isvc": [("^/.*$", "test-isvc", "120s")]}),
        ({"engine": {"timeoutSeconds": 30}}, {"test-isvc": [("^/.*$", "test-isvc", "60s")]}),  # engine's own ignored
        ({"engine": {}, "router": {"timeoutSeconds": 90}}, {
            "test-isvc": [("^/.*$", "test-isvc-router", "90s")],
            "test-isvc-router": [("^/.*$", "test-isvc-router", "90s")],
        }),
        ({"engine": {}, "decoder": {"timeoutSeconds": 45}}, {
            "test-isvc": [("^/v1/.*$", "test-isvc-decoder", "45s"), ("^/.*$", "test-isvc", "60s")],
            "test-isvc-decoder": [("^/.*$", "test-isvc-decoder", "45s")],
        }),
        (PD_ROUTER, {
            "test-isvc": [("^/v1/.*$", "test-isvc-decoder", "60s"), ("^/.*$", "test-isvc-router", "60s")],
            "test-isvc-router": [("^/.*$", "test-isvc-router", "60s")],
            "test-isvc-decoder": [("^/.*$", "test-isvc-decoder", "60s")],
        }),
    ],
)
def test_http_routes(spec, expected):
    result = build(spec, GATEWAY_API)
    assert result.ok, result.diagnostics
    routes = _routes(result)
    assert sorted(routes) == sorted(expected)  # one file each: the order OME creates them in is not observable
    assert {name: _rules(route) for name, route in routes.items()} == expected
    for name, route in routes.items():
        assert route["spec"]["hostnames"] == [f"{name}.default.example.com"]
        assert route["spec"]["parentRefs"] == [
            {"group": "gateway.networking.k8s.io", "kind": "Gateway", "namespace": "ome", "name": "ome-gateway"}]
        for rule in route["spec"]["rules"]:
            assert rule["matches"][0]["path"]["type"] == "RegularExpression"
            [backend] = rule["backendRefs"]
            assert backend == {"kind": "Service", "name": backend["name"], "namespace": "default", "port": 8080}
            assert rule["filters"] == [{"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [
                {"name": "OMe-Isvc-Name", "value": "test-isvc"}, {"name": "OME-Isvc-Namespace", "value": "default"}]}}]
    assert bodies(result, "Ingress") == [] and external_services(result) == []


def test_http_route_metadata_filters_labels_and_annotations():
    result = build(ENGINE, GATEWAY_API, labels={"team": "ml", VISIBILITY: "cluster-local"},
                   annotations={"kubectl.kubernetes.io/last-applied-configuration": "{}", "note": "x"})
    metadata = only(result, "HTTPRoute")["metadata"]
    assert metadata["labels"] == {"team": "ml"}
    assert metadata["annotations"] == {"note": "x", "ome.io/deploymentMode": "RawDeployment"}


def test_http_route_path_template_and_additional_domains():
    ingress = {**GATEWAY_API, "pathTemplate": "/serving/{{ .Namespace }}/{{ .Name }}/",
               "additionalIngressDomains": ["extra.io"]}
    route = _routes(build({"engine": {}, "decoder": {}}, ingress))["test-isvc"]
    assert route["spec"]["hostnames"] == ["test-isvc.default.example.com", "test-isvc.default.extra.io", "example.com"]
    assert [rule[:2] for rule in _rules(route)] == [
        ("^/v1/.*$", "test-isvc-decoder"),
        ("^/.*$", "test-isvc"),
        ("/serving/default/test-isvc(/v1/.*)$", "test-isvc-decoder"),
        ("/serving/default/test-isvc/", "test-isvc"),
    ]


@pytest.mark.parametrize(("spec", "missing_backend"), [(ENGINE, True), (ROUTER, False)])
def test_gateway_backend_quirk_q5(spec, missing_backend):
    [warning] = diagnostics(build(spec, GATEWAY_API), "OMEC522")
    assert ("targets Service test-isvc," in warning.message) is missing_backend
    assert "PredictorReady" in warning.message


@pytest.mark.parametrize("gateway", [None, "no-slash"])
def test_gateway_api_without_ome_ingress_gateway_is_an_error_q8(gateway):
    result = build(ENGINE, {"enableGatewayAPI": True, "omeIngressGateway": gateway})
    [error] = diagnostics(result, "OMEC363")
    assert error.ref.path == "<controller-config>" and error.field == ("data", "ingress")
    assert bodies(result, "HTTPRoute") == []


# --- VirtualService + ExternalName Service (virtualservice_builder_test) ---------------------------


def _virtual_service(result: BuildOutput) -> dict:
    return only(result, "VirtualService")


def test_virtual_service_engine_only_external():
    result = build(SERVERLESS_ENGINE, knative_domain="example.com")
    assert result.ok, result.diagnostics
    vs = _virtual_service(result)
    assert vs["spec"]["hosts"] == ["test-isvc.default.svc.cluster.local", "test-isvc.default.example.com"]
    assert vs["spec"]["gateways"] == [LOCAL_GATEWAY, "mesh", INGRESS_GATEWAY]
    [route] = vs["spec"]["http"]
    assert route["match"] == [
        {"authority": {"regex": r"^test-isvc\.default(\.svc(\.cluster\.local)?)?(?::\d{1,5})?$"},
         "gateways": [LOCAL_GATEWAY, "mesh"]},
        {"authority": {"regex": r"^test-isvc\.default\.example\.com(?::\d{1,5})?$"}, "gateways": [INGRESS_GATEWAY]},
    ]
    assert route["route"] == [{"destination": {"host": KNATIVE_LOCAL_SERVICE, "port": {"number": 8080}}, "weight": 100}]
    assert route["headers"] == {"request": {"set": {
        "Host": "test-isvc-engine.default.svc.cluster.local",
        "OME-Isvc-Namespace": "default",
        "OMe-Isvc-Name": "test-isvc",
    }}}
    external_name = [b for b in external_services(result) if b["spec"]["type"] == "ExternalName"]
    assert external_name == [{
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "test-isvc", "namespace": "default"},
        "spec": {"type": "ExternalName", "externalName": ENABLED["localGatewayService"], "sessionAffinity": "None"},
    }]
    assert len(diagnostics(result, "OMEC521")) == 1  # OME deletes both objects on its next reconcile


def test_virtual_service_serverless_router_with_decoder():
    spec = {"engine": {}, "decoder": {}, "router": {"minReplicas": 0}}
    vs = _virtual_service(build(spec, knative_domain="example.com"))
    decoder_route, default_route = vs["spec"]["http"]
    assert all(m["uri"] == {"regex": "^/v1/.*$"} for m in decoder_route["match"])
    assert decoder_route["headers"]["request"]["set"]["Host"] == "test-isvc-decoder.default.svc.cluster.local"
    assert all("uri" not in m for m in default_route["match"])
    assert default_route["headers"]["request"]["set"]["Host"] == "test-isvc-router.default.svc.cluster.local"
    assert vs["spec"]["hosts"][1] == "test-isvc.default.example.com"  # "-router" stripped from Knative's host


def test_virtual_service_cluster_local():
    result = build(SERVERLESS_ENGINE, labels={VISIBILITY: "cluster-local"})  # no --knative-domain needed
    vs = _virtual_service(result)
    assert vs["spec"]["hosts"] == ["test-isvc.default.svc.cluster.local"]
    assert vs["spec"]["gateways"] == [LOCAL_GATEWAY, "mesh"]
    assert [len(r["match"]) for r in vs["spec"]["http"]] == [1]
    assert vs["metadata"]["labels"] == {VISIBILITY: "cluster-local"}  # all ISVC labels


@pytest.mark.parametrize(
    ("options", "service_host", "internal"),
    [
        ({"knative_domain": "kn.io"}, "test-isvc.default.kn.io", "test-isvc.default.svc.cluster.local"),
        # Knative host "test-isvc-engine-default.kn.io": OME strips "-engine-default" when "-default" occurs
        ({"knative_domain": "kn.io", "knative_domain_template": "{{.Name}}-{{.Namespace}}.{{.Domain}}"},
         "test-isvc.kn.io", "test-isvc.default.svc.cluster.local"),
        ({"knative_domain": "kn.io", "cluster_domain": "corp.internal"}, "test-isvc.default.kn.io",
         "test-isvc.default.svc.corp.internal"),
    ],
)
def test_virtual_service_hosts_from_options(options, service_host, internal):
    vs = _virtual_service(build(SERVERLESS_ENGINE, **options))
    assert vs["spec"]["hosts"] == [internal, service_host]


def test_virtual_service_path_template_and_additional_domains():
    ingress = {"pathTemplate": "/serving/{{ .Name }}", "additionalIngressDomains": ["extra.io"]}
    spec = {"engine": {}, "decoder": {}, "router": {"minReplicas": 0}}
    vs = _virtual_service(build(spec, ingress, knative_domain="example.com"))
    assert vs["spec"]["hosts"] == [
        "test-isvc.default.svc.cluster.local",
        "test-isvc.default.example.com",
        "example.com",
        "test-isvc.default.extra.io",
    ]
    _, default, decoder_path, default_path = vs["spec"]["http"]
    assert len(default["match"]) == 3  # internal, external, additional host
    on_domain = {"authority": {"regex": r"^example\.com(?::\d{1,5})?$"}, "gateways": [INGRESS_GATEWAY]}
    assert decoder_path["match"] == [{"uri": {"regex": "/serving/test-isvc(/v1/.*)$"}, **on_domain}]
    assert decoder_path["rewrite"] == {"uriRegexRewrite": {"match": "/serving/test-isvc(/v1/.*)$", "rewrite": "\\1"}}
    assert default_path["match"] == [
        {"uri": {"prefix": "/serving/test-isvc/"}, **on_domain}, {"uri": {"exact": "/serving/test-isvc"}, **on_domain}]
    assert default_path["rewrite"] == {"uri": "/"}


def test_virtual_service_needs_the_knative_domain():
    result = build(SERVERLESS_ENGINE)
    [warning] = diagnostics(result, "OMEC364")
    assert "--knative-domain" in warning.hint
    assert bodies(result, "VirtualService") == [] and external_services(result) == []
    assert bodies(result, "Service", "serving.knative.dev/v1")  # the Knative Service is still emitted


def test_disable_istio_virtual_host_annotation():
    annotations = {"ome.io/ingress-disable-istio-virtualhost": "true"}
    result = build(SERVERLESS_ENGINE, annotations=annotations, knative_domain="x.io")
    assert bodies(result, "VirtualService") == [] and external_services(result) == []
    assert diagnostics(result, "OMEC364") == [] and diagnostics(result, "OMEC521") == []


# --- domain check and host errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annotations", "field"),
    [
        ({"ome.io/ingress-domain": "Bad_Domain"}, ("metadata", "annotations", "ome.io/ingress-domain")),
        ({"ome.io/ingress-domain-template": "{{.Name}.x"},
         ("metadata", "annotations", "ome.io/ingress-domain-template")),
        ({"ome.io/ingress-domain-template": "{{.Name}}.{{.Annotations.env}}.example.com"},
         ("metadata", "annotations", "ome.io/ingress-domain-template")),
    ],
)
def test_domain_check_blames_the_annotation_even_with_ingress_disabled(annotations, field):
    result = build(ROUTER, {"disableIngressCreation": True}, annotations=annotations)
    errors = diagnostics(result, "OMEC360")
    assert [(d.field, d.message.split(":")[0]) for d in errors] == [
        (field, "failed creating host name for engine"), (field, "failed creating host name for router")]
    assert not result.ok
    assert external_services(result) == []  # rendering stops at the failing component


def test_domain_check_blames_the_controller_config():
    result = build(ENGINE, {"disableIngressCreation": True, "domainTemplate": "{{ .Name }}"})
    [error] = diagnostics(result, "OMEC360")
    assert error.field == ("spec", "engine")
    assert "at least two segments" in error.message and "controller config" in error.hint


@pytest.mark.parametrize(("template", "ok"), [
    ("{{.Labels.component}}.{{.Namespace}}.example.com", True),  # components see their own labels
    ("{{.Labels.missing}}.{{.Namespace}}.example.com", False),
])
def test_domain_check_uses_component_metadata(template, ok):
    result = build(ENGINE, {"disableIngressCreation": True, "domainTemplate": template})
    assert bool(diagnostics(result, "OMEC360")) is not ok


def test_domain_check_skips_serverless_components():
    annotations = {"ome.io/ingress-domain": "Bad_Domain"}
    result = build(SERVERLESS_ENGINE, {"disableIngressCreation": True}, annotations=annotations)
    assert diagnostics(result, "OMEC360") == []


def test_ingress_host_error_at_the_isvc_level():
    # The component check sees component labels; the Ingress host of <I> only the ISVC's own labels.
    result = build(ENGINE, {"domainTemplate": "{{.Name}}.{{.Labels.component}}.example.com"})
    [error] = diagnostics(result, "OMEC360")
    assert error.message.startswith(
        "test-isvc ingress: failed creating ingress host for test-isvc: invalid domain name")
    assert error.field == ("metadata", "name")
    assert bodies(result, "Ingress") == []


@pytest.mark.parametrize(("ingress", "severity"), [(GATEWAY_API, "error"), ({}, "warning")])
def test_invalid_path_template(ingress, severity):
    # HTTPRoutes fail on it; OME's VirtualService builder silently drops the path routes.
    spec = ENGINE if ingress else SERVERLESS_ENGINE
    annotations = {"ome.io/ingress-path-template": "relative/{{ .Name }}"}
    result = build(spec, ingress, annotations=annotations, knative_domain="x.io")
    [problem] = diagnostics(result, "OMEC361")
    assert problem.severity.label == severity
    assert problem.field == ("metadata", "annotations", "ome.io/ingress-path-template")
    assert bool(bodies(result, "VirtualService")) is (severity == "warning")
