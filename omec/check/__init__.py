"""CHECK stage: hard checks on every emitted object (names, label values, $(VAR) references, schemas) before
anything is written, and the rules (omec.check.rules) that warn about OME quirks."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from omec.check.codes import INVALID_OUTPUT_NAME, NAME_TOO_LONG, UNRESOLVED_VARIABLE
from omec.check.names import name_problems
from omec.check.rules import FleetEntry, fleet_entry, fleet_warnings, service_warnings
from omec.check.variables import unresolved
from omec.diagnostics import Diagnostic
from omec.memo import NO_SHARING, Shared
from omec.render import Manifest

_ISVC_NAME = "the InferenceService name"
_LABEL_SOURCE = "the label comes from the InferenceService's (or its component's) labels: {} its value"
# Labels OME writes itself, and the name each one takes its value from.
_LABEL_SOURCES = {
    "app": _ISVC_NAME,
    "ome.io/inferenceservice": _ISVC_NAME,
    "serving-runtime": "the serving runtime's name",
    "base-model-name": "the base model's name",
    "base-model-vendor": "the base model's spec.vendor",
    "fine-tuned-weight-ft-strategy": "the FineTunedWeight's hyperParameters.strategy",
}
_POD_NAME_HINT = ("container and volume names come from the runtime's or the InferenceService's pod spec, the model "
                  "volume's from the base model's name: make it a DNS-1123 label (at most 63 characters, no dots)")


def _name_hint(path: tuple, too_long: bool) -> str:
    """What to change: the source of a label value or of the object's name (shorten it, or correct it)."""
    verb = "shorten" if too_long else "correct"
    if "labels" in path or "selector" in path:
        source = _LABEL_SOURCES.get(path[-1])
        return f"{verb} {source}" if source else _LABEL_SOURCE.format(verb)
    if len(path) > 2:  # a container or volume name in a pod template
        return _POD_NAME_HINT
    return f"{verb} {_ISVC_NAME}"


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
        for path, message, too_long in name_problems(manifest.body):
            code = NAME_TOO_LONG if too_long else INVALID_OUTPUT_NAME
            found.append(code.at(f"{where}: {message}", isvc_ref, ("metadata", "name"), object=isvc_id,
                                 hint=_name_hint(path, too_long)))
        if validator is not None:
            for diag in validator.diagnose(manifest.body):
                message = f"{where}: {diag.message} (field {diag.field_text})"
                found.append(replace(diag, message=message, ref=isvc_ref, field=("metadata", "name"), object=isvc_id))
    return found
