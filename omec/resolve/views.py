"""Typed read-only views of the selection-relevant fields of runtimes and models.

CRD defaults are applied here, not assumed in the input: an absent ``weight`` is 1, an absent ``operator`` is
``Equal``, an absent ``priority`` is 1. An explicit ``weight: 0`` stays 0 (the scorer turns it into OME's 10/5
fallback).
"""
from __future__ import annotations

from dataclasses import dataclass

from omec.memo import Shared
from omec.model import Obj

EQUAL = "Equal"
NAMESPACE_SCOPE = "namespace"
CLUSTER_SCOPE = "cluster"


@dataclass(frozen=True, slots=True)
class Spec:
    """A ModelFormat / ModelFrameworkSpec."""

    name: str
    version: str | None = None
    operator: str = EQUAL
    weight: int = 1
    weight_explicit: bool = False


@dataclass(frozen=True, slots=True)
class Smf:
    """One supportedModelFormats entry; ``index`` is its position in the runtime's list."""

    index: int
    model_format: Spec | None
    framework: Spec | None
    architecture: str | None
    quantization: str | None
    diffusion: dict | None
    auto_select: bool | None
    priority: int


@dataclass(frozen=True, slots=True)
class SizeRange:
    """``modelSizeRange`` as written (original strings; either bound may be absent)."""

    min: str | None
    max: str | None

    @property
    def complete(self) -> bool:
        return self.min is not None and self.max is not None


@dataclass(frozen=True, slots=True)
class RuntimeView:
    obj: Obj
    scope: str  # NAMESPACE_SCOPE | CLUSTER_SCOPE
    disabled: bool
    smfs: tuple  # tuple[Smf, ...]
    size_range: SizeRange | None
    accelerator_classes: tuple  # tuple[str, ...] (acceleratorRequirements.acceleratorClasses)

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def size_bounds(self) -> tuple[str, str] | None:
        """(min, max) of a complete ``modelSizeRange``; None when the range or either bound is absent."""
        size_range = self.size_range
        if size_range is None or size_range.min is None or size_range.max is None:
            return None
        return size_range.min, size_range.max

    @property
    def has_auto_select(self) -> bool:
        """At least one SMF has ``autoSelect: true``: the runtime can be auto-selected (through any of its SMFs)."""
        return any(s.auto_select is True for s in self.smfs)

    @property
    def sort_key(self) -> tuple:
        """Scope (namespace first) then name: the order of excluded runtimes in reports."""
        return (self.scope != NAMESPACE_SCOPE, self.name)


@dataclass(frozen=True, slots=True)
class ModelMeta:
    """The model fields selection reads. ``format_name`` is "" when unset (a Go value struct)."""

    name: str
    format_name: str
    format_version: str | None
    framework: Spec | None
    architecture: str | None
    quantization: str | None
    size: str | None
    diffusion: dict | None


def _text(value) -> str | None:
    return None if value is None else str(value)


def _int(value, default: int) -> int:
    """An integer field; absent (or not a number, which schema validation reports) -> ``default``."""
    if value is None or isinstance(value, bool):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def spec_of(raw) -> Spec | None:
    """A ModelFormat/ModelFrameworkSpec dict as a :class:`Spec` (None when absent)."""
    if not isinstance(raw, dict):
        return None
    weight = raw.get("weight")
    return Spec(
        name=str(raw.get("name") or ""),
        version=_text(raw.get("version")),
        operator=str(raw.get("operator") or EQUAL),
        weight=_int(weight, 1),
        weight_explicit=weight is not None,
    )


def smf_of(index: int, raw: dict) -> Smf:
    return Smf(
        index=index,
        model_format=spec_of(raw.get("modelFormat")),
        framework=spec_of(raw.get("modelFramework")),
        architecture=_text(raw.get("modelArchitecture")),
        quantization=_text(raw.get("quantization")),
        diffusion=raw.get("diffusionPipeline") if isinstance(raw.get("diffusionPipeline"), dict) else None,
        auto_select=raw.get("autoSelect"),
        priority=_int(raw.get("priority"), 1),
    )


def runtime_view(obj: Obj) -> RuntimeView:
    spec = obj.spec
    entries = enumerate(spec.get("supportedModelFormats") or [])
    smfs = tuple(smf_of(i, raw) for i, raw in entries if isinstance(raw, dict))
    size_range = spec.get("modelSizeRange")
    requirements = spec.get("acceleratorRequirements") or {}
    return RuntimeView(
        obj=obj,
        scope=CLUSTER_SCOPE if obj.cluster_scoped else NAMESPACE_SCOPE,
        disabled=spec.get("disabled") is True,
        smfs=smfs,
        size_range=(
            SizeRange(_text(size_range.get("min")), _text(size_range.get("max")))
            if isinstance(size_range, dict) else None
        ),
        accelerator_classes=tuple(str(c) for c in requirements.get("acceleratorClasses") or ()),
    )


def model_meta(obj: Obj) -> ModelMeta:
    spec = obj.spec
    raw_format = spec.get("modelFormat")
    fmt = raw_format if isinstance(raw_format, dict) else {}
    framework = spec_of(spec.get("modelFramework"))
    return ModelMeta(
        name=obj.name,
        format_name=str(fmt.get("name") or ""),
        format_version=_text(fmt.get("version")),
        framework=framework,
        architecture=_text(spec.get("modelArchitecture")),
        quantization=_text(spec.get("quantization")),
        size=_text(spec.get("modelParameterSize")),
        diffusion=spec.get("diffusionPipeline") if isinstance(spec.get("diffusionPipeline"), dict) else None,
    )


def candidate_pool(catalog, namespace: str, shared: Shared) -> list[RuntimeView]:
    """All SRs of the namespace (by name) then all CSRs (by name): the runtimes OME fetches (``FetchRuntimes``,
    https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/fetcher.go#L29).

    Built once per namespace (``shared.pools``): every InferenceService of a namespace evaluates the same pool.
    """
    cluster = shared.pools.get(None, lambda: [runtime_view(o) for o in catalog.cluster_runtime_list()])
    pool = shared.pools.get(
        namespace, lambda: [runtime_view(o) for o in catalog.namespace_runtimes(namespace)] + cluster
    )
    return list(pool)
