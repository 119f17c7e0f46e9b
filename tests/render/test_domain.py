"""Hosts, paths and host regexes of ingress objects, as OME's domain service builds them (pkg/controller/v1beta1/inferenceservice/reconcilers/ingress/services/domain_service.go and its tests)."""
from __future__ import annotations

import pytest

from omec.golang.template import NO_VALUE
from omec.ome.naming import trunc63
from omec.render.domain import (
    DomainError,
    TemplateError,
    additional_hosts,
    fqdn_problem,
    generate_host,
    host_regexp,
    ingress_settings,
    render_template,
    url_path,
)

DEFAULT_TEMPLATE = "{{ .Name }}.{{ .Namespace }}.{{ .IngressDomain }}"
CONFIG = {"ingressDomain": "example.com", "domainTemplate": DEFAULT_TEMPLATE}


@pytest.mark.parametrize(
    ("name", "template", "domain", "annotations", "expected"),
    [
        # the cases of OME's domain_service_test.go
        ("test-service", "{{.Name}}.{{.Namespace}}.{{.IngressDomain}}", "example.com", {},
         "test-service.default.example.com"),
        ("annotated-service", "{{.Annotations.environment}}-{{.Name}}.{{.IngressDomain}}", "example.com",
         {"environment": "production"}, "production-annotated-service.example.com"),
        ("any", "{{.IngressDomain}}", "simple.example.com", {}, "simple.example.com"),
        # the ConfigMap default with spaces inside the actions
        ("foo-engine", DEFAULT_TEMPLATE, "svc.cluster.local", {}, "foo-engine.default.svc.cluster.local"),
        # index on a map, trim markers, comments
        ("foo", '{{ index .Annotations "team" }}.{{- /* c */ -}} {{.Name}}.example.com', "x", {"team": "ml"},
         "ml.foo.example.com"),
        ("foo", "{{.Name}}.{{.Labels.tier}}.com", "x", {}, "foo.gold.com"),
    ],
)
def test_generate_host(name, template, domain, annotations, expected):
    config = {"ingressDomain": domain, "domainTemplate": template}
    assert generate_host(name, "default", annotations, {"tier": "gold"}, config) == expected


def test_generate_host_truncates_long_names_first():
    name = "nvidia-nemotron-3-nano-30b-a3b-base-bf16-experimental-deploy-engine"  # 67 chars (G40)
    host = generate_host(name, "ns", {}, {}, CONFIG)
    assert host == f"{trunc63(name)}.ns.example.com"
    assert host.startswith("a823a6e8-")


def test_generate_host_applies_annotation_overrides():
    annotations = {
        "ome.io/ingress-domain": "corp.io",
        "ome.io/ingress-domain-template": "{{.Name}}-{{.Namespace}}.{{.IngressDomain}}",
    }
    assert generate_host("foo", "ns", annotations, {}, CONFIG) == "foo-ns.corp.io"


@pytest.mark.parametrize(
    ("name", "template", "cause", "fragment"),
    [
        # G29; Go's lexer rejects the "}" that ends ".Name"
        ("test-service", "{{.Name}.{{.Namespace}}.{{.IngressDomain}}", "template", "bad character U+007D '}'"),
        ("test service", DEFAULT_TEMPLATE, "domain", 'invalid domain name "test service.default.example.com"'),  # G29
        ("", DEFAULT_TEMPLATE, "domain", 'invalid domain name ".default.example.com"'),  # G29 empty name
        ("foo", "{{.Name}}", "domain", "at least two segments"),
        ("Foo", DEFAULT_TEMPLATE, "domain", "lowercase RFC 1123 subdomain"),
        ("foo", "{{.Annotations.missing}}.{{.Name}}.com", "domain", f'"{NO_VALUE}.foo.com"'),
        ("foo", "{{.Nmae}}.com", "template", "error rendering the domain template"),
        ("foo", "{{.Name", "template", "unclosed action"),
        ("foo", "{{ upper .Name }}.com", "template", 'function "upper" not defined'),
    ],
)
def test_generate_host_errors(name, template, cause, fragment):
    with pytest.raises(DomainError) as caught:
        generate_host(name, "default", {}, {}, {"ingressDomain": "example.com", "domainTemplate": template})
    assert caught.value.cause == cause
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("host", "problem"),
    [
        ("a.b", None),
        ("example.com.", None),  # a trailing dot is allowed
        ("", "Required value"),
        ("localhost", "at least two segments"),
        ("a_b.com", "RFC 1123"),
        ("-a.com", "RFC 1123"),
        ("x" * 64 + ".com", "no more than 63 characters"),
        (".".join(["abcdefghi"] * 26), "no more than 253 characters"),  # 259 chars
    ],
)
def test_fqdn_problem(host, problem):
    found = fqdn_problem(host)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(
    ("template", "data", "expected"),
    [
        ("plain text", {}, "plain text"),
        ("{{.A}}", {"A": "x"}, "x"),
        ("{{.M}}", {"M": {"b": "2", "a": "1"}}, "map[a:1 b:2]"),
        ("{{.M.k}}", {"M": {}}, NO_VALUE),
        ("{{.M.k.deeper}}", {"M": {}}, NO_VALUE),
        ('{{index .M "k"}}', {"M": {}}, ""),
        ('{{"lit"}}-{{`raw`}}', {}, "lit-raw"),
        ("a  {{- .A -}}  b", {"A": "x"}, "axb"),
        ("{{/* only a comment */}}z", {}, "z"),
    ],
)
def test_render_template(template, data, expected):
    assert render_template(template, data, "t", "test") == expected


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        ("{{if .A}}x{{end}}", "omec does not render it"),
        ("{{.A | printf}}", "omec does not render it"),
        ("{{$x := .A}}", "omec does not render it"),
        ("{{}}", "missing value for command"),
        ("x\n{{.A}", "template: t:2: bad character U+007D '}'"),  # Go's message
        ("{{.A.B}}", "can't evaluate field B in type string"),
        ("{{.Zzz}}", 'executing "t" at <.Zzz>'),
    ],
)
def test_render_template_errors(template, fragment):
    with pytest.raises(TemplateError) as caught:
        render_template(template, {"A": "x"}, "t", "test")
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{$.A}}-{{(.M).k}}-{{(.M).z}}", f"x-v-{NO_VALUE}"),  # Go: $ is the data; a pipeline's result has fields
        ('{{"\\x41\\u00e9"}}', "Aé"),  # Go's strconv.Unquote escapes
        ('{{"k" | index .M}}', "v"),
    ],
)
def test_render_template_follows_go(template, expected):
    assert render_template(template, {"A": "x", "M": {"k": "v"}}, "t", "test") == expected


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ("{{ /* c */ }}", 'template: t:1: unexpected "/" in command'),  # Go: a comment must follow {{ or {{-
        ("{{break}}", "template: t:1: {{break}} outside {{range}}"),
        ('{{"\\q"}}', "template: t:1: invalid syntax"),
    ],
)
def test_render_template_parse_errors_are_gos(template, error):
    with pytest.raises(TemplateError) as caught:
        render_template(template, {}, "t", "test")
    assert str(caught.value) == error


