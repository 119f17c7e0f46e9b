"""The defaults of OME's CRDs, applied as the API server would (new dicts, inputs untouched). The CRDs:
https://github.com/sgl-project/ome/tree/17b77edad23bae262e0c9adb7f12039397a5d33d/config/crd/full
"""
from __future__ import annotations

from collections.abc import Callable

from omec.model import (
    ACCELERATOR_CLASS,
    BASE_MODEL,
    CLUSTER_BASE_MODEL,
    CLUSTER_SERVING_RUNTIME,
    INFERENCE_SERVICE,
    SERVING_RUNTIME,
)


def apply_crd_defaults(kind: str, body: dict) -> dict:
    """The OME CRD defaults, as the API server applies them; returns a new dict (sub-trees
    that need no default are shared with ``body``). Absent and null fields are defaulted."""
    spec = body.get("spec")
    if not isinstance(spec, dict):
        return body
    defaulter = _SPEC_DEFAULTS.get(kind)
    new_spec = defaulter(spec) if defaulter else spec
    return body if new_spec is spec else {**body, "spec": new_spec}


def _fill(obj: dict, defaults: dict) -> dict:
    missing = {k: v for k, v in defaults.items() if obj.get(k) is None}
    return {**obj, **missing} if missing else obj


def _at(obj: dict, key: str, change: Callable[[dict], dict]) -> dict:
    """``obj`` with ``change`` applied to the mapping under ``key`` (unchanged when absent or no mapping)."""
    value = obj.get(key)
    if not isinstance(value, dict):
        return obj
    new = change(value)
    return obj if new is value else {**obj, key: new}


def _each(obj: dict, key: str, change: Callable[[dict], dict]) -> dict:
    """``obj`` with ``change`` applied to every mapping in the list under ``key``."""
    items = obj.get(key)
    if not isinstance(items, list):
        return obj
    new = [change(i) if isinstance(i, dict) else i for i in items]
    return obj if all(a is b for a, b in zip(new, items, strict=True)) else {**obj, key: new}


def _format_defaults(obj: dict) -> dict:
    return _fill(obj, {"operator": "Equal", "weight": 1})


def _model_format_defaults(obj: dict) -> dict:
    """SMF and BaseModelSpec: ``modelFormat``/``modelFramework`` operator Equal, weight 1."""
    return _at(_at(obj, "modelFormat", _format_defaults), "modelFramework", _format_defaults)


def _container_defaults(container: dict) -> dict:
    return _each(container, "ports", lambda port: _fill(port, {"protocol": "TCP"}))


def _keda_defaults(keda: dict) -> dict:
    return _at(keda, "authenticationRef", lambda ref: _fill(ref, {"kind": "TriggerAuthentication"}))


def _pod_defaults(pod: dict) -> dict:
    """Component specs, their leader/worker pods and the legacy runtime pod fields (nested as OME nests them)."""
    for key in ("containers", "initContainers", "ephemeralContainers"):
        pod = _each(pod, key, _container_defaults)
    for key in ("runner", "model"):  # ``model``: the inline container of the deprecated predictor
        pod = _at(pod, key, _container_defaults)
    for key in ("leader", "worker", "workerSpec", "workers"):
        pod = _at(pod, key, _pod_defaults)
    return _at(pod, "kedaConfig", _keda_defaults)


def _runtime_spec_defaults(spec: dict) -> dict:
    spec = _each(spec, "supportedModelFormats", _model_format_defaults)
    for key in ("engineConfig", "decoderConfig", "routerConfig"):
        spec = _at(spec, key, _pod_defaults)
    return _pod_defaults(spec)


def _isvc_spec_defaults(spec: dict) -> dict:
    spec = _at(spec, "model", lambda m: _fill(m, {"kind": CLUSTER_BASE_MODEL, "apiGroup": "ome.io"}))
    spec = _at(spec, "runtime", lambda r: _fill(r, {"kind": CLUSTER_SERVING_RUNTIME, "apiGroup": "ome.io"}))
    for key in ("engine", "decoder", "router", "predictor"):
        spec = _at(spec, key, _pod_defaults)
    return _at(spec, "kedaConfig", _keda_defaults)


def _accelerator_spec_defaults(spec: dict) -> dict:
    return _each(spec, "resources", lambda r: _fill(r, {"quantity": "1"}))


_SPEC_DEFAULTS: dict[str, Callable[[dict], dict]] = {
    SERVING_RUNTIME: _runtime_spec_defaults,
    CLUSTER_SERVING_RUNTIME: _runtime_spec_defaults,
    BASE_MODEL: _model_format_defaults,
    CLUSTER_BASE_MODEL: _model_format_defaults,
    INFERENCE_SERVICE: _isvc_spec_defaults,
    ACCELERATOR_CLASS: _accelerator_spec_defaults,
}
