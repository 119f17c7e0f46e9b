"""What the resolve stage hands to expand/render and to ``omec explain``."""
from __future__ import annotations

from dataclasses import dataclass, field

from omec.model import Obj


@dataclass(frozen=True, slots=True)
class Candidate:
    """One runtime as seen by selection (one row of ``omec explain``)."""

    name: str
    scope: str  # "namespace" | "cluster"
    compatible: bool
    selected: bool
    score: int  # 0 when not eligible
    priority: int | None  # priority of the SMF that produced the score
    weight: int | None  # format weight (+ framework weight) of that SMF
    reason: str  # OME reason text for exclusions, or why it won / lost


@dataclass(frozen=True, slots=True)
class Resolution:
    isvc: Obj  # the InferenceService after webhook defaulting/conversion
    model: Obj  # resolved BaseModel / ClusterBaseModel (metadata overlay applied)
    runtime: Obj  # selected ServingRuntime / ClusterServingRuntime
    pinned: bool
    reason: str  # one line: "pinned by spec.runtime.name" / "auto-selected: highest score 4 ..."
    smf: dict | None = None  # supported model format picked for acceleratorConfig (see scorer.pick_supported_format)
    accelerators: dict = field(default_factory=dict)  # "engine"/"decoder" -> Obj (AcceleratorClass) | None
