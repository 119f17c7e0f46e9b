"""Compatibility of one runtime with a model and an InferenceService, with OME's reason texts (OME's
``GetCompatibilityDetails``, https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/matcher.go#L60).

Steps in order, the first failing one gives the reason: disabled, accelerator classes, supported formats
(any SMF passes the format predicate), size range.
"""
from __future__ import annotations

from dataclasses import dataclass

from omec.resolve.diffusion import diffusion_mismatch
from omec.resolve.modelver import version_ok
from omec.resolve.sizes import model_size
from omec.resolve.views import ModelMeta, RuntimeView, Smf, Spec

ACCELERATOR_ANNOTATION = "ome.io/accelerator-class"
DISABLED_REASON = "runtime is disabled"
ACCELERATOR_REASON = "runtime does not support the required accelerator class"


@dataclass(frozen=True, slots=True)
class Compat:
    ok: bool
    known_reason: str | None  # OME's first incompatibility reason (see ``reason``)
    matching: tuple = ()  # indices of the SMFs that pass the format predicate
    size_checked: bool = False  # the size range was read (format matched and the model has a size)
    invalid_range: bool = False  # a sized model and a range missing a bound: OME dereferences nil (crash)
    formats_of: tuple | None = None  # (runtime, model) of a format mismatch, whose long text is built on demand

    @property
    def reason(self) -> str | None:
        """OME's first incompatibility reason (None when compatible); only messages and explain read it, so the
        per-SMF mismatch text of the many runtimes auto-selection rules out is built only when one does."""
        return formats_reason(*self.formats_of) if self.formats_of is not None else self.known_reason


def required_accelerator_classes(isvc_body: dict | None) -> frozenset:
    """Union of the annotation (any value, even empty), the selector class and both component overrides."""
    if not isvc_body:
        return frozenset()
    metadata = isvc_body.get("metadata") or {}
    spec = isvc_body.get("spec") or {}
    required = set()
    annotations = metadata.get("annotations") or {}
    if ACCELERATOR_ANNOTATION in annotations:
        required.add(str(annotations[ACCELERATOR_ANNOTATION]))
    candidates = [(spec.get("acceleratorSelector") or {}).get("acceleratorClass")]
    for component in ("engine", "decoder"):
        candidates.append(((spec.get(component) or {}).get("acceleratorOverride") or {}).get("acceleratorClass"))
    required.update(str(c) for c in candidates if c is not None)
    return frozenset(required)


def accelerator_mismatch(runtime: RuntimeView, required: frozenset) -> bool:
    return bool(required) and not required.issubset(runtime.accelerator_classes)


def format_label(model: ModelMeta) -> str:
    """``mt:`` + format name, then the present parts: format version, architecture, quantization, framework."""
    parts = [model.format_name, model.format_version, model.architecture, model.quantization]
    if model.framework is not None:
        parts += [model.framework.name, model.framework.version]
    return "mt:" + ":".join(p for p in parts if p is not None)


def _presence(what: str, model_value: str | None, runtime_value: str | None) -> str | None:
    if model_value is not None and runtime_value is not None:
        if model_value != runtime_value:
            return f"{what} mismatch (model={model_value}, runtime={runtime_value})"
        return None
    if model_value is None and runtime_value is not None:
        return f"model has no {what} but runtime requires {runtime_value}"
    if model_value is not None:
        return f"model has {what} {model_value} but runtime has no {what} requirement"
    return None


def _versions(what: str, model_version: str | None, runtime: Spec) -> str | None:
    if runtime.version is not None and model_version is not None:
        if not version_ok(runtime.version, runtime.operator, model_version):
            return f"{what} version mismatch (model={model_version}, runtime={runtime.version})"
        return None
    if runtime.version is not None:
        return f"model has no {what} version but runtime requires {runtime.version}"
    if model_version is not None:
        return f"model has {what} version but runtime has no version requirement"
    return None


def _format_reason(model: ModelMeta, smf: Smf) -> str | None:
    fmt = smf.model_format
    if fmt is None:
        return None
    if fmt.name != model.format_name:
        return f"format name mismatch (model={model.format_name}, runtime={fmt.name})"
    return _versions("format", model.format_version, fmt)


