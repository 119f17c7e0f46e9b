"""What building a pod gives: the pod spec and the problems found on the way."""
from __future__ import annotations

from dataclasses import dataclass, field

from omec.diagnostics import Code


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding of the render stage, turned into a diagnostic on the InferenceService by the caller."""

    code: Code
    message: str
    field: tuple = ()
    hint: str | None = None


@dataclass(slots=True)
class PodResult:
    spec: dict
    problems: list = field(default_factory=list)
    own: dict = field(default_factory=dict)  # fields only this service's pod has, set on top of ``shared``
    shared: dict | None = None  # the memoized pod ``spec`` extends (None: ``spec`` itself)
