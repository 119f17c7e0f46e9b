"""Ingress objects (Kubernetes Ingress, Gateway API HTTPRoutes, Istio VirtualServices) that do not route as they
read: backends on the wrong port or naming a Service that does not exist, objects OME keeps recreating."""
from __future__ import annotations

from collections.abc import Iterator

from omec.check.rules import Finding, Service, rule
from omec.ome.naming import DNS_LABEL_MAX, component_name, trunc63
from omec.plan import MULTINODE, RAW
from omec.render.ingress import BACKEND_PORT

COMPONENTS = ("router", "engine", "decoder")


def _backends(s: Service, kind: str) -> list[str]:
    """The components whose Service the ingress objects of ``kind`` send traffic to."""
    names: set[str] = set()
    for body in s.objects(kind):
        spec = body.get("spec") or {}
        if kind == "Ingress":
            names |= {p["backend"]["service"]["name"] for r in spec.get("rules") or [] for p in r["http"]["paths"]}
        elif kind == "HTTPRoute":
            names |= {b["name"] for r in spec.get("rules") or [] for b in r.get("backendRefs") or []}
        else:  # VirtualService: the Host header names the Service a route reaches through the local gateway
            names |= {r["headers"]["request"]["set"]["Host"].split(".")[0] for r in spec.get("http") or []}
    return [c for c in COMPONENTS if s.plan.component(c) is not None and component_name(s.isvc.name, c) in names]


def _service_port(s: Service, component: str) -> int | None:
    name = trunc63(component_name(s.isvc.name, component))
    for body in s.objects("Service"):
        if body["apiVersion"] == "v1" and body["metadata"]["name"] == name and body["spec"].get("ports"):
            return body["spec"]["ports"][0]["port"]
    return None


@rule("OMEC521", "quirk-virtualservice-flap",
      "OME deletes the Serverless VirtualService and ExternalName Service on its next reconcile: they flap")
def virtualservice_flap(s: Service) -> Iterator[Finding]:
    """For a Serverless entry component, OME creates the VirtualService and ExternalName Service ``<isvc>`` and, on
    the next reconcile, deletes them as not owned by the current strategy, then creates them again.

    Fails: ingress creation enabled and ``engine: {minReplicas: 0, ...}`` (Serverless), with ``--knative-domain``.

    Passes: the same service with ``minReplicas: 1`` (RawDeployment: a Kubernetes Ingress).
    """
    if s.objects("VirtualService"):
        yield Finding(f"OME deletes VirtualService and Service {s.isvc.name} on its next reconcile and recreates them: "
                      "they flap", ("metadata", "name"), hint="omec emits the intended pair")


@rule("OMEC522", "quirk-gateway-backend",
      "the top-level HTTPRoute targets Service <isvc>, which does not exist, or is never created in practice")
def gateway_backend(s: Service) -> Iterator[Finding]:
    """With Gateway API enabled, OME creates the top-level HTTPRoute ``<isvc>`` only once the components report
    ready conditions Raw components never set; without a router its catch-all rule targets Service ``<isvc>``,
    which does not exist while ingress creation is enabled.

    Fails: ``enableGatewayAPI: true`` in the controller config, any RawDeployment service.

    Passes: ``enableGatewayAPI: false`` (a Kubernetes Ingress instead).
    """
    name = s.isvc.name
    if not any(body["metadata"]["name"] == name for body in s.objects("HTTPRoute")):
        return
    router = s.plan.component("router") is not None
    gate = "RoutesReady (router route) and PredictorReady (top-level route)" if router else "PredictorReady"
    message = f"OME creates HTTPRoute {name} only after {gate}, which Raw components never set"
    if not router:
        message += f"; its rule ^/.*$ targets Service {name}, which does not exist while ingress creation is enabled"
    yield Finding(
        message, ("metadata", "name"), hint="in practice only the engine/decoder routes appear in the cluster"
    )


@rule("OMEC523", "quirk-backend-port",
      "Ingress/HTTPRoute backends use port 8080 while the component Service listens elsewhere")
def backend_port(s: Service) -> Iterator[Finding]:
    """Every Ingress and HTTPRoute backend OME writes uses port 8080, whatever port the component's Service listens
    on (the first container port of its pod).

    Fails: ingress creation enabled and the engine's container port ``8000``.

    Passes: the engine's container port ``8080``.
    """
    for kind in ("Ingress", "HTTPRoute"):
        for comp in _backends(s, kind):
            port = _service_port(s, comp)
            if port is not None and port != BACKEND_PORT:
                service = trunc63(component_name(s.isvc.name, comp))
                yield Finding(f"{kind} {s.isvc.name} sends {comp} traffic to port {BACKEND_PORT} but Service {service} "
                              f"listens on {port}", ("spec", comp), hint=f"make the {comp}'s first container port "
                              f"{BACKEND_PORT}")


@rule("OMEC524", "quirk-backend-untruncated",
      "ingress backends name <isvc>-<component> untruncated while the Service is hashed to 63 characters")
def backend_untruncated(s: Service) -> Iterator[Finding]:
    """OME shortens a component Service name over 63 characters (``<hash>-<tail>``) but writes the ingress backends
    with the full ``<isvc>-<component>`` name, so they reach no Service.

    Fails: ingress creation enabled and an InferenceService name of 60 characters.

    Passes: an InferenceService name of 50 characters.
    """
    for kind in ("Ingress", "HTTPRoute", "VirtualService"):
        for comp in _backends(s, kind):
            backend = component_name(s.isvc.name, comp)
            mode = s.plan.component(comp).mode  # type: ignore[union-attr]  # _backends lists declared components
            if len(backend) > DNS_LABEL_MAX and mode in (RAW, MULTINODE):
                yield Finding(f"{kind} {s.isvc.name} targets Service {backend} ({len(backend)} characters) but the "
                              f"{comp} Service is named {trunc63(backend)}", ("metadata", "name"),
                              hint=f"keep the InferenceService name within {DNS_LABEL_MAX - len(comp) - 1} characters")
