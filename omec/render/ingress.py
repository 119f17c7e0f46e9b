"""Ingress objects of an InferenceService and the component domain check (OME's ingress reconciler:
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers/ingress).

:func:`domain_check` replays the host check every Raw/MultiNode component runs even with ingress creation
disabled; :func:`routing_objects` picks the strategy when ingress creation is enabled: Istio VirtualService +
ExternalName Service (Serverless), Gateway API HTTPRoutes or a Kubernetes Ingress (Raw/MultiNode). omec
renders OME's steady state (``--assume-ready``); names of backends are OME's, quirks included (untruncated
backend Service names, port 8080 everywhere, HTTPRoutes to a Service ``<I>`` that only exists while ingress creation
is disabled).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from omec.diagnostics import Code, Diagnostic, Severity, SourceRef
from omec.model import Obj
from omec.ome.controller_config import ControllerConfig
from omec.ome.naming import component_name
from omec.options import Options
from omec.plan import MULTINODE, RAW, SERVERLESS, Plan
from omec.render import codes
from omec.render.domain import (
    DOMAIN_ANNOTATION,
    DOMAIN_TEMPLATE_ANNOTATION,
    PATH_TEMPLATE_ANNOTATION,
    DomainError,
    additional_hosts,
    generate_host,
    host_regexp,
    is_dns_subdomain,
    render_template,
    service_hostname,
    url_path,
)
from omec.render.metadata import DISALLOWED_ANNOTATIONS, component_meta, sorted_map

VISIBILITY_LABEL = "networking.knative.dev/visibility"
CLUSTER_LOCAL = "cluster-local"
BACKEND_PORT = 8080  # every Ingress/HTTPRoute/VirtualService backend port, whatever the Service's port
DEFAULT_TIMEOUT_SECONDS = 60
MESH_GATEWAY = "mesh"
NAME_HEADER, NAMESPACE_HEADER = "OMe-Isvc-Name", "OME-Isvc-Namespace"
FALLBACK_REGEX, DECODER_REGEX, PATH_DECODER_SUFFIX = "^/.*$", "^/v1/.*$", "(/v1/.*)$"
GATEWAY_GROUP = "gateway.networking.k8s.io"
ROUTED_MODES = (RAW, MULTINODE)




def _metadata(isvc: Obj, labels: dict, annotations: dict) -> dict:
    metadata: dict = {"name": isvc.name, "namespace": isvc.namespace}
    if labels:
        metadata["labels"] = sorted_map(labels)
    if annotations:
        metadata["annotations"] = sorted_map(annotations)
    return metadata


def _filtered_annotations(isvc: Obj) -> dict:
    return {k: v for k, v in isvc.annotations.items() if k not in DISALLOWED_ANNOTATIONS}


# --- errors ----------------------------------------------------------------------------------------

_SUSPECTS = {"path": (PATH_TEMPLATE_ANNOTATION,), "template": (DOMAIN_TEMPLATE_ANNOTATION,)}


def _culprit(error: DomainError, annotations: dict) -> str | None:
    """The override annotation (``ome.io/ingress-*``) that most likely produced ``error``."""
    if error.cause == "domain":
        domain = annotations.get(DOMAIN_ANNOTATION)
        suspects: tuple[str, ...] = (DOMAIN_ANNOTATION,) if domain and not is_dns_subdomain(domain) else ()
        suspects += (DOMAIN_TEMPLATE_ANNOTATION, DOMAIN_ANNOTATION)
    else:
        suspects = _SUSPECTS[error.cause]
    return next((key for key in suspects if key in annotations and (annotations[key] or error.cause == "path")), None)


def _domain_error(
    isvc: Obj, error: DomainError, context: str, annotations: dict, fallback: tuple, severity: Severity | None = None
) -> Diagnostic:
    """Position at the ISVC annotation that caused ``error``, else at ``fallback`` with a hint to the config."""
    code = codes.INGRESS_PATH_INVALID if error.cause == "path" else codes.INGRESS_DOMAIN_INVALID
    message = f"{context}: {error}"
    key = _culprit(error, annotations)
    if key is not None and isvc.annotations.get(key) == annotations.get(key):
        return code.at(message, isvc.ref, ("metadata", "annotations", key), object=isvc.id, severity=severity)
    hint = f"annotation {key} of the component (service block or runtime config) produces it" if key else (
        "the domainTemplate / ingressDomain / pathTemplate of the controller config (key ingress) produce it")
    return code.at(message, isvc.ref, fallback, object=isvc.id, hint=hint, severity=severity)


# --- domain check ----------------------------------------------------------------------------------


def domain_check(plan: Plan, config: ControllerConfig) -> list[Diagnostic]:
    """Each Raw/MultiNode component renders and FQDN-validates its host from its own metadata, even with ingress
    creation disabled; an invalid domain aborts the component (``createRawURL``,
    https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/inferenceservice/reconcilers/raw/raw_kube_reconciler.go#L66)."""
    isvc, resolution = plan.isvc, plan.resolution
    found = []
    for comp in plan.components:
        if comp.mode not in ROUTED_MODES:
            continue
        # fine-tuned labels/annotations are left out: they cannot change a valid domain template's result
        meta = component_meta(isvc, comp.name, comp.spec, resolution.model, resolution.runtime.name, None)
        cn = component_name(isvc.name, comp.name)
        try:
            generate_host(cn, isvc.ns, meta.annotations, meta.labels, config.ingress)
        except DomainError as error:
            found.append(_domain_error(isvc, error, f"failed creating host name for {comp.name}", meta.annotations,
                                       ("spec", comp.name)))
    return found


# --- strategy selection ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    plan: Plan
    config: ControllerConfig
    settings: dict  # ingress config with the ISVC's annotation overrides
    ports: dict  # component -> first port of its Service (None: no Service)
    options: Options

    @property
    def isvc(self) -> Obj:
        return self.plan.isvc

    def has(self, component: str) -> bool:
        return self.plan.component(component) is not None

    def cn(self, component: str) -> str:
        return component_name(self.isvc.name, component)

    def host(self, name: str) -> str:
        isvc = self.isvc
        try:
            return generate_host(name, isvc.ns, isvc.annotations, isvc.labels, self.settings)
        except DomainError as error:
            raise DomainError(f"failed creating ingress host for {name}: {error}", error.cause) from None

    def warn(self, code: Code, message: str, field: tuple, hint: str | None = None) -> Diagnostic:
        return code.at(message, self.isvc.ref, field, object=self.isvc.id, hint=hint)


def _entry_component(plan: Plan) -> str:
    """The component whose mode is the ingress mode: the router, else the decoder, else the engine."""
    return next(name for name in ("router", "decoder", "engine") if plan.component(name) is not None)


def routing_objects(
    plan: Plan, config: ControllerConfig, settings: dict, ports: dict, options: Options
) -> tuple[list[dict], list[Diagnostic]]:
    """Ingress objects when ingress creation is enabled, by ingress mode: VirtualService (Serverless), HTTPRoutes
    (``enableGatewayAPI``) or a Kubernetes Ingress (Raw/MultiNode)."""
    isvc = plan.isvc
    mode = plan.ingress_mode
    builder: Callable[[_Context], tuple[list[dict], list[Diagnostic]]]
    if mode == SERVERLESS:
        builder = _virtual_service
    elif mode in ROUTED_MODES:
        builder = _http_routes if settings.get("enableGatewayAPI") else _kube_ingress
    else:
        return [], [codes.INGRESS_UNSUPPORTED_MODE.at(
            f"unsupported deployment mode {mode}", isvc.ref, ("spec", _entry_component(plan)), object=isvc.id,
            hint='disable ingress creation for it (annotation ome.io/ingress-disable-creation: "true")',
        )]
    if not options.assume_ready:
        return [], [codes.INGRESS_NOT_READY.at(
            "ingress objects are not emitted: OME creates them once the components are ready (--assume-ready=false)",
            isvc.ref, ("metadata", "name"), object=isvc.id,
        )]
    try:
        return builder(_Context(plan, config, settings, ports, options))
    except DomainError as error:
        return [], [_domain_error(isvc, error, f"{isvc.name} ingress", isvc.annotations, ("metadata", "name"))]


# --- Kubernetes Ingress ----------------------------------------------------------------------------


def _kube_ingress(ctx: _Context) -> tuple[list[dict], list[Diagnostic]]:
    """One rule per host, path ``/`` Prefix, port 8080; annotations = all ISVC annotations (unfiltered)."""
    isvc = ctx.isvc
    if ctx.has("router"):
        pairs = [(isvc.name, "router"), (ctx.cn("router"), "router"), (ctx.cn("engine"), "engine")]
        if ctx.has("decoder"):
            pairs.append((ctx.cn("decoder"), "decoder"))
    elif ctx.has("decoder"):
        pairs = [(isvc.name, "engine"), (ctx.cn("engine"), "engine"), (ctx.cn("decoder"), "decoder")]
    else:
        pairs = [(isvc.name, "engine")]
    rules = [
        {
            "host": ctx.host(host_name),
            "http": {"paths": [{
                "path": "/",
                "pathType": "Prefix",
                "backend": {"service": {"name": ctx.cn(comp), "port": {"number": BACKEND_PORT}}},
            }]},
        }
        for host_name, comp in pairs
    ]
    spec: dict = {}
    if ctx.settings.get("ingressClassName"):
        spec["ingressClassName"] = ctx.settings["ingressClassName"]
    spec["rules"] = rules
    ingress = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": _metadata(isvc, {}, isvc.annotations),
        "spec": spec,
    }
    return [ingress], []


