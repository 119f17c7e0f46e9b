"""Host names, URL paths and host regexes of ingress objects (spec 02 §5.2, §5.6).

OME renders ``domainTemplate`` / ``pathTemplate`` with Go ``text/template``. omec implements the subset such
templates use: text, ``{{ .Field }}`` chains over the template data (``.Annotations.key`` / ``.Labels.key``;
a missing key prints ``<no value>`` as Go does), ``{{ index .Annotations "key" }}`` (missing key -> ""), quoted
strings, ``{{/* comments */}}`` and the ``{{-`` / ``-}}`` trim markers. Other valid Go actions are reported as
unsupported; malformed ones as Go's parse error.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import unquote

from omec.ome.naming import trunc63

# ISVC annotations that override fields of the controller's ingress config (spec 02 §5.2).
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
NO_VALUE = "<no value>"
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
    """The ingress config with the InferenceService's annotation overrides applied (spec 02 §5.2)."""
    settings = dict(config)
    for key, field in _NON_EMPTY_OVERRIDES.items():
        if annotations.get(key):
            settings[field] = annotations[key]
    if PATH_TEMPLATE_ANNOTATION in annotations:
        settings["pathTemplate"] = annotations[PATH_TEMPLATE_ANNOTATION]
    if annotations.get(ADDITIONAL_DOMAINS_ANNOTATION):
        domains = annotations[ADDITIONAL_DOMAINS_ANNOTATION].split(",")
        settings["additionalIngressDomains"] = [d.strip() for d in domains]
    for key, field in _BOOL_OVERRIDES.items():
        if key in annotations:
            settings[field] = annotations[key] == "true"
    return settings


# --- Go text/template subset -----------------------------------------------------------------------

_TOKEN = re.compile(
    r'\s+|"(?:[^"\\\n]|\\.)*"|`[^`]*`|(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.|[A-Za-z_][A-Za-z0-9_]*|.', re.DOTALL
)
_KEYWORDS = frozenset({"block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"})
_BUILTINS = frozenset(
    {"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
     "eq", "ge", "gt", "le", "lt", "ne"}
)
_SPACES = " \t\r\n"
_UNSUPPORTED_START = frozenset("|()$:=+-'0123456789")  # pipelines, variables, numbers: valid Go, not rendered


class _Missing:
    """Go's invalid value (missing map key): prints as ``<no value>``."""


_MISSING = _Missing()


@lru_cache(maxsize=256)  # a run renders the same few templates (domain, path) for every component
def _parse(text: str, name: str) -> tuple:
    """Text pieces and actions ``(line, tokens)``; raises :class:`TemplateError` like Go's parser."""
    pieces: list = []
    pos = 0
    while True:
        start = text.find("{{", pos)
        if start < 0:
            pieces.append(text[pos:])
            return tuple(pieces)
        line = text.count("\n", 0, start) + 1
        end = text.find("}}", start + 2)
        if end < 0:
            if text[start + 2 :].strip(_SPACES):
                _tokens(text[start + 2 :], name, line)  # a bad token is reported before the missing "}}"
            raise TemplateError(f"template: {name}:{line}: unclosed action")
        body = text[start + 2 : end]
        literal = text[pos:start]
        if body[:1] == "-" and body[1:2] and body[1] in _SPACES:
            literal, body = literal.rstrip(_SPACES), body[1:]
        pos = end + 2
        if body[-1:] == "-" and body[-2:-1] and body[-2] in _SPACES:
            body = body[:-1]
            while pos < len(text) and text[pos] in _SPACES:
                pos += 1
        pieces.append(literal)
        stripped = body.strip(_SPACES)
        if stripped.startswith("/*") and stripped.endswith("*/"):
            continue
        pieces.append((line, _tokens(body, name, line)))


def _tokens(body: str, name: str, line: int) -> list[str]:
    tokens = [t for t in _TOKEN.findall(body) if not t.isspace()]
    if not tokens:
        raise TemplateError(f"template: {name}:{line}: missing value for command")
    for index, token in enumerate(tokens):
        word = token.isidentifier()
        if word and token in _KEYWORDS:
            raise _unsupported(f"{{{{{token}}}}}")
        if word and token not in _BUILTINS and token not in ("true", "false", "nil"):
            raise TemplateError(f'template: {name}:{line}: function "{token}" not defined')
        if token[0] in _UNSUPPORTED_START:
            raise _unsupported(f"{token!r} in an action")
        if not (word or token.startswith((".", '"', "`"))):
            context = "command" if index == 0 else "operand"
            raise TemplateError(f"template: {name}:{line}: unexpected {_quote(token)} in {context}")
    return tokens


def _unsupported(what: str) -> TemplateError:
    return TemplateError(
        f"{what} is valid in Go templates but omec does not render it "
        "(supported: .Field chains, index .Map \"key\", quoted strings)"
    )


def _format(value: object) -> str:
    """``fmt.Print`` of the values the template data can hold."""
    if value is _MISSING:
        return NO_VALUE
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_format(value[k])}" for k in sorted(value)) + "]"
    return str(value)


def _literal(token: str) -> str:
    return token[1:-1] if token.startswith("`") else json.loads(token)


def _field(data: dict, chain: str, name: str, line: int) -> object:
    value: object = data
    for index, key in enumerate(chain[1:].split(".")):
        if isinstance(value, dict) and (index > 0 or key in data):
            value = value.get(key, _MISSING)
        elif value is not _MISSING:
            raise TemplateError(
                f'template: {name}:{line}: executing "{name}" at <{chain}>: can\'t evaluate field {key}'
                + ("" if index == 0 else " in type string")
            )
    return value


def _execute(tokens: list[str], data: dict, name: str, line: int) -> object:
    first = tokens[0]
    if len(tokens) == 1 and first == ".":
        return "{" + " ".join(_format(v) for v in data.values()) + "}"
    if len(tokens) == 1 and first.startswith("."):
        return _field(data, first, name, line)
    if len(tokens) == 1 and first.startswith(('"', "`")):
        return _literal(first)
    if first == "index" and len(tokens) == 3 and tokens[1].startswith(".") and tokens[2].startswith(('"', "`")):
        mapping = _field(data, tokens[1], name, line)
        if isinstance(mapping, dict):
            return mapping.get(_literal(tokens[2]), "")
    raise _unsupported("{{" + " ".join(tokens) + "}}")


def render_template(text: str, data: dict, name: str, what: str) -> str:
    """Execute ``text`` over ``data`` (a struct as a dict of fields) as OME does for the ``what`` template.

    Parse errors are raised as Go reports them; execution errors as "error rendering the <what> template: ...".
    """
    pieces = _parse(text, name)
    try:
        return "".join(p if isinstance(p, str) else _format(_execute(p[1], data, name, p[0])) for p in pieces)
    except TemplateError as error:
        raise TemplateError(f"error rendering the {what} template: {error}") from None


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
    Labels}, with the annotation overrides of ``annotations`` applied to ``config`` (spec 02 §5.2)."""
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
    """The path of ``pathTemplate`` without its trailing ``/`` ("" when no template is set) (spec 02 §5.2)."""
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
    """Authority regex of a VirtualService match: optional port; ``.svc.<cluster>`` suffix optional (§5.6)."""
    port = r"(?::\d{1,5})?"
    local_suffix = ".svc." + cluster_domain
    if not host.endswith(local_suffix):
        return f"^{_quote_meta(host)}{port}$"
    prefix = _quote_meta(host[: -len(local_suffix)])
    return f"^{prefix}({_quote_meta('.svc')}({_quote_meta('.' + cluster_domain)})?)?{port}$"
