"""Host names, URL paths and host regexes of ingress objects.

OME renders ``domainTemplate`` / ``pathTemplate`` (from the ``ingress`` key of the controller ConfigMap or the
ISVC's annotations) with Go ``text/template`` (:mod:`omec.golang.template`): ``{{ .Field }}`` chains over the
template data (``.Annotations.key`` / ``.Labels.key``; a missing key prints ``<no value>`` as Go does),
``{{ index .Annotations "key" }}`` (missing key -> ""), quoted strings, pipes, comments and trim markers. Other
valid Go actions (``printf`` included) are reported as unsupported; malformed ones as Go's parse error.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import unquote

from omec.golang import template as go_template
from omec.golang.strings import trim_space
from omec.ome.naming import trunc63

# ISVC annotations that override fields of the controller's ingress config (OME's ResolveIngressConfig).
DOMAIN_TEMPLATE_ANNOTATION = "ome.io/ingress-domain-template"
DOMAIN_ANNOTATION = "ome.io/ingress-domain"
PATH_TEMPLATE_ANNOTATION = "ome.io/ingress-path-template"
_NON_EMPTY_OVERRIDES = {
    DOMAIN_TEMPLATE_ANNOTATION: "domainTemplate",
    DOMAIN_ANNOTATION: "ingressDomain",
    "ome.io/ingress-url-scheme": "urlScheme",
}
_BOOL_OVERRIDES = {
    "ome.io/ingress-disable-istio-virtualhost": "disableIstioVirtualHost",
    "ome.io/ingress-disable-creation": "disableIngressCreation",
}
ADDITIONAL_DOMAINS_ANNOTATION = "ome.io/ingress-additional-domains"

DOMAIN_TEMPLATE_NAME = "domain-template"
PATH_TEMPLATE_NAME = "url-template"
_DNS_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS_SUBDOMAIN = re.compile(rf"{_DNS_LABEL}(\.{_DNS_LABEL})*")
_SUBDOMAIN_MESSAGE = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character"
)
_GO_META = frozenset("\\.+*?()|[]{}^$")


class DomainError(ValueError):
    """A host or path OME cannot generate; ``cause`` is ``template``, ``domain`` or ``path``."""

    def __init__(self, message: str, cause: str):
        super().__init__(message)
        self.cause = cause


class TemplateError(DomainError):
    """A Go template that does not parse or execute (OME's error text)."""

    def __init__(self, message: str):
        super().__init__(message, "template")


# --- configuration ---------------------------------------------------------------------------------


def ingress_settings(config: dict, annotations: dict) -> dict:
    """The ingress config with the InferenceService's annotation overrides applied: domain template, domain and
    URL scheme when non-empty, path template with any value ("" clears it), additional domains as a comma list
    (Go's ``strings.Split`` on ``,``, each part ``strings.TrimSpace``-d, empty parts kept), the two booleans as
    ``value == "true"``."""
    settings = dict(config)
    for key, field in _NON_EMPTY_OVERRIDES.items():
        if annotations.get(key):
            settings[field] = annotations[key]
    if PATH_TEMPLATE_ANNOTATION in annotations:
        settings["pathTemplate"] = annotations[PATH_TEMPLATE_ANNOTATION]
    if annotations.get(ADDITIONAL_DOMAINS_ANNOTATION):
        domains = annotations[ADDITIONAL_DOMAINS_ANNOTATION].split(",")
        settings["additionalIngressDomains"] = [trim_space(d) for d in domains]  # strings.Split + TrimSpace
    for key, field in _BOOL_OVERRIDES.items():
        if key in annotations:
            settings[field] = annotations[key] == "true"
    return settings


# --- templates -------------------------------------------------------------------------------------

_FUNCTIONS = frozenset({"index"})  # the functions omec executes in these templates: printf is reported unsupported


@lru_cache(maxsize=256)  # a run renders the same few templates (domain, path) for every component
def _parse(text: str, name: str) -> go_template.Template:
    return go_template.parse(text, name)


def _message(error: go_template.TemplateError) -> str:
    if isinstance(error, go_template.Unsupported):
        return (
            f"{error.what} is valid in Go templates but omec does not render it "
            "(supported: .Field chains, index .Map \"key\", quoted strings)"
        )
    return str(error)


def render_template(text: str, data: dict, name: str, what: str) -> str:
    """Execute ``text`` as the Go ``text/template`` ``name`` over ``data`` (a struct as a dict of fields) as OME
    does for the ``what`` template.

    Parse errors are raised as Go reports them; execution errors as "error rendering the <what> template: ...".
    """
    try:
        template = _parse(text, name)
    except go_template.TemplateError as error:
        raise TemplateError(_message(error)) from None
    try:
        return go_template.execute(template, go_template.Struct(data), functions=_FUNCTIONS)
    except go_template.TemplateError as error:
        raise TemplateError(f"error rendering the {what} template: {_message(error)}") from None


# --- hosts and paths -------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """Go's ``%q`` closely enough for one-line messages."""
    return json.dumps(text, ensure_ascii=False)


def is_dns_subdomain(text: str) -> bool:
    """RFC 1123 subdomain: dot-separated DNS labels, at most 253 characters."""
    return len(text) <= 253 and _DNS_SUBDOMAIN.fullmatch(text) is not None


def fqdn_problem(host: str) -> str | None:
    """Why Kubernetes' ``IsFullyQualifiedDomainName`` rejects ``host`` (None when it is valid)."""
    if not host:
        return "url: Required value"
    name = host.removesuffix(".")
    problems = []
    if len(name) > 253:
        problems.append("must be no more than 253 characters")
    if not _DNS_SUBDOMAIN.fullmatch(name):
        problems.append(_SUBDOMAIN_MESSAGE)
    if not problems and "." not in name:
        problems.append("should be a domain with at least two segments separated by dots")
    if not problems:
        problems = [f"{label!r} must be no more than 63 characters" for label in name.split(".") if len(label) > 63]
    if not problems:
        return None
    return f"url: Invalid value: {_quote(name)}: " + "; ".join(problems)


def generate_host(name: str, namespace: str, annotations: dict, labels: dict, config: dict) -> str:
    """``host(name)``: the domain template over {Name: trunc63(name), Namespace, IngressDomain, Annotations,
    Labels}, with the annotation overrides of ``annotations`` applied to ``config``; the host must be a fully
    qualified domain name."""
    settings = ingress_settings(config, annotations)
    data = {
        "Name": trunc63(name),
        "Namespace": namespace,
        "IngressDomain": settings.get("ingressDomain") or "",
        "Annotations": annotations,
        "Labels": labels,
    }
    host = render_template(settings.get("domainTemplate") or "", data, DOMAIN_TEMPLATE_NAME, "domain")
    problem = fqdn_problem(host)
    if problem:
        raise DomainError(f"invalid domain name {_quote(host)}: {problem}", "domain")
    return host


def url_path(name: str, namespace: str, settings: dict) -> str:
    """The path of ``pathTemplate`` (over {Name, Namespace}; an absolute path without scheme or host) without its
    trailing ``/`` ("" when no template is set)."""
    template = settings.get("pathTemplate") or ""
    if not template:
        return ""
    text = render_template(template, {"Name": name, "Namespace": namespace}, PATH_TEMPLATE_NAME, "url")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise DomainError(f"invalid url path {_quote(text)}: contains either a scheme or a host", "path")
    if not text.startswith("/"):
        raise DomainError(f"invalid url {_quote(text)}: parse {_quote(text)}: invalid URI for request", "path")
    return unquote(text.split("?", 1)[0]).removesuffix("/")


def additional_hosts(host: str, base_domains: Sequence[str], settings: dict) -> list[str]:
    """``<host minus its base domain> + d`` for each additional domain d (valid DNS subdomains, no repeats)."""
    prefix = next((host[: -len(d)] for d in base_domains if d and host.endswith(d)), "")
    hosts: list[str] = []
    if not prefix:
        return hosts
    for domain in settings.get("additionalIngressDomains") or []:
        candidate = prefix + domain
        if is_dns_subdomain(candidate) and candidate not in hosts:
            hosts.append(candidate)
    return hosts


def service_hostname(name: str, namespace: str, cluster_domain: str) -> str:
    return f"{name}.{namespace}.svc.{cluster_domain}"


def _quote_meta(text: str) -> str:
    """Go's ``regexp.QuoteMeta``."""
    return "".join("\\" + ch if ch in _GO_META else ch for ch in text)


def host_regexp(host: str, cluster_domain: str) -> str:
    """Authority regex of a VirtualService match (OME's hostRegExp): optional port; for a cluster-local host the
    ``.svc.<cluster>`` suffix is optional."""
    port = r"(?::\d{1,5})?"
    local_suffix = ".svc." + cluster_domain
    if not host.endswith(local_suffix):
        return f"^{_quote_meta(host)}{port}$"
    prefix = _quote_meta(host[: -len(local_suffix)])
    return f"^{prefix}({_quote_meta('.svc')}({_quote_meta('.' + cluster_domain)})?)?{port}$"