# --- Gateway API HTTPRoutes ------------------------------------------------------------------------


def _parent_ref(ctx: _Context) -> dict | None:
    parts = (ctx.settings.get("omeIngressGateway") or "").split("/")
    if len(parts) < 2:
        return None
    return {"group": GATEWAY_GROUP, "kind": "Gateway", "namespace": parts[0], "name": parts[1]}


def _timeout(block: dict | None) -> str:
    seconds = (block or {}).get("timeoutSeconds")
    return f"{DEFAULT_TIMEOUT_SECONDS if seconds is None else seconds}s"


def _http_routes(ctx: _Context) -> tuple[list[dict], list[Diagnostic]]:
    """Net result of OME's engine, router, decoder and top-level reconciles: the top level overwrites the
    engine route ``<I>``; then ``<I>-router`` and ``<I>-decoder``."""
    isvc, settings = ctx.isvc, ctx.settings
    parent = _parent_ref(ctx)
    if parent is None:
        value = settings.get("omeIngressGateway") or ""
        return [], [codes.GATEWAY_MISSING.at(
            f"enableGatewayAPI is true but omeIngressGateway is {value!r}: OME crashes (index out of range) "
            "building the HTTPRoute parentRefs",
            SourceRef(ctx.config.source, 0), ("data", "ingress"), object=isvc.id,
            hint='set omeIngressGateway to "<namespace>/<gateway name>" in the controller config',
        )]
    ns = isvc.ns
    filters = [{
        "type": "RequestHeaderModifier",
        "requestHeaderModifier": {"set": [{"name": NAME_HEADER, "value": isvc.name},
                                          {"name": NAMESPACE_HEADER, "value": ns}]},
    }]

    def rule(regex: str, backend: str, block_name: str) -> dict:
        return {
            "matches": [{"path": {"type": "RegularExpression", "value": regex}}],
            "filters": filters,
            "backendRefs": [{"kind": "Service", "name": backend, "namespace": ns, "port": BACKEND_PORT}],
            "timeouts": {"request": _timeout(isvc.spec.get(block_name))},
        }

    def route(name: str, hostnames: list[str], rules: list[dict]) -> dict:
        labels = {k: v for k, v in isvc.labels.items() if k != VISIBILITY_LABEL}
        return {
            "apiVersion": f"{GATEWAY_GROUP}/v1",
            "kind": "HTTPRoute",
            "metadata": {**_metadata(isvc, labels, _filtered_annotations(isvc)), "name": name},
            "spec": {"parentRefs": [parent], "hostnames": hostnames, "rules": rules},
        }

    default_backend, default_block = (ctx.cn("router"), "router") if ctx.has("router") else (isvc.name, "predictor")
    top_host = ctx.host(isvc.name)
    extra = additional_hosts(top_host, [settings.get("ingressDomain") or ""], settings)
    hostnames = [top_host, *(h for h in extra if h != top_host)]
    rules = [rule(DECODER_REGEX, ctx.cn("decoder"), "decoder")] if ctx.has("decoder") else []
    rules.append(rule(FALLBACK_REGEX, default_backend, default_block))
    if settings.get("pathTemplate"):
        path = url_path(isvc.name, ns, settings)
        hostnames.append(settings.get("ingressDomain") or "")
        if ctx.has("decoder"):
            rules.append(rule(path + PATH_DECODER_SUFFIX, ctx.cn("decoder"), "decoder"))
        rules.append(rule(path + "/", default_backend, default_block))
    routes = [route(isvc.name, hostnames, rules)]
    for comp in ("router", "decoder"):
        if ctx.has(comp):
            routes.append(route(ctx.cn(comp), [ctx.host(ctx.cn(comp))], [rule(FALLBACK_REGEX, ctx.cn(comp), comp)]))
    return routes, []


