"""The check stage's rules: warnings about OME behaviours omec reproduces but users rarely expect (OMEC5nn).

Each rule is a small function registered with :func:`rule`: its code, name and summary become a diagnostic code,
its docstring says what it finds and shows a failing and a passing example (``omec codes`` and
``docs/diagnostics.md`` list it; ``tests/cases/<code>-<name>/`` holds a failing and a passing spec for it).
A rule reads a compiled InferenceService (:class:`Service`) or, for ``FLEET`` rules, every one of them
(:class:`FleetEntry`), and yields :class:`Finding` s; it never changes what it reads.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from omec.diagnostics import Code, Diagnostic, Severity, SourceRef, register
from omec.model import Obj
from omec.plan import MULTINODE, Component, Plan
from omec.render import Manifest

SERVICE, FLEET = "service", "fleet"
MODULES = ("autoscaling", "ingress", "metadata", "multinode", "pods", "replicas")  # omec.check.rules.<module>


@dataclass(frozen=True, slots=True)
class Finding:
    message: str
    field: tuple = ("spec",)
    ref: SourceRef | None = None  # default: the InferenceService's document
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    code: Code
    scope: str  # SERVICE | FLEET
    check: Callable[[Any], Iterable]

    @property
    def doc(self) -> str:
        return self.check.__doc__ or ""


RULES: dict[str, Rule] = {}


def rule(id: str, name: str, summary: str, *, scope: str = SERVICE,
         severity: Severity = Severity.WARNING) -> Callable[[Callable], Callable]:
    """Register the decorated function as the rule of a new diagnostic code."""
    def register_rule(check: Callable) -> Callable:
        RULES[id] = Rule(register(id, name, severity, summary), scope, check)
        return check
    return register_rule


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
    service = Service(plan, tuple(manifests))
    isvc = plan.isvc
    found = []
    for entry in RULES.values():
        if entry.scope == SERVICE:
            for f in entry.check(service):
                found.append(entry.code.at(f.message, f.ref or isvc.ref, f.field, object=isvc.id, hint=f.hint))
    return found


def fleet_warnings(entries: Iterable[FleetEntry]) -> list[Diagnostic]:
    """Every fleet rule's findings across the compiled InferenceServices (sorted by namespace and name)."""
    ordered = sorted(entries, key=lambda e: (e.namespace, e.name))
    found = []
    for entry in RULES.values():
        if entry.scope == FLEET:
            for fleet_entry_, f in entry.check(ordered):
                diag = entry.code.at(f.message, f.ref or fleet_entry_.ref, f.field, object=fleet_entry_.id, hint=f.hint)
                found.append(fleet_entry_.at(diag))
    return found


def each_component(service: Service, *modes: str) -> Iterator[Component]:
    """The service's components, those in ``modes`` only when given."""
    return (c for c in service.components if not modes or c.mode in modes)


_load()
