"""KEDA settings of an InferenceService, checked as OME's validating webhook does when
``ome.io/autoscalerClass`` is ``keda`` (``validateKEDAConfig``,
https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/webhook/admission/isvc/inference_service_validation.go#L192-L313).

``spec.kedaConfig.scalingOperator``, ``scalingThreshold`` and ``promServerAddress`` are each checked when set (not
empty), and so is the annotation that overrides each of them at reconcile time, when present (even empty): OME
checks both sources, each on its own. The threshold must parse with Go's ``strconv.ParseFloat``, the address with
Go's ``url.Parse`` with an http/https scheme and a host, the operator and every comma-separated auth mode (trimmed,
empty parts skipped) must be one of OME's lists, case-sensitively. Messages are OME's.
"""
from __future__ import annotations

import difflib

from omec.diagnostics import Diagnostic
from omec.golang.strconv import GoParseError, parse_float, quote
from omec.golang.strings import trim_space
from omec.golang.url import URLError, parse
from omec.model import Obj
from omec.validate import codes

__all__ = ["KEDA_AUTH_MODES", "KEDA_OPERATORS", "validate_keda"]

KEDA_OPERATORS = ("GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual")
KEDA_AUTH_MODES = ("basic", "tls", "bearer", "custom")
AUTH_MODES_IGNORED = (
    "KEDA authModes is specified but authenticationRef is not set; authModes will be ignored by KEDA"
)


def operator_problem(operator: str) -> str | None:
    """``validateKEDAScalingOperator``."""
    if operator in KEDA_OPERATORS:
        return None
    return f"invalid KEDA scaling operator {quote(operator)}, must be one of: {', '.join(KEDA_OPERATORS)}"


def threshold_problem(threshold: str) -> str | None:
    """``validateKEDAScalingThreshold``: ``strconv.ParseFloat(threshold, 64)``."""
    try:
        parse_float(threshold)
    except GoParseError:
        return f"invalid KEDA scaling threshold {quote(threshold)}: must be a valid number"
    return None


def address_problem(address: str) -> str | None:
    """``validateKEDAPrometheusServerAddress``: ``url.Parse``, scheme http or https, a host."""
    prefix = f"invalid KEDA Prometheus server address {quote(address)}"
    try:
        url = parse(address)
    except URLError as err:
        return f"{prefix}: {err}"
    if url.scheme not in ("http", "https"):
        return f"{prefix}: scheme must be http or https"
    if not url.host:
        return f"{prefix}: host is required"
    return None


def auth_modes_problem(modes: str) -> tuple[str, str] | None:
    """``validateKEDAAuthModes``: (message, the first invalid mode) or None."""
    for part in modes.split(","):
        mode = trim_space(part)
        if mode and mode not in KEDA_AUTH_MODES:
            return f"invalid KEDA auth mode {quote(mode)}, must be one of: {', '.join(KEDA_AUTH_MODES)}", mode
    return None


# spec.kedaConfig field -> (the annotation that overrides it, its check, the values a "did you mean" picks from)
_CHECKS = (
    ("scalingOperator", "autoscaling.keda.sh/operator", operator_problem, KEDA_OPERATORS),
    ("scalingThreshold", "autoscaling.keda.sh/threshold", threshold_problem, ()),
    ("promServerAddress", "autoscaling.keda.sh/prometheus.serverAddress", address_problem, ()),
)


def validate_keda(isvc: Obj) -> list[Diagnostic]:
    """OME's KEDA checks, in OME's order; omec reports every failing one (OME stops at the first)."""
    keda = isvc.spec.get("kedaConfig")
    keda = keda if isinstance(keda, dict) else {}
    annotations = isvc.annotations
    diags: list[Diagnostic] = []

    def report(message: str, where: tuple, value: str, choices: tuple) -> None:
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
        diags.append(codes.INVALID_KEDA_CONFIG.at(message, isvc.ref, where, object=isvc.id,
                                                  hint=f'did you mean "{close[0]}"?' if close else None))

    for name, annotation, check, choices in _CHECKS:
        value = keda.get(name)
        if isinstance(value, str) and value:
            problem = check(value)
            if problem:
                report(problem, ("spec", "kedaConfig", name), value, choices)
        if annotation in annotations:
            value = str(annotations[annotation])
            problem = check(value)
            if problem:
                report(problem, ("metadata", "annotations", annotation), value, choices)
    modes = keda.get("authModes")
    if isinstance(modes, str) and modes:
        found = auth_modes_problem(modes)
        if found:
            report(found[0], ("spec", "kedaConfig", "authModes"), found[1], KEDA_AUTH_MODES)
        elif keda.get("authenticationRef") is None:
            diags.append(codes.KEDA_AUTH_MODES_IGNORED.at(
                AUTH_MODES_IGNORED, isvc.ref, ("spec", "kedaConfig", "authModes"), object=isvc.id,
                hint="add spec.kedaConfig.authenticationRef (the TriggerAuthentication holding the credentials); "
                     "OME writes authModes into the ScaledObject only with it"))
    return diags