# --- Serverless: VirtualService + ExternalName Service ---------------------------------------------


def _knative_host(ctx: _Context, entry: str) -> str:
    """Knative's status URL host of the entry component (``--knative-domain-template`` over Name, Namespace,
    Domain; the Route's annotations and labels are not modelled and are empty)."""
    options = ctx.options
    data: dict[str, object] = {"Name": ctx.cn(entry), "Namespace": ctx.isvc.namespace, "Domain": options.knative_domain,
            "Annotations": {}, "Labels": {}}
    return render_template(options.knative_domain_template, data, "knative-domain", "knative domain")


def _vs_route(ctx: _Context, match: list[dict], target: str, rewrite: dict | None = None) -> dict:
    """One VirtualService HTTP route through Knative's local gateway, Host header = ``target``'s Service."""
    ns, cluster = ctx.isvc.ns, ctx.options.cluster_domain
    route: dict[str, object] = {
        "match": match,
        "route": [{"destination": {"host": ctx.settings.get("knativeLocalGatewayService") or "",
                                   "port": {"number": BACKEND_PORT}}, "weight": 100}],
    }
    if rewrite:
        route["rewrite"] = rewrite
    headers = {"Host": service_hostname(target, ns, cluster), NAME_HEADER: ctx.isvc.name, NAMESPACE_HEADER: ns}
    return {**route, "headers": {"request": {"set": sorted_map(headers)}}}


