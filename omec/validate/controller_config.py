"""Parse and check OME's controller ConfigMap ``inferenceservice-config`` (``--controller-config``) as OME's
constructors do (https://github.com/sgl-project/ome/blob/17b77edad23bae262e0c9adb7f12039397a5d33d/pkg/controller/v1beta1/controllerconfig/configmap.go).

The file is the ConfigMap itself or a plain mapping of the same keys whose values are JSON strings or (an omec
extension) YAML mappings. Every key OME reads is decoded into its Go type with Go's ``encoding/json``
(:mod:`omec.golang.jsonv1`: Go's syntax errors, case-insensitive field names, type errors), then checked like
``NewIngressConfig`` (ingressGateway and ingressService required; a pathTemplate must parse as a Go template and
needs ingressDomain, both before the defaults apply) and ``NewDeployConfig`` (defaultDeploymentMode required,
Serverless or RawDeployment). Errors carry OME's message. Keys and fields OME does not know are warnings with a
suggestion: Go ignores them, so a typo silently changes nothing.
"""
from __future__ import annotations

import difflib
import json

from omec.diagnostics import Diagnostic, SourceRef
from omec.golang.jsonv1 import Decoded, JSONSyntaxError, Ptr, Slice, Struct, unmarshal
from omec.golang.template import TemplateError, Unsupported
from omec.golang.template import parse as parse_template
from omec.ome.controller_config import (
    DATA_KEYS,
    INGRESS_FIELD_DEFAULTS,
    SHIPPED,
    SHIPPED_INGRESS,
    UNREAD_KEYS,
    ControllerConfig,
)
from omec.validate.codes import CONTROLLER_CONFIG_INVALID, CONTROLLER_CONFIG_UNKNOWN_KEY

_NIL_PANIC = "runtime error: invalid memory address or nil pointer dereference"
# Keys OME decodes into a pointer it then dereferences: a JSON null panics.
_NULL_PANICS = {"ingress": "NewIngressConfig", "deploy": "NewDeployConfig", "metricsAggregator": "the pod webhook"}


class _Reader:
    """One ConfigMap: where its data lives (``prefix``) and the diagnostics found so far."""

    def __init__(self, data: dict, prefix: tuple, ref: SourceRef) -> None:
        self.data, self.prefix, self.ref = data, prefix, ref
        self.diags: list[Diagnostic] = []

    def error(self, key: str, message: str, where: tuple = (), hint: str | None = None) -> None:
        self.diags.append(CONTROLLER_CONFIG_INVALID.at(
            message, self.ref, self._field(key, where), hint=hint or DATA_KEYS[key].effect))

    def _field(self, key: str, where: tuple) -> tuple:
        """Inside a YAML mapping the field itself; a JSON string is one scalar: its key."""
        return (*self.prefix, key, *where) if isinstance(self.data.get(key), dict) else (*self.prefix, key)

    def decode(self, key: str) -> tuple[bool, object]:
        """(decoded without error, value) of a key OME reads; (True, None) when the key is absent."""
        if key not in self.data:
            return True, None
        spec = DATA_KEYS[key]
        raw = self.data[key]
        try:
            text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str)
        except (ValueError, RecursionError) as err:
            self.error(key, spec.message.format(err))
            return False, None
        try:
            decoded = unmarshal(text, spec.type)
        except JSONSyntaxError as err:
            self.error(key, spec.message.format(err))
            return False, None
        self._unknown(key, spec.type, decoded)
        if decoded.error is not None:
            self.error(key, spec.message.format(decoded.error), decoded.error_at)
            return False, None
        if decoded.value is None and key in _NULL_PANICS:
            self.error(key, f"{key} is null: {_NULL_PANICS[key]} dereferences the nil config and panics "
                            f"({_NIL_PANIC})")
            return False, None
        return True, decoded.value

    def _unknown(self, key: str, struct: Struct, decoded: Decoded) -> None:
        for path, name in decoded.unknown:
            fields = _fields_at(struct, path)
            close = difflib.get_close_matches(name, fields, n=1)
            self.diags.append(CONTROLLER_CONFIG_UNKNOWN_KEY.at(
                f"{key}: unknown field {name!r}: OME decodes {key} into {struct.short}, which has no such field, "
                "and ignores it", self.ref, self._field(key, (*path, name)),
                hint=f'did you mean "{close[0]}"?' if close else f"known fields: {', '.join(fields)}"))


