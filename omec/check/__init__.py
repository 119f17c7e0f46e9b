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
        for _path, message in name_problems(manifest.body):
            found.append(NAME_TOO_LONG.at(f"{where}: {message}", isvc_ref, ("metadata", "name"), object=isvc_id,
                                          hint="shorten the InferenceService name"))
        if validator is not None:
            for diag in validator.diagnose(manifest.body):
                message = f"{where}: {diag.message} (field {diag.field_text})"
                found.append(replace(diag, message=message, ref=isvc_ref, field=("metadata", "name"), object=isvc_id))
    return found