def _vs_path_routes(ctx: _Context, path: str, entry: str) -> list[dict]:
    """Routes for ``<ingressDomain><path>``: decoder ``<path>(/v1/.*)$`` rewritten to ``\\1``, the rest to ``/``."""
    domain = ctx.settings.get("ingressDomain") or ""
    on_domain = {"authority": {"regex": host_regexp(domain, ctx.options.cluster_domain)},
                 "gateways": [ctx.settings.get("ingressGateway") or ""]}
    routes = []
    if ctx.has("decoder"):
        regex = path + PATH_DECODER_SUFFIX
        routes.append(_vs_route(ctx, [{"uri": {"regex": regex}, **on_domain}], ctx.cn("decoder"),
                                {"uriRegexRewrite": {"match": regex, "rewrite": "\\1"}}))
    prefix_and_exact = [{"uri": {"prefix": path + "/"}, **on_domain}, {"uri": {"exact": path}, **on_domain}]
    routes.append(_vs_route(ctx, prefix_and_exact, ctx.cn(entry), {"uri": "/"}))
    return routes


def _virtual_service(ctx: _Context) -> tuple[list[dict], list[Diagnostic]]:
    """VirtualService ``<I>`` routing through Knative's local gateway, plus ExternalName Service ``<I>``."""
    isvc, settings, options = ctx.isvc, ctx.settings, ctx.options
    if settings.get("disableIstioVirtualHost"):
        return [], []
    ns, cluster = isvc.ns, options.cluster_domain
    entry = "router" if ctx.has("router") else "engine"
    local = isvc.labels.get(VISIBILITY_LABEL) == CLUSTER_LOCAL
    if not local and not options.knative_domain:
        return [], [ctx.warn(
            codes.KNATIVE_DOMAIN_MISSING,
            f"Serverless {entry} needs Knative's domain: VirtualService and ExternalName Service {isvc.name} are "
            "not emitted", ("spec", entry), hint="pass --knative-domain (e.g. example.com)",
        )]
    try:
        knative_host = service_hostname(ctx.cn(entry), ns, cluster) if local else _knative_host(ctx, entry)
    except DomainError as error:
        return [], [codes.INGRESS_DOMAIN_INVALID.at(
            f"--knative-domain-template: {error}", isvc.ref, ("metadata", "name"), object=isvc.id)]
    suffix = f"-{entry}-default" if "-default" in knative_host else f"-{entry}"
    service_host = knative_host.replace(suffix, "", 1)
    internal_host = service_hostname(isvc.name, ns, cluster)
    internal = local or service_host == internal_host
    extra = [] if internal else additional_hosts(service_host, [options.knative_domain or ""], settings)
    local_gateways = [settings.get("localGateway") or "", MESH_GATEWAY]
    ingress_gateway = settings.get("ingressGateway") or ""
    authorities = [(internal_host, local_gateways)]
    if not internal:
        authorities += [(host, [ingress_gateway]) for host in (service_host, *extra)]

    def matches(uri: dict | None) -> list[dict]:
        found: list[dict] = []
        for host, gateways in authorities:
            match = {**({"uri": uri} if uri else {}), "authority": {"regex": host_regexp(host, cluster)},
                     "gateways": gateways}
            if match not in found:
                found.append(match)
        return found

    http = [_vs_route(ctx, matches({"regex": DECODER_REGEX}), ctx.cn("decoder"))] if ctx.has("decoder") else []
    http.append(_vs_route(ctx, matches(None), ctx.cn(entry)))
    hosts = [internal_host] + ([] if internal else [service_host])
    diags = []
    if settings.get("pathTemplate"):
        try:
            http += _vs_path_routes(ctx, url_path(isvc.name, ns, settings), entry)
            hosts.append(settings.get("ingressDomain") or "")
        except DomainError as error:  # OME drops the path routes silently
            diags.append(_domain_error(isvc, error, "OME skips the path routes", isvc.annotations, ("metadata", "name"),
                                       Severity.WARNING))
    if not internal:
        hosts += [h for h in extra if h not in hosts]
    virtual_service = {
        "apiVersion": "networking.istio.io/v1beta1",
        "kind": "VirtualService",
        "metadata": _metadata(isvc, isvc.labels, _filtered_annotations(isvc)),
        "spec": {"hosts": hosts, "gateways": local_gateways + ([] if internal else [ingress_gateway]), "http": http},
    }
    external_name = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": isvc.name, "namespace": ns},
        "spec": {"type": "ExternalName", "externalName": settings.get("localGatewayService") or "",
                 "sessionAffinity": "None"},
    }
    return [virtual_service, external_name], diags
