"""Parse and check OME's controller ConfigMap ``inferenceservice-config`` (``--controller-config``).

The file is the ConfigMap itself or a plain mapping of the same keys whose values are JSON strings or
objects; the result is a :class:`~omec.ome.controller_config.ControllerConfig`.
"""
from __future__ import annotations

import json

from omec.diagnostics import Diagnostic, SourceRef
from omec.ome.controller_config import INGRESS_FIELD_DEFAULTS, SHIPPED, SHIPPED_INGRESS, ControllerConfig
from omec.validate.codes import CONTROLLER_CONFIG_INVALID


def _section(data: dict, key: str, ref: SourceRef, diags: list[Diagnostic]) -> dict | None:
    if key not in data:
        return None
    value = data[key]
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            diags.append(CONTROLLER_CONFIG_INVALID.at(f"key {key!r} is not valid JSON: {exc.msg}", ref, ("data", key)))
            return None
    if not isinstance(value, dict):
        diags.append(CONTROLLER_CONFIG_INVALID.at(f"key {key!r} must be a JSON object", ref, ("data", key)))
        return None
    return value


def parse_controller_config(value: object, path: str) -> tuple[ControllerConfig, list[Diagnostic]]:
    """Interpret a loaded ConfigMap (or plain mapping) and validate it as OME does."""
    ref = SourceRef(path, 0)
    diags: list[Diagnostic] = []
    if not isinstance(value, dict):
        return SHIPPED, [CONTROLLER_CONFIG_INVALID.at("expected a ConfigMap or a mapping of config keys", ref)]
    data = value.get("data") if value.get("kind") == "ConfigMap" else value
    if not isinstance(data, dict):
        return SHIPPED, [CONTROLLER_CONFIG_INVALID.at("the ConfigMap has no data", ref, ("data",))]
    deploy = _section(data, "deploy", ref, diags)
    mode = "RawDeployment"
    if deploy is not None:
        mode = deploy.get("defaultDeploymentMode") or ""
        if mode not in ("Serverless", "RawDeployment"):
            diags.append(
                CONTROLLER_CONFIG_INVALID.at(
                    f"deploy.defaultDeploymentMode must be Serverless or RawDeployment, got {mode!r}", ref,
                    ("data", "deploy"),
                )
            )
    ingress = _section(data, "ingress", ref, diags)
    if ingress is None:
        # The key is absent: OME then runs with ingress creation enabled and field defaults.
        ingress = dict(INGRESS_FIELD_DEFAULTS) if "ingress" not in data else dict(SHIPPED_INGRESS)
    else:
        if not ingress.get("ingressGateway") or not ingress.get("ingressService"):
            diags.append(
                CONTROLLER_CONFIG_INVALID.at("ingressGateway and ingressService are required", ref, ("data", "ingress"))
            )
        ingress = {**INGRESS_FIELD_DEFAULTS, **{k: v for k, v in ingress.items() if v not in ("", None)}}
    prober = _section(data, "multinodeProber", ref, diags)
    return ControllerConfig(mode, ingress, prober, path), diags