def _fields_at(struct: Struct, path: tuple) -> list[str]:
    """The field names of the struct an object at ``path`` (keys and indexes) is decoded into."""
    target: object = struct
    for part in path:
        target = _element(target)
        if isinstance(part, str) and isinstance(target, Struct):
            found = target.field(part)
            target = found.type if found else None
    target = _element(target)
    return [f.name for f in target.fields] if isinstance(target, Struct) else []


def _element(target: object) -> object:
    """What a pointer or slice type holds, through any number of them."""
    while isinstance(target, (Ptr, Slice)):
        target = target.elem
    return target


def parse_controller_config(value: object, path: str) -> tuple[ControllerConfig, list[Diagnostic]]:
    """Interpret a loaded ConfigMap (or plain mapping) and validate it as OME does."""
    ref = SourceRef(path, 0)
    if not isinstance(value, dict):
        return SHIPPED, [CONTROLLER_CONFIG_INVALID.at("expected a ConfigMap or a mapping of config keys", ref)]
    is_configmap = value.get("kind") == "ConfigMap"
    data = value.get("data") if is_configmap else value
    if not isinstance(data, dict):
        return SHIPPED, [CONTROLLER_CONFIG_INVALID.at("the ConfigMap has no data", ref, ("data",))]
    reader = _Reader(data, ("data",) if is_configmap else (), ref)
    _unknown_keys(reader)
    mode = _deploy(reader)
    ingress = _ingress(reader)
    _, prober = reader.decode("multinodeProber")
    for key in ("metricsAggregator", "modelInit", "fineTunedAdapter", "servingSidecar"):
        reader.decode(key)
    prober_entry = prober if isinstance(prober, dict) else None
    return ControllerConfig(mode, ingress, prober_entry, path), reader.diags


def _unknown_keys(reader: _Reader) -> None:
    known = [*DATA_KEYS, *UNREAD_KEYS]
    for key in reader.data:
        if str(key) in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1)
        reader.diags.append(CONTROLLER_CONFIG_UNKNOWN_KEY.at(
            f"unknown key {str(key)!r} in the controller ConfigMap: OME reads only {', '.join(DATA_KEYS)} and "
            "ignores it", reader.ref, (*reader.prefix, key),
            hint=f'did you mean "{close[0]}"?' if close else None))


def _deploy(reader: _Reader) -> str:
    """``NewDeployConfig``: without the key the default mode is "" (OME's webhook then writes no mode)."""
    ok, deploy = reader.decode("deploy")
    if not ok:
        return "RawDeployment"
    if deploy is None:
        return ""
    assert isinstance(deploy, dict)
    mode = deploy.get("defaultDeploymentMode") or ""
    if not mode:
        reader.error("deploy", "invalid deploy config, defaultDeploymentMode is required")
    elif mode not in ("Serverless", "RawDeployment"):
        reader.error("deploy", "invalid deployment mode. Supported modes are Serverless and RawDeployment",
                     ("defaultDeploymentMode",))
    return mode


def _ingress(reader: _Reader) -> dict:
    """``NewIngressConfig``: its checks run on the decoded values, before the field defaults are applied."""
    ok, ingress = reader.decode("ingress")
    if not ok:
        return dict(SHIPPED_INGRESS)
    if ingress is None:
        return dict(INGRESS_FIELD_DEFAULTS)  # the key is absent: ingress creation enabled, field defaults
    assert isinstance(ingress, dict)
    if not ingress.get("ingressGateway") or not ingress.get("ingressService"):
        reader.error("ingress", "invalid ingress config - ingressGateway and ingressService are required")
    template = ingress.get("pathTemplate") or ""
    if template and _template_parses(reader, template) and not ingress.get("ingressDomain"):
        reader.error("ingress", "invalid ingress config - ingressDomain is required if pathTemplate is given",
                     ("pathTemplate",))
    return {**INGRESS_FIELD_DEFAULTS, **{k: v for k, v in ingress.items() if v not in ("", None)}}


def _template_parses(reader: _Reader, template: str) -> bool:
    """``template.New("path-template").Parse(pathTemplate)``; omec's parser stops at control structures (valid Go
    it does not execute): those count as parsed."""
    try:
        parse_template(template, "path-template")
    except Unsupported:
        return True
    except TemplateError as err:
        reader.error("ingress", f"invalid ingress config, unable to parse pathTemplate: {err}", ("pathTemplate",))
        return False
    return True
