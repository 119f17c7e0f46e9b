"""OME compatibility profile of the resolve stage.

Only the default profile exists: OME at commit 17b77eda (``DEFAULT_OME_VERSION``). Features added upstream
later are refused loudly instead of being ignored the way that OME version would silently ignore them.
"""
from __future__ import annotations

from omec.diagnostics import Diagnostic
from omec.options import SUPPORTED_OME_VERSIONS, Options
from omec.resolve import codes
from omec.resolve.views import RuntimeView

INHERIT_FROM = "ome.io/inherit-from"


def version_problems(options: Options, ref, object_id: str | None) -> list[Diagnostic]:
    if options.ome_version in SUPPORTED_OME_VERSIONS:
        return []
    return [
        codes.UNSUPPORTED_OME_FEATURE.at(
            f"OME version {options.ome_version} is not supported (supported: {', '.join(SUPPORTED_OME_VERSIONS)})",
            ref,
            (),
            object=object_id,
        )
    ]


def inheritance_problems(views: list[RuntimeView], options: Options) -> list[Diagnostic]:
    """Runtimes using ``ome.io/inherit-from`` (runtime inheritance, OME PR #710, after the pinned commit)."""
    return [
        codes.UNSUPPORTED_OME_FEATURE.at(
            f"runtime {view.name} uses {INHERIT_FROM}, but OME {options.ome_version} does not support runtime "
            "inheritance: the annotation would be ignored and the runtime used as written",
            view.obj.ref,
            ("metadata", "annotations", INHERIT_FROM),
            object=view.obj.id,
            hint="inline the parent runtime's fields, or target an OME version with runtime inheritance",
        )
        for view in views
        if INHERIT_FROM in view.obj.annotations
    ]