def test_parse_errors_win_over_execution_errors():
    with pytest.raises(TemplateError) as caught:
        render_template("{{.Zzz}} {{.A}", {"A": "x"}, "t", "test")
    assert "bad character" in str(caught.value) and "executing" not in str(caught.value)


@pytest.mark.parametrize(
    ("annotations", "expected"),
    [
        ({}, {}),
        ({"ome.io/ingress-domain": ""}, {}),  # empty values do not override
        ({"ome.io/ingress-domain": "corp.io", "ome.io/ingress-url-scheme": "https"},
         {"ingressDomain": "corp.io", "urlScheme": "https"}),
        ({"ome.io/ingress-domain-template": "{{.Name}}.x"}, {"domainTemplate": "{{.Name}}.x"}),
        ({"ome.io/ingress-path-template": ""}, {"pathTemplate": ""}),  # any value, "" clears
        ({"ome.io/ingress-additional-domains": " a.io , b.io"}, {"additionalIngressDomains": ["a.io", "b.io"]}),
        ({"ome.io/ingress-disable-creation": "true"}, {"disableIngressCreation": True}),
        ({"ome.io/ingress-disable-creation": "yes"}, {"disableIngressCreation": False}),
        ({"ome.io/ingress-disable-istio-virtualhost": "true"}, {"disableIstioVirtualHost": True}),
    ],
)
def test_ingress_settings_overrides(annotations, expected):
    base = {"ingressDomain": "example.com", "pathTemplate": "/p", "disableIngressCreation": True, "urlScheme": "http"}
    settings = ingress_settings(base, annotations)
    assert settings == {**base, **expected}
    assert base["ingressDomain"] == "example.com"  # input untouched


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("", ""),
        ("/serving/{{ .Namespace }}/{{ .Name }}", "/serving/ns/foo"),
        ("/serving/{{ .Name }}/", "/serving/foo"),
        ("/a%20b?x=1", "/a b"),
    ],
)
def test_url_path(template, expected):
    assert url_path("foo", "ns", {"pathTemplate": template}) == expected


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        ("http://host/{{.Name}}", "contains either a scheme or a host"),
        ("relative/{{.Name}}", "invalid URI for request"),
    ],
)
def test_url_path_errors(template, fragment):
    with pytest.raises(DomainError) as caught:
        url_path("foo", "ns", {"pathTemplate": template})
    assert caught.value.cause == "path"
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("host", "bases", "domains", "expected"),
    [
        ("foo.ns.example.com", ["example.com"], ["a.io", "b.org"], ["foo.ns.a.io", "foo.ns.b.org"]),
        ("foo.ns.example.com", ["example.com"], ["a.io", "a.io", "Bad.io"], ["foo.ns.a.io"]),  # dedup, invalid dropped
        ("foo.ns.other.com", ["example.com"], ["a.io"], []),  # no base domain matches
        ("foo.ns.example.com", ["example.com"], None, []),
    ],
)
def test_additional_hosts(host, bases, domains, expected):
    assert additional_hosts(host, bases, {"additionalIngressDomains": domains}) == expected


@pytest.mark.parametrize(
    ("host", "cluster", "expected"),
    [
        ("foo.ns.example.com", "cluster.local", r"^foo\.ns\.example\.com(?::\d{1,5})?$"),
        ("foo.ns.svc.cluster.local", "cluster.local", r"^foo\.ns(\.svc(\.cluster\.local)?)?(?::\d{1,5})?$"),
        ("foo.ns.svc.corp.internal", "corp.internal", r"^foo\.ns(\.svc(\.corp\.internal)?)?(?::\d{1,5})?$"),
        ("foo.ns.svc.cluster.local", "corp.internal", r"^foo\.ns\.svc\.cluster\.local(?::\d{1,5})?$"),
        ("a-b+c", "cluster.local", r"^a-b\+c(?::\d{1,5})?$"),  # Go QuoteMeta leaves "-" alone
    ],
)
def test_host_regexp(host, cluster, expected):
    assert host_regexp(host, cluster) == expected
