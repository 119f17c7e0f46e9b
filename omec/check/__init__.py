"""CHECK stage: hard checks on every emitted object (names, label values, $(VAR) references, schemas) before
anything is written, and the rules (omec.check.rules) that warn about OME quirks."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from omec.check.codes import NAME_TOO_LONG, UNRESOLVED_VARIABLE
from omec.check.names import name_problems
from omec.check.rules import FleetEntry, fleet_entry, fleet_warnings, service_warnings
from omec.check.variables import unresolved
from omec.diagnostics import Diagnostic
from omec.memo import NO_SHARING, Shared
from omec.render import Manifest

_NAME_HINT = "shorten the InferenceService name"
_LABEL_HINT = "the label comes from the InferenceService's (or its component's) labels: shorten its value"
# Labels OME writes itself, and the name each one takes its value from.
_LONG_VALUE_HINTS = {
    "app": _NAME_HINT,
    "ome.io/inferenceservice": _NAME_HINT,
    "serving-runtime": "shorten the serving runtime's name",
    "base-model-name": "shorten the base model's name",
    "base-model-vendor": "shorten the base model's spec.vendor",
    "fine-tuned-weight-ft-strategy": "shorten the FineTunedWeight's hyperParameters.strategy",
}

__all__ = ["FleetEntry", "check_manifests", "fleet_entry", "fleet_warnings", "service_warnings"]


def check_manifests(
    manifests: Iterable[Manifest], isvc_ref, isvc_id: str, validator=None, shared: Shared = NO_SHARING
) -> list[Diagnostic]:
    """Names/labels Kubernetes would reject, unresolved $(VAR)s and (with ``validator``) schema conformance of
    each object; pod specs shared between services are checked once (``shared``)."""
    found: list[Diagnostic] = []
    for manifest in manifests:
        where = f"{manifest.kind} {manifest.namespace}/{manifest.name}"
        for message in unresolved(manifest.body, shared):
            found.append(UNRESOLVED_VARIABLE.at(
                f"{where}: {message}", isvc_ref, ("spec",), object=isvc_id,
                hint="define the variable in the runner's env, or escape it as $$(NAME)",
            ))
        for path, message in name_problems(manifest.body):
            hint = _LONG_VALUE_HINTS.get(path[-1], _LABEL_HINT) if "labels" in path else _NAME_HINT
            found.append(NAME_TOO_LONG.at(f"{where}: {message}", isvc_ref, ("metadata", "name"), object=isvc_id,
                                          hint=hint))
        if validator is not None:
            for diag in validator.diagnose(manifest.body):
                message = f"{where}: {diag.message} (field {diag.field_text})"
                found.append(replace(diag, message=message, ref=isvc_ref, field=("metadata", "name"), object=isvc_id))
    return found