def _framework_reason(model: ModelMeta, smf: Smf) -> str | None:
    runtime, have = smf.framework, model.framework
    if runtime is not None and have is not None:
        if runtime.name != have.name:
            return f"framework name mismatch (model={have.name}, runtime={runtime.name})"
        return _versions("framework", have.version, runtime)
    if runtime is not None:
        return f"model has no framework but runtime requires {runtime.name}"
    if have is not None:
        return f"model has framework {have.name} but runtime has no framework requirement"
    return None


def smf_reasons(model: ModelMeta, smf: Smf) -> dict:
    """Per model field (BaseModelSpec name), why ``smf`` rejects the model (None = that part passes)."""
    return {
        "diffusionPipeline": diffusion_mismatch(model.diffusion, smf.diffusion),
        "modelArchitecture": _presence("architecture", model.architecture, smf.architecture),
        "quantization": _presence("quantization", model.quantization, smf.quantization),
        "modelFormat": _format_reason(model, smf),
        "modelFramework": _framework_reason(model, smf),
    }


def smf_mismatch(model: ModelMeta, smf: Smf) -> str | None:
    """None when ``smf`` passes the format predicate (diffusion pipeline, architecture, quantization, format,
    framework), else OME's per-SMF reason text."""
    reasons = [reason for reason in smf_reasons(model, smf).values() if reason]
    if reasons:
        return ", ".join(reasons)
    return "unknown mismatch" if smf.model_format is None else None


def _versions_agree(runtime: Spec, model_version: str | None) -> bool:
    if runtime.version is None or model_version is None:
        return runtime.version is None and model_version is None
    return version_ok(runtime.version, runtime.operator, model_version)


def smf_passes(model: ModelMeta, smf: Smf) -> bool:
    """The format predicate without building reason texts (see :func:`smf_mismatch`)."""
    fmt, framework, have = smf.model_format, smf.framework, model.framework
    if fmt is None or fmt.name != model.format_name or not _versions_agree(fmt, model.format_version):
        return False
    if smf.architecture != model.architecture or smf.quantization != model.quantization:
        return False
    if framework is None or have is None:
        if framework is not have:  # one side has a framework, the other none
            return False
    elif framework.name != have.name or not _versions_agree(framework, have.version):
        return False
    return diffusion_mismatch(model.diffusion, smf.diffusion) is None


def size_reason(runtime: RuntimeView, model: ModelMeta) -> str | None:
    """The size-range check (bounds inclusive); only when both the model size and a complete range exist."""
    bounds = runtime.size_bounds
    assert bounds is not None and model.size is not None, "callers check the model size and the range first"
    low_text, high_text = bounds
    size = model_size(model.size)
    low, high = model_size(low_text), model_size(high_text)
    if size < low or size > high:
        return f"model size {model.size} is outside supported range [{low_text}, {high_text}]"
    return None


def formats_reason(runtime: RuntimeView, model: ModelMeta) -> str:
    """OME's reason when no SMF passes: the model's label and one mismatch text per SMF."""
    mismatches = []
    for smf in runtime.smfs:
        mismatch = smf_mismatch(model, smf)
        assert mismatch is not None, "only called when no SMF passes the format predicate"
        mismatches.append(mismatch)
    details = "; ".join(mismatches) or "no supported formats defined"
    return f"model format '{format_label(model)}' not in supported formats: {details}"


def check(runtime: RuntimeView, model: ModelMeta, required: frozenset) -> Compat:
    """Compatibility of ``runtime`` with ``model`` for an InferenceService requiring ``required`` classes."""
    if runtime.disabled:
        return Compat(False, DISABLED_REASON)
    if accelerator_mismatch(runtime, required):
        return Compat(False, ACCELERATOR_REASON)
    matching = tuple(smf.index for smf in runtime.smfs if smf_passes(model, smf))
    if not matching:
        return Compat(False, None, formats_of=(runtime, model))
    if model.size is None or runtime.size_range is None:
        return Compat(True, None, matching)
    if not runtime.size_range.complete:
        return Compat(False, "modelSizeRange needs both min and max", matching, True, True)
    reason = size_reason(runtime, model)
    return Compat(reason is None, reason, matching, True)
