"""Diffusion pipeline requirements of one supported format and OME's mismatch texts (``compareDiffusionPipeline``,
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/runtimeselector/matcher.go#L463)."""
from __future__ import annotations

COMPONENTS = ("scheduler", "textEncoder", "tokenizer", "transformer", "vae")


def _component_mismatch(name: str, model: dict | None, runtime: dict | None) -> str | None:
    if runtime is None:
        return None
    if model is None:
        return f"component {name} required by runtime but not specified in model"
    for key in ("library", "type"):
        wanted, have = runtime.get(key) or "", model.get(key) or ""
        if wanted and wanted != have:
            return f"{name} {key} mismatch (model={have}, runtime={wanted})"
    return None


def diffusion_mismatch(model: dict | None, runtime: dict | None) -> str | None:
    """The first reason the model's pipeline fails the runtime's requirement, or None when it passes.

    An empty ``diffusionPipeline: {}`` on the runtime accepts every model that has a pipeline. Additional
    components are checked in key order (OME iterates a Go map; omec is deterministic).
    """
    if runtime is None:
        return None
    if model is None:
        return "diffusion pipeline required by runtime but not specified in model"
    wanted_class = runtime.get("className")
    if wanted_class is not None and wanted_class != model.get("className"):
        have = model.get("className")
        return f"pipeline class mismatch (model={'<nil>' if have is None else have}, runtime={wanted_class})"
    for name in COMPONENTS:
        reason = _component_mismatch(name, model.get(name), runtime.get(name))
        if reason:
            return reason
    wanted_extra = runtime.get("additionalComponents") or {}
    have_extra = model.get("additionalComponents") or {}
    if wanted_extra and not have_extra:
        return "diffusion pipeline missing required additional components"
    for key in sorted(wanted_extra):
        if key not in have_extra:
            return f"diffusion component {key} missing in model"
        reason = _component_mismatch(key, have_extra[key] or {}, wanted_extra[key] or {})
        if reason:
            return reason
    return None
