"""Documents that are not an OME kind omec compiles: skipped with an info when they are some other object, an error
when they look like a mistyped OME object (in GitOps a skipped InferenceService is a deleted one: Argo CD prunes it).

A document is taken for a mistyped OME object when its apiVersion is in the ``ome.io`` group, or when its kind is
within edit distance 2 of a kind OME serves (letter case ignored), whatever its group. OME serves its kinds as
``ome.io/v1beta1`` only (https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/config/crd/full);
BenchmarkJob is one of them that omec does not compile (skipped). KServe's kinds share OME's names in their own
group and are real objects (skipped).
"""
from __future__ import annotations

from omec.diagnostics import Diagnostic, SourceRef, close_matches, edit_distance
from omec.model import OME_API_VERSION, OME_GROUP, OME_KINDS
from omec.validate import codes
from omec.validate.model_metadata import ENVELOPE_KIND as METADATA_KIND

BENCHMARK_JOB = "BenchmarkJob"
SERVED_KINDS = (*OME_KINDS, BENCHMARK_JOB)
# Groups whose kinds carry OME's names but are other projects' objects (KServe's InferenceService, ServingRuntime...).
FOREIGN_GROUPS = frozenset({"serving.kserve.io"})


def _group(api_version: str) -> str:
    """The API group of an apiVersion (``""`` for the core group); a bare ``ome.io`` counts as the group."""
    return api_version.rpartition("/")[0] if "/" in api_version else (api_version if "." in api_version else "")


def _near_kinds(kind: str) -> list[str]:
    return [k for k in close_matches(kind, SERVED_KINDS) if edit_distance(kind.lower(), k.lower()) <= 2]


def not_compiled(api_version: str, kind: str, body: dict, ref: SourceRef) -> Diagnostic:
    """The diagnostic for a document that is no OME kind omec compiles: OMEC140 (info) or OMEC183 (error)."""
    group = _group(api_version)
    near = [kind] if kind in SERVED_KINDS else _near_kinds(kind)
    what = f"{kind} ({api_version})"
    if kind == BENCHMARK_JOB and api_version == OME_API_VERSION:
        return codes.SKIPPED.at(f"skipped {what}: OME kind omec does not compile", ref, ("kind",))
    if group != OME_GROUP and (group in FOREIGN_GROUPS or not near):
        return _skipped(what, kind, body, ref)
    if near and near[0] == kind:  # the kind is right, the apiVersion is not
        return codes.UNKNOWN_OME_KIND.at(
            f"{what}: OME serves {kind} as {OME_API_VERSION} only; this document would not be compiled",
            ref, ("apiVersion",), hint=f'did you mean apiVersion "{OME_API_VERSION}"?',
        )
    if near:
        suggestion = " or ".join(f'"{k}"' for k in near)
        also = f' and apiVersion "{OME_API_VERSION}"' if api_version != OME_API_VERSION else ""
        return codes.UNKNOWN_OME_KIND.at(
            f"{what}: no such OME kind; this document would not be compiled", ref, ("kind",),
            hint=f"did you mean kind {suggestion}{also}?",
        )
    return codes.UNKNOWN_OME_KIND.at(
        f"{what}: the {OME_GROUP} group has no kind {kind}; this document would not be compiled", ref, ("kind",),
        hint=f"OME's kinds: {', '.join(sorted(SERVED_KINDS))} (apiVersion {OME_API_VERSION})",
    )


def _skipped(what: str, kind: str, body: dict, ref: SourceRef) -> Diagnostic:
    hint = None
    metadata = body.get("metadata")
    if kind == "ConfigMap" and isinstance(metadata, dict) and metadata.get("name") == "inferenceservice-config":
        hint = "pass the controller ConfigMap with --controller-config"
    elif kind == METADATA_KIND:
        hint = "pass this file with --model-metadata"
    return codes.SKIPPED.at(f"skipped {what}: not an OME object omec compiles", ref, ("kind",), hint=hint)
