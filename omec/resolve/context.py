"""What one selection request knows: the subject to report on, the model and the InferenceService's needs."""
from __future__ import annotations

from dataclasses import dataclass

from omec.diagnostics import Code, Diagnostic, Severity, SourceRef
from omec.memo import Shared
from omec.model import Catalog, Obj
from omec.options import Options
from omec.resolve.views import ModelMeta


@dataclass(frozen=True, slots=True)
class Subject:
    """Where selection-level diagnostics point: the InferenceService (or the model for ``explain --model``)."""

    ref: SourceRef | None
    field: tuple
    object: str | None

    def at(
        self, code: Code, message: str, *, field: tuple | None = None, hint: str | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        """A diagnostic on the subject, at its default field unless ``field`` is given."""
        where = self.field if field is None else field
        return code.at(message, self.ref, where, object=self.object, hint=hint, severity=severity)


@dataclass(frozen=True, slots=True)
class Request:
    subject: Subject
    catalog: Catalog
    options: Options
    namespace: str
    model: Obj  # resolved model, metadata overlay applied
    meta: ModelMeta
    missing: tuple  # agent-filled fields the model leaves unset (omec.resolve.offline)
    required: frozenset  # accelerator classes the InferenceService requires (annotation, selector, overrides)
    shared: Shared  # what the run shares between services (runtime pools, verdicts, selections)

    @property
    def missing_text(self) -> str:
        return ", ".join(self.missing)
