"""Rules: warnings about OME behaviours omec reproduces but users rarely expect, each a small function registered
with its diagnostic code.

:func:`rule` registers a function as the rule of a new code (id, name, summary, severity); its docstring says what
it finds and shows a failing and a passing example (``omec codes`` and ``docs/diagnostics.md`` list every code;
``tests/cases/<code>-<name>/`` holds a failing and a passing spec for every rule). A rule reads what its *scope*
gives it and yields :class:`Finding` s; it never changes what it reads. The stage that owns a scope runs its rules:
the resolve stage's selection lints (:mod:`omec.resolve.lints`), the check stage's rules on compiled services and
fleets (:mod:`omec.check.rules`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from omec.diagnostics import Code, Diagnostic, Severity, SourceRef, register


@dataclass(frozen=True, slots=True)
class Finding:
    message: str
    field: tuple = ("spec",)
    ref: SourceRef | None = None  # default: the subject's document (the InferenceService)
    hint: str | None = None
    object: str | None = None  # default: the subject (the InferenceService)
    severity: Severity | None = None  # default: the code's


@dataclass(frozen=True, slots=True)
class Rule:
    code: Code
    scope: str
    check: Callable[..., Iterable]

    @property
    def doc(self) -> str:
        return self.check.__doc__ or ""

    def diagnostic(self, finding: Finding, ref: SourceRef | None = None, object: str | None = None) -> Diagnostic:
        """The finding as this rule's diagnostic; ``ref`` and ``object`` name the subject it defaults to."""
        return self.code.at(finding.message, finding.ref or ref, finding.field, object=finding.object or object,
                            hint=finding.hint, severity=finding.severity)


RULES: dict[str, Rule] = {}


def rule(id: str, name: str, summary: str, *, scope: str,
         severity: Severity = Severity.WARNING) -> Callable[[Callable], Callable]:
    """Register the decorated function as the rule of a new diagnostic code."""
    def register_rule(check: Callable) -> Callable:
        RULES[id] = Rule(register(id, name, severity, summary), scope, check)
        return check
    return register_rule


def rules(scope: str) -> list[Rule]:
    """The rules of one scope, by code."""
    return [RULES[code] for code in sorted(RULES) if RULES[code].scope == scope]


def run(scope: str, *args: Any, ref: SourceRef | None = None, object: str | None = None) -> list[Diagnostic]:
    """Every finding of the rules of ``scope`` on ``args``, as diagnostics defaulting to the subject (ref, object)."""
    return [entry.diagnostic(finding, ref, object) for entry in rules(scope) for finding in entry.check(*args)]
