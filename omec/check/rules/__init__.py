"""The check stage's rules (OMEC5nn, registered with :func:`omec.rules.rule`): they read a compiled InferenceService
(:class:`Service`, scope ``SERVICE``) or every one of them (:class:`FleetEntry`, scope ``FLEET``)."""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from omec import rules as registry
from omec.diagnostics import Diagnostic, Severity, SourceRef
from omec.model import Obj
from omec.plan import MULTINODE, Component, Plan
from omec.render import Manifest
from omec.rules import Finding, rules

__all__ = ["FLEET", "SERVICE", "Finding", "FleetEntry", "Service", "each_component", "fleet_entry", "fleet_warnings",
           "rule", "service_warnings"]

SERVICE, FLEET = "service", "fleet"
MODULES = ("autoscaling", "ingress", "metadata", "multinode", "pods", "replicas")  # omec.check.rules.<module>


def rule(id: str, name: str, summary: str, *, scope: str = SERVICE, severity: Severity = Severity.WARNING):
    """:func:`omec.rules.rule` for the check stage's scopes (``SERVICE`` unless told)."""
    return registry.rule(id, name, summary, scope=scope, severity=severity)


@dataclass(frozen=True, slots=True)
class Service:
    """One compiled InferenceService as the service rules see it: its plan and the objects rendered for it."""

    plan: Plan
    manifests: tuple[Manifest, ...]

    @property
    def isvc(self) -> Obj:
        return self.plan.isvc

    @property
    def runtime(self) -> Obj:
        return self.plan.resolution.runtime

    @property
    def model(self) -> Obj:
        return self.plan.resolution.model

    @property
    def components(self) -> tuple[Component, ...]:
        return self.plan.components

    def objects(self, kind: str) -> list[dict]:
        return [m.body for m in self.manifests if m.kind == kind]


@dataclass(frozen=True, slots=True)
class FleetEntry:
    """What the fleet rules need to know about one compiled InferenceService (small, picklable)."""

    ref: SourceRef
    id: str
    namespace: str
    name: str
    multinode: tuple  # names of its MultiNode components
    positions: tuple = ()  # ((field path, (line, col)), ...) of the fields the fleet rules point at, if known

    @property
    def fields(self) -> tuple:
        """The fields the fleet rules may point at."""
        return (("metadata", "name"), *(("spec", c) for c in self.multinode))

    def at(self, diag: Diagnostic) -> Diagnostic:
        position = dict(self.positions).get(diag.field)
        return diag.located(*position) if position else diag


def fleet_entry(plan: Plan) -> FleetEntry:
    isvc = plan.isvc
    multinode = tuple(c.name for c in plan.components if c.mode == MULTINODE)
    return FleetEntry(isvc.ref, isvc.id, isvc.ns, isvc.name, multinode)


def _load() -> None:
    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")


def service_warnings(plan: Plan, manifests: Iterable[Manifest]) -> list[Diagnostic]:
    """Every service rule's findings on one compiled InferenceService."""
    isvc, service = plan.isvc, Service(plan, tuple(manifests))
    return [entry.diagnostic(f, isvc.ref, isvc.id) for entry in rules(SERVICE) for f in entry.check(service)]


def fleet_warnings(entries: Iterable[FleetEntry]) -> list[Diagnostic]:
    """Every fleet rule's findings across the compiled InferenceServices (sorted by namespace and name)."""
    ordered = sorted(entries, key=lambda e: (e.namespace, e.name))
    return [subject.at(entry.diagnostic(f, subject.ref, subject.id)) for entry in rules(FLEET)
            for subject, f in entry.check(ordered)]


def each_component(service: Service, *modes: str) -> Iterator[Component]:
    """The service's components, those in ``modes`` only when given."""
    return (c for c in service.components if not modes or c.mode in modes)


_load()
